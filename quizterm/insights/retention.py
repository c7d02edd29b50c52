"""Retention by week: the share of scheduling grades >= 3 in each of the last 26 calendar weeks, for young
and mature cards apart.

Only scheduling grades count (a day's first grade of a card: the drills after a failure are given with the
rubric just seen), and not a new card's first grade, which tests nothing yet. Young and mature are the
card's state before the grade (mature: reps >= MATURE_REPS). Weeks run Monday to Sunday, like the
heatmap's columns; the last is the current week, so far.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from quizterm.store.summary_reads import DayTotals

RETENTION_WEEKS = 26


@dataclass(frozen=True, slots=True)
class WeekRetention:
    monday: date
    young: int  # scheduling grades of young cards that week
    young_passed: int
    mature: int
    mature_passed: int

    @property
    def young_rate(self) -> float | None:
        return None if not self.young else self.young_passed / self.young

    @property
    def mature_rate(self) -> float | None:
        return None if not self.mature else self.mature_passed / self.mature


@dataclass(frozen=True, slots=True)
class Retention:
    weeks: tuple[WeekRetention, ...]  # oldest first

    @property
    def young(self) -> tuple[int, int]:
        """(graded, passed) over all the weeks."""
        return sum(w.young for w in self.weeks), sum(w.young_passed for w in self.weeks)

    @property
    def mature(self) -> tuple[int, int]:
        return sum(w.mature for w in self.weeks), sum(w.mature_passed for w in self.weeks)


def weekly_retention(days: Iterable[DayTotals], today: date, *, weeks: int = RETENTION_WEEKS) -> Retention:
    """The last `weeks` calendar weeks up to `today` of the day totals `days` (any days: others are ignored)."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    sums = [[0, 0, 0, 0] for _ in range(weeks)]
    for totals in days:
        if not first <= totals.day <= today:
            continue
        week = sums[(totals.day - first).days // 7]
        week[0] += totals.young
        week[1] += totals.young_passed
        week[2] += totals.mature
        week[3] += totals.mature_passed
    return Retention(tuple(WeekRetention(first + timedelta(weeks=i), *sums[i]) for i in range(weeks)))
