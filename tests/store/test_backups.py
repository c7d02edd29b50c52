"""Backups: the day's first (made by the drill, not by opening the store), before a migration, the newest seven
kept by the real time they were made, each a complete, self-contained database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from quizterm.store import daily_backup as daily_module
from quizterm.store.backups import (
    KEEP,
    BackupCancelled,
    backup_name,
    backup_time,
    has_backup_on,
    make_backup,
    newest_backup,
)
from quizterm.store.daily_backup import DailyBackup
from quizterm.store.db import connect

from .helpers import at, backups, daily_backup, db_path, grade, open_store, raw


def rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        return conn.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()


def graded(data_dir: Path, count: int = 1) -> None:
    with open_store(data_dir) as store:
        for i in range(count):
            grade(store, f"c{i}", i % 6, answer=f"answer {i}")


def legacy_backup(data_dir: Path, *, named: datetime, made: datetime) -> Path:
    """A copy as quizterm before issue 10 could leave it: named after `--now`, written at another time."""
    path = data_dir / "backups" / backup_name(named)
    path.parent.mkdir(exist_ok=True)
    with raw(data_dir) as source:
        target = sqlite3.connect(path)
        source.backup(target)
        target.close()
    os.utime(path, (made.timestamp(), made.timestamp()))
    return path


class CancelAfter(threading.Event):
    """A cancel flag that reads as set from its `n`-th look on (make_backup looks after every step)."""

    def __init__(self, n: int, on_look: object = None) -> None:
        super().__init__()
        self.n, self.looks, self.on_look = n, 0, on_look

    def is_set(self) -> bool:
        self.looks += 1
        if callable(self.on_look):
            self.on_look(self.looks)
        return self.looks >= self.n


def test_names_sort_by_time() -> None:
    assert backup_name(at(0)) == "progress-20261126T090000.sqlite3"
    assert backup_name(at(0)) < backup_name(at(0, minutes=1)) < backup_name(at(1))


def test_opening_the_store_never_makes_the_daily_backup(tmp_path: Path) -> None:
    """It would delay the first screen, and read-only commands (stats) open the store too."""
    graded(tmp_path)
    for days in range(1, 4):
        open_store(tmp_path, days=days).close()
    assert backups(tmp_path) == []


def test_the_daily_backup_once_per_real_date(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    assert daily_backup(tmp_path, days=0) is None  # an empty log: nothing worth a copy
    graded(tmp_path)
    made = daily_backup(tmp_path, days=1)
    assert made is not None and backups(tmp_path) == [backup_name(at(1))]
    assert backup_time(made) == at(1)  # the file says when it was made
    assert daily_backup(tmp_path, days=1) is None  # same date: no second one
    daily_backup(tmp_path, days=2)
    assert backups(tmp_path) == [backup_name(at(1)), backup_name(at(2))]


def test_a_backup_named_by_a_simulated_day_is_not_todays(tmp_path: Path) -> None:
    """Found: a real day that had been previewed with `--now` got no backup (the name said it had one)."""
    graded(tmp_path)
    legacy = legacy_backup(tmp_path, named=at(3), made=at(0))
    assert not has_backup_on(tmp_path, at(3))
    made = daily_backup(tmp_path, days=3)
    assert made is not None and made != legacy  # the same second: a new name, the old copy kept
    assert backups(tmp_path) == sorted([legacy.name, made.name])


def test_a_backup_is_a_valid_self_contained_database_with_the_same_rows(tmp_path: Path) -> None:
    graded(tmp_path, 30)
    made = daily_backup(tmp_path, days=1)
    assert made is not None
    assert rows(made) == rows(db_path(tmp_path)) and len(rows(made)) == 30
    assert made.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL: nothing beside it when read
    conn = sqlite3.connect(f"{made.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("SELECT count(*) FROM reviews").fetchone()
    conn.close()
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]


def test_only_the_newest_seven_are_kept_by_the_time_they_were_made(tmp_path: Path) -> None:
    graded(tmp_path)
    future_name = legacy_backup(tmp_path, named=at(400), made=at(-1))  # the oldest, despite its name
    for days in range(KEEP):
        daily_backup(tmp_path, days=days)
    assert not future_name.exists()
    assert backups(tmp_path) == [backup_name(at(days)) for days in range(KEEP)]
    assert newest_backup(tmp_path) == tmp_path / "backups" / backup_name(at(KEEP - 1))


def test_newest_means_made_last_whatever_the_name(tmp_path: Path) -> None:
    graded(tmp_path)
    legacy_backup(tmp_path, named=at(400), made=at(0))
    real = daily_backup(tmp_path, days=1)
    assert newest_backup(tmp_path) == real


def test_a_backup_cancelled_while_copying_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quizterm.store.backups.STEP_PAGES", 1)
    graded(tmp_path, 500)
    conn = connect(db_path(tmp_path))
    cancel = CancelAfter(3)
    with pytest.raises(BackupCancelled):
        make_backup(conn, tmp_path, made_at=at(1), verify=True, cancel=cancel)
    conn.close()
    assert cancel.looks == 3
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_backup_cancelled_while_verifying_leaves_nothing(tmp_path: Path) -> None:
    """One copy step (a small file), then quick_check's progress handler sees the flag and interrupts it."""
    graded(tmp_path, 3000)
    conn = connect(db_path(tmp_path))
    assert conn.execute("PRAGMA page_count").fetchone()[0] < 1024  # one copy step: one look
    cancel = CancelAfter(2)
    with pytest.raises(BackupCancelled):
        make_backup(conn, tmp_path, made_at=at(1), verify=True, cancel=cancel)
    conn.close()
    assert cancel.looks >= 2
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_grade_committed_during_the_copy_is_kept_and_the_copy_completes(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup has its own connection: the session commits meanwhile (SQLite restarts the copy)."""
    monkeypatch.setattr("quizterm.store.backups.STEP_PAGES", 1)
    graded(tmp_path, 200)
    with open_store(tmp_path) as store:
        def grade_at_step(look: int) -> None:
            if look == 2:
                grade(store, "during", 5)

        conn = connect(db_path(tmp_path))
        made = make_backup(conn, tmp_path, made_at=at(1), verify=True, cancel=CancelAfter(10**9, grade_at_step))
        conn.close()
        assert store.review_count() == 201
    assert len(rows(made)) == 201
    assert rows(made) == rows(db_path(tmp_path))


def test_abandon_stops_a_running_daily_backup_and_leaves_nothing(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    graded(tmp_path, 50)
    started = threading.Event()
    real_make = daily_module.make_backup

    def held(conn: sqlite3.Connection, data_dir: Path, **kwargs: object) -> Path:
        started.set()
        cancel = kwargs["cancel"]
        assert isinstance(cancel, threading.Event)
        cancel.wait()  # the user quits while the copy runs
        return real_make(conn, data_dir, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(daily_module, "make_backup", held)
    daily = DailyBackup(tmp_path)
    thread = threading.Thread(target=daily.run, args=(at(1),))
    thread.start()
    assert started.wait(10)
    daily.abandon()
    assert not thread.is_alive() or (thread.join(10) is None and not thread.is_alive())
    assert daily.made is None and daily.problem is None
    assert list((tmp_path / "backups").iterdir()) == []


def test_abandon_before_the_run_means_it_never_starts(tmp_path: Path) -> None:
    graded(tmp_path)
    daily = DailyBackup(tmp_path)
    daily.abandon()
    assert daily.run(at(1)) is None
    assert backups(tmp_path) == []


def test_temporaries_of_a_killed_quizterm_are_removed_a_running_ones_kept(tmp_path: Path) -> None:
    graded(tmp_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    stale = folder / f".{backup_name(at(0))}.{dead.stdout.strip()}.abc123.tmp"
    stale_journal = Path(f"{stale}-journal")
    running = folder / f".{backup_name(at(0))}.{os.getpid()}.def456.tmp"
    for path in (stale, stale_journal, running):
        path.write_bytes(b"half a copy")
    made = daily_backup(tmp_path, days=1)
    assert made is not None
    assert sorted(p.name for p in folder.iterdir()) == sorted([running.name, made.name])


def test_an_unwritable_backup_folder_is_one_clear_line(tmp_path: Path) -> None:
    """Works as root too: `backups` is a file, so no folder can be made there. The drill is not stopped."""
    graded(tmp_path)
    (tmp_path / "backups").write_text("in the way")
    daily = DailyBackup(tmp_path)
    assert daily.run(at(1)) is None
    assert daily.problem is not None and "\n" not in daily.problem
    assert daily.problem.startswith("today's backup was not made: ") and str(tmp_path / "backups") in daily.problem


def test_make_backup_keeps_working_while_another_connection_writes(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
        conn = connect(db_path(tmp_path))
        with raw(tmp_path) as other:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE cards SET reps = reps")
            path = make_backup(conn, tmp_path, made_at=at(3), verify=True)  # WAL: a reader is not blocked
            other.execute("COMMIT")
        conn.close()
    assert len(rows(path)) == 1
