"""Undo: newest first, exact restoration, and never another session's grades."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.events import Grade
from quizterm.store.replay import CardRecord

from .helpers import day, grade, open_store, raw, replayed, stale_caches


def test_undo_walks_back_newest_first_restoring_each_state(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 5, 0)
        after_first = store.records()
        grade(store, "a", 1, 1)  # lapse
        after_lapse = store.records()
        drill = grade(store, "a", 4, 1, minutes=1)  # drill
        undone = store.undo_last()
        assert undone is not None and undone.event_id == drill.event_id
        assert store.records() == after_lapse
        undone = store.undo_last()
        assert isinstance(undone, Grade) and (undone.grade, undone.day) == (1, day(1))
        assert store.records() == after_first
        assert store.undo_last() is not None
        assert store.records() == {}
        assert store.undo_last() is None
        assert store.review_count() == 0


def test_undone_first_grade_of_the_day_lets_the_next_one_schedule(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 0)
        store.undo_last()
        again = grade(store, "a", 5, minutes=1)
        assert again.scheduling and again.was_new
        assert store.states()["a"] == CardState(reps=1, ef_centi=260, interval=1, due=day(1))


def test_undo_never_touches_another_session(tmp_path: Path) -> None:
    with open_store(tmp_path) as mine, open_store(tmp_path) as theirs:
        grade(theirs, "x", 4)
        grade(mine, "a", 4, minutes=1)
        grade(theirs, "a", 2, minutes=2)  # their drill of my card, after my grade
        theirs_before = [r.event_id for r in theirs.history("x") + theirs.history("a")
                         if r.session == theirs.session]
        assert mine.undo_last() is not None
        assert mine.undo_last() is None  # nothing else of mine, though their grades remain
        theirs_after = [r.event_id for r in mine.history("x") + mine.history("a") if r.session == theirs.session]
        assert theirs_after == theirs_before
        # "a" is replayed from what is left: their grade is now the card's first of the day, so it schedules
        # (whether a grade schedules is derived in replay, never taken from the flag it was written with)
        record = mine.records()["a"]
        assert (record.reviews, record.last_grade, record.state) == (1, 2, schedule(CardState(), 2, day(0)))
        assert mine.grades_on(day(0))[-1].scheduling
        assert theirs.undo_last() is not None and theirs.undo_last() is not None
        assert theirs.review_count() == 0


def test_session_grade_count_counts_this_session_after_undos(tmp_path: Path) -> None:
    with open_store(tmp_path) as mine, open_store(tmp_path) as theirs:
        assert mine.session_grade_count() == 0
        grade(mine, "a", 4)
        grade(theirs, "x", 5)
        grade(mine, "b", 2, minutes=1)
        grade(mine, "b", 5, minutes=2)
        assert (mine.session_grade_count(), theirs.session_grade_count()) == (3, 1)
        mine.undo_last()
        assert mine.session_grade_count() == 2


def test_undo_in_a_reopened_store_starts_a_new_session(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4)
    with open_store(tmp_path) as store:
        assert store.undo_last() is None
        assert store.review_count() == 1


# card index, days to move on before this grade, grade
Step = tuple[int, int, int]
steps = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 5)), min_size=1, max_size=25)


@settings(max_examples=100, deadline=None)
@given(steps=steps, data=st.data())
def test_undo_k_equals_the_state_after_the_first_n_minus_k(steps: list[Step], data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(steps)), label="k")
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        with open_store(data_dir) as store:
            snapshots: list[dict[str, CardRecord]] = [{}]
            offset = 0
            for minute, (card, advance, g) in enumerate(steps):
                offset += advance
                grade(store, f"c{card}", g, offset, minutes=minute)
                snapshots.append(store.records())
            for _ in range(k):
                assert store.undo_last() is not None
            stored = store.records()
            assert stored == snapshots[len(steps) - k]
            assert {card: r.state for card, r in stored.items()} == store.states()
            with raw(data_dir) as conn:
                assert replayed(conn) == stored  # the state table is exactly the log replayed
                assert stale_caches(conn) == 0
