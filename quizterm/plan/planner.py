"""The planner: from today to an interview date, which new cards to introduce when, and which reviewed
cards to bring back early (`plan_due`), so that every card is ready on the day without a pile-up.

Days are offsets from today: 0 is today, `days - 1` the last study day before the interview (the plan is
over on the date itself). The rules (README, "Preparing for an interview"):

- **New cards** are introduced early enough for two successful reviews before the date: before the final
  window while there are days before it (so the window's review is their second), else up to the last
  day whose follow-up review still comes before the date. The day's count is spread evenly over the
  days left for it: `ceil(cards to introduce / days)`, counting those introduced today, so a restart
  never changes it. The caller raises the new-card limit to it; the configured limit stays the floor,
  so when that is higher (`new_floor`) the drill introduces that many a day and the forecast follows it.
- **The final window** (the last `days - window` study days; chosen when the plan is set, see
  `choose_window`) must hold one successful review of every card. A reviewed card whose scheduler due
  date is on or after the date, and which has not had that review yet, gets an effective due date
  (`plan_due`) in the window. Cards are spread by water-filling: each goes to the least loaded day it can
  take, so no day carries much more than the others. A card that had its successful review in the
  window (`done`, which a first grade never is) is left alone until the date.
- The scheduler's state is never touched: only the day a card is asked moves, and never later than its
  own due date.

Loads are a forecast: each review to come is assumed to go well (forecast.py). The planner is pure and
O(cards + window cards · log days); the drill runs it once per session.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from quizterm.plan.forecast import Follow

LOAD_RATIO = 1.5  # no day should carry more than about this times the plan's mean daily load
WINDOW_SHARE = 0.2  # the final window is at least this share of the days from setting to the date ...
MIN_WINDOW = 2  # ... and at least this many days
MAX_WINDOW_TRIES = 60  # `choose_window` tries at most this many window lengths


class PlanCard(NamedTuple):
    """One card of the plan as the planner needs it (suspended cards are never given). A named tuple: a
    plan is made of every card of its decks at each drill start."""

    card_id: str
    due: int | None  # the scheduler's due day (offset from today; negative when overdue); None: new
    earliest: int = 0  # the first day it can be asked (a card buried until a later day)
    graded_today: bool = False  # had a scheduling grade today: `due` is already the one that grade set
    done: bool = False  # had its successful review in the window: left alone until the date


@dataclass(frozen=True, slots=True)
class DayPlan:
    """What the planner decided for the days left."""

    days: int  # study days left, today included
    window: int  # the first day of the final window (<= 0: it has begun)
    load: tuple[int, ...]  # expected reviews (new cards included) on each day left
    plan_due: dict[str, int] = field(default_factory=dict)  # card -> the day the plan brings it back
    intro_day: dict[str, int] = field(default_factory=dict)  # new card -> the day it is introduced
    new_today: int = 0  # new cards the plan needs introduced today (those introduced already included)
    new_pace: int = 0  # new cards a day the plan itself needs
    new_floor: int = 0  # the configured new cards a day: the pace when it is higher than `new_pace`
    one_review_only: int = 0  # new cards that cannot get two reviews before the date any more
    unplaced: int = 0  # reviewed cards that cannot get their window review (e.g. buried past the date)

    @property
    def mean(self) -> float:
        return sum(self.load) / len(self.load) if self.load else 0.0

    @property
    def peak(self) -> int:
        return max(self.load, default=0)

    @property
    def balanced(self) -> bool:
        """No day carries more than about `LOAD_RATIO` times the mean: rounded up, plus one card of slack
        (loads are whole cards: with a card or two a day, one more on a day is no pile-up)."""
        return self.peak <= math.ceil(LOAD_RATIO * self.mean) + 1


def first_window_length(days: int) -> int:
    """The shortest final window for a plan set `days` study days before the date."""
    return max(MIN_WINDOW, math.ceil(WINDOW_SHARE * days))


def plan_days(cards: Sequence[PlanCard], *, days: int, window: int, follow: Follow, introduced_today: int = 0,
              reviewed_today: int = 0, new_floor: int = 0) -> DayPlan:
    """Plan `cards` (in deck order) over the `days` study days left, the final window starting on day
    `window`. `follow` forecasts the reviews after one (forecast.py); `introduced_today`/`reviewed_today`
    count today's scheduling grades of new and of reviewed cards of the plan (work already done today);
    `new_floor` is the configured new cards a day, which the drill introduces even when the plan needs
    fewer."""
    if days <= 0:
        return DayPlan(days=0, window=window, load=())
    window = min(max(window, 0), days - 1)
    load = [0] * days
    load[0] += introduced_today + reviewed_today
    units: list[tuple[int, str | None]] = []  # (earliest day, card or None for a forecast) needing a window review
    new_after = follow(None, 0)  # a new card's reviews after its introduction on day 0

    unseen = [card for card in cards if card.due is None]
    intro_day, new_today, new_pace, one_only = _introductions(unseen, days, window, new_after, introduced_today,
                                                              new_floor)
    for card in unseen:
        day = intro_day[card.card_id]
        load[day] += 1
        last = day
        reviewed_in_window = False
        for offset in new_after:
            if day + offset >= days:
                break
            last = day + offset
            load[last] += 1
            reviewed_in_window = reviewed_in_window or last >= window
        if not reviewed_in_window:
            units.append((max(window, last + 1), None))

    unplaced = 0
    late = window  # a unit's earliest day is never before the window
    for card_id, due, earliest, graded_today, done in cards:  # unpacked: this loop sees every card
        if due is None:
            continue
        first = due if due > earliest else earliest
        if first < 0:
            first = 0
        if first < days:  # the scheduler brings it back before the date: forecast those reviews
            load[first] += 1
            last = first
            for day in follow(card_id, first):
                load[day] += 1
                last = day
            if not done and last < window:
                units.append((window if window > last + 1 else last + 1, None))
            continue
        if done:
            continue
        start = max(late, earliest, 1 if graded_today else 0)
        if start >= days:
            unplaced += 1
            continue
        units.append((start, card_id))

    plan_due = _fill(units, load)
    return DayPlan(days=days, window=window, load=tuple(load), plan_due=plan_due, intro_day=intro_day,
                   new_today=new_today, new_pace=new_pace, new_floor=new_floor, one_review_only=one_only,
                   unplaced=unplaced)


def _introductions(unseen: Sequence[PlanCard], days: int, window: int, new_after: Sequence[int],
                   introduced_today: int, new_floor: int = 0) -> tuple[dict[str, int], int, int, int]:
    """Each new card's introduction day (deck order, spread evenly; `new_floor` a day from the first when
    that is more), today's count (those introduced already included), the plan's own pace (new cards a
    day) and how many can only get one review before the date."""
    if window >= 1:
        last = window - 1  # before the window: its review is their second
    else:
        first_gap = new_after[0] if new_after else days
        last = days - 1 - first_gap  # the last day whose follow-up review still comes before the date
    single = last < 0
    last = max(last, 0)
    spread = last + 1
    total = len(unseen) + introduced_today
    new_today = math.ceil(total / spread) if total else 0
    intro: dict[str, int] = {}
    if new_floor > new_today:  # the configured pace is faster: that many a day until none is left
        for index, card in enumerate(unseen):
            intro[card.card_id] = (index + introduced_today) // new_floor
        return intro, min(total, new_floor), new_today, len(unseen) if single else 0
    first = min(len(unseen), max(0, new_today - introduced_today))
    rest = len(unseen) - first
    later = spread - 1
    for index, card in enumerate(unseen):
        if index < first:
            intro[card.card_id] = 0
        else:  # day j (1..later) takes rest // later, the first rest % later of them one more
            k = index - first
            size, extra = divmod(rest, later)
            big = (size + 1) * extra
            intro[card.card_id] = 1 + (k // (size + 1) if k < big else extra + (k - big) // size)
    return intro, new_today, new_today, len(unseen) if single else 0


def _fill(units: list[tuple[int, str | None]], load: list[int]) -> dict[str, int]:
    """Give each unit a day from its earliest to the last, always the least loaded (ties: the earlier);
    the most constrained units first. Loads are updated in place; returns the days of the named cards."""
    days = len(load)
    by_earliest: dict[int, list[str | None]] = {}
    for earliest, card_id in units:
        by_earliest.setdefault(earliest, []).append(card_id)
    found: dict[str, int] = {}
    for earliest in sorted(by_earliest, reverse=True):
        if earliest < days:  # else no day left for it (a forecast of a review on the last day)
            _level(by_earliest[earliest], load, earliest, found)
    return found


def _level(group: list[str | None], load: list[int], earliest: int, found: dict[str, int]) -> None:
    """Water-filling of `group` over days `earliest`.. in closed form, as popping the least loaded day
    (count, day) from a heap for each unit would (`_fill_by_heap` in the tests): the days taken are the
    slots (count, day), count >= the day's load, in ascending order. Between two successive loads of the
    days the same days take part, in day order, round after round, so a whole stretch of units is dealt
    over them at once: O(days · log days + units) instead of two heap operations per unit (a plan over
    10,000 cards places thousands of units at each drill start)."""
    by_load = sorted(range(earliest, len(load)), key=load.__getitem__)  # stable: ties in day order
    taking: list[int] = []  # the days taking part at the current level, in day order
    placed, total, at = 0, len(group), 0
    while placed < total:
        level = load[by_load[at]]
        while at < len(by_load) and load[by_load[at]] == level:
            bisect.insort(taking, by_load[at])
            at += 1
        width = len(taking)
        rounds = load[by_load[at]] - level if at < len(by_load) else total  # levels until another day joins
        count = min(total - placed, rounds * width)
        named = dict(zip(group[placed:placed + count], itertools.cycle(taking)))
        named.pop(None, None)  # forecasts: they only add load
        found.update(named)  # type: ignore[arg-type]
        full, extra = divmod(count, width)
        for index, day in enumerate(taking):
            load[day] = level + full + (index < extra)
        placed += count


def choose_window(cards: Sequence[PlanCard], *, days: int, follow: Follow, new_floor: int = 0) -> int:
    """The final window's first day for a plan set today: the latest that keeps every day within about
    `LOAD_RATIO` times the mean load (a window of at least `first_window_length(days)` days); when none
    does, the one with the lowest peak relative to the mean. New cards keep at least one day before it."""
    if days <= 1:
        return 0
    shortest = min(first_window_length(days), days)
    longest = days - 1 if any(card.due is None for card in cards) else days
    shortest = min(shortest, longest)
    lengths = list(range(shortest, longest + 1))
    if len(lengths) > MAX_WINDOW_TRIES:
        step = (len(lengths) - 1) / (MAX_WINDOW_TRIES - 1)
        lengths = sorted({lengths[round(i * step)] for i in range(MAX_WINDOW_TRIES)})
    best: tuple[float, int] | None = None
    for length in lengths:
        plan = plan_days(cards, days=days, window=days - length, follow=follow, new_floor=new_floor)
        if plan.balanced:
            return days - length
        ratio = plan.peak / plan.mean if plan.mean else 0.0
        if best is None or ratio < best[0]:
            best = (ratio, days - length)
    assert best is not None
    return best[1]
