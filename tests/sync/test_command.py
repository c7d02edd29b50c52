"""`quizterm sync` and `sync --status` from the command line; config.toml's keys; a drill's sync; doctor."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.config import load_settings
from quizterm.errors import QuiztermError
from quizterm.store.progress import ProgressStore
from quizterm.sync.background import DrillSync
from quizterm.sync.journal import ROOT
from quizterm.sync.state import sync_lock

from .helpers import REAL, cards, data_dirs, device, grade, sync


def quizterm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sync_dir_prints_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 4)
    assert quizterm(capsys, "sync", str(folder), "--data-dir", str(a)) == (
        0, f"synced {folder}: wrote 1 event of this device\n", "")
    assert quizterm(capsys, "sync", str(folder), "--data-dir", str(b)) == (
        0, f"synced {folder}: 1 new event from 1 other device\n", "")
    assert quizterm(capsys, "sync", str(folder), "--data-dir", str(b)) == (0, f"synced {folder}: nothing new\n", "")


def test_problems_go_to_stderr_and_fail_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 4)
    grade(a, "y", 4, minutes=1)
    sync(a, folder)
    path = folder / ROOT / device(a) / "2026-11.jsonl"
    path.write_bytes(b"garbage\n" + path.read_bytes())
    code, out, err = quizterm(capsys, "sync", str(folder), "--data-dir", str(b))
    assert code == 1
    assert err == f"{path}:1: Invalid JSON: expected value (column 1); skipped\n"
    assert out == f"synced {folder}: 2 new events from 1 other device; 1 problem reported\n"
    assert quizterm(capsys, "sync", str(folder), "--data-dir", str(b))[:2] == (0, f"synced {folder}: nothing new\n")
    _, status, _ = quizterm(capsys, "sync", "--status", str(folder), "--data-dir", str(b))
    last, reported, line = status.splitlines()[-3:]
    assert re.fullmatch(rf"  last sync: [-\d]+ [:\d]+: synced {re.escape(str(folder))}: nothing new", last)
    assert re.fullmatch(r"  reported by the sync of [-\d]+ [:\d]+:", reported)
    assert line == f"    {path}:1: Invalid JSON: expected value (column 1); skipped"


def test_without_a_folder_the_config_names_it_or_it_is_a_usage_error(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = data_dirs(tmp_path, "a")
    code, _, err = quizterm(capsys, "sync", "--data-dir", str(a))
    assert code == 2 and "name the sync folder (quizterm sync DIR" in err
    (tmp_path / "shared").mkdir()
    (a / "config.toml").write_text('sync_dir = "../shared"\n')  # relative to the data directory
    grade(a, "x", 4)
    code, out, _ = quizterm(capsys, "sync", "--data-dir", str(a))
    assert (code, out) == (0, f"synced {(tmp_path / 'shared').resolve()}: wrote 1 event of this device\n")
    (a / "config.toml").write_text('sync_dir = "../shared"\nsync_git = "../clone"\n')
    code, _, err = quizterm(capsys, "sync", "--data-dir", str(a))
    assert code == 1 and err == f"quizterm: error: {a / 'config.toml'}: set sync_dir or sync_git, not both\n"
    (a / "config.toml").write_text("sync_dir = 3\n")
    with pytest.raises(QuiztermError, match="sync_dir must be a folder's path in quotes, not 3"):
        load_settings(a)


def test_status_names_the_devices_their_last_events_and_what_is_pending(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(b, "y", 5)
    sync(b, folder)
    grade(a, "x", 4)
    sync(a, folder)
    grade(a, "x", 2, days=1)
    code, out, _ = quizterm(capsys, "sync", "--status", str(folder), "--data-dir", str(a))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"this device: {device(a)} (data directory {a})"
    assert lines[1] == "devices seen: 2"
    assert sorted(lines[2:4]) == sorted([f"  {device(a)} (this device): 2 events; last: grade of x at "
                                         f"{_local('2026-11-27T09:00:00Z')} (#2)",
                                         f"  {device(b)}: 1 event; last: grade of y at {_local('2026-11-26T09:00:00Z')}"
                                         " (#1)"])
    assert lines[4:7] == [f"sync folder: {folder.resolve()}", "  pending: 1 event of this device not yet written there",
                          f"  last sync: {_local(REAL.isoformat())}: synced {folder}: 1 new event from 1 other device; "
                          "wrote 1 event of this device"]


def _local(moment: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def test_a_drill_syncs_at_start_and_at_quit(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(b, "y", 5)
    sync(b, folder)
    drill = DrillSync(a, folder, git=False)
    drill.at_start(REAL)
    assert (drill.imported, drill.problem) == (1, None)
    grade(a, "x", 3)  # the sitting's grade
    drill.at_quit(REAL)
    assert drill.problem is None
    sync(b, folder)
    assert cards(a) == cards(b) and len(cards(b)) == 2


def test_a_drills_sync_failure_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    (a,) = data_dirs(tmp_path, "a")
    drill = DrillSync(a, tmp_path / "unplugged-usb-stick", git=False)
    drill.at_start(REAL)
    grade(a, "x", 3)
    drill.at_quit(REAL)
    assert drill.problem == (f"sync with {tmp_path / 'unplugged-usb-stick'} failed: {tmp_path / 'unplugged-usb-stick'}"
                             ": the sync folder does not exist; create it (mkdir -p "
                             f"{tmp_path / 'unplugged-usb-stick'}) or name another; your grades are saved, the next "
                             "sync takes them")
    assert len(cards(a)) == 1


def test_a_drill_leaves_the_work_to_a_sync_already_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`quizterm sync` in another terminal holds the lock: the drill's start sync steps aside silently; at
    quit it waits a moment, then says the grades wait for the next sync."""
    import quizterm.sync.background as background

    monkeypatch.setattr(background, "LOCK_WAIT", 0.1)
    (a,) = data_dirs(tmp_path, "a")
    folder = tmp_path / "folder"
    folder.mkdir()
    drill = DrillSync(a, folder, git=False)
    with sync_lock(a):
        drill.at_start(REAL)
        assert drill.problem is None
        drill.at_quit(REAL)
    assert drill.problem is not None and "another sync of this data directory is running" in drill.problem


