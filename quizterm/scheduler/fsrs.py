"""FSRS (the Free Spaced Repetition Scheduler), day by day, as the `fsrs` package (py-fsrs) computes it.

What FSRS knows of a card is its *memory state*: stability S (the days after which recall has fallen to
90 %), difficulty D (1..10) and the study day of its latest review. The `fsrs` package moves that state
(`Scheduler.review_card`); quizterm restates what it computes, configured with
- the package's default parameters, pinned in `PARAMETERS` (a test checks them against the package), so
  the same log gives the same memory on every machine and version;
- day granularity: no learning or relearning steps (minutes mean nothing to a daily drill), and reviews
  are placed at midnight UTC of their study day, so "days since the last review" is whole study days;
- no fuzzing: replaying the log must give the same due dates every time.
As with SM-2, only a card's first grade of a study day is a review; later ones that day are drills.

Grades map to ratings as 0, 1, 2 -> Again; 3 -> Hard; 4 -> Good; 5 -> Easy (`RATINGS`).

The memory state does not depend on the desired retention: only the interval does. So the store keeps
the memory of every card whichever scheduler is chosen (readiness needs it under SM-2 too), and the due
date is derived from it when read (`FsrsScheduler.due`), which is what makes a change of scheduler or of
`desired_retention` free. `memory_after`, `interval` and `retrievability` restate the package's formulas
on plain floats in its order of operations (no `Card`, no datetime: replaying a million reviews costs a
fraction of it, and 10,000 states are read with one multiplication each); tests check them against the
package to the last bit, which is why the package stays a dependency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from quizterm.scheduler.sm2 import MAX_INTERVAL, CardState, check_grade

# fsrs 6.3's DEFAULT_PARAMETERS (FSRS-6), pinned: see the module docstring.
PARAMETERS: tuple[float, ...] = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
    0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)
DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.7, 0.99  # Anki's range for the same setting
_DECAY = -PARAMETERS[20]
_FACTOR = 0.9 ** (1 / _DECAY) - 1  # computed as the package computes it, so the floats are the same

# grade 0..5 -> fsrs.Rating value: Again = 1, Hard = 2, Good = 3, Easy = 4
RATINGS: tuple[int, ...] = (1, 1, 1, 2, 3, 4)
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

# Only the days between two reviews matter to FSRS; gaps beyond `_MAX_GAP` days (~9,800 years) count as
# that (the package, driven on a calendar from year 1, could not place a later review and its interval).
_MAX_GAP = date.max.toordinal() - 1 - MAX_INTERVAL - 1
_LAST_ORDINAL = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class FsrsState:
    """FSRS's memory of one card: `FsrsState()` until its first review."""

    stability: float | None = None  # days until recall falls to 90 %
    difficulty: float | None = None  # 1 (easy) .. 10 (hard)
    last_day: date | None = None  # study day of the latest review

    @property
    def is_new(self) -> bool:
        return self.stability is None or self.last_day is None


def rating_for(grade: int) -> int:
    """The FSRS rating value (1 Again, 2 Hard, 3 Good, 4 Easy) of a quizterm grade 0..5."""
    return RATINGS[check_grade(grade)]


