"""Putting a backup in place of the progress database (`quizterm doctor --restore-backup`).

Meant for an explicit user request with no other quizterm running. Nothing is deleted and nothing is
changed until the new file is known to be good: the backup is copied (SQLite's backup API, read-only, so
the backup and any `-wal` it needs stay as they are) to a temporary file in the data directory and
checked; only then does the old database move aside, together with its `-wal`/`-shm` (a `-wal` left
beside the restored file would be replayed on top of it), and the copy is renamed into place. The copy is
in rollback-journal mode, so nothing but `progress.sqlite3` is left; the next quizterm switches it to WAL.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.store.backups import quick_check, read_only, remove_with_sidecars
from quizterm.store.db import DB_NAME

_STAMP = "%Y%m%dT%H%M%S"


def restore_backup(data_dir: Path, backup: Path, *, real_now: datetime) -> Path | None:
    """Put `backup` in place of the progress database; returns where the old file went (None: there was
    none). The old file is moved to `progress.sqlite3.damaged-<real time>`, never deleted."""
    db = data_dir / DB_NAME
    if backup.resolve() == db.resolve():
        raise QuiztermError(f"{backup}: this is the progress database itself; name a backup file")
    temp = data_dir / f".{DB_NAME}.restoring-{os.getpid()}.tmp"
    remove_with_sidecars(temp)
    try:
        with read_only(backup) as source:
            target = sqlite3.connect(temp, isolation_level=None)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE").fetchone()
                problems = quick_check(target)
                if problems:
                    raise sqlite3.DatabaseError(f"quick_check failed: {problems[0]}")
                if target.execute("SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone() is None:
                    raise sqlite3.DatabaseError("it holds no review log")
            finally:
                target.close()
    except sqlite3.Error as exc:
        remove_with_sidecars(temp)
        raise QuiztermError(f"{backup}: cannot restore this backup ({exc}); nothing was changed; choose "
                            "another backup") from None
    except OSError as exc:
        remove_with_sidecars(temp)
        raise QuiztermError(f"{db}: cannot restore {backup} ({exc.strerror}); nothing was changed; make "
                            f"{data_dir} writable") from None
    aside = data_dir / f"{DB_NAME}.damaged-{real_now.astimezone(UTC).strftime(_STAMP)}"
    moved = False
    try:
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{db}{suffix}")
            if old.exists():
                old.replace(Path(f"{aside}{suffix}"))
                moved = moved or suffix == ""
        temp.replace(db)
    except OSError as exc:
        raise QuiztermError(f"{db}: cannot restore {backup} ({exc.strerror}); the old database is at {aside}; "
                            f"make {data_dir} writable and try again") from None
    return aside if moved else None
