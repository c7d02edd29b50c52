"""doctor: quick_check, replay the log, report and repair the state table (after a backup)."""

from __future__ import annotations

import io
import random
from pathlib import Path

from quizterm.store.doctor import check, run_doctor

from .helpers import at, backups, daily_backup, day, db_path, grade, open_store, raw, stale_caches


def graded(data_dir: Path) -> None:
    with open_store(data_dir) as store:
        for days, g in enumerate([5, 4, 2, 4]):
            grade(store, "a", g, days)
            grade(store, "b", 3, days)
        grade(store, "b", 1, 3, minutes=1)


def doctor(data_dir: Path, days: int = 5) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = run_doctor(data_dir, real_now=at(days), out=out)
    return status, out.getvalue().splitlines()


def test_a_healthy_database(tmp_path: Path) -> None:
    graded(tmp_path)
    status, lines = doctor(tmp_path)
    assert status == 0
    assert lines == [f"{db_path(tmp_path)}: quick_check ok",
                     f"{db_path(tmp_path)}: the state of all 2 cards matches the review log (9 reviews)"]


def test_no_database_yet(tmp_path: Path) -> None:
    assert doctor(tmp_path) == (0, [f"{db_path(tmp_path)}: no progress database yet; nothing to check"])
    assert not db_path(tmp_path).exists()


def test_a_drifted_state_table_is_reported_and_repaired_after_a_backup(tmp_path: Path) -> None:
    graded(tmp_path)
    with open_store(tmp_path) as store:
        good = store.records()
    with raw(tmp_path) as conn:
        conn.execute("UPDATE cards SET reps = 9, reviews = 1 WHERE card_id = 'a'")
        conn.execute("DELETE FROM cards WHERE card_id = 'b'")
        conn.execute("CREATE TEMP TABLE ghost AS SELECT * FROM cards WHERE card_id = 'a'")
        conn.execute("UPDATE temp.ghost SET card_id = 'ghost'")
        conn.execute("INSERT INTO cards SELECT * FROM temp.ghost")  # every column, however many there are
    before = backups(tmp_path)
    report = check(tmp_path, real_now=at(5), repair=False)
    assert not report.healthy and report.repaired == 0
    assert any("'a': state table says reps=9" in line and "the log gives reps=2" in line for line in report.lines)
    assert any("'b': missing from the state table" in line for line in report.lines)
    assert any("'ghost': has a state row but no events" in line for line in report.lines)

    status, lines = doctor(tmp_path)
    assert status == 0
    assert lines[-1].startswith(f"{db_path(tmp_path)}: repaired 3 cards from the review log (backup first: ")
    assert len(backups(tmp_path)) > len(before)
    assert all("\n" not in line for line in lines)
    with open_store(tmp_path) as store:
        assert store.records() == good
    assert doctor(tmp_path)[0] == 0


def test_a_damaged_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    graded(tmp_path)
    daily_backup(tmp_path, days=4)
    (newest,) = backups(tmp_path)
    content = random.Random(1).randbytes(10_000)
    db_path(tmp_path).write_bytes(content)
    status, lines = doctor(tmp_path)
    assert status == 1
    assert lines[0] == f"{db_path(tmp_path)}: quick_check: file is not a database"
    assert str(tmp_path / "backups" / newest) in lines[-1] and "quizterm doctor --restore-backup" in lines[-1]
    assert db_path(tmp_path).read_bytes() == content
    assert backups(tmp_path) == [newest]


def test_ids_graded_under_several_deck_names_are_listed_one_line_each(tmp_path: Path) -> None:
    """Progress follows the id: doctor names each id graded under more than one deck name (a report, not a
    problem: the exit status stays 0 and nothing is changed)."""
    with open_store(tmp_path) as store:
        grade(store, "a", 4, 0, deck="ml")
        grade(store, "a", 4, 1, deck="ml-copy")
        grade(store, "b", 4, 0, deck="old")
        grade(store, "b", 4, 1, deck="new")
        grade(store, "b", 4, 2, deck="newer")
        grade(store, "c", 4, 0, deck="ml")
    status, lines = doctor(tmp_path)
    path = db_path(tmp_path)
    assert status == 0
    assert lines[2:] == [
        f"{path}: card id 'a' has progress under 2 deck names: ml, ml-copy (fine after renaming a deck file; "
        "if the card was copied, give the copy a new id)",
        f"{path}: card id 'b' has progress under 3 deck names: new, newer, old (fine after renaming a deck file; "
        "if the card was copied, give the copy a new id)",
    ]


def test_a_long_list_of_shared_ids_is_cut_at_twenty_lines(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for n in range(23):
            grade(store, f"card-{n:02d}", 4, 0, deck="algo")
            grade(store, f"card-{n:02d}", 4, 1, deck="algorithms")
    status, lines = doctor(tmp_path)
    assert status == 0
    assert len(lines) == 2 + 20 + 1
    assert lines[-2].startswith(f"{db_path(tmp_path)}: card id 'card-19' has progress under 2 deck names")
    assert lines[-1] == f"{db_path(tmp_path)}: … and 3 more card ids with progress under several deck names"


def test_stale_event_caches_are_reported_and_repaired(tmp_path: Path) -> None:
    """The events' cached replay columns are checked too: the queue and stats read them."""
    graded(tmp_path)
    with open_store(tmp_path) as store:
        good = (store.records(), store.grades_on(day(3)))
    with raw(tmp_path) as conn:
        conn.execute("UPDATE events SET scheduling = 1 - scheduling WHERE card_id = 'b' AND day = ?",
                     (day(3).isoformat(),))
        conn.execute("UPDATE events SET cancelled = 1 WHERE n = 1")
    report = check(tmp_path, real_now=at(5), repair=False)
    assert not report.healthy
    assert f"{db_path(tmp_path)}: 3 events of 2 cards cache a replay result (cancelled, scheduling, was_new) " \
        "that differs from the log's" in report.lines
    status, lines = doctor(tmp_path)
    assert status == 0 and lines[-1].startswith(f"{db_path(tmp_path)}: repaired 0 cards and 3 events from the "
                                                "review log (backup first: ")
    with open_store(tmp_path) as store:
        assert (store.records(), store.grades_on(day(3))) == good
    with raw(tmp_path) as conn:
        assert stale_caches(conn) == 0
    assert doctor(tmp_path)[0] == 0
