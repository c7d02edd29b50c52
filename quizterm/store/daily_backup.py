"""The day's first backup, made in the background so that it never delays the first screen.

Measured before issue 10: at 1,000,000 reviews the first start of a day took ~5× a bare Textual app,
because a 215 MB copy was made and verified before the first screen. The copy needs nothing from the
session, so the drill starts it once its first screen is up, in a thread, with its own connection: the
backup API reads a consistent snapshot while the session keeps committing grades through its own
connection (WAL: the reader never blocks the writer), and a grade committed meanwhile is safe in the
database itself. Quitting first abandons the copy (its temporary file is removed, no valid-looking name
is ever left half-written) and the next start tries again.

"Today" is the real UTC date of the real moment the caller passes, never `--now`. Read-only commands
(`stats`, `validate`, `schema`) never make it.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.store.backups import BackupCancelled, has_backup_on, make_backup
from quizterm.store.db import connect, database_path
from quizterm.store.explain import explain


class DailyBackup:
    """One attempt at the day's backup: `run` it (blocking, in a background thread), `abandon` it at quit.

    Problems are not raised (nobody waits on the thread): `problem` holds the one-line message, for the
    caller to show.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.made: Path | None = None
        self.problem: str | None = None
        self._cancel = threading.Event()
        self._state = threading.Lock()
        self._running = False
        self._stopped = threading.Event()

    def run(self, real_now: datetime) -> Path | None:
        """Make the backup unless one was made on the real date of `real_now`, the log is empty, or the
        backup was abandoned; returns the new file."""
        with self._state:
            if self._cancel.is_set():
                return None
            self._running = True
        try:
            self.made = self._make(real_now)
        except BackupCancelled:
            pass
        except QuiztermError as exc:
            self.problem = f"today's backup was not made: {exc}"
        finally:
            self._stopped.set()
        return self.made

    def abandon(self) -> None:
        """Stop a backup in progress (nothing is left behind) or keep one from starting; returns once it
        has stopped."""
        with self._state:
            self._cancel.set()
            running = self._running
        if running:
            self._stopped.wait()

    def _make(self, real_now: datetime) -> Path | None:
        if has_backup_on(self.data_dir, real_now):
            return None
        path = database_path(self.data_dir)
        try:
            conn = connect(path)
            try:
                if conn.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is None:
                    return None  # nothing worth a copy yet
                return make_backup(conn, self.data_dir, made_at=real_now, verify=True, cancel=self._cancel)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise explain(exc, path) from None
