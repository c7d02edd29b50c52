"""Backups: once a day on first use, before a migration, the newest seven kept, each a complete database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizterm.errors import QuiztermError
from quizterm.store.backups import KEEP, backup_name, make_backup, newest_backup, restore_backup
from quizterm.store.db import connect

from .helpers import at, backups, db_path, grade, open_store, raw


def rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        return conn.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()


def test_names_sort_by_time() -> None:
    assert backup_name(at(0)) == "progress-20261126T090000.sqlite3"
    assert backup_name(at(0)) < backup_name(at(0, minutes=1)) < backup_name(at(1))


def test_daily_backup_on_first_use_of_each_date(tmp_path: Path) -> None:
    with open_store(tmp_path, days=0) as store:  # empty: nothing worth a backup
        grade(store, "a", 4, 0)
    assert backups(tmp_path) == []
    open_store(tmp_path, days=1).close()
    assert backups(tmp_path) == ["progress-20261127T090000.sqlite3"]
    with open_store(tmp_path, days=1) as store:  # same date: no second backup
        grade(store, "b", 4, 1)
    assert backups(tmp_path) == ["progress-20261127T090000.sqlite3"]
    open_store(tmp_path, days=2).close()
    assert backups(tmp_path) == ["progress-20261127T090000.sqlite3", "progress-20261128T090000.sqlite3"]


def test_a_backup_is_a_valid_database_with_the_same_rows(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for i in range(30):
            grade(store, f"c{i}", i % 6, answer=f"answer {i}")
    open_store(tmp_path, days=1).close()
    (name,) = backups(tmp_path)
    assert rows(tmp_path / "backups" / name) == rows(db_path(tmp_path))
    assert len(rows(db_path(tmp_path))) == 30


def test_only_the_newest_seven_are_kept(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    for days in range(1, 11):
        open_store(tmp_path, days=days).close()
    assert backups(tmp_path) == [backup_name(at(days)) for days in range(11 - KEEP, 11)]
    assert newest_backup(tmp_path) == tmp_path / "backups" / backup_name(at(10))


def test_a_backup_made_for_an_earlier_moment_is_not_pruned_at_once(tmp_path: Path) -> None:
    """--now in the past: the copy of today's data must survive its own pruning."""
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    for days in range(1, 9):
        open_store(tmp_path, days=days).close()
    open_store(tmp_path, days=-5).close()
    assert backup_name(at(-5)) in backups(tmp_path)


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    open_store(tmp_path, days=1).close()
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [backup_name(at(1))]


def test_an_unwritable_backup_folder_is_a_clear_error(tmp_path: Path) -> None:
    """Works as root too: `backups` is a file, so no folder can be made there."""
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    (tmp_path / "backups").write_text("in the way")
    with pytest.raises(QuiztermError) as caught:
        open_store(tmp_path, days=1)
    assert str(tmp_path / "backups") in str(caught.value) and "\n" not in str(caught.value)


def test_restore_moves_the_damaged_file_aside_and_copies_the_backup_in(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    open_store(tmp_path, days=1).close()
    backup = newest_backup(tmp_path)
    assert backup is not None
    garbage = b"not a database" * 100
    db_path(tmp_path).write_bytes(garbage)
    aside = restore_backup(tmp_path, backup, now=at(2))
    assert aside.read_bytes() == garbage  # kept, never deleted
    with open_store(tmp_path, days=2) as store:
        assert store.review_count() == 1


def test_make_backup_keeps_working_while_another_connection_writes(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
        conn = connect(db_path(tmp_path))
        with raw(tmp_path) as other:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE cards SET reps = reps")
            path = make_backup(conn, tmp_path, now=at(3), verify=True)  # WAL: a reader is not blocked
            other.execute("COMMIT")
        conn.close()
    assert len(rows(path)) == 1
