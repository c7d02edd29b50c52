"""Shared helpers for the sync tests: data directories that grade, sync and compare their states."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from quizterm.store.progress import ProgressStore
from quizterm.sync.folder import SyncReport, sync_folder

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
REAL = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # the real clock of every sync (it only names records)


def at(days: int = 0, minutes: int = 0) -> datetime:
    return T0 + timedelta(days=days, minutes=minutes)


def day(days: int = 0) -> date:
    return T0.date() + timedelta(days=days)


def data_dirs(root: Path, *names: str) -> list[Path]:
    """Fresh data directories (each opened once, so each has its device id) under `root`."""
    made = []
    for name in names:
        path = root / name
        path.mkdir()
        ProgressStore.open(path, real_now=REAL).close()
        made.append(path)
    return made


def grade(data_dir: Path, card: str, g: int, days: int = 0, minutes: int = 0, *, answer: str = "") -> str:
    """One grade as a drill gives it; returns its event id."""
    with ProgressStore.open(data_dir, real_now=REAL) as store:
        return store.record_grade(card_id=card, deck="d", grade=g, moment=at(days, minutes), day=day(days),
                                  answer=answer).event_id


def sync(data_dir: Path, folder: Path, **options: Any) -> SyncReport:
    return sync_folder(data_dir, folder, real_now=REAL, **options)


def device(data_dir: Path) -> str:
    with ProgressStore.open(data_dir, real_now=REAL) as store:
        return store.device_id()


def cards(data_dir: Path) -> list[tuple[Any, ...]]:
    """The state table, as every device must end up with it."""
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        return conn.execute("SELECT * FROM cards ORDER BY card_id").fetchall()


def event_caches(data_dir: Path) -> list[tuple[Any, ...]]:
    """Every event with its replay cache, by event id (device and seq included)."""
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        return conn.execute("SELECT event_id, device, seq, kind, card_id, moment, day, grade, answer, target, data, "
                            "cancelled, scheduling, was_new FROM events ORDER BY event_id").fetchall()


def journal_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.jsonl"))}
