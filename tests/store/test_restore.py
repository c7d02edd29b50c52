"""Restoring a backup: the old file moves aside (never deleted), the backup and anything it needs stay as they
are, and no `-wal`/`-shm` is left beside either file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizterm.errors import QuiztermError
from quizterm.store.restore import restore_backup

from .helpers import at, backups, daily_backup, db_path, grade, open_store, raw

SIDECARS = ("-wal", "-shm", "-journal")


def graded(data_dir: Path, count: int) -> None:
    with open_store(data_dir) as store:
        start = store.review_count()
        for i in range(start, start + count):
            grade(store, f"c{i}", 4)


def wal_copy(data_dir: Path, name: str) -> Path:
    """A copy in WAL mode, as quizterm before issue 10 made them (and as a user's own copy may be)."""
    path = data_dir / "backups" / name
    path.parent.mkdir(exist_ok=True)
    with raw(data_dir) as source:
        target = sqlite3.connect(path)
        source.backup(target)
        target.close()
    assert path.read_bytes()[18:20] == b"\x02\x02"
    return path


def sidecars(path: Path) -> list[str]:
    return [suffix for suffix in SIDECARS if Path(f"{path}{suffix}").exists()]


def reviews(data_dir: Path) -> int:
    with open_store(data_dir) as store:
        return store.review_count()


@pytest.mark.parametrize("kind", ["daily", "wal-mode copy"])
def test_restore_leaves_no_stray_wal_or_shm_and_keeps_the_damaged_file(tmp_path: Path, kind: str) -> None:
    graded(tmp_path, 2)
    backup = daily_backup(tmp_path, days=1) if kind == "daily" else wal_copy(tmp_path, "progress-old.sqlite3")
    assert backup is not None
    before = backup.read_bytes()
    damaged = b"not a database" * 500
    db = db_path(tmp_path)
    db.write_bytes(damaged)
    Path(f"{db}-wal").write_bytes(b"a wal that belongs to the damaged file")
    aside = restore_backup(tmp_path, backup, real_now=at(2))
    assert aside is not None and aside.read_bytes() == damaged
    assert Path(f"{aside}-wal").read_bytes() == b"a wal that belongs to the damaged file"  # moved with it
    assert backup.read_bytes() == before
    assert sidecars(backup) == [] and sidecars(db) == []
    assert {p.name for p in tmp_path.iterdir()} - {"backups", db.name} <= {
        aside.name, f"{aside.name}-wal", f"{aside.name}-shm"}
    assert reviews(tmp_path) == 2


def test_a_backup_whose_wal_holds_part_of_it_is_restored_whole_and_its_wal_kept(tmp_path: Path) -> None:
    """A copy taken with its `-wal` (e.g. the aside of an earlier restore): the `-wal` is needed, never removed."""
    graded(tmp_path, 1)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    copy = folder / "copy.sqlite3"
    writer = sqlite3.connect(copy, isolation_level=None)
    with raw(tmp_path) as source:
        source.backup(writer)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO events (event_id, device, seq, kind, card_id, deck, moment, day, grade, answer, "
                   "seconds, session, scheduling, was_new) SELECT 'only-in-wal', device, seq + 1, kind, "
                   "'only-in-wal', deck, moment, day, grade, answer, seconds, session, scheduling, was_new "
                   "FROM events")
    wal = Path(f"{copy}-wal")
    # Keep the commit in the -wal: copy the files while the writer still holds them open.
    held = {suffix: Path(f"{copy}{suffix}").read_bytes() for suffix in ("", "-wal")}
    writer.close()
    for suffix, content in held.items():
        Path(f"{copy}{suffix}").write_bytes(content)
    assert wal.stat().st_size > 0
    restore_backup(tmp_path, copy, real_now=at(2))
    assert wal.read_bytes() == held["-wal"]
    assert not Path(f"{copy}-shm").exists()
    assert reviews(tmp_path) == 2


def test_a_damaged_backup_changes_nothing(tmp_path: Path) -> None:
    graded(tmp_path, 1)
    db = db_path(tmp_path)
    before = db.read_bytes()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(QuiztermError) as caught:
        restore_backup(tmp_path, bad, real_now=at(2))
    message = str(caught.value)
    assert "nothing was changed" in message and "\n" not in message and str(bad) in message
    assert db.read_bytes() == before
    assert {p.name for p in tmp_path.iterdir()} - {f"{db.name}-wal", f"{db.name}-shm"} == {"bad.sqlite3", db.name}


def test_the_database_itself_is_not_a_backup(tmp_path: Path) -> None:
    graded(tmp_path, 1)
    with pytest.raises(QuiztermError, match="the progress database itself"):
        restore_backup(tmp_path, db_path(tmp_path), real_now=at(2))
    assert reviews(tmp_path) == 1
    assert backups(tmp_path) == []
