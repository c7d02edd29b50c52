"""Today's session queue: exact examples, a multi-day simulation, and properties over random days.

`Day` plays a study day the way the drill session does (schedule the first grade of a card, log the
rest, record every grade in the queue) and checks after each grade that the live queue is exactly
what a restart would rebuild from the saved states and today's grades.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import Card
from quizterm.scheduler.queue import (
    GradeEvent,
    Limits,
    QueueCounts,
    SessionQueue,
    due_count,
    filter_cards,
    next_due,
    today_counts,
)
from quizterm.scheduler.sm2 import CardState, schedule

TODAY = date(2026, 5, 10)
DEFAULT_LIMITS = Limits()


def card(card_id: str, deck: str = "d", tags: Iterable[str] = ()) -> Card:
    return Card(id=card_id, deck=deck, question="q", short_answer="a", tags=tuple(tags))


def cards(*ids: str) -> list[Card]:
    return [card(i) for i in ids]


def due_on(day: date, interval: int = 6) -> CardState:
    """A reviewed card that falls due on `day`."""
    return CardState(reps=2, ef_centi=250, interval=interval, due=day)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def sched(card_id: str, grade: int, *, new: bool = False) -> GradeEvent:
    return GradeEvent(card_id, grade, scheduling=True, was_new=new)


def drill(card_id: str, grade: int) -> GradeEvent:
    return GradeEvent(card_id, grade, scheduling=False, was_new=False)


def build(deck: Sequence[Card], states: Mapping[str, CardState] | None = None,
          grades: Sequence[GradeEvent] = (), limits: Limits = DEFAULT_LIMITS, today: date = TODAY) -> SessionQueue:
    return SessionQueue.build(deck, states or {}, grades, today, limits)


class Day:
    """One study day played grade by grade, as the drill session does it."""

    def __init__(self, deck: Sequence[Card], states: Mapping[str, CardState], today: date,
                 limits: Limits = DEFAULT_LIMITS) -> None:
        self.cards = list(deck)
        self.states = dict(states)
        self.limits = limits
        self.start(today)

    def start(self, today: date) -> None:
        """Begin study day `today` (a fresh start of the app)."""
        self.today = today
        self.events: list[GradeEvent] = []
        self.queue = self.rebuild()

    def rebuild(self) -> SessionQueue:
        return SessionQueue.build(self.cards, self.states, self.events, self.today, self.limits)

    def grade(self, card_id: str, grade: int) -> GradeEvent:
        """Grade any card (current or not): schedule it if it is its first grade today, then record."""
        before = self.states.get(card_id, CardState())
        event = GradeEvent(card_id, grade, scheduling=all(e.card_id != card_id for e in self.events),
                           was_new=before.is_new)
        if event.scheduling:
            self.states[card_id] = schedule(before, grade, self.today)
        self.events.append(event)
        self.queue.record(event)
        self.check_matches_rebuild()
        return event

    def answer(self, grade: int) -> str:
        """Grade the current card; it must not come straight back while another card waits."""
        current = self.queue.current()
        assert current is not None
        self.grade(current.id, grade)
        nxt = self.queue.current()
        if len(self.queue) > 1:
            assert nxt is not None and nxt.id != current.id
        return current.id

    def check_matches_rebuild(self) -> None:
        rebuilt = self.rebuild()
        assert rebuilt.upcoming() == self.queue.upcoming()
        assert rebuilt.current() == self.queue.current()
        live = self.queue.counts
        assert rebuilt.counts == QueueCounts(new=live.new, due=live.due, again=live.again, done=0)


# ---- building: order, parts, limits ----

def test_empty_deck() -> None:
    queue = build([])
    assert queue.current() is None
    assert len(queue) == 0
    assert queue.upcoming() == []
    assert queue.counts == QueueCounts(new=0, due=0, again=0, done=0)
    assert queue.counts.left == 0


def test_due_most_overdue_first_ties_in_deck_order_then_new() -> None:
    deck = cards("a", "b", "c", "d", "e", "f", "g")
    states = {
        "a": due_on(TODAY),
        "b": due_on(days_ago(5)),
        "d": due_on(days_ago(7)),
        "e": due_on(days_ago(5)),
        "f": due_on(TODAY + timedelta(days=1)),  # not yet due
        "g": CardState(),  # stored but never scheduled: new
    }
    queue = build(deck, states)
    assert queue.upcoming() == ["d", "b", "e", "a", "c", "g"]
    assert queue.counts == QueueCounts(new=2, due=4, again=0, done=0)
    assert queue.counts.left == len(queue) == 6
    assert queue.current() == card("d")


def test_deck_order_is_the_order_of_the_cards_given() -> None:
    states = {i: due_on(days_ago(1)) for i in "xyz"}
    assert build(cards("z", "x", "y"), states).upcoming() == ["z", "x", "y"]
    assert build(cards("y", "z", "x", "q", "p"), states).upcoming() == ["y", "z", "x", "q", "p"]


def test_default_limits_are_20_new_and_200_reviews() -> None:
    assert Limits() == Limits(new_per_day=20, reviews_per_day=200)
    deck = [card(f"r{i:03}") for i in range(250)] + [card(f"n{i:02}") for i in range(25)]
    states = {f"r{i:03}": due_on(days_ago(i % 7)) for i in range(250)}
    queue = build(deck, states)
    assert queue.counts == QueueCounts(new=20, due=200, again=0, done=0)
    upcoming = queue.upcoming()
    assert upcoming[200:] == [f"n{i:02}" for i in range(20)]
    # the 200 most overdue: r{i} is i % 7 days late; the latest first, ties in deck order
    late = sorted(range(250), key=lambda i: (-(i % 7), i))[:200]
    assert upcoming[:200] == [f"r{i:03}" for i in late]


def test_limits() -> None:
    deck = cards("n1", "r1", "n2", "r2", "n3", "r3", "n4", "r4")
    states = {"r1": due_on(days_ago(1)), "r2": due_on(days_ago(4)), "r3": due_on(days_ago(2)),
              "r4": due_on(days_ago(3))}
    assert build(deck, states, limits=Limits(new_per_day=2, reviews_per_day=3)).upcoming() == [
        "r2", "r4", "r3", "n1", "n2"]
    assert build(deck, states, limits=Limits(new_per_day=0, reviews_per_day=1)).upcoming() == ["r2"]
    assert build(deck, states, limits=Limits(new_per_day=9, reviews_per_day=0)).upcoming() == [
        "n1", "n2", "n3", "n4"]
    assert build(deck, states, limits=Limits(new_per_day=0, reviews_per_day=0)).current() is None


def test_todays_grades_use_up_slots() -> None:
    deck = cards("n1", "n2", "n3", "n4", "r1", "r2", "r3", "r4")
    states = {r: due_on(days_ago(int(r[1]))) for r in ("r1", "r2", "r3", "r4")}
    # n1 was new and got a 5; r4 got a 4 -> both done; r3 got a 3 -> comes back
    grades = [sched("n1", 5, new=True), sched("r4", 4), sched("r3", 3)]
    queue = build(deck, states, grades, Limits(new_per_day=3, reviews_per_day=3))
    # 3 - 1 = 2 new slots, 3 - 2 = 1 review slot; graded cards are never in the due/new parts
    assert queue.upcoming() == ["r2", "n2", "n3", "r3"]
    assert queue.counts == QueueCounts(new=2, due=1, again=1, done=0)


def test_restarting_never_grants_extra_cards() -> None:
    deck = cards("n1", "n2", "n3")
    grades = [sched("n1", 5, new=True), sched("n2", 5, new=True)]
    assert build(deck, {}, grades, Limits(new_per_day=2)).upcoming() == []
    # more grades than the limit (e.g. the limit was lowered): still nothing, never negative
    assert build(deck, {}, grades, Limits(new_per_day=1)).upcoming() == []


def test_drill_grades_use_no_slots() -> None:
    deck = cards("n1", "n2", "n3", "n4")
    grades = [sched("n1", 1, new=True), drill("n1", 2), drill("n1", 3), drill("n1", 1)]
    queue = build(deck, {}, grades, Limits(new_per_day=3))
    assert queue.upcoming() == ["n2", "n3", "n1"]
    assert queue.counts == QueueCounts(new=2, due=0, again=1, done=0)


def test_again_part_in_order_of_latest_grade() -> None:
    deck = cards("a", "b", "c", "d", "e")
    grades = [sched("a", 2, new=True), sched("b", 1, new=True), sched("c", 0, new=True),
              drill("a", 3), sched("d", 5, new=True), drill("b", 4), drill("d", 2)]
    # b recovered (latest 4); a's latest grade is after c's, d's after a's; e is new
    assert build(deck, {}, grades).upcoming() == ["e", "c", "a", "d"]


def test_again_part_is_never_limited() -> None:
    deck = [card(f"c{i}") for i in range(5)]
    grades = [sched(f"c{i}", 0, new=True) for i in range(5)]
    queue = build(deck, {}, grades, Limits(new_per_day=2, reviews_per_day=0))
    assert queue.upcoming() == ["c0", "c1", "c2", "c3", "c4"]
    assert queue.counts == QueueCounts(new=0, due=0, again=5, done=0)


def test_latest_grade_decides_not_the_scheduling_one() -> None:
    states = {"a": due_on(days_ago(1))}
    assert build(cards("a"), states, [sched("a", 5), drill("a", 1)]).upcoming() == ["a"]
    assert build(cards("a"), states, [sched("a", 1), drill("a", 4)]).upcoming() == []
    assert build(cards("a"), states, [sched("a", 3)]).upcoming() == ["a"]  # 3 schedules but comes back


def test_grades_of_other_cards_are_ignored_also_for_limits() -> None:
    # e.g. a queue restricted to one deck: the other deck's grades do not touch this queue
    deck = cards("n1", "n2")
    grades = [sched("elsewhere", 1, new=True), sched("other", 4, new=True)]
    assert build(deck, {}, grades, Limits(new_per_day=2)).upcoming() == ["n1", "n2"]


def test_a_card_listed_twice_is_queued_once() -> None:
    deck = cards("a", "b", "a")
    assert build(deck).upcoming() == ["a", "b"]


def test_restricted_to_decks_and_tags() -> None:
    deck = [card("g1", "go", ["go", "basics"]), card("p1", "py", ["python"]), card("g2", "go", ["go"]),
            card("p2", "py", ["python", "basics"])]
    go_only = [c for c in deck if c.deck == "go"]
    assert build(go_only).upcoming() == ["g1", "g2"]
    assert build(filter_cards(deck, ["basics"])).upcoming() == ["g1", "p2"]


def test_building_twice_gives_the_same_queue() -> None:
    deck = cards("a", "b", "c", "d")
    states = {"b": due_on(days_ago(2)), "c": due_on(days_ago(2))}
    grades = [sched("d", 2, new=True)]
    first = build(deck, states, grades)
    assert first.upcoming() == build(deck, states, grades).upcoming() == ["b", "c", "a", "d"]


# ---- recording ----

def test_record_moves_on_and_counts() -> None:
    deck = cards("r1", "n1", "n2")
    queue = build(deck, {"r1": due_on(TODAY)})
    assert queue.counts == QueueCounts(new=2, due=1, again=0, done=0)
    queue.record(sched("r1", 2))
    assert queue.upcoming() == ["n1", "n2", "r1"]
    assert queue.counts == QueueCounts(new=2, due=0, again=1, done=1)
    queue.record(sched("n1", 5, new=True))
    assert queue.upcoming() == ["n2", "r1"]
    assert queue.counts == QueueCounts(new=1, due=0, again=1, done=2)
    queue.record(sched("n2", 3, new=True))
    assert queue.upcoming() == ["r1", "n2"]
    assert queue.counts == QueueCounts(new=0, due=0, again=2, done=3)
    queue.record(drill("r1", 4))
    queue.record(drill("n2", 1))
    assert queue.upcoming() == ["n2"]
    queue.record(drill("n2", 5))
    assert queue.current() is None
    assert queue.counts == QueueCounts(new=0, due=0, again=0, done=6)
    assert len(queue) == 0


def test_never_the_same_card_twice_in_a_row_while_another_waits() -> None:
    queue = build(cards("a", "b"))
    shown = []
    for grade in (1, 1, 0, 2, 1, 3):
        current = queue.current()
        assert current is not None
        shown.append(current.id)
        queue.record(GradeEvent(current.id, grade, scheduling=len(shown) <= 2, was_new=len(shown) <= 2))
    assert shown == ["a", "b", "a", "b", "a", "b"]


def test_a_lone_card_comes_back_until_recalled() -> None:
    queue = build(cards("a"))
    queue.record(sched("a", 0, new=True))
    for grade in (1, 2, 3):
        assert queue.current() == card("a")
        queue.record(drill("a", grade))
    assert queue.current() == card("a")
    queue.record(drill("a", 4))
    assert queue.current() is None
    assert queue.counts.done == 5


def test_record_a_card_that_is_not_current() -> None:
    deck = cards("a", "b", "c", "d")
    queue = build(deck)
    queue.record(sched("c", 5, new=True))  # graded from elsewhere (e.g. a search), recalled
    assert queue.upcoming() == ["a", "b", "d"]
    queue.record(sched("b", 2, new=True))  # failed: joins the repeats at the end
    assert queue.upcoming() == ["a", "d", "b"]
    queue.record(drill("c", 1))  # a card already done today comes back after a failed drill
    assert queue.upcoming() == ["a", "d", "b", "c"]
    queue.record(drill("b", 0))  # a repeat failed again moves to the end
    assert queue.upcoming() == ["a", "d", "c", "b"]
    queue.record(sched("unknown", 0, new=True))  # not in this queue's decks: only counted
    assert queue.upcoming() == ["a", "d", "c", "b"]
    assert queue.counts == QueueCounts(new=2, due=0, again=2, done=5)


def test_grading_outside_the_queue_uses_a_slot() -> None:
    """A scheduling grade from outside the queue drops the last limited card, as a restart would."""
    deck = cards("n1", "n2", "n3", "r1", "r2", "r3", "later")
    states = {"r1": due_on(days_ago(3)), "r2": due_on(days_ago(2)), "r3": due_on(days_ago(1)),
              "later": due_on(TODAY + timedelta(days=9))}
    day = Day(deck, states, TODAY, Limits(new_per_day=2, reviews_per_day=2))
    assert day.queue.upcoming() == ["r1", "r2", "n1", "n2"]
    day.grade("n3", 5)  # a new card beyond the limit
    assert day.queue.upcoming() == ["r1", "r2", "n1"]
    day.grade("r3", 4)  # a due review beyond the limit
    assert day.queue.upcoming() == ["r1", "n1"]
    day.grade("later", 4)  # a review not due yet: the last review slot goes
    assert day.queue.upcoming() == ["n1"]
    day.grade("n1", 2)
    assert day.queue.upcoming() == ["n1"]


@pytest.mark.parametrize("bad", [6, -1, True, 2.0])
def test_record_rejects_bad_grades(bad: object) -> None:
    queue = build(cards("a"))
    with pytest.raises(ValueError):
        queue.record(GradeEvent("a", bad, scheduling=True, was_new=True))  # type: ignore[arg-type]
    assert queue.upcoming() == ["a"]
    assert queue.counts.done == 0


@pytest.mark.timeout(20)  # about 0.05 s; quadratic behaviour would take minutes (speed itself: benchmarks/)
def test_record_keeps_a_big_deck_exact() -> None:
    """10,000 cards: build once, then every grade is O(1) (no rebuild, no list.remove)."""
    deck = [card(f"c{i}") for i in range(10_000)]
    states = {f"c{i}": due_on(days_ago(i % 30)) for i in range(0, 10_000, 2)}
    queue = SessionQueue.build(deck, states, [], TODAY, Limits(new_per_day=5_000, reviews_per_day=5_000))
    assert len(queue) == 10_000
    grades = 0
    while (current := queue.current()) is not None:
        queue.record(GradeEvent(current.id, 2 if grades < 2_000 else 5, scheduling=grades < 10_000,
                                was_new=current.id not in states))
        _ = queue.counts
        grades += 1
    assert grades == 12_000


# ---- suspended and buried cards ----

def test_suspended_and_buried_cards_never_enter_the_queue() -> None:
    deck = cards("due", "suspended", "buried", "buried-till-today", "new", "new-suspended", "again-suspended")
    states = {"due": due_on(days_ago(1)), "suspended": replace(due_on(days_ago(3)), suspended=True),
              "buried": replace(due_on(days_ago(2)), buried_until=TODAY + timedelta(days=1)),
              "buried-till-today": replace(due_on(days_ago(2)), buried_until=TODAY),
              "new-suspended": CardState(suspended=True),
              "again-suspended": replace(due_on(TODAY + timedelta(days=1)), suspended=True)}
    grades = [sched("again-suspended", 1)]  # graded today, then suspended: no repeat, but the slot is used
    queue = build(deck, states, grades, limits=Limits(new_per_day=5, reviews_per_day=4))
    assert queue.upcoming() == ["buried-till-today", "due", "new"]
    assert queue.counts == QueueCounts(new=1, due=2, again=0, done=0)
    assert today_counts(deck, states, grades, TODAY, Limits(new_per_day=5, reviews_per_day=4)) == queue.counts
    queue.record(sched("suspended", 0))  # graded from elsewhere: it uses a slot, and does not come back
    assert queue.upcoming() == ["buried-till-today", "due", "new"]
    queue.record(sched("due", 2))
    assert queue.upcoming() == ["buried-till-today", "new", "due"]
    tomorrow = build(deck, states, today=TODAY + timedelta(days=1))
    assert "buried" in tomorrow.upcoming() and "suspended" not in tomorrow.upcoming()


def test_next_and_due_counts_skip_suspended_and_wait_for_burials() -> None:
    deck = cards("a", "b", "c")
    states = {"a": replace(due_on(TODAY + timedelta(days=1)), suspended=True),
              "b": replace(due_on(TODAY + timedelta(days=1)), buried_until=TODAY + timedelta(days=4)),
              "c": due_on(TODAY + timedelta(days=2))}
    assert next_due(deck, states, TODAY) == (TODAY + timedelta(days=2), 1)
    assert due_count(deck, states, TODAY + timedelta(days=3)) == 1
    assert due_count(deck, states, TODAY + timedelta(days=4)) == 2


# ---- next_due, due_count, today_counts, filter_cards ----

def test_today_counts() -> None:
    deck = cards("a", "b", "c", "d", "e")
    states = {"a": due_on(days_ago(2)), "b": due_on(TODAY + timedelta(days=1)), "c": CardState()}
    grades = [sched("d", 2, new=True), sched("x", 5, new=True)]  # x is another deck's card
    counts = today_counts(deck, states, grades, TODAY, Limits(new_per_day=2, reviews_per_day=5))
    assert counts == QueueCounts(new=1, due=1, again=1, done=0)  # c and e are new, one new slot is used
    assert counts == build(deck, states, grades, limits=Limits(new_per_day=2, reviews_per_day=5)).counts


def test_next_due() -> None:
    deck = cards("a", "b", "c", "d", "e", "f")
    states = {"a": due_on(TODAY), "b": due_on(TODAY + timedelta(days=3)), "c": due_on(days_ago(2)),
              "d": due_on(TODAY + timedelta(days=1)), "e": due_on(TODAY + timedelta(days=1)),
              "f": CardState(),
              "not-in-deck": due_on(TODAY + timedelta(days=1))}
    assert next_due(deck, states, TODAY) == (date(2026, 5, 11), 2)
    assert next_due(deck, states, TODAY + timedelta(days=1)) == (date(2026, 5, 13), 1)
    assert next_due(deck, states, TODAY + timedelta(days=3)) is None
    assert next_due(cards("f", "g"), states, TODAY) is None  # only new cards
    assert next_due([], states, TODAY) is None
    assert next_due(cards("d", "d"), states, TODAY) == (date(2026, 5, 11), 1)


def test_due_count_ignores_limits() -> None:
    deck = [card(f"c{i}") for i in range(260)] + cards("new", "soon")
    states = {f"c{i}": due_on(days_ago(i % 10)) for i in range(260)}
    states["soon"] = due_on(TODAY + timedelta(days=1))
    assert due_count(deck, states, TODAY) == 260
    assert due_count(deck, states, TODAY + timedelta(days=1)) == 261
    assert due_count(deck, states, days_ago(5)) == 130  # i % 10 in 5..9
    assert due_count([], states, TODAY) == 0


def test_filter_cards() -> None:
    deck = [card("a", tags=["sql", "joins"]), card("b", tags=["go"]), card("c"), card("d", tags=["go", "sql"])]
    assert [c.id for c in filter_cards(deck, ["sql"])] == ["a", "d"]
    assert [c.id for c in filter_cards(deck, {"go", "joins"})] == ["a", "b", "d"]
    assert [c.id for c in filter_cards(deck, ("rust",))] == []
    assert filter_cards(deck, []) == deck
    assert filter_cards(deck, set()) == deck
    assert filter_cards([], ["sql"]) == []


# ---- a full simulation over several days ----

def test_simulated_days_give_exact_states() -> None:
    day = Day(cards("a", "b", "c"), {}, date(2026, 1, 1), Limits(new_per_day=2, reviews_per_day=200))

    # Jan 1: two new cards (c waits for tomorrow's slot)
    assert day.queue.upcoming() == ["a", "b"]
    assert [day.answer(g) for g in (5, 2, 3, 4)] == ["a", "b", "b", "b"]  # b's 3 and 4 are drills
    assert day.queue.current() is None
    assert day.states == {
        "a": CardState(reps=1, ef_centi=260, interval=1, due=date(2026, 1, 2)),
        "b": CardState(reps=1, ef_centi=250, interval=1, due=date(2026, 1, 2)),
    }
    assert next_due(day.cards, day.states, day.today) == (date(2026, 1, 2), 2)

    # Jan 2: a and b are due (deck order), then c
    day.start(date(2026, 1, 2))
    assert day.queue.upcoming() == ["a", "b", "c"]
    assert [day.answer(g) for g in (4, 3, 5, 5)] == ["a", "b", "c", "b"]
    assert day.states == {
        "a": CardState(reps=2, ef_centi=260, interval=6, due=date(2026, 1, 8)),
        "b": CardState(reps=2, ef_centi=236, interval=6, due=date(2026, 1, 8)),
        "c": CardState(reps=1, ef_centi=260, interval=1, due=date(2026, 1, 3)),
    }

    # Jan 3: c lapses (EF unchanged), then recovers by drill
    day.start(date(2026, 1, 3))
    assert [day.answer(g) for g in (0, 4)] == ["c", "c"]
    assert day.states["c"] == CardState(reps=1, ef_centi=260, interval=1, due=date(2026, 1, 4), lapses=1)
    assert next_due(day.cards, day.states, day.today) == (date(2026, 1, 4), 1)

    # Jan 10: all three overdue; c (due Jan 4) first, then a and b (Jan 8) in deck order
    day.start(date(2026, 1, 10))
    assert day.queue.counts == QueueCounts(new=0, due=3, again=0, done=0)
    assert [day.answer(g) for g in (5, 5, 4)] == ["c", "a", "b"]
    assert day.states == {
        "a": CardState(reps=3, ef_centi=270, interval=17, due=date(2026, 1, 27)),  # 6*2.7=16.2 -> 17
        "b": CardState(reps=3, ef_centi=236, interval=15, due=date(2026, 1, 25)),  # 6*2.36=14.16 -> 15
        "c": CardState(reps=2, ef_centi=270, interval=6, due=date(2026, 1, 16), lapses=1),
    }
    assert next_due(day.cards, day.states, day.today) == (date(2026, 1, 16), 1)
    assert due_count(day.cards, day.states, date(2026, 1, 25)) == 2
    assert due_count(day.cards, day.states, date(2026, 1, 27)) == 3


def test_restart_mid_session_resumes_the_same_queue() -> None:
    states = {"r1": due_on(days_ago(1)), "r2": due_on(days_ago(1))}
    day = Day(cards("r1", "r2", "n1", "n2", "n3"), states, TODAY, Limits(new_per_day=2, reviews_per_day=1))
    assert day.queue.upcoming() == ["r1", "n1", "n2"]
    day.answer(1)
    day.answer(5)
    day.queue = day.rebuild()  # quit and start again the same day
    assert day.queue.upcoming() == ["n2", "r1"]
    day.answer(2)
    assert day.queue.upcoming() == ["r1", "n2"]


# ---- properties ----

@st.composite
def days(draw: st.DrawFn) -> Day:
    """A deck, stored states, limits, and a random history already given today (any cards, any order)."""
    n = draw(st.integers(0, 10))
    deck = [card(f"c{i}") for i in range(n)]
    states: dict[str, CardState] = {}
    for c in deck:
        kind = draw(st.sampled_from(["new", "stored new", "scheduled"]))
        if kind == "stored new":
            states[c.id] = CardState()
        elif kind == "scheduled":
            states[c.id] = CardState(reps=draw(st.integers(1, 6)), ef_centi=2 * draw(st.integers(65, 150)),
                                     interval=draw(st.integers(1, 30)),
                                     due=TODAY + timedelta(days=draw(st.integers(-8, 8))))
        if c.id in states and draw(st.integers(0, 3)) == 0:  # out of the queue, or buried until some day
            states[c.id] = replace(states[c.id], suspended=draw(st.booleans()),
                                   buried_until=TODAY + timedelta(days=draw(st.integers(-2, 2))))
    limits = Limits(new_per_day=draw(st.integers(0, 6)), reviews_per_day=draw(st.integers(0, 6)))
    day = Day(deck, states, TODAY, limits)
    # ids c{n} and c{n+1} are not in the deck (another deck's cards)
    for index, grade in draw(st.lists(st.tuples(st.integers(0, n + 1), st.integers(0, 5)), max_size=15)):
        day.grade(f"c{index}", grade)
    return day


def expected_queue(day: Day) -> tuple[list[str], list[str], list[str]]:
    """The due, new and again parts straight from the rules, for comparison."""
    position = {c.id: i for i, c in enumerate(day.cards)}
    latest: dict[str, tuple[int, int]] = {}
    new_used = review_used = 0
    for when, event in enumerate(day.events):
        if event.card_id in position:
            latest[event.card_id] = (event.grade, when)
            if event.scheduling:
                new_used += event.was_new
                review_used += not event.was_new
    hidden = {c.id for c in day.cards if day.states.get(c.id, CardState()).hidden_on(day.today)}
    fresh = [c.id for c in day.cards if c.id not in latest and c.id not in hidden]
    state = {i: day.states.get(i, CardState()) for i in fresh}
    due = sorted((i for i in fresh if (d := state[i].due) is not None and d <= day.today),
                 key=lambda i: (state[i].due, position[i]))
    new = [i for i in fresh if state[i].is_new]
    again = sorted((i for i, (grade, _) in latest.items() if grade < 4 and i not in hidden),
                   key=lambda i: latest[i][1])
    return (due[:max(0, day.limits.reviews_per_day - review_used)],
            new[:max(0, day.limits.new_per_day - new_used)], again)


def slots_left(day: Day) -> tuple[int, int]:
    known = {c.id for c in day.cards}
    scheduled = [e for e in day.events if e.scheduling and e.card_id in known]
    return (max(0, day.limits.new_per_day - sum(e.was_new for e in scheduled)),
            max(0, day.limits.reviews_per_day - sum(not e.was_new for e in scheduled)))


@settings(max_examples=200, deadline=None)
@given(days())
def test_built_queue_follows_the_rules(day: Day) -> None:
    queue = day.rebuild()
    upcoming = queue.upcoming()
    counts = queue.counts
    assert len(set(upcoming)) == len(upcoming) == len(queue) == counts.left
    new_slots, review_slots = slots_left(day)
    assert counts.new <= new_slots
    assert counts.due <= review_slots
    due, new, again = expected_queue(day)
    assert upcoming == due + new + again
    assert (counts.due, counts.new, counts.again) == (len(due), len(new), len(again))
    # rebuilding from the same inputs, however often, gives the same queue
    for _ in range(3):
        again_built = SessionQueue.build(list(day.cards), dict(day.states), list(day.events), day.today, day.limits)
        assert again_built.upcoming() == upcoming
        assert again_built.counts == counts
    # the deck list's shortcut counts exactly what the queue holds, also with cards listed twice
    assert today_counts(list(day.cards) * 2, day.states, day.events, day.today, day.limits) == counts


@settings(max_examples=200, deadline=None)
@given(days(), st.data())
def test_playing_the_day_out(day: Day, data: st.DataObject) -> None:
    """Answer the current card with random grades until done: no repeats, no extra cards, restart-safe."""
    known = {c.id for c in day.cards}
    used_before = [e for e in day.events if e.scheduling and e.card_id in known]
    new_before = sum(e.was_new for e in used_before)
    reviews_before = len(used_before) - new_before
    for _ in range(60):
        if day.queue.current() is None:
            break
        day.answer(data.draw(st.integers(0, 5), label="grade"))  # checks repeats and the rebuild
        upcoming = day.queue.upcoming()
        assert len(set(upcoming)) == len(upcoming)
    scheduled = [e for e in day.events if e.scheduling and e.card_id in known]
    new_total = sum(e.was_new for e in scheduled)
    assert new_total <= max(day.limits.new_per_day, new_before)
    assert len(scheduled) - new_total <= max(day.limits.reviews_per_day, reviews_before)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.lists(st.integers(0, 5), min_size=1, max_size=40))
def test_only_a_lone_card_comes_twice_in_a_row(n: int, grades: list[int]) -> None:
    day = Day([card(f"c{i}") for i in range(n)], {}, TODAY)
    previous: str | None = None
    for grade in grades:
        current = day.queue.current()
        if current is None:
            break
        if current.id == previous:
            assert len(day.queue) == 1
        previous = day.answer(grade)


def test_hide_drops_a_card_suspended_with_its_grade_as_a_rebuild_would() -> None:
    """The leech rule suspends a card with the grade that fails it: the queue must not bring it back as a
    repeat, exactly as a queue built from the new states would not."""
    cards = [Card(id=i, deck="d", question="q", short_answer="a") for i in ("a", "b")]
    queue = SessionQueue.build(cards, {}, [], TODAY)
    queue.record(GradeEvent("a", 0, scheduling=True, was_new=True))
    assert queue.upcoming() == ["b", "a"]
    queue.hide("a")
    queue.record(GradeEvent("a", 1, scheduling=False, was_new=False))  # a grade from elsewhere changes nothing
    suspended = {"a": CardState(reps=1, interval=1, due=TODAY + timedelta(days=1), suspended=True)}
    rebuilt = SessionQueue.build(cards, suspended, [GradeEvent("a", 0, scheduling=True, was_new=True)], TODAY)
    assert queue.upcoming() == rebuilt.upcoming() == ["b"]
