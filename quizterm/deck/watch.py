"""Noticing that deck files changed on disk, for live reload and `quizterm validate --watch`.

With `watchfiles` (the operating system's own change notifications: inotify, FSEvents, ReadDirectoryChanges,
through Rust's `notify`) a change is seen within about 50 ms and watching costs nothing while files sit
still. Where it cannot be imported (a platform without a wheel), the files' size, modification time and
inode are polled every `POLL_SECONDS` instead: slower to notice, never wrong. Folders, not files, are
watched: editors save by writing a new file and renaming it over the old one, which a watch on the old
file would miss.

Nothing here imports watchfiles until watching starts (it costs ~150 ms to import): the drill starts
watching in a background thread once its first screen is up.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

DECK_SUFFIXES = (".yaml", ".yml")
POLL_SECONDS = 0.5
STEP_MS = 50
"""watchfiles reports a batch of changes once nothing more changed for this long (an editor's save is
several writes and a rename)."""

Wanted = Callable[[Path], bool]


def backend() -> str:
    """"watchfiles" or "polling": how changes are noticed on this machine."""
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return "polling"
    return "watchfiles"


def deck_files_under(paths: Iterable[Path]) -> Wanted:
    """Wanted: the files named in `paths`, and deck files (`*.yaml`, `*.yml`, not hidden) under its folders."""
    files = {path.resolve() for path in paths if not path.is_dir()}
    folders = [path.resolve() for path in paths if path.is_dir()]

    def wanted(path: Path) -> bool:
        resolved = path.resolve()
        if resolved in files:
            return True
        return (path.suffix.lower() in DECK_SUFFIXES and not path.name.startswith(".")
                and any(resolved.is_relative_to(folder) for folder in folders))

    return wanted


def watch(paths: Iterable[Path], stop: threading.Event, wanted: Wanted | None = None) -> Iterator[set[Path]]:
    """Each batch of changed wanted files (resolved paths) until `stop` is set. `paths` are files and folders
    (folders recursively); by default the deck files among them are wanted."""
    given = [Path(path) for path in paths]
    wanted = wanted or deck_files_under(given)
    if backend() == "watchfiles":
        yield from _notified(given, stop, wanted)
    else:
        yield from _polled(given, stop, wanted)


def _roots(paths: list[Path]) -> tuple[list[Path], bool]:
    """The folders to watch (a file's own folder), and whether any must be watched recursively."""
    folders = [path.resolve() for path in paths if path.is_dir()]
    parents = [path.resolve().parent for path in paths if not path.is_dir()]
    return sorted(set(folders + parents)), bool(folders)


def _notified(paths: list[Path], stop: threading.Event, wanted: Wanted) -> Iterator[set[Path]]:
    from watchfiles import watch as watch_changes

    roots, recursive = _roots(paths)
    existing = [root for root in roots if root.is_dir()]
    if not existing:
        return
    for batch in watch_changes(*existing, watch_filter=lambda _, name: wanted(Path(name)), stop_event=stop,
                               step=STEP_MS, debounce=1000, recursive=recursive, raise_interrupt=True,
                               rust_timeout=500, yield_on_timeout=False):
        changed = {Path(name).resolve() for _, name in batch}
        if changed:
            yield changed


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def _snapshot(paths: list[Path], wanted: Wanted) -> dict[Path, tuple[int, int, int] | None]:
    seen: dict[Path, tuple[int, int, int] | None] = {}
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    file = Path(root, name)
                    if wanted(file):
                        seen[file.resolve()] = _signature(file)
        else:
            seen[path.resolve()] = _signature(path)
    return seen


def _polled(paths: list[Path], stop: threading.Event, wanted: Wanted) -> Iterator[set[Path]]:
    before = _snapshot(paths, wanted)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(paths, wanted)
        changed = {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}
        before = now
        if changed:
            yield changed


class Watcher:
    """Calls `on_change(paths)` from a background thread for each batch of changed files, until `stop()`.

    `stop()` sets the event the watch checks every 50 ms (or every poll) and joins the thread, so quitting
    never leaves a thread behind. A failure inside the watch ends it quietly (live reload is a help, never a
    reason to crash a drill); `on_change` exceptions are reported through `on_error`.
    """

    def __init__(self, paths: Iterable[Path], on_change: Callable[[set[Path]], None], *,
                 on_error: Callable[[BaseException], None] | None = None, wanted: Wanted | None = None) -> None:
        self._paths = [Path(path) for path in paths]
        self._on_change = on_change
        self._on_error = on_error
        self._wanted = wanted
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quizterm-deck-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            for changed in watch(self._paths, self._stop, self._wanted):
                if self._stop.is_set():
                    return
                self._on_change(changed)
        except Exception as exc:  # a watch that fails stops watching; the drill goes on
            if self._on_error is not None:
                self._on_error(exc)

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
