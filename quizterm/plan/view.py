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

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from quizterm.plan.forecast import Follow, fsrs_follow, sm2_follow
from quizterm.plan.planner import DayPlan, PlanCard, choose_window, plan_days
from quizterm.plan.plans import Plan, winning_plans
from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.scheduler.queue import GradeEvent, Limits
from quizterm.scheduler.sm2 import PASSING_GRADE, CardState

if TYPE_CHECKING:
    from quizterm.deck.cards import Card
    from quizterm.scheduler.base import AnyScheduler
    from quizterm.store.progress import ProgressStore

_NEW = CardState()

WindowGrade = tuple[str, date, int, bool]  # (card id, study day, grade, was the card new): a scheduling grade


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
    planned: frozenset[str] = frozenset()
    intro_today: frozenset[str] = frozenset()  # new planned cards the plans introduce today

    def __bool__(self) -> bool:
        return bool(self.spans)

    def effective_due(self, card_id: str, state: CardState) -> date | None:
        """The day the card is asked: its `plan_due` when the plan moves it, else the scheduler's due date."""
        return self.plan_due.get(card_id, state.due)

    def limits_for(self, card_ids: Collection[str], states: Mapping[str, CardState],
                   todays_grades: Sequence[GradeEvent], floor: Limits) -> Limits:
        """Today's limits for a drill of `card_ids`: the planned new cards the plans introduce today and the
        planned cards due today (both counting today's grades already given to planned cards), each at
        least `floor`'s. Stable through the day: a grade moves a card from "to do" to "done"."""
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
        for card_id in card_ids:
            if card_id not in self.planned or card_id in scheduled:
                continue
            state = states.get(card_id, _NEW)
            if state.due is None:
                new += card_id in self.intro_today
                continue
            due = self.plan_due.get(card_id, state.due)
            if due <= self.today and not state.hidden_on(self.today):
                review += 1
        return Limits(new_per_day=max(floor.new_per_day, new), reviews_per_day=max(floor.reviews_per_day, review))


def plan_view(cards: Iterable[Card], plans: Sequence[Plan], today: date, *, states: Mapping[str, CardState],
              scheduler: AnyScheduler, todays_grades: Sequence[GradeEvent],
              window_grades: Sequence[WindowGrade] = (),
              memories: Mapping[str, FsrsState] | None = None) -> PlanView:
    """The plans of `plans` on study day `today` for `cards` (the loaded decks' cards, deck order).

    `states` are the chosen scheduler's (store.states()); `window_grades` the scheduling grades given
    from the earliest active window's first day to today (store.window_grades), `memories` FSRS's
    memories (needed under FSRS only). A plan whose date has come changes nothing.
    """
    winning = winning_plans(plans, today)
    if not winning:
        return PlanView(today=today)
    by_plan: dict[Plan, list[Card]] = {}
    seen: set[str] = set()
    for card in cards:
        plan = winning.get(card.deck)
        if plan is None or card.id in seen:
            continue
        seen.add(card.id)
        if not states.get(card.id, _NEW).suspended:
            by_plan.setdefault(plan, []).append(card)
    done_from = _done_days(window_grades)
    spans: list[Span] = []
    plan_due: dict[str, date] = {}
    intro_today: set[str] = set()
    for plan in sorted(by_plan, key=lambda p: (p.date, p.decks)):
        chosen = by_plan[plan]
        days = plan.days_left(today)
        follow = _follow(scheduler, states, memories, today, days)
        ids = {card.id for card in chosen}
        introduced = sum(1 for e in todays_grades if e.scheduling and e.was_new and e.card_id in ids)
        reviewed = sum(1 for e in todays_grades if e.scheduling and not e.was_new and e.card_id in ids)
        graded = {e.card_id for e in todays_grades if e.scheduling}
        window_day = plan.window_from
        planned = [_plan_card(card.id, states.get(card.id, _NEW), today, card.id in graded,
                              done_from.get(card.id), window_day) for card in chosen]
        day_plan = plan_days(planned, days=days, window=(window_day - today).days, follow=follow,
                             introduced_today=introduced, reviewed_today=reviewed)
        spans.append(Span(plan, tuple(card.id for card in chosen), day_plan))
        plan_due.update((card_id, today + timedelta(days=offset)) for card_id, offset in day_plan.plan_due.items())
        intro_today.update(card_id for card_id, day in day_plan.intro_day.items() if day == 0)
    return PlanView(today=today, spans=tuple(spans), plan_due=plan_due,
                    planned=frozenset(card_id for span in spans for card_id in span.card_ids),
                    intro_today=frozenset(intro_today))


