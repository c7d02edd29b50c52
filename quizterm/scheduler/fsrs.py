"""FSRS (the Free Spaced Repetition Scheduler), day by day, on the `fsrs` package (py-fsrs).

What FSRS knows of a card is its *memory state*: stability S (the days after which recall has fallen to
90 %), difficulty D (1..10) and the study day of its latest review. The `fsrs` package moves that state
(`Scheduler.review_card`); quizterm uses it with
- the package's default parameters, pinned in `PARAMETERS` (a test checks them against the package), so
  the same log gives the same memory on every machine and version;
- day granularity: no learning or relearning steps (minutes mean nothing to a daily drill), and reviews
  are placed at midnight UTC of their study day, so "days since the last review" is whole study days;
- no fuzzing: replaying the log must give the same due dates every time;
- always a `card_id` and a `due` for `fsrs.Card` (without them it reads the clock and sleeps 1 ms).
As with SM-2, only a card's first grade of a study day is a review; later ones that day are drills.

Grades map to ratings as 0, 1, 2 -> Again; 3 -> Hard; 4 -> Good; 5 -> Easy (`RATINGS`).

The memory state does not depend on the desired retention: only the interval does. So the store keeps
the memory of every card whichever scheduler is chosen (readiness needs it under SM-2 too), and the due
date is derived from it when read (`FsrsScheduler.due`), which is what makes a change of scheduler or of
`desired_retention` free. `interval` and `retrievability` restate the package's formulas on plain floats
(one multiplication instead of a `Card` per card when 10,000 states are read); tests check them against
the package to the last bit.

The `fsrs` package itself is imported by the first review, not at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from quizterm.scheduler.sm2 import MAX_INTERVAL, CardState, check_grade

if TYPE_CHECKING:
    import fsrs as fsrs_package

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

# Reviews are placed on a frame of their own: the previous review at `_FRAME`, this one the elapsed days
# later. Only the difference matters to FSRS, and the frame keeps `review + interval` inside the calendar
# for any study day (a `--now` in year 9999); gaps beyond `_MAX_GAP` days (~9,800 years) count as that.
_FRAME = datetime(1, 1, 1, tzinfo=UTC)
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


_model: Any = None  # the package's scheduler, made by the first review


def _package_scheduler() -> fsrs_package.Scheduler:
    """The package's scheduler as quizterm uses it (memory updates do not depend on the retention)."""
    global _model
    if _model is None:
        import fsrs

        _model = fsrs.Scheduler(parameters=PARAMETERS, desired_retention=DEFAULT_RETENTION, learning_steps=(),
                                relearning_steps=(), maximum_interval=MAX_INTERVAL, enable_fuzzing=False)
    return _model  # type: ignore[no-any-return]


def memory_after(stability: float | None, difficulty: float | None, last_day: date | None, grade: int,
                 day: date) -> tuple[float, float]:
    """(stability, difficulty) after a review with `grade` on study day `day`; the previous review (if any)
    was on `last_day` with the given stability and difficulty. The fold runs this once per review."""
    import fsrs

    model = _package_scheduler()
    if stability is None or difficulty is None or last_day is None:
        card = fsrs.Card(card_id=0, due=_FRAME)
        when = _FRAME
    else:
        card = fsrs.Card(card_id=0, state=fsrs.State.Review, stability=stability, difficulty=difficulty,
                         due=_FRAME, last_review=_FRAME)
        gap = min(max(day.toordinal() - last_day.toordinal(), 0), _MAX_GAP)
        when = _FRAME + timedelta(days=gap)
    reviewed, _ = model.review_card(card, fsrs.Rating(RATINGS[grade]), when)
    assert reviewed.stability is not None and reviewed.difficulty is not None
    return reviewed.stability, reviewed.difficulty


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
