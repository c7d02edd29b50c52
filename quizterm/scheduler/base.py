"""The one small interface every scheduler implements, in the style of py-fsrs.

A scheduler is pure: `initial()` is a new card's state, `review(state, grade, day)` the state after a
scheduling grade 0..5 given on study day `day`, `due(state)` the study day the card is next asked (None
while new) and `interval(state)` the days from its latest review to that day. Time is always an argument.

- `Sm2Scheduler` (sm2.py): the state is `CardState`, SM-2 exactly as in wave 1.
- `FsrsScheduler` (fsrs.py): the state is `FsrsState`, FSRS's memory (stability, difficulty, last day).

The review log is folded under both at once (store/replay.py): the `cards` cache holds the SM-2 state and
the FSRS memory of every card, whichever scheduler is chosen. `scheduled_state(sm2, memory)` is how the
chosen one shows a card to the queue: SM-2 returns its state as is, FSRS puts its own interval and due date
in it. So choosing a scheduler (`scheduler` in config.toml) replays nothing at run time: both replays are
always there, and choosing SM-2 again gives back exactly the SM-2 states it had.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol, TypeVar

from quizterm.scheduler.fsrs import DEFAULT_RETENTION, FsrsScheduler, FsrsState
from quizterm.scheduler.sm2 import CardState, Sm2Scheduler

SCHEDULERS = ("sm2", "fsrs")
DEFAULT_SCHEDULER = "sm2"

StateT = TypeVar("StateT")


class Scheduler(Protocol[StateT]):
    """What `Sm2Scheduler` and `FsrsScheduler` both offer (see the module docstring)."""

    name: str

    def initial(self) -> StateT: ...

    def review(self, state: StateT, grade: int, day: date) -> StateT: ...

    def due(self, state: StateT) -> date | None: ...

    def interval(self, state: StateT) -> int: ...

    def scheduled_state(self, sm2: CardState, memory: FsrsState) -> CardState: ...


AnyScheduler = Sm2Scheduler | FsrsScheduler


def make_scheduler(name: str = DEFAULT_SCHEDULER, desired_retention: float = DEFAULT_RETENTION) -> AnyScheduler:
    """The scheduler `name` ("sm2" or "fsrs"); ValueError for another name or a retention out of range."""
    if name == "sm2":
        return Sm2Scheduler()
    if name == "fsrs":
        return FsrsScheduler(desired_retention)
    raise ValueError(f"scheduler must be one of {', '.join(SCHEDULERS)}, not {name!r}")