def check_retention(value: object) -> float:
    """`value` as a desired retention, or ValueError with a message fit for the user."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            MIN_RETENTION <= value <= MAX_RETENTION):
        raise ValueError(f"desired_retention must be a number from {MIN_RETENTION} to {MAX_RETENTION} (e.g. 0.9), "
                         f"not {value!r}")
    return float(value)


def memory_after(stability: float | None, difficulty: float | None, last_day: date | None, grade: int,
                 day: date) -> tuple[float, float]:
    """(stability, difficulty) after a review with `grade` on study day `day`; the previous review (if any)
    was on `last_day` with the given stability and difficulty. The fold runs this once per review, so it
    restates what the package's `review_card` does to a card in the Review state (or to a new card) on
    plain floats, in the package's order of operations: the same floats to the last bit (tests compare it
    with `review_card` on any memory, gap and grade), at a tenth of the cost - a sync importing a million
    reviews made half a million `Card` copies and datetimes for two numbers."""
    rating = RATINGS[grade]
    if stability is None or difficulty is None or last_day is None:  # _initial_stability, _initial_difficulty
        return max(_P[rating - 1], _STABILITY_MIN), min(max(_initial_difficulty(rating), _MIN_D), _MAX_D)
    gap = min(max(day.toordinal() - last_day.toordinal(), 0), _MAX_GAP)
    if gap < 1:  # _short_term_stability
        increase = (_E ** (_P[17] * (rating - 3 + _P[18]))) * (stability ** -_P[19])
        if rating != 1:
            increase = max(increase, 1.0)
        after = stability * increase
    else:  # _next_stability, with the retrievability `gap` days after the last review
        recall = (1 + _FACTOR * gap / stability) ** _DECAY
        if rating == 1:  # _next_forget_stability
            after = min(_P[11] * (difficulty ** -_P[12]) * (((stability + 1) ** (_P[13])) - 1)
                        * (_E ** ((1 - recall) * _P[14])), stability / _SHORT_TERM_FORGET)
        else:  # _next_recall_stability
            hard_penalty = _P[15] if rating == 2 else 1
            easy_bonus = _P[16] if rating == 4 else 1
            after = stability * (1 + (_E ** (_P[8])) * (11 - difficulty) * (stability ** -_P[9])
                                 * ((_E ** ((1 - recall) * _P[10])) - 1) * hard_penalty * easy_bonus)
    # _next_difficulty: linear damping, then mean reversion towards Easy's initial difficulty
    damped = difficulty + (10.0 - difficulty) * -(_P[6] * (rating - 3)) / 9.0
    return max(after, _STABILITY_MIN), min(max(_P[7] * _EASY_DIFFICULTY + (1 - _P[7]) * damped, _MIN_D), _MAX_D)


def _initial_difficulty(rating: int) -> float:
    return float(_P[4] - (_E ** (_P[5] * (rating - 1))) + 1)


_P = PARAMETERS
_E = math.e  # the package raises math.e to powers (not math.exp): the same floats need the same operation
_STABILITY_MIN, _MIN_D, _MAX_D = 0.001, 1.0, 10.0  # the package's STABILITY_MIN, MIN_/MAX_DIFFICULTY
_EASY_DIFFICULTY = _initial_difficulty(4)
_SHORT_TERM_FORGET = _E ** (_P[17] * _P[18])


def retrievability(stability: float, elapsed_days: int) -> float:
    """Predicted probability of recall `elapsed_days` whole days after a review that left `stability`
    (the package's `get_card_retrievability`)."""
    return float((1 + _FACTOR * max(0, elapsed_days) / stability) ** _DECAY)


class FsrsScheduler:
    """FSRS behind quizterm's scheduler interface (see base.py); `desired_retention` sets the intervals."""

    name = "fsrs"

    def __init__(self, desired_retention: float = DEFAULT_RETENTION) -> None:
        self.desired_retention = check_retention(desired_retention)
        # the package's `_next_interval`, with its constant part computed once
        self._per_stability = (self.desired_retention ** (1 / _DECAY)) - 1

    def __repr__(self) -> str:
        return f"FsrsScheduler(desired_retention={self.desired_retention})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FsrsScheduler) and other.desired_retention == self.desired_retention

    def __hash__(self) -> int:
        return hash((self.name, self.desired_retention))

    def initial(self) -> FsrsState:
        return FsrsState()

    def review(self, state: FsrsState, grade: int, day: date) -> FsrsState:
        """The memory after a review with `grade` (0..5) on study day `day`."""
        stability, difficulty = memory_after(state.stability, state.difficulty, state.last_day, check_grade(grade),
                                             day)
        return FsrsState(stability, difficulty, day)

    def interval_for(self, stability: float) -> int:
        """Days from a review to the next, for a card left with `stability` (at least 1, at most 36,500)."""
        days: int = round((stability / _FACTOR) * self._per_stability)
        return min(max(days, 1), MAX_INTERVAL)

    def interval_and_due(self, stability: float | None, last_day: date | None) -> tuple[int, date | None]:
        """(interval, due day) of a card whose latest review, on `last_day`, left `stability`; (0, None) while
        new. The state table's reader calls this once per card."""
        if stability is None or last_day is None:
            return 0, None
        days = self.interval_for(stability)
        ordinal = last_day.toordinal() + days
        return days, date.max if ordinal > _LAST_ORDINAL else date.fromordinal(ordinal)

    def interval(self, state: FsrsState) -> int:
        """The interval set by the latest review; 0 while new."""
        return 0 if state.stability is None else self.interval_for(state.stability)

    def due(self, state: FsrsState) -> date | None:
        """The study day the card is due; None while new."""
        return self.interval_and_due(state.stability, state.last_day)[1]

    def retrievability(self, state: FsrsState, day: date) -> float:
        """Predicted recall at the start of study day `day` (0 for a card never reviewed)."""
        if state.stability is None or state.last_day is None:
            return 0.0
        return retrievability(state.stability, day.toordinal() - state.last_day.toordinal())

    def scheduled_state(self, sm2: CardState, memory: FsrsState) -> CardState:
        """The card as the queue sees it under FSRS: FSRS's interval and due date; membership and the SM-2
        counters (reps, EF, lapses) as they are. (A lapse is the same event for both: a grade below 3 of a
        card already reviewed, i.e. Again on a card in review.)"""
        interval, due = self.interval_and_due(memory.stability, memory.last_day)
        return CardState(sm2.reps, sm2.ef_centi, interval, due, sm2.lapses, sm2.suspended, sm2.buried_until)
