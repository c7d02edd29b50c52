"""The plans applied to today: each planned card's effective due date and the limits the plans need.

`plan_view` runs the planner (planner.py) for every plan still ahead over the cards of its decks, and
gives what the rest of quizterm uses:
- `plan_due`: the cards the plans bring back early, with the day (never after the day before the date);
- `planned`: the ids of the cards in a plan (the queue takes them before other cards);
- `limits_for(...)`: today's limits for a drill, raised to what the plans need (the configured limits
  stay the floor);
- `spans`: each plan with its day-by-day plan, for `quizterm plan`.

Suspended cards are outside every plan; a card is in the plan of its deck (`Card.deck`), so cards added to
a planned deck join it and removed ones leave it. The scheduler's state is never changed here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from quizterm.plan.plans import Plan, winning_plans
from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.scheduler.queue import GradeEvent, Limits
from quizterm.scheduler.sm2 import CardState

if TYPE_CHECKING:  # the planner and forecast are imported when a plan is on (not by every drill's start)
    from quizterm.deck.cards import Card
    from quizterm.plan.forecast import Follow
    from quizterm.plan.planner import DayPlan, PlanCard
    from quizterm.scheduler.base import AnyScheduler
    from quizterm.store.progress import ProgressStore

_NEW = CardState()

DONE_REPS = 3  # SM-2's reps from which a card's last two scheduling grades both passed


@dataclass(frozen=True, slots=True)
class Span:
    """One plan still ahead, the cards it covers today (deck order) and its day-by-day plan."""

    plan: Plan
    card_ids: tuple[str, ...]
    days: DayPlan


@dataclass(frozen=True, slots=True)
class PlanView:
    """The plans on one study day (see the module docstring)."""

    today: date
    spans: tuple[Span, ...] = ()
    plan_due: dict[str, date] = field(default_factory=dict)
    planned: Collection[str] = frozenset()  # card id -> its plan's position: a membership test is all it is for
    intro_today: frozenset[str] = frozenset()  # new planned cards the plans' own paces introduce today

    def __bool__(self) -> bool:
        return bool(self.spans)

    def effective_due(self, card_id: str, state: CardState) -> date | None:
        """The day the card is asked: its `plan_due` when the plan moves it, else the scheduler's due date."""
        return self.plan_due.get(card_id, state.due)

    def limits_for(self, card_ids: Collection[str], states: Mapping[str, CardState],
                   todays_grades: Sequence[GradeEvent], floor: Limits) -> Limits:
        """Today's limits for a drill of `card_ids`: the planned new cards the plans' own paces introduce today
        (the configured floor is for the total, however many plans) and the planned cards due today (both
        counting today's grades already given to planned cards), each at least `floor`'s. Stable through the
        day: a grade moves a card from "to do" to "done"."""
        if not self.spans:
            return floor
        new = review = 0
        scheduled: set[str] = set()
        for event in todays_grades:
            if event.scheduling and event.card_id in self.planned and event.card_id in card_ids:
                scheduled.add(event.card_id)
                if event.was_new:
                    new += 1
                else:
                    review += 1
        planned, intro_today, plan_due, today = self.planned, self.intro_today, self.plan_due, self.today
        for card_id in card_ids:  # every card of the drill: the attribute look-ups above are made once
            if card_id not in planned or card_id in scheduled:
                continue
            state = states.get(card_id, _NEW)
            due = state.due
            if due is None:
                new += card_id in intro_today
                continue
            due = plan_due.get(card_id, due)
            if due <= today and not state.hidden_on(today):
                review += 1
        return Limits(new_per_day=max(floor.new_per_day, new), reviews_per_day=max(floor.reviews_per_day, review))


