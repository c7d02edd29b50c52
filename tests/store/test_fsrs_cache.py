"""FSRS's memory in the store: folded per event beside SM-2, whichever scheduler is chosen; switching
schedulers replays nothing and gives SM-2 back exactly; the v4 migration and doctor rebuild it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.scheduler.sm2 import CardState, Sm2Scheduler, schedule
from quizterm.store.db import connect
from quizterm.store.doctor import check, run_doctor
from quizterm.store.migrations import LATEST_VERSION, MIGRATIONS, migrate, user_version
from quizterm.store.progress import ProgressStore

from .helpers import at, backups, day, db_path, grade, open_store, raw, replayed

FSRS = FsrsScheduler()


def fsrs_memory(reviews: Sequence[tuple[int, int]]) -> FsrsState:
    """The memory after scheduling grades (grade, day offset), by the scheduler alone."""
    state = FSRS.initial()
    for g, days in reviews:
        state = FSRS.review(state, g, day(days))
    return state


def history(store: ProgressStore) -> None:
    """Two cards over a week: drills on the same day, a practice grade, a lapse, a reset of "b"."""
    grade(store, "a", 4, 0)
    grade(store, "a", 2, 0, minutes=5)  # a drill: moves neither scheduler
    store.record_practice(card_id="a", deck="d", grade=0, moment=at(1), day=day(1))
    grade(store, "a", 5, 2)
    grade(store, "a", 1, 6)
    grade(store, "b", 3, 0)
    store.reset(card_id="b", deck="d", moment=at(1), day=day(1))
    grade(store, "b", 4, 1, minutes=1)
    grade(store, "b", 4, 4)


def test_the_memory_is_fsrs_over_the_scheduling_grades(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        history(store)
        records = store.records()
        assert records["a"].memory == fsrs_memory([(4, 0), (5, 2), (1, 6)])
        assert records["b"].memory == fsrs_memory([(4, 1), (4, 4)])  # the reset forgot the grade before it
        assert store.memories() == {card: record.memory for card, record in records.items()}
        sm2 = schedule(schedule(schedule(CardState(), 4, day(0)), 5, day(2)), 1, day(6))
        assert records["a"].state == sm2  # SM-2 goes on exactly as before
    with raw(tmp_path) as conn:
        assert replayed(conn) == records


def test_practice_grades_never_move_either_scheduler(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4, 0)
        before = store.records()["a"]
        for g in range(6):
            store.record_practice(card_id="a", deck="d", grade=g, moment=at(3, g), day=day(3))
        after = store.records()["a"]
        assert (after.state, after.memory, after.reviews) == (before.state, before.memory, before.reviews)
        store.record_practice(card_id="new", deck="d", grade=5, moment=at(3), day=day(3))
        assert store.records()["new"].memory == FsrsState() and store.records()["new"].state == CardState()
        assert grade(store, "a", 4, 3).scheduling  # the practice did not take the day's scheduling grade


def test_an_undo_restores_the_memory_exactly(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4, 0)
        before = store.records()["a"]
        grade(store, "a", 0, 2)
        assert store.records()["a"].memory != before.memory
        store.undo_last()
        assert store.records()["a"] == before


def states_under(data_dir: Path, scheduler: Sm2Scheduler | FsrsScheduler) -> dict[str, CardState]:
    with ProgressStore.open(data_dir, real_now=at(9), scheduler=scheduler) as store:
        states = store.states()
        assert {card: store.state(card) for card in states} == states
        return states


def test_switching_sm2_fsrs_sm2_gives_every_card_back_exactly(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        history(store)
        for i in range(30):
            grade(store, f"c{i}", i % 6, i % 5)
    sm2 = states_under(tmp_path, Sm2Scheduler())
    file = db_path(tmp_path).read_bytes()
    under_fsrs = states_under(tmp_path, FsrsScheduler())
    assert under_fsrs != sm2
    for card, state in under_fsrs.items():  # FSRS's interval and due; reps, EF, lapses, membership SM-2's
        record = replayed_record(tmp_path, card)
        assert state.due == FSRS.due(record.memory) and state.interval == FSRS.interval(record.memory)
        assert (state.reps, state.ef_centi, state.lapses, state.suspended, state.buried_until) == (
            sm2[card].reps, sm2[card].ef_centi, sm2[card].lapses, sm2[card].suspended, sm2[card].buried_until)
    assert states_under(tmp_path, FsrsScheduler(0.8)) != under_fsrs  # the retention moves the due dates only
    assert states_under(tmp_path, Sm2Scheduler()) == sm2
    assert db_path(tmp_path).read_bytes() == file  # choosing a scheduler wrote nothing


def replayed_record(data_dir: Path, card: str):  # type: ignore[no-untyped-def]
    with raw(data_dir) as conn:
        return replayed(conn)[card]


def test_grades_given_under_fsrs_move_sm2_too(tmp_path: Path) -> None:
    """Both folds run on every event: a week graded under FSRS, then back to SM-2, is the week SM-2 would have
    had, because the state is the log's replay whichever scheduler was chosen when it was graded."""
    plan = [("a", 4, 0), ("b", 1, 0), ("a", 3, 2), ("b", 5, 3), ("a", 0, 5), ("a", 4, 6)]
    only_sm2, mixed = tmp_path / "sm2", tmp_path / "mixed"
    for folder in (only_sm2, mixed):
        folder.mkdir()
        for i, (card, g, days) in enumerate(plan):
            scheduler = FsrsScheduler() if folder == mixed and i % 2 else Sm2Scheduler()
            with ProgressStore.open(folder, real_now=at(days), scheduler=scheduler) as store:
                grade(store, card, g, days)
    assert states_under(mixed, Sm2Scheduler()) == states_under(only_sm2, Sm2Scheduler())
    assert states_under(mixed, FsrsScheduler()) == states_under(only_sm2, FsrsScheduler())


