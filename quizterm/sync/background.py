"""A drill's sync with the folder of `sync_dir` / `sync_git` (config.toml): at start, and at quit.

At start the sync runs in the drill's housekeeping thread, once the first screen is up (after the day's
backup): it brings in what the other machines did, writes what earlier sittings here did not, and for git
pulls and pushes, all while the user drills. At quit the drill's own grades are written (and pushed): that
waits at most `DRILL_BUDGET` seconds for all its git commands together, and a start sync still running is
stopped first (its git killed, its import ended between two chunks).

Nothing here can lose a grade or block the drill: every grade is committed to the database before the
next card appears, whatever sync does; a failure (folder gone, offline, git refusing) becomes one line,
`problem`, shown as a notification during the drill and printed at quit, and the next sync catches up.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.words import plural

LOCK_WAIT = 5.0  # seconds the quit sync waits for another sync of this data directory (another terminal)


class DrillSync:
    """The sync of one drill; `at_start` in a background thread, `at_quit` from the main thread."""

    def __init__(self, data_dir: Path, folder: Path, *, git: bool) -> None:
        self.data_dir = data_dir
        self.folder = folder
        self.git = git
        self.problem: str | None = None  # the last failure, one line
        self.imported = 0
        self._cancel = threading.Event()
        self._running = threading.Lock()

    def at_start(self, real_now: datetime) -> None:
        """Sync once unless the drill is already quitting; failures are kept in `problem`."""
        with self._running:
            if not self._cancel.is_set():
                self._run(real_now, cancel=self._cancel, lock_wait=0.0)

    def at_quit(self, real_now: datetime) -> None:
        """Stop a start sync still running, then write (and push) this sitting's events."""
        self._cancel.set()
        with self._running:
            self._run(real_now, cancel=None, lock_wait=LOCK_WAIT)

    def _run(self, real_now: datetime, *, cancel: threading.Event | None, lock_wait: float) -> None:
        from quizterm.sync.reader import SyncCancelled
        from quizterm.sync.state import SyncBusy

        try:
            if self.git:
                from quizterm.sync.git import DRILL_BUDGET, sync_git

                report = sync_git(self.data_dir, self.folder, real_now=real_now, budget=DRILL_BUDGET, cancel=cancel,
                                  lock_wait=lock_wait, alongside_drill=True)
            else:
                from quizterm.sync.folder import sync_folder

                report = sync_folder(self.data_dir, self.folder, real_now=real_now, cancel=cancel,
                                     lock_wait=lock_wait, alongside_drill=True)
        except SyncCancelled:
            return
        except SyncBusy as exc:
            if cancel is None:  # quitting: this sitting's grades wait for the next sync
                self.problem = f"{_sentence(exc)}; your grades are saved, the next sync takes them"
            return  # at start: the other sync (another terminal) does the work
        except (QuiztermError, OSError) as exc:
            if cancel is not None and cancel.is_set():
                return  # stopped for quitting: the quit sync reports what matters
            self.problem = (f"sync with {self.folder} failed: {_sentence(exc)}; your grades are saved, the next sync "
                            "takes them")
            return
        self.imported += report.imported
        if report.problems:
            self.problem = (f"sync with {self.folder}: {plural(len(report.problems), 'problem')} (`quizterm sync "
                            f"--status` lists them), the first: {report.problems[0]}")
        else:
            self.problem = None


def _sentence(exc: BaseException) -> str:
    """The error's message without its final full stop (git's end with one), so the warning goes on."""
    return str(exc).rstrip().rstrip(".")
