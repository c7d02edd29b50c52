"""Damaged and unwritable databases: one clear line naming the file and the newest backup, bytes untouched."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from quizterm.errors import QuiztermError
from quizterm.store.daily_backup import DailyBackup
from quizterm.store.progress import ProgressStore

from .helpers import at, backups, daily_backup, db_path, grade, open_store


def garbage(n: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(n)


def healthy(data_dir: Path, *, reviews: int = 1, backup: bool = False) -> bytes:
    """A real database with `reviews` grades (and a daily backup if asked); returns its bytes."""
    with open_store(data_dir) as store:
        for i in range(reviews):
            grade(store, f"card-{i:05d}", i % 6, answer="x" * 50)
    if backup:
        daily_backup(data_dir, days=1)
    return db_path(data_dir).read_bytes()


def refused(data_dir: Path, days: int = 2) -> str:
    with pytest.raises(QuiztermError) as caught:
        open_store(data_dir, days=days)
    message = str(caught.value)
    assert "\n" not in message
    assert str(db_path(data_dir)) in message
    return message


def test_garbage_bytes_without_a_backup(tmp_path: Path) -> None:
    content = garbage(8192)
    db_path(tmp_path).write_bytes(content)
    message = refused(tmp_path)
    assert "damaged" in message and "no backup" in message and "quizterm doctor" in message
    assert db_path(tmp_path).read_bytes() == content
    assert backups(tmp_path) == []


def test_garbage_bytes_name_the_newest_backup(tmp_path: Path) -> None:
    healthy(tmp_path, backup=True)
    (newest,) = backups(tmp_path)
    content = garbage(8192)
    db_path(tmp_path).write_bytes(content)
    message = refused(tmp_path)
    assert str(tmp_path / "backups" / newest) in message
    assert db_path(tmp_path).read_bytes() == content
    assert backups(tmp_path) == [newest]  # no backup of the damaged file pushed in


def test_a_valid_header_then_garbage(tmp_path: Path) -> None:
    good = healthy(tmp_path, reviews=200)
    content = good[:100] + garbage(len(good) - 100)
    db_path(tmp_path).write_bytes(content)
    message = refused(tmp_path)
    assert "malformed" in message
    assert db_path(tmp_path).read_bytes() == content


def test_a_truncated_file(tmp_path: Path) -> None:
    good = healthy(tmp_path, reviews=3000, backup=True)
    assert len(good) > 100_000
    content = good[: len(good) // 2]
    db_path(tmp_path).write_bytes(content)
    message = refused(tmp_path)
    assert "backups" in message
    assert db_path(tmp_path).read_bytes() == content


def test_damage_deep_inside_is_caught_by_the_verified_daily_backup(tmp_path: Path) -> None:
    """Pages opening never reads are checked once a day, in the background: the damaged copy must not replace
    good backups, and the drill is told (one line naming the newest good backup)."""
    good = healthy(tmp_path, reviews=3000, backup=True)
    before = backups(tmp_path)
    page = 4096
    middle = (len(good) // page // 2) * page
    content = good[:middle] + garbage(page) + good[middle + page:]
    db_path(tmp_path).write_bytes(content)
    daily = DailyBackup(tmp_path)
    assert daily.run(at(2)) is None
    message = daily.problem
    assert message is not None and "\n" not in message
    assert "damaged" in message and str(tmp_path / "backups" / before[-1]) in message
    assert backups(tmp_path) == before
    assert db_path(tmp_path).read_bytes() == content


def test_read_only_mode_refuses_grades_with_a_clear_error(tmp_path: Path) -> None:
    """Works as root: SQLite itself refuses the write on a `mode=ro` connection."""
    healthy(tmp_path)
    with ProgressStore.open(tmp_path, real_now=at(0), read_only=True) as store:
        assert store.review_count() == 1  # reads work
        with pytest.raises(QuiztermError) as caught:
            grade(store, "new-card", 4)
        message = str(caught.value)
        assert str(db_path(tmp_path)) in message and "read-only" in message and "\n" not in message
        assert store.review_count() == 1


def test_read_only_mode_without_a_database(tmp_path: Path) -> None:
    with pytest.raises(QuiztermError, match="no progress database yet"):
        ProgressStore.open(tmp_path, real_now=at(0), read_only=True)


def test_a_data_dir_that_is_a_file(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("")
    with pytest.raises(QuiztermError, match="not a directory"):
        open_store(not_a_dir)


def test_a_missing_data_dir_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(QuiztermError, match="does not exist"):
        open_store(tmp_path / "typo")
    assert not (tmp_path / "typo").exists()


def test_a_database_path_that_is_a_folder(tmp_path: Path) -> None:
    db_path(tmp_path).mkdir()
    with pytest.raises(QuiztermError, match="not a file"):
        open_store(tmp_path)


def _permissions_ignored(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.write_text("")
    except OSError:
        return False
    probe.unlink()
    return True


@pytest.mark.parametrize("existing", [False, True])
def test_a_read_only_data_dir(tmp_path: Path, existing: bool) -> None:
    if existing:
        healthy(tmp_path, backup=True)
    before = db_path(tmp_path).read_bytes() if existing else None
    tmp_path.chmod(0o555)
    try:
        if _permissions_ignored(tmp_path):
            pytest.skip("root ignores permissions")
        message = refused(tmp_path, days=3)
        assert "writ" in message  # "write to", "writable"
    finally:
        tmp_path.chmod(0o755)
    if existing:
        assert db_path(tmp_path).read_bytes() == before


def test_a_read_only_database_file(tmp_path: Path) -> None:
    healthy(tmp_path)
    path = db_path(tmp_path)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert not leftover.exists()
    path.chmod(0o444)
    try:
        with path.open("ab"):
            pytest.skip("root ignores permissions")
    except PermissionError:
        pass
    try:
        message = refused(tmp_path, days=0)
        assert "read-only" in message
    finally:
        path.chmod(0o644)


def test_sqlite_errors_never_escape_raw(tmp_path: Path) -> None:
    """A table dropped behind quizterm's back: a QuiztermError pointing at doctor, not sqlite3.Error."""
    healthy(tmp_path)
    with open_store(tmp_path) as store:
        conn = sqlite3.connect(db_path(tmp_path))
        conn.execute("DROP TABLE cards")
        conn.commit()
        conn.close()
        with pytest.raises(QuiztermError, match="quizterm doctor"):
            store.states()
    assert db_path(tmp_path).exists()
