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


def watch(paths: Iterable[Path], stop: threading.Event, wanted: Wanted | None = None, *,
          heartbeat: bool = False) -> Iterator[set[Path]]:
    """Each batch of changed wanted files (resolved paths) until `stop` is set. `paths` are files and folders
    (folders recursively); by default the deck files among them are wanted. With `heartbeat`, an empty batch
    also comes now and then while nothing changes (the first one says the watch is in place)."""
    given = [Path(path) for path in paths]
    wanted = wanted or deck_files_under(given)
    batches = _notified(given, stop, wanted) if backend() == "watchfiles" else _polled(given, stop, wanted)
    for batch in batches:
        if batch or heartbeat:
            yield batch


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
                               rust_timeout=500, yield_on_timeout=True):
        yield {Path(name).resolve() for _, name in batch}


def signature(path: Path) -> tuple[int, int, int] | None:
    """A file's size, modification time and inode (None when it cannot be read): what changes when it is saved."""
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
                        seen[file.resolve()] = signature(file)
        else:
            seen[path.resolve()] = signature(path)
    return seen


def _polled(paths: list[Path], stop: threading.Event, wanted: Wanted) -> Iterator[set[Path]]:
    before = _snapshot(paths, wanted)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(paths, wanted)
        yield {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}
        before = now


class Watcher:
    """Calls `on_change(paths)` from a background thread for each batch of changed files, until `stop()`.

    `stop()` sets the event the watch checks every 50 ms (or every poll) and joins the thread, so quitting
    never leaves a thread behind. A failure inside the watch ends it quietly (live reload is a help, never a
    reason to crash a drill); `on_change` exceptions are reported through `on_error`.
    """

    def __init__(self, paths: Iterable[Path], on_change: Callable[[set[Path]], None], *,
                 on_error: Callable[[BaseException], None] | None = None, wanted: Wanted | None = None,
                 since: dict[Path, tuple[int, int, int] | None] | None = None) -> None:
        """`since`: the files' signatures when they were read; a file saved after that but before the watch
        was in place is reported as changed as soon as it is."""
        self._paths = [Path(path) for path in paths]
        self._since = since or {}
        self._on_change = on_change
        self._on_error = on_error
        self._wanted = wanted
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quizterm-deck-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            missed: set[Path] | None = None
            for changed in watch(self._paths, self._stop, self._wanted, heartbeat=True):
                if self._stop.is_set():
                    return
                if missed is None:  # the watch is in place: what changed before it?
                    missed = {path for path, before in self._since.items() if signature(path) != before}
                    changed = changed | missed
                if changed:
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
