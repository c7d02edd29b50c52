"""The planner's fast paths give exactly what the straightforward versions give (planner.py `_fill`,
forecast.py `good_gaps`)."""

from __future__ import annotations

import heapq
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.plan.forecast import GOOD, good_gaps
from quizterm.plan.planner import _fill
from quizterm.scheduler.sm2 import CardState, schedule

TODAY = date(2026, 11, 26)


def _fill_by_heap(units: list[tuple[int, str | None]], load: list[int]) -> dict[str, int]:
    """Water-filling as first written: each unit pops the least loaded (count, day) from a heap."""
    days = len(load)
    by_earliest: dict[int, list[str | None]] = {}
    for earliest, card_id in units:
        by_earliest.setdefault(earliest, []).append(card_id)
    found: dict[str, int] = {}
    for earliest in sorted(by_earliest, reverse=True):
        if earliest >= days:
            continue
        heap = [(load[day], day) for day in range(earliest, days)]
        heapq.heapify(heap)
        for card_id in by_earliest[earliest]:
            count, day = heapq.heappop(heap)
            load[day] = count + 1
            heapq.heappush(heap, (count + 1, day))
            if card_id is not None:
                found[card_id] = day
    return found


def test_fill_deals_a_stretch_over_the_days_in_day_order() -> None:
    load = [3, 0, 1, 0]
    found = _fill([(0, "a"), (0, "b"), (0, None), (0, "c"), (0, "d"), (0, "e"), (2, "f")], load)
    # f first (the most constrained): day 3; then day 1 alone to the others' level, then days 1-3 in turn
    assert list(found.items()) == [("f", 3), ("a", 1), ("b", 1), ("c", 3), ("d", 1), ("e", 2)]
    assert load == [3, 3, 3, 2]


@settings(max_examples=300, deadline=None)
@given(load=st.lists(st.integers(0, 30), min_size=1, max_size=12),
       units=st.lists(st.tuples(st.integers(0, 14), st.booleans()), max_size=120))
def test_fill_matches_the_heap(load: list[int], units: list[tuple[int, bool]]) -> None:
    named = [(earliest, f"c{i}" if is_card else None) for i, (earliest, is_card) in enumerate(units)]
    fast, slow = list(load), list(load)
    found = _fill(named, fast)
    expected = _fill_by_heap(named, slow)
    assert fast == slow
    assert list(found.items()) == list(expected.items())


@settings(max_examples=300, deadline=None)
@given(reps=st.integers(0, 12), ef_centi=st.integers(130, 400), interval=st.integers(1, 400),
       horizon=st.integers(0, 2000))
def test_good_gaps_match_scheduling_good_grades(reps: int, ef_centi: int, interval: int, horizon: int) -> None:
    # (a scheduled card's interval is at least 1 day: with 0, neither would ever reach the horizon)
    state = CardState(reps=reps, ef_centi=ef_centi, interval=interval,
                      due=None if reps == 0 else TODAY + timedelta(days=interval))
    expected: list[int] = []
    total = 0
    while total < horizon:  # as sm2_follow first did it: a state per Good review
        state = schedule(state, GOOD, TODAY)
        total += state.interval
        expected.append(total)
    assert good_gaps(reps, ef_centi, interval, horizon) == tuple(expected)
