"""What the backups folder holds, for `quizterm doctor --list-backups`: each copy checked as it is now.

"Verified" means the copy passes `PRAGMA quick_check` when listed, not that it once did: a file can be
damaged after it was written, and that is the moment a user needs to know it. Each copy is opened
read-only (nothing is created beside it), so listing never changes the folder.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quizterm.store.backups import backup_time, list_backups, quick_check, read_only


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    made_at: datetime  # aware UTC: when it was made (real time)
    size: int  # bytes
    reviews: int | None  # grades in its review log; None when unreadable
    problem: str | None  # None: it passes quick_check and has a review log

    @property
    def verified(self) -> bool:
        return self.problem is None


def describe_backups(data_dir: Path) -> list[BackupInfo]:
    """Every backup, newest first (the one `doctor --restore-backup` takes without a file is the first)."""
    found = []
    for path in reversed(list_backups(data_dir)):
        try:
            found.append(describe(path))
        except FileNotFoundError:  # pruned by another quizterm meanwhile
            continue
    return found


def describe(path: Path) -> BackupInfo:
    made_at, size = backup_time(path), path.stat().st_size
    reviews: int | None = None
    problem: str | None = None
    try:
        with read_only(path) as conn:
            problems = quick_check(conn)
            if problems:
                problem = f"quick_check: {problems[0]}"
            reviews = int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    except sqlite3.Error as exc:
        problem = problem or str(exc)
    return BackupInfo(path=path, made_at=made_at, size=size, reviews=reviews, problem=problem)