def plan_view(cards: Iterable[Card], plans: Sequence[Plan], today: date, *, states: Mapping[str, CardState],
              scheduler: AnyScheduler, todays_grades: Sequence[GradeEvent],
              passed_twice: Callable[[Collection[str]], Collection[str]] | None = None,
              memories: Mapping[str, FsrsState] | None = None, new_floor: int = 0) -> PlanView:
    """The plans of `plans` on study day `today` for `cards` (the loaded decks' cards, deck order).

    `states` are the chosen scheduler's (store.states()); `passed_twice(card_ids)` says which of the cards
    (at SM-2's reps 2, see below) had two passing scheduling grades since the plans were set (the store's
    `passed_twice`; None: none did);
    `memories` FSRS's memories (needed under FSRS only); `new_floor` the configured new cards a day (the
    drill's pace when the plans need fewer). A plan whose date has come changes nothing.
    O(cards): a drill makes it at each start.
    """
    winning = winning_plans(plans, today)
    if not winning:
        return PlanView(today=today)
    from quizterm.plan.planner import PlanCard, plan_days

    graded = {e.card_id for e in todays_grades if e.scheduling}
    origin = today.toordinal()
    ordered = sorted(set(winning.values()), key=lambda p: (p.date, p.decks))
    index = {deck: ordered.index(plan) for deck, plan in winning.items()}  # plans by position: cheap keys
    windows = [plan.window_from.toordinal() - origin for plan in ordered]
    by_plan: list[list[PlanCard]] = [[] for _ in ordered]
    member: dict[str, int] = {}  # each planned card's plan; also drops a card listed twice
    undecided: list[tuple[int, int]] = []  # (plan, position) of cards whose done-ness needs the log
    make = tuple.__new__  # PlanCard(...) without the named tuple's Python-level __new__: 10,000 times per start
    for card in cards:  # one pass over every card of the planned decks (as `_plan_card`, inlined)
        at = index.get(card.deck)
        card_id = card.id
        if at is None or card_id in member:
            continue
        state = states.get(card_id, _NEW)
        if state.suspended:
            continue
        member[card_id] = at
        due = state.due
        if due is None:
            by_plan[at].append(make(PlanCard, (card_id, None, 0, False, False)))
            continue
        buried = state.buried_until
        due_day = due.toordinal() - origin
        earliest = 0 if buried is None else max(0, buried.toordinal() - origin)
        # Done with the plan: its newest scheduling grade (its due date less its interval, whichever scheduler)
        # was a successful review in the final window, not its first grade, after two successful reviews in
        # all. SM-2's reps say most of it: a pass raises reps, a failure sets it to 1, so reps >= 2 means the
        # newest grade passed and was not the first of its run, reps >= 3 that the one before passed too; at
        # reps 2 the run began with a pass or with a failure, which only the log tells apart.
        done = due_day - state.interval >= windows[at] and state.reps >= 2
        if done and state.reps < DONE_REPS:  # the log must say how its run of passes began: asked below
            undecided.append((at, len(by_plan[at])))
            done = False
        by_plan[at].append(make(PlanCard, (card_id, due_day, earliest, card_id in graded, done)))
    if undecided and passed_twice is not None:
        twice = passed_twice([by_plan[at][i].card_id for at, i in undecided])
        for at, i in undecided:
            if by_plan[at][i].card_id in twice:
                by_plan[at][i] = by_plan[at][i]._replace(done=True)
    spans: list[Span] = []
    plan_due: dict[str, date] = {}
    intro_today: set[str] = set()
    days_from_today: dict[int, date] = {}
    for at, plan in enumerate(ordered):
        planned = by_plan[at]
        if not planned:
            continue
        days = plan.days_left(today)
        introduced = sum(1 for e in todays_grades if e.scheduling and e.was_new and member.get(e.card_id) == at)
        reviewed = sum(1 for e in todays_grades if e.scheduling and not e.was_new and member.get(e.card_id) == at)
        day_plan = plan_days(planned, days=days, window=plan.window_from.toordinal() - origin,
                             follow=_follow(scheduler, states, memories, today, days), introduced_today=introduced,
                             reviewed_today=reviewed, new_floor=new_floor)
        spans.append(Span(plan, tuple(card.card_id for card in planned), day_plan))
        for card_id, offset in day_plan.plan_due.items():
            if offset not in days_from_today:
                days_from_today[offset] = date.fromordinal(origin + offset)
            plan_due[card_id] = days_from_today[offset]
        # The limit is raised for what the plan itself needs today (its pace), not for the configured floor it
        # may be forecast at: new_per_day is a floor for the day's total, so two plans paced by it would
        # otherwise bring twice new_per_day. Its first unseen cards, as the planner introduces them.
        needed = max(0, day_plan.new_pace - introduced)
        intro_today.update(card.card_id for card in islice((c for c in planned if c.due is None), needed))
    return PlanView(today=today, spans=tuple(spans), plan_due=plan_due, planned=member,
                    intro_today=frozenset(intro_today))


