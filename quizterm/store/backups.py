"""Copies of the progress database in `<data_dir>/backups/`, made with SQLite's backup API.

Safety follows the real clock. A backup is named after the real UTC moment it was made
(`progress-20261126T083000.sqlite3`) and its file's modification time is set to that moment; "newest",
"already made today" and pruning go by that time, never by `--now` (which only moves what the user
studies) and never by the name alone (quizterm before issue 10 named copies after `--now`, so an old
folder can hold a "future" name over an old copy). Callers pass the real moment: nothing here reads a clock.

A plain file copy taken while another quizterm writes can be torn, and separating the database from its
`-wal` loses commits; the backup API copies a consistent snapshot. A copy is written under a temporary dot
name, verified if asked, then renamed, so a file named `progress-*.sqlite3` is always complete. A backup is
stored in rollback-journal mode: one self-contained file, which opens read-only without leaving a `-wal`
or `-shm` beside it (a copy in WAL mode does, even with `mode=ro`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from quizterm.errors import QuiztermError

BACKUP_DIR = "backups"
KEEP = 7
STEP_PAGES = 1024  # pages copied per step (4 MB): a cancelled backup stops within milliseconds
SIDECARS = ("-journal", "-wal", "-shm")
_PREFIX = "progress-"
_SUFFIX = ".sqlite3"
_STAMP = "%Y%m%dT%H%M%S"


class BackupCancelled(Exception):
    """`make_backup` was asked to stop; nothing was left behind."""


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def backup_name(made_at: datetime) -> str:
    return f"{_PREFIX}{made_at.astimezone(UTC).strftime(_STAMP)}{_SUFFIX}"


def backup_time(path: Path) -> datetime:
    """When the backup was made: its file's modification time (set to the real moment when it was made)."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def list_backups(data_dir: Path) -> list[Path]:
    """Every finished backup, oldest first by the time it was made; an unreadable or missing folder has none."""
    found: list[tuple[int, str, Path]] = []
    try:
        with os.scandir(backups_dir(data_dir)) as entries:
            for entry in entries:
                if entry.name.startswith(_PREFIX) and entry.name.endswith(_SUFFIX):
                    with contextlib.suppress(OSError):  # pruned by another quizterm meanwhile
                        found.append((entry.stat().st_mtime_ns, entry.name, Path(entry.path)))
    except OSError:
        return []
    return [path for _, _, path in sorted(found)]


def newest_backup(data_dir: Path) -> Path | None:
    found = list_backups(data_dir)
    return found[-1] if found else None


def has_backup_on(data_dir: Path, real_now: datetime) -> bool:
    """Whether a backup was made on the (UTC) calendar date of the real moment `real_now`."""
    today = real_now.astimezone(UTC).date()
    for path in list_backups(data_dir):
        with contextlib.suppress(OSError):
            if backup_time(path).date() == today:
                return True
    return False


