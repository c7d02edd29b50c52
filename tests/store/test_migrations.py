"""Schema versions: from nothing, from an empty file, from every earlier version; newer files refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizterm.errors import QuiztermError
from quizterm.store.backups import make_backup
from quizterm.store.db import connect, use_wal
from quizterm.store.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate, user_version

from .helpers import at, backups, db_path, grade, open_store, raw


def schema(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    return set(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


def fresh_schema(tmp_path: Path) -> set[tuple[str, str, str]]:
    reference = tmp_path / "reference"
    reference.mkdir()
    open_store(reference).close()
    with raw(reference) as conn:
        return schema(conn)


def no_backup() -> None:
    raise AssertionError("an empty database needs no backup")


def test_versions_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert all(m.why for m in MIGRATIONS)


def test_a_missing_file_is_created_at_the_latest_version(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    with raw(tmp_path) as conn:
        assert user_version(conn) == LATEST_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert backups(tmp_path) == []  # nothing to back up before creating it


def test_an_empty_file_is_migrated_from_version_0(tmp_path: Path) -> None:
    db_path(tmp_path).write_bytes(b"")
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
        assert store.review_count() == 1
    with raw(tmp_path) as conn:
        assert user_version(conn) == LATEST_VERSION
    assert backups(tmp_path) == []


@pytest.mark.parametrize("version", range(LATEST_VERSION))
def test_every_earlier_version_reaches_the_latest_schema(tmp_path: Path, version: int) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    conn = connect(db_path(data_dir))
    migrate(conn, db_path(data_dir), backup=no_backup, steps=MIGRATIONS[:version])
    assert user_version(conn) == version
    conn.close()
    with open_store(data_dir) as store:
        grade(store, "a", 4)
    with raw(data_dir) as conn:
        assert user_version(conn) == LATEST_VERSION
        assert schema(conn) == fresh_schema(tmp_path)
    assert len(backups(data_dir)) == (1 if version > 0 else 0)


def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    with raw(tmp_path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = db_path(tmp_path).read_bytes()
    with pytest.raises(QuiztermError) as caught:
        open_store(tmp_path)
    message = str(caught.value)
    assert str(db_path(tmp_path)) in message and "newer quizterm" in message and "upgrade" in message
    assert "\n" not in message
    assert db_path(tmp_path).read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(db_path(tmp_path)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    with pytest.raises(QuiztermError, match="not a quizterm progress database"):
        open_store(tmp_path)
    with raw(tmp_path) as conn:
        assert user_version(conn) == 0
        assert [row[0] for row in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


EXTRA = Migration(version=LATEST_VERSION + 1, why="test: a later release adds a column",
                  statements=("ALTER TABLE cards ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0",))


def test_a_future_step_runs_after_a_backup_of_the_old_file(tmp_path: Path) -> None:
    """The machinery a real second version will use: backup first, then the step, data kept."""
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
        grade(store, "b", 2)
    conn = connect(db_path(tmp_path))
    use_wal(conn)
    found = migrate(conn, db_path(tmp_path), steps=(*MIGRATIONS, EXTRA),
                    backup=lambda: make_backup(conn, tmp_path, made_at=at(1)))
    assert found == LATEST_VERSION
    assert user_version(conn) == LATEST_VERSION + 1
    assert conn.execute("SELECT card_id, flagged FROM cards ORDER BY card_id").fetchall() == [("a", 0), ("b", 0)]
    conn.close()
    (name,) = backups(tmp_path)
    with sqlite3.connect(tmp_path / "backups" / name) as old:
        assert user_version(old) == LATEST_VERSION
        assert old.execute("SELECT count(*) FROM reviews").fetchone() == (2,)
    old.close()
    with pytest.raises(QuiztermError, match="newer quizterm"):  # and this code now refuses it
        open_store(tmp_path)


def test_a_failing_step_leaves_the_old_version(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    broken = Migration(version=LATEST_VERSION + 1, why="test: fails halfway",
                       statements=("CREATE TABLE halfway (x)", "THIS IS NOT SQL"))
    conn = connect(db_path(tmp_path))
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, db_path(tmp_path), steps=(*MIGRATIONS, broken), backup=lambda: None)
    assert user_version(conn) == LATEST_VERSION
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'halfway'").fetchone() is None
    assert not conn.in_transaction
    conn.close()
    with open_store(tmp_path) as store:
        assert store.review_count() == 1


def test_two_openers_migrate_once(tmp_path: Path) -> None:
    """The version is re-read under the write lock: whoever comes second finds the work done."""
    open_store(tmp_path).close()
    first = connect(db_path(tmp_path))
    second = connect(db_path(tmp_path))
    steps = (*MIGRATIONS, EXTRA)

    def meanwhile() -> None:  # second has read the old version; first migrates before second locks
        migrate(first, db_path(tmp_path), steps=steps, backup=lambda: None)

    migrate(second, db_path(tmp_path), steps=steps, backup=meanwhile)  # "duplicate column" otherwise
    assert user_version(second) == LATEST_VERSION + 1
    first.close()
    second.close()
