"""Backups follow the real clock from the command line: `--now` never names, dedups, prunes or chooses them.

These reproduce issue 10's findings through `quizterm.cli.main` (in-process, the real clock). Backup files
are made here with SQLite's backup API directly, with a name and a modification time chosen by the test,
so they stand for files an older quizterm left, whatever the code under test would name them.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.store.db import DB_NAME

ROOT = Path(__file__).resolve().parents[1]
DECKS = str(ROOT / "decks")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def grades(data_dir: Path, count: int) -> None:
    """`count` more grades in the log, as the app records them (schema made by the app's own code)."""
    from quizterm.store.progress import ProgressStore

    now = datetime.now(UTC)
    with ProgressStore.open(data_dir, real_now=now) as store:
        start = store.review_count()
        for i in range(start, start + count):
            store.record_grade(card_id=f"card-{i}", deck="d", grade=4, moment=now, day=now.date())


def backup_file(data_dir: Path, name_moment: datetime, made_at: datetime) -> Path:
    """A complete backup named after `name_moment`, whose file says it was written at `made_at`."""
    folder = data_dir / "backups"
    folder.mkdir(exist_ok=True)
    path = folder / f"progress-{name_moment.astimezone(UTC):%Y%m%dT%H%M%S}.sqlite3"
    source = sqlite3.connect(data_dir / DB_NAME)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    os.utime(path, (made_at.timestamp(), made_at.timestamp()))
    return path


def names(data_dir: Path) -> list[str]:
    folder = data_dir / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def reviews_in(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def test_stats_on_seven_simulated_days_keeps_every_real_backup(tmp_path: Path) -> None:
    """Found: `stats --now` on seven later dates made seven backups named by them, pruning the real one."""
    grades(tmp_path, 1)
    now = datetime.now(UTC)
    real = backup_file(tmp_path, now, now)
    for offset in range(1, 8):
        day = (now + timedelta(days=30 * offset)).date()
        code, _, err = run("stats", DECKS, "--data-dir", str(tmp_path), "--now", day.isoformat())
        assert code == 0, err
    assert names(tmp_path) == [real.name]


def test_stats_never_makes_the_daily_backup(tmp_path: Path) -> None:
    grades(tmp_path, 2)
    code, _, err = run("stats", DECKS, "--data-dir", str(tmp_path))
    assert code == 0, err
    assert names(tmp_path) == []


def test_the_newest_real_backup_is_named_and_restored_not_a_simulated_day(tmp_path: Path) -> None:
    """Found: after damage, the error named a backup from a simulated future day, and `doctor
    --restore-backup` restored it (1 review) instead of the newest real one (2 reviews)."""
    now = datetime.now(UTC)
    grades(tmp_path, 1)
    simulated = backup_file(tmp_path, now + timedelta(days=400), made_at=now - timedelta(days=2))
    grades(tmp_path, 1)
    real = backup_file(tmp_path, now - timedelta(hours=1), made_at=now - timedelta(hours=1))
    assert reviews_in(simulated) == 1 and reviews_in(real) == 2
    (tmp_path / DB_NAME).write_bytes(b"not a database" * 1000)
    for leftover in ("-wal", "-shm"):
        Path(f"{tmp_path / DB_NAME}{leftover}").unlink(missing_ok=True)
    code, _, err = run("stats", DECKS, "--data-dir", str(tmp_path))
    assert code == 1 and str(real) in err and str(simulated) not in err
    code, out, err = run("doctor", "--restore-backup", "--data-dir", str(tmp_path))
    assert code == 0, err
    assert f"restored {real}" in out
    assert "matches the review log (2 reviews)" in out  # doctor's check of the restored file


def test_a_migration_under_now_backs_up_by_the_real_clock(tmp_path: Path) -> None:
    """A schema migration still makes its own backup first, even from a read-only command, named by real time."""
    from quizterm.store.db import connect
    from quizterm.store.migrations import MIGRATIONS, migrate

    conn = connect(tmp_path / DB_NAME)
    migrate(conn, tmp_path / DB_NAME, backup=lambda: None, steps=MIGRATIONS[:1])
    conn.execute("INSERT INTO sessions (id, started_at) VALUES (1, '2026-11-26T09:00:00.000000Z')")
    conn.execute("INSERT INTO reviews VALUES (NULL, 'a', 'd', '2026-11-26T09:00:00.000000Z', '2026-11-26', 4, 1, "
                 "1, '', 1.0, 1, 250, 1, '2026-11-27', 0, 1)")
    conn.close()
    before = datetime.now(UTC)
    code, _, err = run("stats", DECKS, "--data-dir", str(tmp_path), "--now", "2031-06-01")
    assert code == 0, err
    (name,) = names(tmp_path)
    made = datetime.fromtimestamp((tmp_path / "backups" / name).stat().st_mtime, UTC)
    assert before - timedelta(seconds=1) <= made <= datetime.now(UTC)
    assert name == f"progress-{made:%Y%m%dT%H%M%S}.sqlite3"
    assert reviews_in(tmp_path / "backups" / name) == 1


def test_drill_under_now_makes_the_days_backup_by_the_real_clock_after_the_first_screen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The drill hands the backup to the app as after-first-screen work; the app here runs only that."""
    from quizterm.tui.app import QuiztermApp

    grades(tmp_path, 3)
    seen: list[list[str]] = []

    def first_screen_then_quit(app: QuiztermApp) -> None:
        seen.append(names(tmp_path))  # the first screen comes before any backup
        assert app.simulated and app.simulated_time_mark() == "simulated time: 2031-06-01"
        app._after_first_screen()  # type: ignore[misc]

    monkeypatch.setattr(QuiztermApp, "run", first_screen_then_quit)
    before = datetime.now(UTC)
    code, _, err = run("drill", DECKS, "--data-dir", str(tmp_path), "--now", "2031-06-01T10:00")
    assert code == 0, err
    assert seen == [[]]
    (name,) = names(tmp_path)
    made = datetime.fromtimestamp((tmp_path / "backups" / name).stat().st_mtime, UTC)
    assert before - timedelta(seconds=1) <= made <= datetime.now(UTC)
    assert not name.startswith("progress-2031")
    assert reviews_in(tmp_path / "backups" / name) == 3


def test_list_backups_table_and_json(tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    grades(tmp_path, 1)
    older = backup_file(tmp_path, now + timedelta(days=400), made_at=now - timedelta(days=2))
    grades(tmp_path, 2)
    newer = backup_file(tmp_path, now - timedelta(hours=1), made_at=now - timedelta(hours=1))
    broken = tmp_path / "backups" / "progress-20200101T000000.sqlite3"
    broken.write_bytes(newer.read_bytes()[: 4096 * 2])
    os.utime(broken, ((now - timedelta(days=3)).timestamp(),) * 2)
    code, out, err = run("doctor", "--list-backups", "--data-dir", str(tmp_path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{tmp_path / 'backups'}: 3 backups, newest first (`doctor --restore-backup` takes the first)"
    assert lines[1].split() == ["made", "(local", "time)", "size", "reviews", "verified", "file"]
    local = (now - timedelta(hours=1)).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert lines[2].startswith(local) and lines[2].split()[-3:] == ["3", "yes", newer.name]
    assert lines[3].split()[-3:] == ["1", "yes", older.name]
    assert "NO: " in lines[4] and lines[4].endswith(broken.name)
    code, out, err = run("doctor", "--list-backups", "--json", "--data-dir", str(tmp_path))
    assert code == 0, err
    listed = json.loads(out)["backups"]
    assert [(b["path"], b["reviews"], b["verified"]) for b in listed[:2]] == [(str(newer), 3, True),
                                                                             (str(older), 1, True)]
    assert listed[0]["made_at"] == f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M:%SZ}"
    assert listed[0]["bytes"] == newer.stat().st_size
    assert listed[2]["verified"] is False and listed[2]["problem"]
    assert names(tmp_path) == sorted([older.name, newer.name, broken.name])  # listing creates nothing


def test_list_backups_when_there_are_none(tmp_path: Path) -> None:
    code, out, _ = run("doctor", "--list-backups", "--data-dir", str(tmp_path))
    assert code == 0 and out.startswith(f"{tmp_path / 'backups'}: no backups yet")
    code, out, _ = run("doctor", "--list-backups", "--json", "--data-dir", str(tmp_path))
    assert code == 0 and json.loads(out)["backups"] == []


def test_json_goes_with_list_backups(tmp_path: Path) -> None:
    code, _, err = run("doctor", "--json", "--data-dir", str(tmp_path))
    assert code == 2 and "--json goes with --list-backups" in err


def test_a_migration_says_on_stderr_that_it_is_a_one_time_upgrade(tmp_path: Path) -> None:
    """At a million reviews an upgrade takes tens of seconds before the first screen: the user is told why."""
    from quizterm.store.db import connect
    from quizterm.store.migrations import LATEST_VERSION, MIGRATIONS, migrate

    conn = connect(tmp_path / DB_NAME)
    migrate(conn, tmp_path / DB_NAME, backup=lambda: None, steps=MIGRATIONS[:1])
    conn.execute("INSERT INTO sessions (id, started_at) VALUES (1, '2026-11-26T09:00:00.000000Z')")
    conn.execute("INSERT INTO reviews VALUES (NULL, 'a', 'd', '2026-11-26T09:00:00.000000Z', '2026-11-26', 4, 1, "
                 "1, '', 1.0, 1, 250, 1, '2026-11-27', 0, 1)")
    conn.close()
    code, _, err = run("stats", DECKS, "--data-dir", str(tmp_path))
    assert code == 0, err
    (line,) = [line for line in err.splitlines() if "upgrading" in line]
    assert str(tmp_path / DB_NAME) in line
    assert f"version 1 to {LATEST_VERSION}" in line and "one-time" in line
    # Once upgraded, nothing more is said.
    code, _, err = run("stats", DECKS, "--data-dir", str(tmp_path))
    assert code == 0 and "upgrading" not in err
