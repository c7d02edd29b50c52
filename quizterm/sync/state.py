"""What sync has read of each journal file, and the lock that keeps two syncs of one data directory apart.

`sync-state.sqlite3` in the data directory, per sync folder and file: how far the file was read (the
offset just after a newline, and the line count for `FILE:LINE` messages), its size and modification
time then (an unchanged file is not opened again), hashes of its first and last bytes read (a file that
shrank or was rewritten, not just appended to, is noticed), the highest sequence number read (this
device's own files: how far it has exported) and the id of the last event read that the log holds. The
progress database may go back in time (`doctor --restore-backup`): when it lacks that event, the file is
read again from its start.

A cache, not progress: deleting the file makes the next sync read every journal file again, and the
events already in the log are recognised by their ids and skipped. It is a database of its own (not a
table of progress.sqlite3) so that it never travels with a backup or a copy of the progress.

`sync.lock` (filelock: an OS lock, released if the process dies) keeps a drill's background sync and a
`quizterm sync` in another terminal from appending the same events twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from quizterm.errors import QuiztermError

STATE_NAME = "sync-state.sqlite3"
LOCK_NAME = "sync.lock"
VERSION = 2
_SCHEMA = (
    """CREATE TABLE files (
        folder TEXT NOT NULL,                    -- the sync folder (resolved path)
        name TEXT NOT NULL,                      -- the file inside it: quizterm/<device>/<year-month>.jsonl
        size INTEGER NOT NULL,                   -- bytes read (just after a newline)
        lines INTEGER NOT NULL,                  -- lines read
        mtime_ns INTEGER NOT NULL,               -- the file's modification time when it was read
        head BLOB NOT NULL,                      -- hashes of the first and last bytes read
        tail BLOB NOT NULL,
        last_event TEXT,                         -- the last event read that the log holds
        max_seq INTEGER NOT NULL,                -- the highest sequence number read
        PRIMARY KEY (folder, name)
    ) WITHOUT ROWID""",
    """CREATE TABLE runs (
        folder TEXT PRIMARY KEY,
        finished_at TEXT NOT NULL,               -- real UTC time
        outcome TEXT NOT NULL,                   -- the one-line summary
        problems_at TEXT,                        -- when the last sync that reported something finished
        problems TEXT NOT NULL                   -- JSON list of what it reported (at most 100 lines)
    ) WITHOUT ROWID""",
)


@dataclass(frozen=True, slots=True)
class FileState:
    size: int
    lines: int
    mtime_ns: int
    head: bytes
    tail: bytes
    last_event: str | None
    max_seq: int


@dataclass(frozen=True, slots=True)
class Run:
    """The last sync with one folder: when it finished (real UTC time), its summary, and what the last
    sync that reported anything reported, with when."""

    finished_at: str
    outcome: str
    problems_at: str | None
    problems: list[str]


class SyncState:
    """The state file of one data directory. Use as a context manager."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, data_dir: Path) -> SyncState:
        path = data_dir / STATE_NAME
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=10)
            conn.execute("PRAGMA synchronous=NORMAL")
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) != VERSION:
                cls._create(conn)
        except sqlite3.DatabaseError as exc:  # damaged or foreign: it is only a cache
            if "locked" in str(exc):
                raise QuiztermError(f"{path}: busy ({exc}); try again") from None
            path.unlink(missing_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=10)
            cls._create(conn)
        return cls(conn)

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        for table in ("files", "runs"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _SCHEMA:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {VERSION:d}")
        conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SyncState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def files(self, folder: str) -> dict[str, FileState]:
        rows = self._conn.execute("SELECT name, size, lines, mtime_ns, head, tail, last_event, max_seq FROM files "
                                  "WHERE folder = ?", (folder,))
        return {name: FileState(*rest) for name, *rest in rows}

    def put(self, folder: str, name: str, state: FileState) -> None:
        self._conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (folder, name, state.size, state.lines, state.mtime_ns, state.head, state.tail,
                            state.last_event, state.max_seq))

    def forget(self, folder: str, name: str) -> None:
        self._conn.execute("DELETE FROM files WHERE folder = ? AND name = ?", (folder, name))

    def record_run(self, folder: str, finished_at: str, outcome: str, problems: list[str]) -> None:
        """Remember the run; what it reported is kept until a later run reports something (a sync reports a
        line once, so the next sync, finding nothing wrong, must not make `--status` forget it)."""
        if problems:
            listed = json.dumps(problems[:100], ensure_ascii=False)
            self._conn.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?)",
                               (folder, finished_at, outcome, finished_at, listed))
        else:
            self._conn.execute("INSERT INTO runs VALUES (?, ?, ?, NULL, '[]') ON CONFLICT (folder) DO UPDATE SET "
                               "finished_at = excluded.finished_at, outcome = excluded.outcome",
                               (folder, finished_at, outcome))

    def runs(self) -> dict[str, Run]:
        """Each sync folder this data directory used -> its last run."""
        return {folder: Run(at, outcome, problems_at, json.loads(problems))
                for folder, at, outcome, problems_at, problems in self._conn.execute("SELECT * FROM runs")}


class SyncBusy(QuiztermError):
    """Another sync of this data directory holds the lock."""


@contextmanager
def sync_lock(data_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the data directory's sync lock; QuiztermError when another sync holds it for `wait` seconds."""
    from filelock import FileLock, Timeout

    lock = FileLock(data_dir / LOCK_NAME, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise SyncBusy(f"{data_dir}: another sync of this data directory is running; try again once it "
                            "is done") from None
    except OSError as exc:
        raise QuiztermError(f"{data_dir / LOCK_NAME}: cannot take the sync lock ({exc.strerror})") from None
    try:
        yield
    finally:
        lock.release()
