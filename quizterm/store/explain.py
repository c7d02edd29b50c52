"""Turning SQLite's exceptions into one-line `QuiztermError`s that name the file and what to do.

A damaged database is reported, never touched: the message names the newest backup (or says there is
none) and points at `quizterm doctor`. Only `sqlite3.DatabaseError` and its subclasses are explained;
`ProgrammingError`/`InterfaceError` are bugs and stay as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.store.backups import newest_backup


def is_damage(exc: sqlite3.Error) -> bool:
    """SQLite says the file is not a database or is malformed (a bare DatabaseError is its damage type)."""
    code = _code(exc)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or (
        type(exc) is sqlite3.DatabaseError and code == 0)


def damaged(path: Path, reason: str, *, in_doctor: bool = False) -> QuiztermError:
    """The message for a database that cannot be read as it is; it must stay untouched."""
    reason = " ".join(reason.split())  # quick_check reports span lines ("*** in database main ***\nPage ...")
    backup = newest_backup(path.parent)
    check = "" if in_doctor else "run `quizterm doctor`, or "
    if backup is None:
        advice = f"there is no backup; {check}move it (with any -wal/-shm beside it) away to start afresh"
    else:
        advice = (f"newest backup: {backup}; {check}restore it with `quizterm doctor --restore-backup` "
                  "(the damaged file is moved aside, not deleted)")
    return QuiztermError(f"{path}: the progress database is damaged ({reason}) and was left untouched; "
                         f"{advice}")


def explain(exc: sqlite3.Error, path: Path) -> QuiztermError:
    """The user-facing error for a failure of the database at `path`."""
    code = _code(exc)
    folder = path.parent
    if is_damage(exc):
        return damaged(path, str(exc))
    if code == sqlite3.SQLITE_READONLY:
        return QuiztermError(f"{path}: the progress database is read-only ({exc}); make it and {folder} "
                             "writable, or use another --data-dir")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return QuiztermError(f"{path}: cannot open the progress database ({exc}); check that {folder} "
                             "is a directory you can write to, or use another --data-dir")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return QuiztermError(f"{path}: the progress database stayed locked by another program ({exc}); "
                             "close other quizterm windows and try again")
    if code == sqlite3.SQLITE_FULL:
        return QuiztermError(f"{path}: the disk is full ({exc}); free some space and try again")
    if code == sqlite3.SQLITE_IOERR:
        return QuiztermError(f"{path}: input/output error ({exc}); check the disk, then run `quizterm doctor`")
    return QuiztermError(f"{path}: progress database error ({exc}); run `quizterm doctor`")


@contextmanager
def explained(path: Path) -> Iterator[None]:
    """Re-raise any SQLite failure inside the block as the `QuiztermError` from `explain`."""
    try:
        yield
    except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path) from None


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF
