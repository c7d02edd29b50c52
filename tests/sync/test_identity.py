"""A data directory copied to a second machine, or restored from a backup: its own journal tells."""

from __future__ import annotations

import shutil
from pathlib import Path

from quizterm.store.progress import ProgressStore
from quizterm.store.restore import restore_backup
from quizterm.sync.journal import ROOT
from quizterm.sync.state import STATE_NAME

from .helpers import REAL, cards, data_dirs, device, event_caches, grade, sync


def copy_data_dir(source: Path, target: Path) -> Path:
    """What a user does with `cp -r` or a USB stick: everything, the sync state included."""
    shutil.copytree(source, target)
    return target


def test_a_copied_data_dir_takes_a_new_device_id_and_both_converge(tmp_path: Path) -> None:
    (a,) = data_dirs(tmp_path, "a")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 5)
    sync(a, folder)
    b = copy_data_dir(a, tmp_path / "b")
    assert device(b) == device(a)
    grade(a, "y", 4, minutes=1)  # both go on under the same id: two events claim seq 2
    grade(b, "z", 3, minutes=2)
    assert sync(a, folder).problems == []
    report = sync(b, folder)
    old = device(a)
    assert report.old_device == old and report.device == device(b) != old
    assert report.problems == [] and len(report.notes) == 1
    assert report.notes[0].startswith(f"{folder / ROOT / old}: this device's journal holds 1 event of this "
                                         "device that its database lacks and lacks 1 event of its database")
    assert f"It now writes as device {device(b)} (1 event moved to it)" in report.notes[0]
    assert (report.imported, report.exported) == (1, 1)
    assert sync(a, folder).problems == [] and sync(b, folder).problems == []
    assert cards(a) == cards(b) and len(cards(a)) == 3
    assert sorted(e[0] for e in event_caches(a)) == sorted(e[0] for e in event_caches(b))
    assert device(a) == old  # the original keeps its id


def test_the_copy_is_noticed_whichever_machine_syncs_first(tmp_path: Path) -> None:
    (a,) = data_dirs(tmp_path, "a")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 5)
    b = copy_data_dir(a, tmp_path / "b")  # copied before any sync: neither has written the journal
    grade(a, "y", 4, minutes=1)
    grade(b, "z", 3, minutes=2)
    assert sync(b, folder).problems == []  # the copy goes first and keeps the id
    report = sync(a, folder)
    assert report.old_device is not None and report.imported == 1
    for _ in range(2):
        for data_dir in (a, b):
            assert sync(data_dir, folder).problems == []
    assert cards(a) == cards(b) and len(cards(a)) == 3


def test_a_restored_backup_gets_back_what_its_journal_holds(tmp_path: Path) -> None:
    (a,) = data_dirs(tmp_path, "a")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 5)
    with ProgressStore.open(a, real_now=REAL) as store:
        backup = tmp_path / "backup.sqlite3"
        store._db().execute("VACUUM INTO ?", (str(backup),))
    grade(a, "y", 4, minutes=1)
    grade(a, "x", 2, days=1)
    sync(a, folder)
    before = cards(a)
    restore_backup(a, backup, real_now=REAL)
    assert len(cards(a)) == 1
    report = sync(a, folder)
    assert report.old_device is not None and report.imported == 2
    assert cards(a) == before
    assert sync(a, folder).problems == []


def test_losing_the_sync_state_changes_nothing(tmp_path: Path) -> None:
    """The state is a cache: without it the journal is read again, and agrees with the log."""
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 5)
    grade(b, "y", 4)
    for data_dir in (a, b, a):
        sync(data_dir, folder)
    (a / STATE_NAME).unlink()
    report = sync(a, folder)
    assert (report.old_device, report.imported, report.exported, report.problems) == (None, 0, 0, [])
    assert report.duplicates == 1


def test_a_crash_between_writing_and_remembering_is_harmless(tmp_path: Path) -> None:
    """The own file is longer than the state says (the state's record was lost): the lines are ours."""
    (a,) = data_dirs(tmp_path, "a")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 5)
    sync(a, folder)
    import sqlite3

    with sqlite3.connect(a / STATE_NAME) as conn:
        saved = conn.execute("SELECT * FROM files").fetchall()
    grade(a, "y", 4, minutes=1)
    sync(a, folder)
    with sqlite3.connect(a / STATE_NAME) as conn:
        conn.execute("DELETE FROM files")
        conn.executemany(f"INSERT INTO files VALUES ({', '.join('?' * 9)})", saved)
    report = sync(a, folder)
    assert (report.old_device, report.exported, report.problems) == (None, 0, [])
    assert len((folder / ROOT / device(a) / "2026-11.jsonl").read_bytes().splitlines()) == 2


def test_own_lines_lost_from_the_journal_are_written_again(tmp_path: Path) -> None:
    """Someone deleted this device's newest file: its events go out again (no new id needed)."""
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 5)
    grade(a, "y", 4, days=10)
    sync(a, folder)
    (folder / ROOT / device(a) / "2026-12.jsonl").unlink()
    report = sync(a, folder)
    assert (report.old_device, report.exported) == (None, 1)
    sync(b, folder)
    assert cards(a) == cards(b) and len(cards(b)) == 2


def test_an_own_file_rewritten_without_some_events_takes_a_new_id_and_loses_nothing(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    for minute in range(3):
        grade(a, f"c{minute}", 4, minutes=minute)
    sync(a, folder)
    path = folder / ROOT / device(a) / "2026-11.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + lines[2])  # the middle event is gone from the journal
    report = sync(a, folder)
    assert report.old_device is not None and "lacks 1 event of its database" in report.notes[0]
    assert report.exported == 1
    sync(b, folder)
    assert cards(a) == cards(b) and len(cards(b)) == 3
