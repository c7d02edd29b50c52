"""The queue under an interview plan (effective due dates, planned cards first) and with `--ahead`: exact
examples, and the live queue still equal to a rebuild after every grade (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import Card
from quizterm.scheduler.queue import Limits, SessionQueue, due_count, next_due, today_counts
from quizterm.scheduler.sm2 import CardState
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore

from ..plan.test_plan_flow import noon
from .test_queue import TODAY, Day, cards, days, due_on


def test_plan_due_brings_a_card_forward_never_back() -> None:
    deck = cards("a", "b", "c")
    states = {"a": due_on(TODAY + timedelta(days=30)), "b": due_on(TODAY - timedelta(days=1)), "c": due_on(TODAY)}
    moved = {"a": TODAY, "b": TODAY + timedelta(days=5)}  # a later plan_due than the scheduler's changes nothing
    queue = SessionQueue.build(deck, states, [], TODAY, plan_due=moved)
    assert queue.upcoming() == ["b", "a", "c"]  # most overdue first: b (yesterday), then a and c (today)
    assert today_counts(deck, states, [], TODAY, plan_due=moved).due == 3
    assert due_count(deck, states, TODAY, moved) == 3 and due_count(deck, states, TODAY) == 2
    assert next_due(deck, {"a": states["a"]}, TODAY - timedelta(days=2), moved) == (TODAY, 1)


def test_planned_cards_come_first_within_the_limits() -> None:
    deck = cards("x", "p", "y", "q", "n1", "pn", "n2")
    states = {"x": due_on(TODAY - timedelta(days=9)), "y": due_on(TODAY - timedelta(days=9)),
              "p": due_on(TODAY), "q": due_on(TODAY)}
    planned = {"p", "q", "pn"}
    queue = SessionQueue.build(deck, states, [], TODAY, Limits(new_per_day=2, reviews_per_day=3), planned=planned)
    assert queue.upcoming() == ["p", "q", "x", "pn", "n1"]


def test_ahead_takes_the_cards_due_in_the_next_days_after_todays() -> None:
    deck = cards("today", "in2", "in3", "in4")
    states = {"today": due_on(TODAY), "in2": due_on(TODAY + timedelta(days=2)),
              "in3": due_on(TODAY + timedelta(days=3)), "in4": due_on(TODAY + timedelta(days=4))}
    assert SessionQueue.build(deck, states, [], TODAY).upcoming() == ["today"]
    assert SessionQueue.build(deck, states, [], TODAY, ahead=3).upcoming() == ["today", "in2", "in3"]
    assert today_counts(deck, states, [], TODAY, ahead=3).due == 3


@st.composite
def planned_days(draw: st.DrawFn) -> tuple[Day, dict[str, date], set[str], int]:
    day = draw(days())
    ids = [c.id for c in day.cards]
    moved = {i: TODAY + timedelta(days=draw(st.integers(-1, 3))) for i in ids if draw(st.booleans())}
    planned = {i for i in ids if draw(st.booleans())}
    return day, moved, planned, draw(st.integers(0, 4))


class PlannedDay(Day):
    moved: dict[str, date] = {}
    planned: set[str] = set()
    ahead = 0

    def rebuild(self) -> SessionQueue:
        return SessionQueue.build(self.cards, self.states, self.events, self.today, self.limits,
                                  plan_due=self.moved, planned=self.planned, ahead=self.ahead)


@settings(max_examples=200, deadline=None)
@given(planned_days(), st.data())
def test_the_live_queue_equals_a_rebuild_under_a_plan(found: tuple[Day, dict[str, date], set[str], int],
                                                      data: st.DataObject) -> None:
    """The plan is fixed for the session (computed once at its start), so every O(1) `record` keeps the queue
    exactly what a rebuild from the saved states gives."""
    day, moved, planned, ahead = found
    played = PlannedDay(day.cards, day.states, day.today, day.limits)
    played.moved, played.planned, played.ahead = moved, planned, ahead
    played.events = list(day.events)
    played.queue = played.rebuild()
    order = played.queue.upcoming()
    reviews = [i for i in order if played.states.get(i, CardState()).due is not None
               and i not in {e.card_id for e in played.events}]
    assert reviews == sorted(reviews, key=lambda i: i not in planned)  # planned reviews first
    for _ in range(40):
        if played.queue.current() is None:
            break
        played.answer(data.draw(st.integers(0, 5), label="grade"))  # checks the rebuild after each grade


def test_drill_ahead_schedules_from_today(tmp_path: Path) -> None:
    """`--ahead 3`: a card due in 3 days is taken today; SM-2 schedules it from today, as a review on its day
    would be, so it comes back 3 days earlier than it would have."""
    deck = [Card(id="c", deck="d", question="q", short_answer="a")]
    day0 = date(2026, 12, 1)
    with ProgressStore.open(tmp_path, real_now=noon(day0)) as store:
        store.record_grade(card_id="c", deck="d", grade=5, moment=noon(day0), day=day0)
        store.record_grade(card_id="c", deck="d", grade=5, moment=noon(day0 + timedelta(days=1)),
                           day=day0 + timedelta(days=1))
        assert store.state("c").due == day0 + timedelta(days=7)  # interval 6
        today = day0 + timedelta(days=4)
        assert DrillSession(cards=deck, store=store, clock=lambda: noon(today)).current() is None
        assert DrillSession(cards=deck, store=store, clock=lambda: noon(today), ahead=2).current() is None
        session = DrillSession(cards=deck, store=store, clock=lambda: noon(today), ahead=3)
        assert session.current() == deck[0]
        review = session.grade(deck[0], 4)
        assert review.scheduling and review.day == today
        state = store.state("c")
        assert state.reps == 3 and state.interval == 17 and state.due == today + timedelta(days=17)  # ceil(6 x 2.7)
