"""The progress store against a real SQLite file: exact states, scheduling vs drill, the log's contents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quizterm.scheduler.queue import GradeEvent
from quizterm.scheduler.sm2 import CardState
from quizterm.store.progress import ProgressStore

from .helpers import T0, at, day, grade, open_store, raw, replayed, stale_caches


def test_exact_states_after_a_run_of_grades(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 5, 0)  # new: EF 2.60, I(1) = 1
        grade(store, "a", 4, 1)  # EF 2.60, I(2) = 6
        grade(store, "a", 3, 7)  # EF 2.46, ceil(6 * 2.46) = 15
        assert store.states() == {"a": CardState(reps=3, ef_centi=246, interval=15, due=day(22), lapses=0)}
        grade(store, "a", 1, 22)  # lapse: reps 1, interval 1, EF kept
        assert store.states()["a"] == CardState(reps=1, ef_centi=246, interval=1, due=day(23), lapses=1)


def test_first_grade_of_the_day_schedules_later_ones_are_drills(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        first = grade(store, "a", 2, 0)
        second = grade(store, "a", 5, 0, minutes=5)
        third = grade(store, "a", 4, 1)
        assert (first.scheduling, second.scheduling, third.scheduling) == (True, False, True)
        assert (first.was_new, second.was_new, third.was_new) == (True, False, False)
        # the drill left the state as the first grade made it
        assert store.history("a")[-1] == third
        assert store.grades_on(day(0))[1] == second.event()
        assert store.grades_on(day(0)) == [GradeEvent("a", 2, True, True), GradeEvent("a", 5, False, False)]
        assert store.grades_on(day(1)) == [GradeEvent("a", 4, True, False)]
        assert store.grades_on(day(2)) == []


def test_drill_is_decided_from_the_log_not_the_session(tmp_path: Path) -> None:
    """A second store (another terminal) sees the first store's grade and drills."""
    with open_store(tmp_path) as one, open_store(tmp_path) as two:
        assert grade(one, "a", 4).scheduling
        assert not grade(two, "a", 0, minutes=1).scheduling
        assert grade(two, "b", 0, minutes=2).scheduling
        assert one.session != two.session
        assert one.states() == two.states()


def test_the_study_day_not_the_utc_date_decides(tmp_path: Path) -> None:
    """A grade at 01:30 local still belongs to the previous study day passed in by the caller."""
    zone = timezone(timedelta(hours=-8))
    late = datetime(2026, 11, 27, 1, 30, tzinfo=zone)
    with open_store(tmp_path) as store:
        store.record_grade(card_id="a", deck="d", grade=4, moment=late - timedelta(hours=3), day=day(0))
        review = store.record_grade(card_id="a", deck="d", grade=4, moment=late, day=day(0))
        assert not review.scheduling
        assert review.moment == late.astimezone(UTC)
        assert review.moment.tzinfo is UTC


def test_review_round_trips_through_the_log(tmp_path: Path) -> None:
    answer = "GIL: one thread runs bytecode at a time\n  — ✓ [bold]not markup[/]"
    with open_store(tmp_path) as store:
        written = store.record_grade(card_id="py-gil", deck="python", grade=4, moment=at(0, 1) +
                                     timedelta(microseconds=123456), day=day(0), answer=answer, seconds=12.25)
        assert written.session == store.session == 1
        assert store.last_review("py-gil") == written
        assert store.history("py-gil") == [written]
    with open_store(tmp_path) as store:  # a new process sees the same row
        (again,) = store.history("py-gil")
        assert again == written
        assert again.answer == answer and again.seconds == 12.25
        assert again.moment == datetime(2026, 11, 26, 9, 1, 0, 123456, tzinfo=UTC)
        assert again.event() == GradeEvent("py-gil", 4, scheduling=True, was_new=True)


def test_last_review_is_the_newest_of_any_session(tmp_path: Path) -> None:
    with open_store(tmp_path) as one:
        grade(one, "a", 3, 0)
    with open_store(tmp_path) as two:
        newest = grade(two, "a", 5, 1, answer="second try")
        grade(two, "b", 1, 1)
    with open_store(tmp_path) as three:
        assert three.last_review("a") == newest
        assert three.last_review("missing") is None
        assert [r.grade for r in three.history("a")] == [3, 5]
        assert three.history("missing") == []
        assert three.review_count() == 3


def test_counters_and_deck_in_the_state_table(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4, 0, deck="old")
        grade(store, "a", 2, 0, minutes=1, deck="old")
        grade(store, "a", 5, 1, deck="new")
        record = store.records()["a"]
        assert (record.reviews, record.last_grade, record.deck) == (3, 5, "new")
        assert record.last_reviewed == at(1)
        assert record.state == CardState(reps=2, ef_centi=260, interval=6, due=day(7))


def test_cards_absent_from_the_decks_keep_their_rows(tmp_path: Path) -> None:
    """The store is keyed by card id alone: nothing is dropped when a deck no longer lists a card."""
    with open_store(tmp_path) as store:
        grade(store, "removed-card", 4)
    with open_store(tmp_path, days=30) as store:
        assert "removed-card" in store.states()
        assert store.records()["removed-card"].reviews == 1


