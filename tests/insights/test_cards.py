"""Counts per deck, the hardest cards and the key points most often missed."""

from __future__ import annotations

from datetime import date

from quizterm.deck.cards import Card
from quizterm.insights.cards import count_cards, hardest, most_missed
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import CardState
from quizterm.store.summary_reads import PointTally

DUE = date(2026, 12, 1)


def card(card_id: str, *points: str) -> Card:
    return Card(id=card_id, deck="d", question=f"Q {card_id}", short_answer="A", key_points=points)


def test_counts_put_each_card_in_one_stage_and_count_flags_beside() -> None:
    states = [CardState(), CardState(reps=1, due=DUE), CardState(reps=2, due=DUE, lapses=3),
              CardState(reps=3, due=DUE, suspended=True), CardState(reps=9, due=DUE, lapses=8),
              CardState(due=None, suspended=True)]
    counts = count_cards("d", "Deck", states, leech=LeechRule(lapses=3))
    assert (counts.cards, counts.new, counts.learning, counts.mature, counts.suspended, counts.leeches) == \
        (6, 2, 2, 2, 2, 2)


def test_hardest_cards_by_lapses_then_ef() -> None:
    cards = [(card("a"), CardState(reps=3, ef_centi=130, due=DUE, lapses=2)),
             (card("b"), CardState(reps=3, ef_centi=250, due=DUE, lapses=5)),
             (card("c"), CardState(reps=3, ef_centi=200, due=DUE)),  # never lapsed, but its EF fell
             (card("d"), CardState(reps=3, ef_centi=250, due=DUE)),  # easy: not listed
             (card("e"), CardState()),
             (card("f"), CardState(reps=1, ef_centi=120, due=DUE, lapses=2))]
    assert [(h.card.id, h.lapses, h.ef) for h in hardest(cards)] == [
        ("b", 5, 2.5), ("f", 2, 1.2), ("a", 2, 1.3), ("c", 0, 2.0)]
    assert [h.card.id for h in hardest(cards, limit=2)] == ["b", "f"]


def test_missed_points_follow_the_current_wording_of_each_card() -> None:
    cards = [card("a", "Scale by 1/(1-p)", "Off at inference"), card("b", "Uses running stats"), card("n")]
    tallies = [PointTally("a", "scale by 1 1 p", 4, 1),  # the same point, punctuation aside
               PointTally("a", "Scale by 1/(1-p).", 2, 2),
               PointTally("a", "Off at inference", 3, 3),  # never missed: not listed
               PointTally("a", "A point the deck dropped", 9, 0),
               PointTally("b", "Uses running stats", 2, 0),
               PointTally("x", "not in these decks", 5, 0)]
    found = most_missed(cards, tallies)
    assert [(m.card.id, m.point, m.missed, m.asked) for m in found] == [
        ("a", "Scale by 1/(1-p)", 3, 6), ("b", "Uses running stats", 2, 2)]
    assert most_missed(cards, []) == []
