"""The SQLite connection and its transactions.

Autocommit mode (`isolation_level=None`) plus an explicit `BEGIN IMMEDIATE` for every read-modify-write:
Python's default deferred BEGIN would take the write lock only at the first write, and under WAL that
upgrade fails at once with "database is locked" whatever the busy timeout. WAL lets two terminals grade
against one data directory; `synchronous=NORMAL` under WAL still keeps every committed transaction
across an application crash.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

DB_NAME = "progress.sqlite3"
BUSY_TIMEOUT_S = 10.0
CACHE_KIB = 16_000


def database_path(data_dir: Path) -> Path:
    """Where the progress database lives inside the data directory."""
    return data_dir / DB_NAME


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A raw connection in autocommit mode; no pragma that writes is issued here.

    Opening reads nothing: SQLite reports a damaged file only at the first query, so callers run one
    (see `ProgressStore.open`) before anything that could write.
    """
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                               isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    return conn


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL (persistent in the file; a no-op once set) with `synchronous=NORMAL`.

    A 16 MB page cache (default 2 MB) keeps the upper index levels of a large log in memory.
    """
    conn.execute("PRAGMA journal_mode=WAL").fetchone()
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB:d}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE` … `COMMIT`, rolled back on any exception.

    Taking the write lock up front makes the reads inside consistent with the write that follows, so
    two processes deciding the same thing (e.g. "is this the first grade today?") agree.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # some errors (disk full, I/O) have already rolled back
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def format_moment(moment: datetime) -> str:
    """UTC ISO 8601 with a fixed microsecond field and `Z`, so the text sorts like the time."""
    if moment.tzinfo is None:
        raise ValueError(f"a review moment must be timezone-aware, not {moment!r}")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_moment(text: str) -> datetime:
    """The aware UTC datetime stored by `format_moment`."""
    return datetime.fromisoformat(text).astimezone(UTC)


def parse_day(text: str) -> date:
    return date.fromisoformat(text)


def parse_optional_day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
