"""Copies of the progress database in `<data_dir>/backups/`, made with SQLite's backup API.

A plain file copy taken while another quizterm writes can be torn, and separating the database from
its `-wal` loses commits; the backup API copies a consistent snapshot. A copy is written under a
temporary name and renamed into place, so a file named `progress-*.sqlite3` is always complete.
Names carry the UTC time of `now` (`progress-20261126T083000.sqlite3`), so they sort by time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.store.db import DB_NAME

BACKUP_DIR = "backups"
KEEP = 7
_PREFIX = "progress-"
_SUFFIX = ".sqlite3"
_STAMP = "%Y%m%dT%H%M%S"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def list_backups(data_dir: Path) -> list[Path]:
    """Every finished backup, oldest first; an unreadable or missing folder has none."""
    try:
        names = sorted(entry.name for entry in os.scandir(backups_dir(data_dir))
                       if entry.name.startswith(_PREFIX) and entry.name.endswith(_SUFFIX))
    except OSError:
        return []
    return [backups_dir(data_dir) / name for name in names]


def newest_backup(data_dir: Path) -> Path | None:
    found = list_backups(data_dir)
    return found[-1] if found else None


def backup_name(now: datetime) -> str:
    return f"{_PREFIX}{now.astimezone(UTC).strftime(_STAMP)}{_SUFFIX}"


def has_backup_on(data_dir: Path, now: datetime) -> bool:
    """Whether a backup was already made on the (UTC) calendar date of `now`."""
    day_prefix = _PREFIX + now.astimezone(UTC).strftime("%Y%m%d")
    return any(path.name.startswith(day_prefix) for path in list_backups(data_dir))


def make_backup(conn: sqlite3.Connection, data_dir: Path, *, now: datetime, verify: bool = False) -> Path:
    """Copy the database behind `conn` to a new backup file, then keep the newest `KEEP`.

    With `verify`, the copy must pass `PRAGMA quick_check` before it may replace older backups: a daily
    backup of a silently damaged file must not push the good copies out. Raises `sqlite3.DatabaseError`
    when the source is damaged (the caller explains it) and `QuiztermError` when the folder is unusable.
    """
    folder = backups_dir(data_dir)
    final = folder / backup_name(now)
    temp = folder / f".{final.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise QuiztermError(f"{folder}: cannot create the backup folder ({exc.strerror}); "
                            "make the data directory writable") from None
    try:
        target = sqlite3.connect(temp, isolation_level=None)
    except sqlite3.Error as exc:
        raise _unwritable(final, exc) from None
    try:
        try:
            conn.backup(target)
            if verify:
                problems = [row[0] for row in target.execute("PRAGMA quick_check").fetchall()]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError(f"quick_check failed: {problems[0]}")
        finally:
            target.close()
        temp.replace(final)
    except sqlite3.Error as exc:
        _remove(temp)
        if _error_code(exc) in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY):
            raise _unwritable(final, exc) from None
        raise  # the source is damaged: the caller names the database
    except OSError as exc:
        _remove(temp)
        raise _unwritable(final, exc) from None
    except BaseException:
        _remove(temp)
        raise
    prune(data_dir, keep_also=final)
    return final


def prune(data_dir: Path, *, keep: int = KEEP, keep_also: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups (never `keep_also`, the copy just made); returns the deleted."""
    deleted = []
    for path in list_backups(data_dir)[:-keep]:
        if path == keep_also:
            continue
        with contextlib.suppress(FileNotFoundError):  # another quizterm pruned it first
            path.unlink()
            deleted.append(path)
    return deleted


def restore_backup(data_dir: Path, backup: Path, *, now: datetime) -> Path:
    """Put `backup` in place of the progress database; the damaged file is moved aside, never deleted.

    Meant for an explicit user request (doctor) with no other quizterm running. The database and its
    `-wal`/`-shm` files move together to `progress.sqlite3.damaged-<stamp>`: a `-wal` left beside the
    restored file would be replayed on top of it. Returns where the old file went.
    """
    db = data_dir / DB_NAME
    stamp = now.astimezone(UTC).strftime(_STAMP)
    aside = data_dir / f"{DB_NAME}.damaged-{stamp}"
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise QuiztermError(f"{backup}: cannot open the backup ({exc}); choose another one") from None
    try:
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{db}{suffix}")
            if old.exists():
                old.replace(Path(f"{aside}{suffix}"))
        target = sqlite3.connect(db, isolation_level=None)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise QuiztermError(f"{backup}: cannot restore this backup ({exc}); the old database is at "
                            f"{aside}; choose another backup") from None
    except OSError as exc:
        raise QuiztermError(f"{db}: cannot restore {backup} ({exc.strerror}); make {data_dir} writable") \
            from None
    finally:
        source.close()
    return aside


def _error_code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF


def _unwritable(final: Path, exc: sqlite3.Error | OSError) -> QuiztermError:
    reason = exc.strerror if isinstance(exc, OSError) else str(exc)
    return QuiztermError(f"{final}: cannot write the backup ({reason}); make {final.parent} writable "
                         "and check free disk space")


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
