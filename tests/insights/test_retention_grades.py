"""Retention by calendar week, grade counts and the median time to reveal."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from quizterm.insights.grades import grade_figures, median
from quizterm.insights.retention import weekly_retention
from quizterm.store.summary_reads import DayTotals

TODAY = date(2026, 11, 26)  # a Thursday


def totals(offset: int, young: tuple[int, int] = (0, 0), mature: tuple[int, int] = (0, 0),
           grades: tuple[int, int, int, int, int, int] = (0, 0, 0, 0, 0, 0)) -> DayTotals:
    return DayTotals(TODAY - timedelta(days=offset), grades, 0, young[0], young[1], mature[0], mature[1])


def test_days_fall_into_their_monday_to_sunday_week() -> None:
    days = [totals(0, young=(4, 3)), totals(3, young=(2, 2), mature=(5, 4)),  # Thursday, Monday: this week
            totals(4, mature=(1, 0)),  # last Sunday
            totals(178, young=(1, 1)), totals(179, young=(9, 9))]  # the oldest week's Monday; before it
    ret = weekly_retention(days, TODAY)
    assert len(ret.weeks) == 26
    assert ret.weeks[-1].monday == date(2026, 11, 23) and ret.weeks[0].monday == date(2026, 6, 1)
    last, before = ret.weeks[-1], ret.weeks[-2]
    assert (last.young, last.young_passed, last.mature, last.mature_passed) == (6, 5, 5, 4)
    assert (before.mature, before.mature_rate, before.young_rate) == (1, 0.0, None)
    assert (ret.weeks[0].young, ret.young, ret.mature) == (1, (7, 6), (6, 4))


def test_grade_counts_add_up_over_the_days() -> None:
    figures = grade_figures([totals(0, grades=(1, 0, 2, 0, 3, 0)), totals(9, grades=(0, 1, 0, 1, 1, 7))],
                            Counter({10: 3, 40: 1}))
    assert figures.counts == (1, 1, 2, 1, 4, 7) and figures.total == 16
    assert figures.median_seconds == 10


def test_the_median_is_the_lower_middle_value() -> None:
    assert median({}) is None
    assert median({5: 1, 9: 1}) == 5
    assert median({5: 1, 9: 2}) == 9
    assert median({1: 2, 3: 1, 100: 2}) == 3


@given(st.lists(st.integers(0, 300), min_size=1))
def test_the_median_of_a_histogram_is_the_median_of_its_values(values: list[int]) -> None:
    assert median(Counter(values)) == statistics.median_low(values)