def _follow(scheduler: AnyScheduler, states: Mapping[str, CardState], memories: Mapping[str, FsrsState] | None,
            today: date, days: int) -> Follow:
    from quizterm.plan.forecast import fsrs_follow, sm2_follow

    if isinstance(scheduler, FsrsScheduler):
        return fsrs_follow(memories or {}, scheduler, today, days)
    return sm2_follow(states, today, days)


@dataclass(frozen=True, slots=True)
class Planning:
    """What a drill (or a command) needs to follow the plans: every loaded card, since a plan covers whole
    decks whatever part of them is drilled, and the plans as set (`load_plans`)."""

    cards: Sequence[Card]
    plans: Sequence[Plan]
    new_floor: int = 0  # the configured new cards a day: the drill introduces that many even when a plan needs fewer

    def view(self, store: ProgressStore, today: date, states: Mapping[str, CardState] | None = None,
             todays_grades: Sequence[GradeEvent] | None = None) -> PlanView:
        """The plans on `today`, reading from `store` what the caller did not already read."""
        active = [plan for plan in self.plans if plan.active_on(today)]
        if not active:
            return PlanView(today=today)
        states = store.states() if states is None else states
        window = min(plan.window_from for plan in active)
        since = min(plan.set_on for plan in active)

        def twice(card_ids: Collection[str]) -> Collection[str]:
            return store.passed_twice(card_ids, since)

        scheduler = store.scheduler
        return plan_view(self.cards, active, today, states=states,
                         scheduler=scheduler,
                         todays_grades=store.grades_on(today) if todays_grades is None else todays_grades,
                         passed_twice=twice if window <= today else None,
                         memories=store.memories() if isinstance(scheduler, FsrsScheduler) else None,
                         new_floor=self.new_floor)


def window_for(cards: Iterable[Card], decks: Collection[str], interview: date, today: date,
               store: ProgressStore, new_floor: int = 0) -> date:
    """The final window's first day for a plan of `decks` set today (planner.choose_window): the latest
    that keeps the days even, from the cards of those decks as they stand now."""
    from quizterm.plan.planner import PlanCard, choose_window

    days = max(0, (interview - today).days)
    if days <= 1:
        return today
    states = store.states()
    graded = {e.card_id for e in store.grades_on(today) if e.scheduling}
    origin = today.toordinal()
    chosen = [PlanCard(card.id, None) if state.due is None else
              PlanCard(card.id, state.due.toordinal() - origin,
                       0 if state.buried_until is None else max(0, state.buried_until.toordinal() - origin),
                       card.id in graded)
              for card in _distinct(cards) if card.deck in decks and not (state := states.get(card.id, _NEW)).suspended]
    scheduler = store.scheduler
    follow = _follow(scheduler, states, store.memories() if isinstance(scheduler, FsrsScheduler) else None, today,
                     days)
    return today + timedelta(days=choose_window(chosen, days=days, follow=follow, new_floor=new_floor))


def _distinct(cards: Iterable[Card]) -> Iterator[Card]:
    seen: set[str] = set()
    for card in cards:
        if card.id not in seen:
            seen.add(card.id)
            yield card