def _done_days(window_grades: Sequence[WindowGrade]) -> dict[str, tuple[date, int, bool]]:
    """Each card's newest scheduling grade among `window_grades` (given in replay order): day, grade, was new."""
    return {card_id: (day, grade, was_new) for card_id, day, grade, was_new in window_grades}


def _plan_card(card_id: str, state: CardState, today: date, graded_today: bool,
               latest: tuple[date, int, bool] | None, window_day: date) -> PlanCard:
    """The planner's view of one card; `latest` is its newest scheduling grade in the windows' span."""
    if state.due is None:
        return PlanCard(card_id, None)
    earliest = 0 if state.buried_until is None else max(0, (state.buried_until - today).days)
    done = latest is not None and latest[0] >= window_day and latest[1] >= PASSING_GRADE and not latest[2]
    return PlanCard(card_id, (state.due - today).days, earliest, graded_today, done)


def _follow(scheduler: AnyScheduler, states: Mapping[str, CardState], memories: Mapping[str, FsrsState] | None,
            today: date, days: int) -> Follow:
    if isinstance(scheduler, FsrsScheduler):
        return fsrs_follow(memories or {}, scheduler, today, days)
    return sm2_follow(states, today, days)


@dataclass(frozen=True, slots=True)
class Planning:
    """What a drill (or a command) needs to follow the plans: every loaded card, since a plan covers whole
    decks whatever part of them is drilled, and the plans as set (`load_plans`)."""

    cards: Sequence[Card]
    plans: Sequence[Plan]

    def view(self, store: ProgressStore, today: date, states: Mapping[str, CardState] | None = None,
             todays_grades: Sequence[GradeEvent] | None = None) -> PlanView:
        """The plans on `today`, reading from `store` what the caller did not already read."""
        active = [plan for plan in self.plans if plan.active_on(today)]
        if not active:
            return PlanView(today=today)
        first = min(plan.window_from for plan in active)
        window_grades = store.scheduling_grades_from(first, today) if first <= today else []
        scheduler = store.scheduler
        return plan_view(self.cards, active, today, states=store.states() if states is None else states,
                         scheduler=scheduler,
                         todays_grades=store.grades_on(today) if todays_grades is None else todays_grades,
                         window_grades=window_grades,
                         memories=store.memories() if isinstance(scheduler, FsrsScheduler) else None)


def window_for(cards: Iterable[Card], decks: Collection[str], interview: date, today: date,
               store: ProgressStore) -> date:
    """The final window's first day for a plan of `decks` set today (planner.choose_window): the latest
    that keeps the days even, from the cards of those decks as they stand now."""
    days = max(0, (interview - today).days)
    if days <= 1:
        return today
    states = store.states()
    graded = {e.card_id for e in store.grades_on(today) if e.scheduling}
    chosen = [_plan_card(card.id, state, today, card.id in graded, None, interview)
              for card in _distinct(cards) if card.deck in decks
              and not (state := states.get(card.id, _NEW)).suspended]
    scheduler = store.scheduler
    follow = _follow(scheduler, states, store.memories() if isinstance(scheduler, FsrsScheduler) else None, today,
                     days)
    return today + timedelta(days=choose_window(chosen, days=days, follow=follow))


def _distinct(cards: Iterable[Card]) -> Iterator[Card]:
    seen: set[str] = set()
    for card in cards:
        if card.id not in seen:
            seen.add(card.id)
            yield card
