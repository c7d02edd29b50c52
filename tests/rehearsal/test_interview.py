"""Interview mode's round: which cards, in which order, which grades are real, how long each may take
(exact examples and properties over random collections)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import Card
from quizterm.rehearsal.interview import DEFAULT_SECONDS, MAX_SECONDS, Round, pick_round, question_seconds, weakness
from quizterm.scheduler.queue import GradeEvent, Limits, SessionQueue
from quizterm.scheduler.sm2 import CardState

TODAY = date(2026, 12, 1)
DEFAULT_LIMITS = Limits()


def card(card_id: str, time_limit: int | None = None) -> Card:
    return Card(id=card_id, deck="d", question=f"{card_id}?", short_answer="a", time_limit=time_limit)


def seen(due_in: int, lapses: int = 0, **changes: object) -> CardState:
    return CardState(reps=2, ef_centi=250, interval=6, due=TODAY + timedelta(days=due_in), lapses=lapses,
                     **changes)  # type: ignore[arg-type]


def round_of(cards: Sequence[Card], states: Mapping[str, CardState], *, grades: Sequence[GradeEvent] = (),
             limits: Limits = DEFAULT_LIMITS, questions: int = 6, minutes: float | None = None,
             missed: Mapping[str, float] | None = None, recall: Mapping[str, float] | None = None) -> Round:
    queue = SessionQueue.build(cards, states, grades, TODAY, limits)
    return pick_round(cards, states, queue.upcoming(), grades, TODAY, questions=questions, minutes=minutes,
                      missed_share=missed, recall=recall)


def picked(found: Round) -> list[tuple[str, str, bool]]:
    return [(q.card.id, q.pool, q.real) for q in found.questions]


DECK = [card(i) for i in "abcdefgh"]
STATES = {"a": seen(-3), "b": seen(0), "c": seen(5, lapses=2), "d": seen(9), "h": seen(-1, suspended=True)}


def test_a_round_takes_due_weak_and_new_in_turn_and_only_queued_cards_get_real_grades() -> None:
    found = round_of(DECK, STATES, limits=Limits(new_per_day=2))
    assert picked(found) == [("a", "due", True), ("c", "weak", False), ("e", "new", True),
                             ("b", "due", True), ("d", "weak", False), ("f", "new", True)]
    assert not found.short and found.shortfall_note() == ""


def test_a_pool_that_runs_dry_leaves_its_turns_to_the_others() -> None:
    found = round_of(DECK, STATES, limits=Limits(new_per_day=0), questions=5)
    assert picked(found) == [("a", "due", True), ("c", "weak", False), ("b", "due", True), ("d", "weak", False)]
    assert found.short
    assert found.shortfall_note() == ("Only 4 questions of the 5 asked for: no other card is due, seen before, "
                                      "or new within today's new-card limit.")


def test_new_cards_already_introduced_today_use_up_the_limit() -> None:
    grades = [GradeEvent("g", 4, scheduling=True, was_new=True)]
    states = {**STATES, "g": seen(1)}
    found = round_of(DECK, states, grades=grades, limits=Limits(new_per_day=2))
    assert [q.card.id for q in found.questions if q.pool == "new"] == ["e"]  # one slot left
    assert found.new_left_today == 1


def test_a_card_failed_today_is_the_weakest_and_gets_a_real_grade() -> None:
    grades = [GradeEvent("d", 1, scheduling=True, was_new=False)]
    states = {**STATES, "d": seen(1)}
    found = round_of(DECK, states, grades=grades, limits=Limits(new_per_day=0), questions=2)
    assert picked(found) == [("a", "due", True), ("d", "weak", True)]


def test_weak_cards_rank_by_lapses_plus_missed_share_plus_the_chance_of_forgetting() -> None:
    deck = [card(i) for i in "pqrs"]
    states = {"p": seen(3), "q": seen(3, lapses=1), "r": seen(3), "s": seen(3)}
    found = round_of(deck, states, questions=4, missed={"r": 0.5}, recall={"p": 0.95, "r": 0.95, "s": 0.5, "q": 0.99})
    assert [q.card.id for q in found.questions] == ["q", "r", "s", "p"]  # 1.01, 0.55, 0.5, 0.05
    assert weakness(states["q"], 0.0, 0.99) == pytest.approx(1.01)


def test_each_question_has_its_cards_time_limit_and_minutes_share_the_round_in_proportion() -> None:
    deck = [card("a", time_limit=360), card("b"), card("c")]
    states = {"a": seen(0), "b": seen(0), "c": seen(0)}
    assert [q.time_limit for q in round_of(deck, states).questions] == [360, DEFAULT_SECONDS, DEFAULT_SECONDS]
    assert [q.time_limit for q in round_of(deck, states, minutes=1).questions] == [30, 15, 15]
    assert question_seconds([card("x")] * 4, 10) == [150] * 4
    assert question_seconds([card("x")] * 6, 0.01) == [1] * 6
    assert question_seconds([card("x")], 600) == [MAX_SECONDS]


def test_a_round_needs_a_question() -> None:
    with pytest.raises(ValueError, match="at least one question"):
        round_of(DECK, STATES, questions=0)


# ----- properties -------------------------------------------------------------------------------------
IDS = [f"c{i}" for i in range(12)]


@st.composite
def collections(draw: st.DrawFn) -> tuple[list[Card], dict[str, CardState], list[GradeEvent], Limits]:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=0, max_size=12))  # may repeat: a card counts once
    cards = [card(i) for i in ids]
    states: dict[str, CardState] = {}
    for card_id in set(ids):
        kind = draw(st.sampled_from(["new", "seen", "suspended", "buried"]))
        if kind == "seen":
            states[card_id] = seen(draw(st.integers(-5, 5)), draw(st.integers(0, 3)))
        elif kind == "suspended":
            states[card_id] = seen(draw(st.integers(-5, 5)), suspended=True)
        elif kind == "buried":
            states[card_id] = seen(draw(st.integers(-5, 5)), buried_until=TODAY + timedelta(days=1))
    graded = draw(st.lists(st.sampled_from(sorted(states) or ["zz"]), max_size=4))
    grades = [GradeEvent(card_id, draw(st.integers(0, 5)), scheduling=True, was_new=draw(st.booleans()))
              for card_id in graded]
    limits = Limits(new_per_day=draw(st.integers(0, 5)), reviews_per_day=draw(st.integers(0, 5)))
    return cards, states, grades, limits


@settings(max_examples=300, deadline=None)
@given(collections(), st.integers(1, 15), st.one_of(st.none(), st.floats(0.5, 120)))
def test_a_round_never_exceeds_n_never_repeats_and_asks_every_eligible_card_it_can(
        collection: tuple[list[Card], dict[str, CardState], list[GradeEvent], Limits], questions: int,
        minutes: float | None) -> None:
    cards, states, grades, limits = collection
    queue = SessionQueue.build(cards, states, grades, TODAY, limits)
    queued = set(queue.upcoming())
    found = pick_round(cards, states, queue.upcoming(), grades, TODAY, questions=questions, minutes=minutes)
    ids = [q.card.id for q in found.questions]
    assert len(ids) <= questions
    assert len(ids) == len(set(ids))
    for question in found.questions:
        state = states.get(question.card.id, CardState())
        assert question.real == (question.card.id in queued)  # the drill's rule decides, not the pool
        assert not state.hidden_on(TODAY)
        if state.is_new:  # an unseen card only within today's new-card limit
            assert question.card.id in queued and question.pool == "new"
        assert 1 <= question.time_limit <= MAX_SECONDS
    new_in_queue = {card_id for card_id in queued if states.get(card_id, CardState()).is_new}
    assert sum(q.pool == "new" for q in found.questions) <= len(new_in_queue)
    eligible = queued | {card_id for card_id, state in states.items()
                         if card_id in {c.id for c in cards} and not state.is_new and not state.hidden_on(TODAY)}
    assert len(ids) == min(questions, len(eligible))
    assert found.short == (len(ids) < questions)
    if minutes is not None and ids:  # the round lasts `minutes` (to a second a question), unless clipped at 1 s
        total = sum(q.time_limit for q in found.questions)
        assert total <= minutes * 60 or all(q.time_limit == 1 for q in found.questions)
        assert total > minutes * 60 - len(ids) or any(q.time_limit in (1, MAX_SECONDS) for q in found.questions)
