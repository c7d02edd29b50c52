"""The heatmap's grid, shades and streaks: exact examples and properties against brute force."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from quizterm.insights.calendar import heatmap, quartiles, streaks

TODAY = date(2026, 11, 26)  # a Thursday


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=offset) for offset in offsets]


def test_the_grid_starts_on_the_monday_52_weeks_back_and_ends_with_todays_week() -> None:
    hm = heatmap({}, TODAY)
    assert hm.first == date(2025, 11, 24) and hm.first.weekday() == 0
    assert hm.weeks == 53
    assert hm.day(52, 3) == TODAY
    assert (hm.counts, hm.thresholds, hm.level_ranges(), hm.total, hm.active_days) == ({}, (), [], 0, 0)


def test_days_outside_the_grid_count_for_the_longest_streak_only() -> None:
    activity = {TODAY - timedelta(days=400 + i): 3 for i in range(10)}  # ten days in a row, long ago
    activity.update({TODAY: 2, TODAY - timedelta(days=1): 1})
    hm = heatmap(activity, TODAY)
    assert hm.counts == {TODAY: 2, TODAY - timedelta(days=1): 1}
    assert (hm.current_streak, hm.longest_streak) == (2, 10)


def test_shades_split_the_days_at_their_quartiles() -> None:
    counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 40]
    hm = heatmap(dict(zip(days_ago(*range(12)), counts, strict=True)), TODAY)
    assert hm.thresholds == (3, 6, 9)
    assert [hm.level(c) for c in (0, 1, 3, 4, 6, 7, 9, 10, 40)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert hm.level_ranges() == [(1, 3), (4, 6), (7, 9), (10, None)]


def test_equal_counts_are_one_shade() -> None:
    hm = heatmap(dict.fromkeys(days_ago(0, 2, 4), 5), TODAY)
    assert hm.thresholds == ()
    assert hm.level_ranges() == [(1, None)] and hm.level(5) == 1
    assert quartiles([1, 1, 1, 2]) == (1,)


def test_the_current_streak_may_end_yesterday_but_not_before() -> None:
    assert streaks(days_ago(1, 2, 3, 5), TODAY) == (3, 3)
    assert streaks(days_ago(0, 1, 2, 5, 6, 7, 8), TODAY) == (3, 4)
    assert streaks(days_ago(2, 3), TODAY) == (0, 2)
    assert streaks([TODAY + timedelta(days=1)], TODAY) == (0, 0)  # `--now` moved back: later days are ignored
    assert streaks([], TODAY) == (0, 0)


@given(st.sets(st.integers(0, 60)))
def test_streaks_agree_with_a_walk_back_from_today(offsets: set[int]) -> None:
    days = set(days_ago(*offsets))
    current, longest = streaks(days, TODAY)
    start = TODAY if TODAY in days else TODAY - timedelta(days=1)
    walked = 0
    while start - timedelta(days=walked) in days:
        walked += 1
    assert current == walked
    runs = [n for n in range(1, 62) if any(all(d - timedelta(days=i) in days for i in range(n)) for d in days)]
    assert longest == max(runs, default=0)
    assert current <= longest


@given(st.lists(st.integers(1, 500), min_size=1, max_size=300))
def test_every_level_up_to_the_top_has_a_day(counts: list[int]) -> None:
    hm = heatmap(dict(zip(days_ago(*range(len(counts))), counts, strict=False)), TODAY)
    levels = {hm.level(c) for c in hm.counts.values()}
    assert levels == set(range(1, len(hm.thresholds) + 2))
    for level, (low, high) in enumerate(hm.level_ranges(), start=1):
        assert hm.level(low) == level and (high is None or hm.level(high) == level)
