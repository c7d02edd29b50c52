"""The store's reads of the summary tables (summary.py), for the stats screen: milliseconds, whatever the
size of the log.

A mixin of `ProgressStore` (like `Recording`), on the same connection and lock. Decks are named as the
events recorded them (`deck` names); `decks=None` reads every deck of the log.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quizterm.store.db import parse_day
from quizterm.store.explain import explained
from quizterm.store.summary import DAY_COLUMNS


@dataclass(frozen=True, slots=True)
class DayTotals:
    """One study day of the chosen decks, summed (see summary.py for what each count is)."""

    day: date
    grades: tuple[int, int, int, int, int, int]  # grades 0..5 given that day, drills included
    practice: int  # practice grades
    young: int  # scheduling grades of young cards (reps before the grade below MATURE_REPS, not new)
    young_passed: int  # ... of which >= PASSING_GRADE
    mature: int
    mature_passed: int

    @property
    def reviews(self) -> int:
        """Every grade of the day, drills included (practice grades are not reviews)."""
        return sum(self.grades)


@dataclass(frozen=True, slots=True)
class PointTally:
    """How often the scheduling grades of a card asked one of its key points (by the text they recorded)
    and marked it mentioned."""

    card_id: str
    point: str
    asked: int
    mentioned: int


def _where_decks(decks: Collection[str] | None) -> tuple[str, tuple[str, ...]]:
    if decks is None:
        return "", ()
    names = tuple(sorted(set(decks)))
    return f"WHERE deck IN ({', '.join('?' * len(names))})", names


class SummaryReads:
    """Reads of `ProgressStore` for the stats screen."""

    path: Path
    _lock: threading.RLock

    def _db(self) -> sqlite3.Connection:
        raise NotImplementedError

    def day_totals(self, decks: Collection[str] | None = None) -> list[DayTotals]:
        """Every study day with a grade or practice grade of `decks`, oldest first, summed over them."""
        where, names = _where_decks(decks)
        sums = ", ".join(f"sum({name})" for name in DAY_COLUMNS)
        with self._lock, explained(self.path):
            rows = self._db().execute(f"SELECT day, {sums} FROM day_totals {where} GROUP BY day ORDER BY day",
                                      names).fetchall()
        return [DayTotals(parse_day(day), (g0, g1, g2, g3, g4, g5), practice, young, young_passed, mature,
                          mature_passed)
                for day, g0, g1, g2, g3, g4, g5, practice, young, young_passed, mature, mature_passed in rows]

    def reveal_seconds(self, decks: Collection[str] | None = None) -> Counter[int]:
        """Grades of `decks` by whole seconds taken before revealing the rubric (drills included)."""
        where, names = _where_decks(decks)
        with self._lock, explained(self.path):
            rows = self._db().execute(f"SELECT seconds, sum(grades) FROM reveal_seconds {where} GROUP BY seconds",
                                      names).fetchall()
        return Counter(dict(rows))

    def point_tallies(self) -> list[PointTally]:
        """Every card's key points as its scheduling grades asked and marked them (cards without key points
        have no rows)."""
        with self._lock, explained(self.path):
            rows = self._db().execute("SELECT card_id, point, asked, mentioned FROM point_tally").fetchall()
        return [PointTally(*row) for row in rows]