def make_backup(conn: sqlite3.Connection, data_dir: Path, *, made_at: datetime, verify: bool = False,
                cancel: threading.Event | None = None) -> Path:
    """Copy the database behind `conn` to a new backup made at the real moment `made_at`, then keep the
    newest `KEEP`.

    With `verify`, the copy must pass `PRAGMA quick_check` before it may replace older backups: a backup of
    a silently damaged file must not push the good copies out. Setting `cancel` stops the copy between
    steps (`BackupCancelled`). Raises `sqlite3.DatabaseError` when the source is damaged (the caller
    explains it) and `QuiztermError` when the folder is unusable.
    """
    folder = backups_dir(data_dir)
    final = folder / backup_name(made_at)
    try:
        folder.mkdir(exist_ok=True)
        remove_stale_temporaries(folder)
        handle, name = tempfile.mkstemp(prefix=f".{final.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
        os.close(handle)  # an empty file is an empty database to SQLite
    except OSError as exc:
        raise QuiztermError(f"{folder}: cannot create the backup folder or a file in it ({exc.strerror}); "
                            "make the data directory writable") from None
    temp = Path(name)
    try:
        target = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.backup(target, pages=STEP_PAGES, progress=_stop_when(cancel))
            target.execute("PRAGMA journal_mode=DELETE").fetchone()
            if verify:
                problems = quick_check(target, cancel=cancel)
                if problems:
                    raise sqlite3.DatabaseError(f"quick_check failed: {problems[0]}")
        finally:
            target.close()
        stamp = made_at.timestamp()
        os.utime(temp, (stamp, stamp))
        final = _free_name(final)
        temp.replace(final)
    except BaseException as exc:
        remove_with_sidecars(temp)
        if isinstance(exc, BackupCancelled) or (cancel is not None and cancel.is_set()):
            raise BackupCancelled from None
        if isinstance(exc, sqlite3.Error) and _error_code(exc) in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY):
            raise _unwritable(final, exc) from None
        if isinstance(exc, OSError):
            raise _unwritable(final, exc) from None
        raise  # sqlite3.DatabaseError: the source is damaged, the caller names the database
    prune(data_dir, keep_also=final)
    return final


def _free_name(final: Path) -> Path:
    """`final`, or `progress-<stamp>-N.sqlite3` when a copy of that second exists (never overwrite one)."""
    candidate, n = final, 1
    while candidate.exists():
        candidate = final.with_name(f"{final.name.removesuffix(_SUFFIX)}-{n}{_SUFFIX}")
        n += 1
    return candidate


def quick_check(conn: sqlite3.Connection, *, cancel: threading.Event | None = None) -> list[str]:
    """`PRAGMA quick_check`'s complaints ([] when "ok"); interrupted (`BackupCancelled`) once `cancel` is set."""
    if cancel is not None:
        conn.set_progress_handler(cancel.is_set, 20_000)
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.OperationalError:
        if cancel is not None and cancel.is_set():
            raise BackupCancelled from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    return [] if rows == ["ok"] else rows


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


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files of backups whose process is gone (killed mid-copy); never another
    running quizterm's."""
    for path in folder.glob(f".{_PREFIX}*.tmp*"):
        pid = path.name.split(_SUFFIX + ".", 1)[-1].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                path.unlink()


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a backup (or any database file) that leaves nothing beside it.

    Without a `-wal` beside the file, `immutable` reads the file alone and creates nothing. With one, that
    `-wal` holds part of the database and is read; a `-wal`/`-shm` SQLite creates for the occasion is
    removed afterwards (a read-only connection cannot clean up after itself).
    """
    before = {suffix for suffix in ("-wal", "-shm") if Path(f"{path}{suffix}").exists()}
    query = "mode=ro" if "-wal" in before else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, check_same_thread=False)
    try:
        yield conn
    finally:
        conn.close()
        for suffix in {"-wal", "-shm"} - before:
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *SIDECARS):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _stop_when(cancel: threading.Event | None) -> Callable[[int, int, int], None] | None:
    if cancel is None:
        return None

    def progress(_status: int, _remaining: int, _total: int) -> None:
        if cancel.is_set():
            raise BackupCancelled  # sqlite3 finishes (aborts) the backup and re-raises this

    return progress


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate it there: assume alive, leave the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: alive
        return True
    return True


def _error_code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF


def _unwritable(final: Path, exc: sqlite3.Error | OSError) -> QuiztermError:
    reason = exc.strerror if isinstance(exc, OSError) else str(exc)
    return QuiztermError(f"{final}: cannot write the backup ({reason}); make {final.parent} writable "
                         "and check free disk space")


__all__ = ["BACKUP_DIR", "KEEP", "BackupCancelled", "backup_name", "backup_time", "backups_dir",
           "has_backup_on", "list_backups", "make_backup", "newest_backup", "prune", "quick_check", "read_only",
           "remove_with_sidecars"]
