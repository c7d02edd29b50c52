"""The due forecast: how many scheduled cards fall due on each of the next 30 days, young and mature apart.

Due dates are the chosen scheduler's (the states `ProgressStore.states` gives: FSRS's under
`scheduler = "fsrs"`), as the drill follows them.

The first day is today, and holds every card due today or overdue (as the queue will offer them; the
overdue part is also given on its own). Suspended cards are due on no day; a buried card is due on the
later of its due date and the day it comes back. New cards are not forecast: they enter as the daily new
limit lets them. "Mature" is reps >= MATURE_REPS, as everywhere in quizterm.

`interview` is the date of a planned interview (the plan feature): when it falls inside the window the
chart marks its column; the screen names it in any case. It is only an argument here, so the plan can
provide it without this module knowing how plans are kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from quizterm.scheduler.sm2 import MATURE_REPS, CardState

FORECAST_DAYS = 30


@dataclass(frozen=True, slots=True)
class DueDay:
    day: date
    young: int
    mature: int

    @property
    def total(self) -> int:
        return self.young + self.mature


@dataclass(frozen=True, slots=True)
class Forecast:
    today: date
    days: tuple[DueDay, ...]  # today first
    overdue: int  # of days[0]: cards whose due date is before today
    interview: date | None = None

    @property
    def total(self) -> int:
        return sum(day.total for day in self.days)

    @property
    def interview_index(self) -> int | None:
        """The column of the interview date when it is inside the window."""
        if self.interview is None:
            return None
        index = (self.interview - self.today).days
        return index if 0 <= index < len(self.days) else None


def due_on(state: CardState) -> date | None:
    """The day a card will be offered: None while new or suspended."""
    if state.due is None or state.suspended:
        return None
    if state.buried_until is not None and state.buried_until > state.due:
        return state.buried_until
    return state.due


def forecast(states: Iterable[CardState], today: date, *, days: int = FORECAST_DAYS,
             interview: date | None = None) -> Forecast:
    """The forecast of `states` (one per card) for `days` days from `today`."""
    young: Counter[int] = Counter()
    mature: Counter[int] = Counter()
    overdue = 0
    for state in states:
        due = due_on(state)
        if due is None:
            continue
        offset = (due - today).days
        if offset >= days:
            continue
        if offset < 0:
            overdue += 1
            offset = 0
        (mature if state.reps >= MATURE_REPS else young)[offset] += 1
    return Forecast(today=today, overdue=overdue, interview=interview,
                    days=tuple(DueDay(today + timedelta(days=i), young[i], mature[i]) for i in range(days)))