def test_restoring_a_backup_brings_back_the_newer_events_from_the_journal(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = data_dirs(tmp_path, "a")
    folder = tmp_path / "folder"
    folder.mkdir()
    (a / "config.toml").write_text(f'sync_dir = "{folder}"\n')
    grade(a, "x", 5)
    backup = tmp_path / "old.sqlite3"
    with sqlite3.connect(a / "progress.sqlite3") as conn:
        conn.execute("VACUUM INTO ?", (str(backup),))
    grade(a, "y", 4, minutes=1)
    sync(a, folder)
    before = cards(a)
    code, out, _ = quizterm(capsys, "doctor", "--restore-backup", str(backup), "--data-dir", str(a))
    assert code == 0
    assert out.splitlines()[1] == f"brought back 1 event from the journal in {folder}"
    assert cards(a) == before
    with ProgressStore.open(a, real_now=REAL) as store:
        assert store.review_count() == 2


def test_a_sync_announces_a_one_time_upgrade_as_every_command_does(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The first command after upgrading quizterm may be a sync: the migration (seconds at a long history)
    is announced on stderr, and the sync's own lines follow."""
    from quizterm.store.db import connect
    from quizterm.store.migrations import MIGRATIONS, migrate

    data = tmp_path / "data"
    data.mkdir()
    conn = connect(data / "progress.sqlite3")
    migrate(conn, data / "progress.sqlite3", backup=lambda: None, steps=MIGRATIONS[:1])
    conn.execute("INSERT INTO sessions (id, started_at) VALUES (1, '2026-11-26T09:00:00.000000Z')")
    conn.execute("INSERT INTO reviews VALUES (NULL, 'a', 'd', '2026-11-26T09:00:00.000000Z', '2026-11-26', 4, 1, "
                 "1, '', 1.0, 1, 250, 1, '2026-11-27', 0, 1)")
    conn.close()
    folder = tmp_path / "folder"
    folder.mkdir()
    code, out, err = quizterm(capsys, "sync", str(folder), "--data-dir", str(data))
    assert code == 0 and out == f"synced {folder}: wrote 1 event of this device\n"
    (line,) = err.splitlines()
    assert line.startswith(f"quizterm: upgrading {data / 'progress.sqlite3'} from database version 1")
    assert "one-time" in line