def test_session_is_allocated_by_the_first_grade_only(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.session is None
        assert store.undo_last() is None
    with raw(tmp_path) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
        grade(store, "b", 4)
        assert store.session == 1
    with raw(tmp_path) as conn:
        assert conn.execute("SELECT id, started_at FROM sessions").fetchall() == [
            (1, "2026-11-26T09:00:00.000000Z")]


def test_an_undone_grade_stays_in_the_log_cancelled(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        first = grade(store, "a", 4)
        undone = store.undo_last()
        assert undone is not None and undone.event_id == first.event_id
        again = grade(store, "a", 4)
        assert again.id == first.id + 2  # the undo is an event of its own
    with raw(tmp_path) as conn:
        assert conn.execute("SELECT kind, cancelled, target FROM events ORDER BY n").fetchall() == [
            ("grade", 1, None), ("undo", 0, first.event_id), ("grade", 0, None)]
        assert conn.execute("SELECT id FROM reviews").fetchall() == [(again.id,)]


def test_bad_arguments_are_bugs_not_grades(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        with pytest.raises(ValueError, match="0 to 5"):
            grade(store, "a", 6)
        with pytest.raises(ValueError, match="timezone-aware"):
            store.record_grade(card_id="a", deck="d", grade=3, moment=T0.replace(tzinfo=None), day=day())
        with pytest.raises(ValueError, match="seconds"):
            grade(store, "a", 3, seconds=float("nan"))
        assert store.review_count() == 0
        assert store.session is None


def test_close_is_idempotent_and_the_store_refuses_use_after(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.close()
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.states()


def test_log_snapshots_agree_with_replay(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for days, g in enumerate([5, 3, 0, 4, 4, 5, 2, 5]):
            grade(store, "a", g, days * 3)
            grade(store, "a", 1, days * 3, minutes=1)
        stored = store.records()
        last = store.last_review("a")
    with raw(tmp_path) as conn:
        assert replayed(conn) == stored
        assert stale_caches(conn) == 0
    assert last is not None and (last.grade, last.day) == (1, day(21))


def test_store_is_usable_across_threads(tmp_path: Path) -> None:
    """The TUI may grade from a worker thread: one lock, no sqlite3 thread check."""
    import threading

    with open_store(tmp_path) as store:
        def work(prefix: str) -> None:
            for i in range(50):
                grade(store, f"{prefix}{i}", 4)

        threads = [threading.Thread(target=work, args=(p,)) for p in "xyz"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert store.review_count() == 150
        assert len(store.states()) == 150


def test_open_store_type(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path, real_now=T0)
    with store as same:
        assert same is store
        assert store.path == tmp_path / "progress.sqlite3"


def test_the_hot_path_only_probes_indexes(tmp_path: Path) -> None:
    """Recording any event, last_review and undo must cost the same with a million events as with none: no
    statement they run may scan the log (checked on the plans of the statements actually executed)."""
    with open_store(tmp_path) as store:
        for i in range(20):
            grade(store, f"c{i % 4}", i % 6, i // 4)
        executed: list[str] = []
        conn = store._conn  # the store's own connection: trace what the hot path really runs
        assert conn is not None
        conn.set_trace_callback(executed.append)
        grade(store, "c1", 4, 9)
        store.last_review("c2")
        store.undo_last()
        store.suspend(card_id="c3", deck="d", moment=at(9, 1), day=day(9))
        store.record_practice(card_id="c3", deck="d", grade=2, moment=at(9, 2), day=day(9))
        store.undo_last(kinds=("suspend",))
        grade(store, "c0", 3, 2)  # an earlier --now day: the card is replayed, from its own index range
        store.state("c0")
        conn.set_trace_callback(None)
        queries = [sql for sql in executed if sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE",
                                                                               "DELETE"))]
        assert len(queries) >= 6
        for sql in queries:
            plan = " / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SCAN events" not in plan and "SCAN cards" not in plan, (sql, plan)
            assert "TEMP B-TREE" not in plan, (sql, plan)  # nothing sorted: the index gives the order
            assert "count(" not in sql.lower(), sql


def test_ids_graded_under_several_deck_names_are_listed_with_those_names(tmp_path: Path) -> None:
    """A renamed deck ("ml" -> "ml-basics") and a copied id ("b" in "ml" and "extra") are both listed; an id
    graded under one name only, however often, is not."""
    with open_store(tmp_path) as store:
        grade(store, "a", 4, 0, deck="ml")
        grade(store, "a", 5, 1, deck="ml-basics")
        grade(store, "b", 4, 0, deck="ml")
        grade(store, "b", 4, 1, deck="extra")
        grade(store, "b", 2, 2, deck="ml")  # the newest grade is under the first name again
        for days in range(3):
            grade(store, "c", 5, days, deck="ml")
        assert store.shared_ids() == {"a": ("ml", "ml-basics"), "b": ("extra", "ml")}
        store.undo_last()  # b's newest grade ("ml") goes: b is still under both names
        assert store.shared_ids() == {"a": ("ml", "ml-basics"), "b": ("extra", "ml")}


def test_no_shared_ids_in_an_empty_store(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.shared_ids() == {}
