"""How the grades went: how many of each grade, and the median time taken before revealing the rubric.

Both cover every grade of the chosen decks in the log, drills included (practice grades are not grades
here), as `reviews` counts them. Times are whole seconds, the median of the histogram the summary tables
keep (the lower middle value when the count is even).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quizterm.store.summary_reads import DayTotals


@dataclass(frozen=True, slots=True)
class GradeFigures:
    counts: tuple[int, int, int, int, int, int]  # grades 0..5
    median_seconds: int | None  # None before the first grade

    @property
    def total(self) -> int:
        return sum(self.counts)


def grade_figures(days: Iterable[DayTotals], seconds: Mapping[int, int]) -> GradeFigures:
    counts = [0] * 6
    for totals in days:
        for grade, count in enumerate(totals.grades):
            counts[grade] += count
    g0, g1, g2, g3, g4, g5 = counts
    return GradeFigures((g0, g1, g2, g3, g4, g5), median(seconds))


def median(histogram: Mapping[int, int]) -> int | None:
    """The lower median of values given as value -> how many times; None when empty."""
    total = sum(count for count in histogram.values() if count > 0)
    if total == 0:
        return None
    middle = (total + 1) // 2  # the lower middle element, counting from 1
    seen = 0
    for value in sorted(histogram):
        seen += max(histogram[value], 0)
        if seen >= middle:
            return value
    raise AssertionError("unreachable: the counts add up to total")
