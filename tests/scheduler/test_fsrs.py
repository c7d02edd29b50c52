"""FSRS as quizterm uses it: exact interval histories, checked against the `fsrs` package used directly.

The reference below drives `fsrs.Scheduler` the way its README does (real UTC datetimes, a `Card` per
card), configured as quizterm documents: default parameters, no learning or relearning steps, no fuzzing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import fsrs
import fsrs.card
import fsrs.scheduler
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.scheduler.base import SCHEDULERS, Scheduler, make_scheduler
from quizterm.scheduler.fsrs import (
    PARAMETERS,
    FsrsScheduler,
    FsrsState,
    check_retention,
    memory_after,
    rating_for,
    retrievability,
)
from quizterm.scheduler.sm2 import CardState, Sm2Scheduler, schedule

DAY0 = date(2026, 11, 26)


def package_intervals(grades: Sequence[int], retention: float = 0.9,
                      gaps: Sequence[int] | None = None) -> list[tuple[int, float, float]]:
    """(interval, stability, difficulty) after each grade, from the package alone; each review on the
    card's due date, or `gaps[i]` days after the review before it."""
    model = fsrs.Scheduler(desired_retention=retention, learning_steps=(), relearning_steps=(),
                           enable_fuzzing=False)
    when = datetime(DAY0.year, DAY0.month, DAY0.day, tzinfo=UTC)
    card = fsrs.Card(card_id=1, due=when)
    found = []
    for i, grade in enumerate(grades):
        rating = {0: fsrs.Rating.Again, 1: fsrs.Rating.Again, 2: fsrs.Rating.Again, 3: fsrs.Rating.Hard,
                  4: fsrs.Rating.Good, 5: fsrs.Rating.Easy}[grade]
        card, _ = model.review_card(card, rating, when)
        assert card.stability is not None and card.difficulty is not None
        found.append(((card.due - when).days, card.stability, card.difficulty))
        when = card.due if gaps is None else when + timedelta(days=gaps[i])
    return found


def our_intervals(grades: Sequence[int], retention: float = 0.9,
                  gaps: Sequence[int] | None = None) -> list[tuple[int, float, float]]:
    scheduler = FsrsScheduler(retention)
    state = scheduler.initial()
    day = DAY0
    found = []
    for i, grade in enumerate(grades):
        state = scheduler.review(state, grade, day)
        assert state.stability is not None and state.difficulty is not None and state.last_day == day
        due = scheduler.due(state)
        assert due is not None and (due - day).days == scheduler.interval(state)
        found.append((scheduler.interval(state), state.stability, state.difficulty))
        day = due if gaps is None else day + timedelta(days=gaps[i])
    return found


HISTORIES = [
    ([4, 4, 4, 4, 4, 4, 4, 4], [2, 11, 46, 163, 497, 1346, 3292, 7398]),
    ([5, 5, 5, 5, 5, 5], [8, 66, 397, 1875, 7265, 23933]),
    ([3, 3, 3, 3, 3, 3, 3, 3], [1, 3, 7, 12, 18, 25, 33, 42]),
    ([4, 4, 0, 4, 4, 4], [2, 11, 2, 5, 12, 28]),  # a lapse: Again with no relearning step is a short interval
    ([2, 4, 4, 1, 3, 5, 5], [1, 2, 6, 1, 2, 5, 13]),
    ([0, 0, 0, 4, 4], [1, 1, 1, 1, 1]),
]


@pytest.mark.parametrize(("grades", "intervals"), HISTORIES)
def test_exact_interval_histories_reviewed_on_the_due_day(grades: list[int], intervals: list[int]) -> None:
    ours = our_intervals(grades)
    assert [i for i, _, _ in ours] == intervals
    assert ours == package_intervals(grades)  # stability and difficulty too, to the last bit


def test_desired_retention_sets_the_intervals_not_the_memory() -> None:
    assert [i for i, _, _ in our_intervals([4] * 6, 0.8)] == [8, 75, 521, 2762, 11761, 36500]  # capped at 100 years
    assert [i for i, _, _ in our_intervals([4] * 6, 0.95)] == [1, 3, 8, 19, 43, 89]
    for retention in (0.8, 0.95):
        assert our_intervals([4] * 6, retention) == package_intervals([4] * 6, retention)
    same_days = [1, 30, 1, 1]
    low, high = our_intervals([4] * 4, 0.8, same_days), our_intervals([4] * 4, 0.95, same_days)
    assert [(s, d) for _, s, d in low] == [(s, d) for _, s, d in high]
    assert [i for i, _, _ in low] > [i for i, _, _ in high]