def test_the_hot_path_under_fsrs_only_probes_indexes(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=at(0), scheduler=FsrsScheduler()) as store:
        for i in range(20):
            grade(store, f"c{i % 4}", i % 6, i // 4)
        executed: list[str] = []
        conn = store._conn
        assert conn is not None
        conn.set_trace_callback(executed.append)
        grade(store, "c1", 4, 9)
        store.state("c1")
        store.last_review("c2")
        store.undo_last()
        grade(store, "c0", 3, 2)  # an earlier day: the card is replayed from its own index range
        store.state("c0")
        conn.set_trace_callback(None)
        statements = [sql for sql in executed if sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE"))]
        assert len(statements) >= 6
        for sql in statements:
            plan = " / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SCAN events" not in plan and "SCAN cards" not in plan, (sql, plan)
            assert "TEMP B-TREE" not in plan, (sql, plan)


def test_the_v4_migration_fills_the_memory_from_the_log_and_nothing_else(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        history(store)
        grade(store, "c", 2, 3)
        store.undo_last()  # cancelled: not a review
        grade(store, "c", 5, 3, minutes=1)
        expected = store.records()
    with raw(tmp_path) as conn:  # back to version 3, as a wave-2 user has it
        conn.execute("ALTER TABLE cards DROP COLUMN stability")
        conn.execute("ALTER TABLE cards DROP COLUMN difficulty")
        for table in ("day_totals", "reveal_seconds", "point_tally"):  # schema 6's, made after version 3
            conn.execute(f"DROP TABLE {table}")
        conn.execute("PRAGMA user_version = 3")
        sm2_before = conn.execute("SELECT * FROM cards ORDER BY card_id").fetchall()
    with open_store(tmp_path, days=8) as store:
        assert store.records() == expected
    assert len(backups(tmp_path)) == 1  # the version-3 file, copied first
    with raw(tmp_path) as conn:
        assert user_version(conn) == LATEST_VERSION
        columns = ("card_id, deck, reps, ef_centi, interval, due, lapses, reviews, last_grade, last_reviewed, "
                   "suspended, buried_until, scheduled_on")
        assert conn.execute(f"SELECT {columns} FROM cards ORDER BY card_id").fetchall() == sm2_before
        assert replayed(conn) == expected


def test_an_empty_version_3_file_migrates(tmp_path: Path) -> None:
    conn = connect(db_path(tmp_path))
    migrate(conn, db_path(tmp_path), backup=lambda: None, steps=MIGRATIONS[:3])
    conn.close()
    with open_store(tmp_path) as store:
        assert store.memories() == {}


def test_doctor_rebuilds_a_wrong_memory(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        history(store)
        good = store.records()
    with raw(tmp_path) as conn:
        conn.execute("UPDATE cards SET stability = 99.5, difficulty = NULL WHERE card_id = 'a'")
    report = check(tmp_path, real_now=at(9), repair=False)
    assert not report.healthy
    assert any("'a': state table says" in line and "stability=99.5 difficulty=None" in line
               for line in report.lines), report.lines
    out = io.StringIO()
    assert run_doctor(tmp_path, real_now=at(9), out=out) == 0
    assert "repaired 1 card from the review log" in out.getvalue()
    with open_store(tmp_path) as store:
        assert store.records() == good


def test_memories_of_an_unknown_day_format_are_dates(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4, 0)
        (memory,) = store.memories().values()
        assert memory.last_day == day(0) and isinstance(memory.last_day, date)
