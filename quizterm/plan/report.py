"""What `quizterm plan` says about each plan: days left, the cards by stage, the load day by day, whether
it fits, and readiness on the day. Values and their JSON form here; the command prints them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from quizterm.plan.planner import LOAD_RATIO
from quizterm.plan.plans import Plan
from quizterm.plan.readiness import Readiness, readiness
from quizterm.plan.view import PlanView, Span
from quizterm.scheduler.fsrs import FsrsState
from quizterm.scheduler.sm2 import CardState
from quizterm.words import plural

MATURE_REPS = 3  # as stats.py: reps at which a card counts as mature

_NEW = CardState()


@dataclass(frozen=True, slots=True)
class PlanReport:
    """One plan on one study day."""

    plan: Plan
    today: date
    days_left: int
    cards: int
    unseen: int
    learning: int
    mature: int
    load: tuple[int, ...]  # expected reviews on each day left, today first
    new_today: int  # new cards the plan introduces today (those introduced already included)
    problems: tuple[str, ...]  # why the plan cannot fit, each a sentence; empty when it fits
    readiness: Readiness | None  # None once the plan is over

    @property
    def active(self) -> bool:
        return self.days_left > 0

    def to_json(self) -> dict[str, object]:
        plan = self.plan
        return {
            "date": plan.date.isoformat(), "decks": list(plan.decks), "set_on": plan.set_on.isoformat(),
            "window_from": plan.window_from.isoformat(), "active": self.active, "days_left": self.days_left,
            "cards": self.cards, "unseen": self.unseen, "learning": self.learning, "mature": self.mature,
            "new_today": self.new_today,
            "today": None if not self.load else {"date": self.today.isoformat(), "load": self.load[0]},
            "days": [{"date": (self.today + timedelta(days=i)).isoformat(), "load": load}
                     for i, load in enumerate(self.load)],
            "peak": max(self.load, default=0),
            "mean": round(sum(self.load) / len(self.load), 2) if self.load else 0.0,
            "fits": not self.problems, "problems": list(self.problems),
            "readiness": None if self.readiness is None else self.readiness.to_json(),
        }


def plan_reports(plans: Sequence[Plan], view: PlanView, states: Mapping[str, CardState],
                 memories: Mapping[str, FsrsState], today: date) -> list[PlanReport]:
    """A report for every plan: those still ahead (from `view`, earliest date first), then those over."""
    reports = [_active_report(span, states, memories, today) for span in view.spans]
    covered = {span.plan for span in view.spans}
    for plan in sorted(plans, key=lambda p: (p.date, p.decks)):
        if plan in covered:
            continue
        if plan.active_on(today):  # every deck of it follows an earlier plan, or none is loaded
            reports.append(PlanReport(plan, today, plan.days_left(today), 0, 0, 0, 0, (), 0,
                                      ("none of its decks' cards follow it: they follow an earlier plan, or "
                                       "its decks are not among those loaded (name their paths)",), None))
        else:
            reports.append(PlanReport(plan, today, 0, 0, 0, 0, 0, (), 0, (), None))
    return reports


def _active_report(span: Span, states: Mapping[str, CardState], memories: Mapping[str, FsrsState],
                   today: date) -> PlanReport:
    plan, days = span.plan, span.days
    unseen = learning = mature = 0
    for card_id in span.card_ids:
        state = states.get(card_id, _NEW)
        if state.due is None:
            unseen += 1
        elif state.reps >= MATURE_REPS:
            mature += 1
        else:
            learning += 1
    problems: list[str] = []
    if days.one_review_only:
        problems.append(f"{plural(days.one_review_only, 'unseen card')} cannot get two reviews before "
                        f"{plan.date.isoformat()}: each can still get one (introduce them today)")
    if days.unplaced:
        problems.append(f"{plural(days.unplaced, 'card')} buried past the final window miss their last review "
                        "(unbury them in the card browser)")
    if days.load and not days.balanced:
        paced_by_floor = days.new_floor > days.new_pace and len(days.intro_day) > days.new_pace
        remedy = ("a later date spreads the work" if not paced_by_floor else
                  f"new cards come at new_per_day ({days.new_floor} a day) where the plan needs "
                  f"{days.new_pace} a day: a lower new_per_day spreads them")
        problems.append(f"the busiest day has {days.peak} reviews, more than {LOAD_RATIO}× the mean of "
                        f"{days.mean:.1f} (at most {math.ceil(LOAD_RATIO * days.mean)} would be even); {remedy}")
    ready = readiness(span.card_ids, memories, plan.date)
    return PlanReport(plan, today, len(days.load), len(span.card_ids), unseen, learning, mature, days.load,
                      days.new_today, tuple(problems), ready)


def close_date_warning(days_left: int, unseen: int) -> str | None:
    """What can still be done when the date is too close for two reviews (None when it is not)."""
    if days_left <= 0:
        return ("the interview is today: the plan changes nothing; `quizterm cram` practises the weakest "
                "cards now")
    if days_left == 1:
        then = f" ({plural(unseen, 'card')} not seen yet)" if unseen else ""
        return ("one study day left: every card can get one review today, not two" + then +
                "; `quizterm cram` practises the weakest cards after that")
    return None
