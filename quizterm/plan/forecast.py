"""Where a card's reviews fall if every one of them goes well: the planner's forecast of each day's load.

The planner cannot know the grades to come, so it assumes each review is a Good one (grade 4) and asks
the chosen scheduler where that puts the next review. `Follow` answers "a review of this card on day r
(counted from today): on which later days, before the horizon, does it come back?".

- SM-2 (`sm2_follow`): `schedule`'s integer arithmetic (`good_gaps`), once per distinct state.
- FSRS (`fsrs_follow`): FSRS's update for a successful review restated on plain floats (the recall
  stability and the difficulty's mean reversion of FSRS-6, as in scheduler/fsrs.py's `interval_for`):
  the package's `review_card` costs ~30 µs a call, and a forecast of 10,000 cards calls it tens of
  thousands of times on every drill start. A test checks the restatement against the package.

This is a forecast, not a promise: failed reviews add work, and the plan is made again each day from
the real states.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date

from quizterm.scheduler.fsrs import PARAMETERS, FsrsScheduler, FsrsState, retrievability
from quizterm.scheduler.sm2 import _EF_DELTA_CENTI, MAX_INTERVAL, MIN_EF_CENTI, CardState

GOOD = 4  # the grade the forecast assumes for every review to come

Follow = Callable[[str | None, int], list[int]]
"""(card id, or None for a new card introduced that day; offset of a review) -> offsets of the reviews
that follow it, each before the horizon."""

_W = PARAMETERS
_STABILITY_MIN = 0.001
_EASY_DIFFICULTY = _W[4] - math.exp(_W[5] * 3) + 1  # the initial difficulty of an Easy first rating, unclamped
_GOOD_STABILITY = _W[2]  # a new card's stability after a first Good
_GOOD_DIFFICULTY = min(max(_W[4] - math.exp(_W[5] * 2) + 1, 1.0), 10.0)


def sm2_follow(states: Mapping[str, CardState], today: date, horizon: int) -> Follow:
    """Reviews after one on day `r`, under SM-2, while before `horizon` (days from `today`).

    The gaps depend only on (reps, EF, interval), so they are computed once per distinct triple (a few
    hundred among 10,000 cards)."""
    new = CardState()
    gaps: dict[tuple[int, int, int], tuple[int, ...]] = {}

    def gaps_of(state: CardState) -> tuple[int, ...]:
        key = (state.reps, state.ef_centi, state.interval)
        found = gaps.get(key)
        if found is None:
            found = gaps[key] = good_gaps(*key, horizon)
        return found

    def follow(card_id: str | None, r: int) -> list[int]:
        limit = horizon - r
        return [r + gap for gap in gaps_of(new if card_id is None else states.get(card_id, new)) if gap < limit]

    return follow


def good_gaps(reps: int, ef_centi: int, interval: int, horizon: int) -> tuple[int, ...]:
    """The days after a review at which SM-2 brings a card of (reps, EF, interval) back, each review Good,
    up to and including the first at or past `horizon`: `schedule`'s arithmetic without building a state
    per step (a Good leaves the EF as it is, so it is applied once; tests check it against `schedule`)."""
    ef_centi = max(MIN_EF_CENTI, ef_centi + _EF_DELTA_CENTI[GOOD])
    steps: list[int] = []
    total = 0
    while total < horizon:
        reps += 1
        interval = 1 if reps == 1 else 6 if reps == 2 else min(MAX_INTERVAL, -(-interval * ef_centi // 100))
        total += interval
        steps.append(total)
    return tuple(steps)


def good_memory(stability: float, difficulty: float, elapsed: int) -> tuple[float, float]:
    """FSRS-6's memory after a Good review `elapsed` (>= 1) days after one that left (stability, difficulty)."""
    recall = retrievability(stability, elapsed)
    grown = stability * (1 + math.exp(_W[8]) * (11 - difficulty) * stability ** -_W[9]
                         * (math.exp((1 - recall) * _W[10]) - 1))
    reverted = _W[7] * _EASY_DIFFICULTY + (1 - _W[7]) * difficulty  # Good moves difficulty by 0 before reverting
    return max(grown, _STABILITY_MIN), min(max(reverted, 1.0), 10.0)


def fsrs_follow(memories: Mapping[str, FsrsState], scheduler: FsrsScheduler, today: date, horizon: int) -> Follow:
    """Reviews after one on day `r`, under FSRS with `scheduler`'s desired retention, before `horizon`."""
    interval_for = scheduler.interval_for
    origin = today.toordinal()

    def follow(card_id: str | None, r: int) -> list[int]:
        memory = None if card_id is None else memories.get(card_id)
        if memory is None or memory.stability is None or memory.difficulty is None or memory.last_day is None:
            stability, difficulty = _GOOD_STABILITY, _GOOD_DIFFICULTY
        else:
            elapsed = max(1, origin + r - memory.last_day.toordinal())
            stability, difficulty = good_memory(memory.stability, memory.difficulty, elapsed)
        found: list[int] = []
        while True:
            gap = interval_for(stability)
            r += gap
            if r >= horizon or gap >= MAX_INTERVAL:
                return found
            found.append(r)
            stability, difficulty = good_memory(stability, difficulty, gap)

    return follow
