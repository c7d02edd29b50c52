"""The review heatmap: study activity per day over the last 52 weeks, as a calendar grid, and streaks.

A day's activity is its grades (drills included) plus its practice grades: every answer given. The grid
has one column per calendar week (Monday first), from the week holding the day 52 weeks before today to
today's week; days after today are not part of it. Shades are levels 0 to 4: 0 is no activity, and the
other days are split at the quartiles of their own counts (as GitHub's contribution graph does), so the
picture reads the same for ten reviews a day or a thousand.

Streaks count days with any activity: the current one ends today, or yesterday when nothing is done yet
today (as `quizterm stats` counts it); the longest is over the whole log, not only the grid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

HEATMAP_WEEKS = 52
LEVELS = 5  # 0 (nothing) .. 4 (the busiest quarter of the days)


@dataclass(frozen=True, slots=True)
class Heatmap:
    today: date
    first: date  # the Monday of the first column
    counts: Mapping[date, int]  # activity per day of the grid (days without any are absent)
    thresholds: tuple[int, ...]  # increasing; a count above thresholds[i] is at least level i + 2
    current_streak: int
    longest_streak: int

    @property
    def weeks(self) -> int:
        """Columns of the grid (today's week included)."""
        return (self.today - self.first).days // 7 + 1

    def day(self, week: int, weekday: int) -> date:
        """The day in column `week`, row `weekday` (0 is Monday)."""
        return self.first + timedelta(days=7 * week + weekday)

    def level(self, count: int) -> int:
        """The shade of a day with `count` answers."""
        if count <= 0:
            return 0
        return 1 + sum(count > threshold for threshold in self.thresholds)

    def level_ranges(self) -> list[tuple[int, int | None]]:
        """The counts each level from 1 up stands for, as (lowest, highest; None for "and more"); [] when the
        grid is empty."""
        if not self.counts:
            return []
        ranges: list[tuple[int, int | None]] = []
        low = 1
        for threshold in self.thresholds:
            ranges.append((low, threshold))
            low = threshold + 1
        return [*ranges, (low, None)]

    @property
    def active_days(self) -> int:
        return sum(1 for count in self.counts.values() if count)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def heatmap(activity: Mapping[date, int], today: date, *, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    """The heatmap on `today` of `activity` (answers per study day; any range of days, all history for the
    longest streak)."""
    start = today - timedelta(days=7 * weeks - 1)
    first = start - timedelta(days=start.weekday())
    counts = {day: count for day, count in activity.items() if first <= day <= today and count > 0}
    current, longest = streaks((day for day, count in activity.items() if count > 0), today)
    return Heatmap(today=today, first=first, counts=counts, thresholds=quartiles(counts.values()),
                   current_streak=current, longest_streak=longest)


def quartiles(counts: Iterable[int]) -> tuple[int, ...]:
    """The shade thresholds of `counts`: the counts at the first, second and third quarter of them sorted
    (the lower element), without repeats and without the largest count, so that every level up to the
    number of thresholds + 1 has days; () when all counts are equal (one level) or there are none."""
    ordered = sorted(counts)
    if not ordered:
        return ()
    picked = {ordered[(len(ordered) * quarter - 1) // 4] for quarter in (1, 2, 3)}
    return tuple(sorted(value for value in picked if value < ordered[-1]))


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days among `days` (the days after today are ignored). The
    current run ends today, or yesterday when `today` is not among the days."""
    active = sorted({day for day in days if day <= today})
    longest = run = 0
    previous: date | None = None
    for day in active:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    ends = previous is not None and (today - previous).days <= 1
    return (run if ends else 0), longest
