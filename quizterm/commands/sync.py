"""`quizterm sync [DIR] [--git] [--status]`: share progress with the other machines you drill on.

DIR is a folder that something else synchronises (Syncthing, Dropbox, a network share) or, with `--git`, a
clone of a repository your machines share; without DIR, `sync_dir` / `sync_git` of config.toml. The work is
in quizterm/sync (see its modules); this module parses, draws the progress bar and prints the report.

Sync acts for safety and sharing, never for study, so it takes no `--now`: it reads the real clock only to
stamp its own record of the run.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from quizterm.commands.common import add_data_dir, data_dir_and_settings, open_progress, wall_clock
from quizterm.errors import UsageError

if TYPE_CHECKING:
    from quizterm.sync.folder import SyncReport

NAME = "sync"
MAX_LISTED = 100  # problems listed one by one; the rest are counted
BAR_AFTER = 1.0  # seconds: a quick sync draws nothing


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="share progress with your other machines through a synced folder or git",
                            description="Write this device's new events to DIR and read the other devices' "
                                        "(DIR: a folder Syncthing, Dropbox ... synchronise, or a git clone with "
                                        "--git). Without DIR: sync_dir or sync_git of config.toml.")
    parser.add_argument("folder", nargs="?", metavar="DIR", help="the sync folder (default: config.toml)")
    parser.add_argument("--git", action="store_true",
                        help="DIR is a git clone: pull --rebase, commit this device's files, push")
    parser.add_argument("--status", action="store_true",
                        help="show this device's id, the devices seen, the last event of each and what is "
                             "pending; changes nothing")
    add_data_dir(parser, now=False)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    data_dir, settings = data_dir_and_settings(args)
    if args.folder is not None:
        target: tuple[Path, bool] | None = (Path(args.folder).expanduser(), bool(args.git))
        configured = None
    else:
        target = settings.sync_target(data_dir)
        configured = "from config.toml"
        if args.git and target is not None and not target[1]:
            raise UsageError("--git: config.toml names a plain folder (sync_dir); name the clone: quizterm sync "
                             "--git DIR")
    if args.status:
        from quizterm.sync.status import status_lines

        for line in status_lines(data_dir, real_now=wall_clock(), folder=None if target is None else target[0],
                                 configured=configured):
            print(line, file=out)
        return 0
    if target is None:
        raise UsageError("name the sync folder (quizterm sync DIR, or --git DIR for a git clone), or set sync_dir "
                         "or sync_git in config.toml")
    folder, use_git = target
    open_progress(data_dir, settings, err).close()  # a one-time upgrade is announced, as by every command
    bar = Bar(err)
    try:
        report = _sync(data_dir, folder, use_git, bar)
    finally:
        bar.stop()
    return _print_report(report, out, err)


def _sync(data_dir: Path, folder: Path, use_git: bool, bar: Bar) -> SyncReport:
    if use_git:
        from quizterm.sync.git import sync_git

        return sync_git(data_dir, folder, real_now=wall_clock(), progress=bar)
    from quizterm.sync.folder import sync_folder

    return sync_folder(data_dir, folder, real_now=wall_clock(), progress=bar)


def _print_report(report: SyncReport, out: TextIO, err: TextIO) -> int:
    for note in report.notes:
        print(f"quizterm: note: {note}", file=err)
    for problem in report.problems[:MAX_LISTED]:
        print(problem, file=err)
    if len(report.problems) > MAX_LISTED:
        print(f"… and {len(report.problems) - MAX_LISTED} more problems", file=err)
    print(report.summary(), file=out)
    return 1 if report.problems else 0


class Bar:
    """Rich's progress bar on a terminal, shown only once a sync has taken more than `BAR_AFTER` seconds;
    nothing at all when standard error is not a terminal. Rich is imported only when a bar is drawn."""

    def __init__(self, err: TextIO) -> None:
        self._err = err
        self._lock = threading.Lock()
        self._progress: Any = None
        self._task: Any = None
        self._phase: tuple[str, int | None, int] = ("", None, 0)
        self._stopped = False
        self._timer: threading.Timer | None = None
        if _is_terminal(err):
            self._timer = threading.Timer(BAR_AFTER, self._show)
            self._timer.daemon = True
            self._timer.start()

    def start(self, what: str, total: int | None) -> None:
        with self._lock:
            self._phase = (what, total, 0)
            if self._progress is not None:
                self._progress.update(self._task, description=what, total=total, completed=0)

    def advance(self, amount: int) -> None:
        with self._lock:
            what, total, done = self._phase
            self._phase = (what, total, done + amount)
            if self._progress is not None:
                self._progress.update(self._task, completed=done + amount)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        with self._lock:
            if self._stopped:
                return
            what, total, done = self._phase
            self._progress = Progress(TextColumn("sync: {task.description}"), BarColumn(), TaskProgressColumn(),
                                      TimeRemainingColumn(), console=Console(file=self._err), transient=True)
            self._task = self._progress.add_task(what, total=total, completed=done)
            self._progress.start()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()
            if self._progress is not None:
                self._progress.stop()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
