"""Shared helpers for the store tests: fixed moments, opening stores, reading the file directly."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from quizterm.store.db import DB_NAME
from quizterm.store.progress import ProgressStore, Review
from quizterm.store.replay import CardRecord, replay_all

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
DAY0 = T0.date()


def at(days: int = 0, minutes: int = 0) -> datetime:
    """A moment `days` study days after T0 (9:00 UTC, safely inside the day)."""
    return T0 + timedelta(days=days, minutes=minutes)


def day(days: int = 0) -> date:
    return DAY0 + timedelta(days=days)


def open_store(data_dir: Path, days: int = 0) -> ProgressStore:
    return ProgressStore.open(data_dir, real_now=at(days))


def daily_backup(data_dir: Path, days: int = 0) -> Path | None:
    """What a drill does once its first screen is up: the day's backup, as of real moment `at(days)`."""
    from quizterm.store.daily_backup import DailyBackup

    return DailyBackup(data_dir).run(at(days))


def grade(store: ProgressStore, card_id: str, g: int, days: int = 0, *, minutes: int = 0,
          deck: str = "d", answer: str = "", seconds: float = 0.0) -> Review:
    return store.record_grade(card_id=card_id, deck=deck, grade=g, moment=at(days, minutes), day=day(days),
                              answer=answer, seconds=seconds)


# Property tests open a store per example: on a RAM disk, SQLite's fsyncs cost nothing (same code path).
_RAM = Path("/dev/shm")


def scratch_dir() -> tempfile.TemporaryDirectory[str]:
    """A temporary data directory for one hypothesis example (in RAM where the machine has /dev/shm)."""
    return tempfile.TemporaryDirectory(dir=_RAM if _RAM.is_dir() else None)


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def raw(data_dir: Path) -> sqlite3.Connection:
    """A second, plain connection to the file, as another program would have."""
    return sqlite3.connect(db_path(data_dir), isolation_level=None, timeout=10)


def backups(data_dir: Path) -> list[str]:
    folder = data_dir / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def replayed(conn: sqlite3.Connection) -> dict[str, CardRecord]:
    """Every card's record from a full replay of the log (what the state table must hold)."""
    return {card_id: record for card_id, record, _ in replay_all(conn) if card_id is not None and record is not None}


def stale_caches(conn: sqlite3.Connection) -> int:
    """Events whose cached replay columns differ from a full replay (0 when the caches are exact)."""
    return sum(len(fixes) for _, _, fixes in replay_all(conn))
