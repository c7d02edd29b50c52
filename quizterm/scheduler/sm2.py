"""SuperMemo SM-2, exactly, in integer arithmetic.

The E-Factor only ever moves in steps of 0.02, so it is kept as an integer number of hundredths
(`ef_centi`, 250 = 2.5). Intervals are true ceilings computed on integers: a floating-point
`ceil(6 * 2.5)` can never turn into an extra day.

Our reading of SM-2 where the published text is loose (see issue 3):
- only the first grade a card gets on a day schedules it; later grades that day are drills;
- q >= 3: EF is updated first, then the interval uses the new EF;
- q < 3: the card starts anew (reps = 1, interval = 1) and EF is left unchanged;
- intervals stop at `MAX_INTERVAL` (100 years), so no history can run past the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

GRADES = range(6)
PASSING_GRADE = 3  # a scheduling grade below this is a lapse
RECALLED_GRADE = 4  # a card whose latest grade today is below this comes back today
MATURE_REPS = 3  # a card with this many repetitions (reps) is mature; below, once scheduled, it is learning

GRADE_MEANINGS: dict[int, str] = {
    5: "perfect",
    4: "correct after hesitation",
    3: "correct with serious difficulty",
    2: "wrong, but the answer seemed easy once seen",
    1: "wrong, but recognised",
    0: "complete blackout",
}

INITIAL_EF_CENTI = 250
MIN_EF_CENTI = 130
# Intervals stop at 100 years (Anki's default maximum): grading a card on many days in a row (e.g. with
# `--now` previews) would otherwise multiply its interval past the end of the calendar, and replaying
# the log must never fail.
MAX_INTERVAL = 36_500

# EF' = EF + (0.1 - (5-q) * (0.08 + (5-q) * 0.02)), in hundredths: 5 -> +10, 4 -> 0, 3 -> -14, ...
_EF_DELTA_CENTI: dict[int, int] = {q: 10 - (5 - q) * (8 + (5 - q) * 2) for q in GRADES}


@dataclass(frozen=True, slots=True)
class CardState:
    """What SM-2 knows about one card, and whether the user took it out of the queue.

    A card nobody has graded is `CardState()`. `suspended` and `buried_until` are not SM-2's: they come
    from suspend/bury events and only decide queue membership; scheduling carries them through unchanged.
    """

    reps: int = 0
    ef_centi: int = INITIAL_EF_CENTI
    interval: int = 0
    due: date | None = None
    lapses: int = 0
    suspended: bool = False
    buried_until: date | None = None  # out of the queue on the study days before this one

    @property
    def ef(self) -> float:
        """The E-Factor as a number (exact to two decimals); for display and JSON only."""
        return self.ef_centi / 100

    @property
    def is_new(self) -> bool:
        """Never given a scheduling grade."""
        return self.due is None

    def hidden_on(self, day: date) -> bool:
        """Kept out of the queue on study day `day`: suspended, or buried until a later day."""
        return self.suspended or (self.buried_until is not None and self.buried_until > day)


def check_grade(grade: int) -> int:
    """Return `grade` if it is 0..5, else raise ValueError."""
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
        raise ValueError(f"a grade is a whole number from 0 to 5, not {grade!r}")
    return grade


def schedule(state: CardState, grade: int, day: date) -> CardState:
    """The state after the scheduling grade `grade` given on study day `day`.

    Overdue cards are scheduled from the day they are actually reviewed: `due = day + interval`.
    """
    check_grade(grade)
    if grade >= PASSING_GRADE:
        ef = max(MIN_EF_CENTI, state.ef_centi + _EF_DELTA_CENTI[grade])
        if state.reps == 0:
            interval = 1
        elif state.reps == 1:
            interval = 6
        else:
            interval = min(MAX_INTERVAL, -(-state.interval * ef // 100))  # exact ceiling of interval * ef / 100
        return CardState(state.reps + 1, ef, interval, _after(day, interval), state.lapses, state.suspended,
                         state.buried_until)
    lapses = state.lapses + (0 if state.is_new else 1)
    # Built field by field, not with dataclasses.replace: replay runs this a million times.
    return CardState(1, state.ef_centi, 1, _after(day, 1), lapses, state.suspended, state.buried_until)


def _after(day: date, days: int) -> date:
    """`day + days`, or the calendar's last day when that is past it (a `--now` in year 9999)."""
    if day.toordinal() + days > date.max.toordinal():
        return date.max
    return day + timedelta(days=days)


class Sm2Scheduler:
    """SM-2 behind quizterm's scheduler interface (see base.py): `schedule`, as it always was."""

    name = "sm2"

    def __repr__(self) -> str:
        return "Sm2Scheduler()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sm2Scheduler)

    def __hash__(self) -> int:
        return hash(self.name)

    def initial(self) -> CardState:
        return CardState()

    def review(self, state: CardState, grade: int, day: date) -> CardState:
        return schedule(state, grade, day)

    def interval(self, state: CardState) -> int:
        return state.interval

    def due(self, state: CardState) -> date | None:
        return state.due

    def scheduled_state(self, sm2: CardState, memory: object) -> CardState:
        """The card as the queue sees it under SM-2: its SM-2 state, whatever FSRS remembers."""
        return sm2