def test_late_and_early_reviews_use_the_days_actually_elapsed() -> None:
    gaps = [1, 30, 1, 1]  # a day early, long overdue, then daily
    assert [i for i, _, _ in our_intervals([4] * 4, gaps=gaps)] == [2, 7, 65, 69]
    assert our_intervals([4] * 4, gaps=gaps) == package_intervals([4] * 4, gaps=gaps)


@settings(max_examples=150, deadline=None)
@given(grades=st.lists(st.integers(0, 5), min_size=1, max_size=12),
       gaps=st.lists(st.integers(1, 400), min_size=12, max_size=12),
       retention=st.sampled_from([0.7, 0.8, 0.85, 0.9, 0.93, 0.99]))
def test_any_history_matches_the_package(grades: list[int], gaps: list[int], retention: float) -> None:
    assert our_intervals(grades, retention, gaps) == package_intervals(grades, retention, gaps)


def review_card_memory(stability: float | None, difficulty: float | None, gap: int, grade: int) -> tuple[float, float]:
    """A review `gap` days after the last one, through the package's `review_card` as its README drives it
    (a new card when `stability` is None)."""
    model = fsrs.Scheduler(parameters=PARAMETERS, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    last = datetime(2000, 1, 1, tzinfo=UTC)
    if stability is None or difficulty is None:
        card = fsrs.Card(card_id=0, due=last)
    else:
        card = fsrs.Card(card_id=0, state=fsrs.State.Review, stability=stability, difficulty=difficulty, due=last,
                         last_review=last)
    reviewed, _ = model.review_card(card, fsrs.Rating(rating_for(grade)), last + timedelta(days=gap))
    assert reviewed.stability is not None and reviewed.difficulty is not None
    return reviewed.stability, reviewed.difficulty


@settings(max_examples=400, deadline=None)
@given(memory=st.none() | st.tuples(st.floats(0.001, 40_000), st.floats(1.0, 10.0)),
       gap=st.integers(0, 30_000) | st.sampled_from([0, 1, 2]), grade=st.integers(0, 5))
def test_memory_after_is_the_packages_review_to_the_last_bit(memory: tuple[float, float] | None, gap: int,
                                                            grade: int) -> None:
    """`memory_after` restates `review_card` on floats (the fold's hot path): the very same floats."""
    stability, difficulty = (None, None) if memory is None else memory
    last = None if memory is None else DAY0
    assert memory_after(stability, difficulty, last, grade, DAY0 + timedelta(days=gap)) == \
        review_card_memory(stability, difficulty, gap, grade)


def test_memory_after_on_exact_examples() -> None:
    """A same-day review (short-term stability), a lapse (forget stability), a late easy review."""
    for stability, difficulty, gap, grade in ((None, None, 0, 4), (3.2, 5.5, 0, 5), (3.2, 5.5, 0, 1),
                                              (12.0, 7.0, 30, 0), (12.0, 7.0, 30, 3), (0.001, 1.0, 400, 5)):
        last = None if stability is None else DAY0
        assert memory_after(stability, difficulty, last, grade, DAY0 + timedelta(days=gap)) == \
            review_card_memory(stability, difficulty, gap, grade)


@settings(max_examples=200, deadline=None)
@given(stability=st.floats(0.001, 40_000), elapsed=st.integers(0, 100_000))
def test_retrievability_is_the_packages(stability: float, elapsed: int) -> None:
    model = fsrs.Scheduler()
    last = datetime(2026, 1, 1, tzinfo=UTC)
    card = fsrs.Card(card_id=1, stability=stability, difficulty=5.0, due=last, last_review=last,
                     state=fsrs.State.Review)
    expected = model.get_card_retrievability(card, last + timedelta(days=elapsed, hours=12))
    assert retrievability(stability, elapsed) == expected
    state = FsrsState(stability, 5.0, date(2026, 1, 1))
    assert FsrsScheduler().retrievability(state, date(2026, 1, 1) + timedelta(days=elapsed)) == expected


def test_the_pinned_parameters_are_the_packages_defaults() -> None:
    """If a new `fsrs` changes its defaults, cached memories were made with the old ones: bump deliberately
    (a migration that refills the memory columns), never silently."""
    assert PARAMETERS == fsrs.scheduler.DEFAULT_PARAMETERS


def test_grades_map_to_ratings() -> None:
    assert [rating_for(g) for g in range(6)] == [fsrs.Rating.Again] * 3 + [fsrs.Rating.Hard, fsrs.Rating.Good,
                                                                             fsrs.Rating.Easy]
    with pytest.raises(ValueError, match="0 to 5"):
        rating_for(6)


def test_a_review_never_reads_the_clock_nor_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """`fsrs.Card()` without an id reads the clock and sleeps 1 ms: quizterm always passes one."""
    def forbidden(*_: object) -> None:
        raise AssertionError("the fsrs package read the clock or slept")

    monkeypatch.setattr(fsrs.card.time, "sleep", forbidden)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:  # type: ignore[override]
            raise AssertionError("the fsrs package read the clock")

    monkeypatch.setattr(fsrs.card, "datetime", Frozen)
    monkeypatch.setattr(fsrs.scheduler, "datetime", Frozen)
    scheduler = FsrsScheduler()
    state = scheduler.review(scheduler.initial(), 4, DAY0)
    state = scheduler.review(state, 2, DAY0 + timedelta(days=3))
    assert scheduler.interval(state) >= 1


def test_the_end_of_the_calendar() -> None:
    """A `--now` in year 9999 (or a review in year 1 and the next in 9999) never fails: dues stop at the last
    day, as SM-2's do."""
    scheduler = FsrsScheduler()
    state = scheduler.review(scheduler.initial(), 5, date(1, 1, 1))
    state = scheduler.review(state, 5, date.max)
    assert scheduler.due(state) == date.max
    assert 0 < scheduler.retrievability(state, date.max) <= 1
    stability, _ = memory_after(30.0, 5.0, date(1, 1, 1), 4, date.max)
    assert stability > 0


def test_new_and_unseen() -> None:
    scheduler = FsrsScheduler()
    assert scheduler.initial() == FsrsState() and FsrsState().is_new
    assert scheduler.due(FsrsState()) is None and scheduler.interval(FsrsState()) == 0
    assert scheduler.retrievability(FsrsState(), DAY0) == 0.0


def test_retention_bounds() -> None:
    assert check_retention(0.9) == 0.9 and check_retention(0.7) == 0.7 and check_retention(0.99) == 0.99
    for bad in (0.5, 1, 1.0, 0.995, True, "0.9", float("nan")):
        with pytest.raises(ValueError, match=r"desired_retention must be a number from 0\.7 to 0\.99"):
            check_retention(bad)


def test_both_schedulers_behind_one_interface() -> None:
    """The interface the planner and the simulation use: initial, review, due, interval."""
    assert SCHEDULERS == ("sm2", "fsrs")
    sm2: Scheduler[CardState] = make_scheduler("sm2")  # type: ignore[assignment]
    fsrs_: Scheduler[FsrsState] = make_scheduler("fsrs", 0.9)  # type: ignore[assignment]
    assert isinstance(sm2, Sm2Scheduler) and make_scheduler("fsrs", 0.8) == FsrsScheduler(0.8)
    for scheduler in (sm2, fsrs_):
        state = scheduler.initial()
        assert scheduler.due(state) is None
        day = DAY0
        for grade in (4, 4, 2, 5):
            state = scheduler.review(state, grade, day)  # type: ignore[arg-type]
            due = scheduler.due(state)  # type: ignore[arg-type]
            assert due is not None and due == day + timedelta(days=scheduler.interval(state))  # type: ignore[arg-type]
            day = due
    assert sm2.review(CardState(), 4, DAY0) == schedule(CardState(), 4, DAY0)
    with pytest.raises(ValueError, match="scheduler must be one of sm2, fsrs"):
        make_scheduler("anki")
