"""Figures about the cards themselves: counts per deck, the hardest cards, the key points most often missed.

Counts: new (never scheduled), learning (scheduled, reps < MATURE_REPS), mature; suspended and leeches
are counted among those too (a suspended card keeps its learning or mature state). A leech is a card whose
lapses reached the leech threshold (config `leech_lapses`, scheduler/leech.py).

The hardest cards are the graded cards with the most lapses, then the lowest E-Factor (SM-2's own
measure of difficulty); cards that never lapsed and keep the initial EF are not hard. The key points most
often missed come from the scheduling grades that asked them (summary.py's `point_tally`): points are
matched to the card's current key points by their comparable text (case, punctuation and spacing
ignored), so an edit of a point's wording starts its count afresh and points the deck no longer has are
not shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quizterm.deck.cards import Card
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import INITIAL_EF_CENTI, MATURE_REPS, CardState
from quizterm.store.summary_reads import PointTally

HARDEST_LISTED = 8
MISSED_LISTED = 8


@dataclass(frozen=True, slots=True)
class Counts:
    key: str  # a deck's key, or "" for the total
    title: str
    cards: int = 0
    new: int = 0
    learning: int = 0
    mature: int = 0
    suspended: int = 0
    leeches: int = 0


def count_cards(key: str, title: str, states: Iterable[CardState], *, leech: LeechRule) -> Counts:
    cards = new = learning = mature = suspended = leeches = 0
    for state in states:
        cards += 1
        suspended += state.suspended
        leeches += leech.is_leech(state)
        if state.due is None:
            new += 1
        elif state.reps >= MATURE_REPS:
            mature += 1
        else:
            learning += 1
    return Counts(key, title, cards, new, learning, mature, suspended, leeches)


@dataclass(frozen=True, slots=True)
class HardCard:
    card: Card
    lapses: int
    ef_centi: int

    @property
    def ef(self) -> float:
        return self.ef_centi / 100


def hardest(cards: Iterable[tuple[Card, CardState]], *, limit: int = HARDEST_LISTED) -> list[HardCard]:
    """The cards with the most lapses, then the lowest EF (then by id, for a stable order)."""
    hard = [HardCard(card, state.lapses, state.ef_centi) for card, state in cards
            if state.lapses > 0 or (state.due is not None and state.ef_centi < INITIAL_EF_CENTI)]
    hard.sort(key=lambda h: (-h.lapses, h.ef_centi, h.card.id))
    return hard[:limit]


@dataclass(frozen=True, slots=True)
class MissedPoint:
    card: Card
    point: str  # as the deck has it now
    asked: int
    mentioned: int

    @property
    def missed(self) -> int:
        return self.asked - self.mentioned


def most_missed(cards: Sequence[Card], tallies: Sequence[PointTally], *,
                limit: int = MISSED_LISTED) -> list[MissedPoint]:
    """The key points of `cards` missed most often (then the highest share missed, then card and point
    order); points never missed are left out."""
    asked_ids = {tally.card_id for tally in tallies}
    # Only cards with tallies: a card's key points are in its compressed rubric, costly to read for all.
    by_id: Mapping[str, Card] = {card.id: card for card in cards if card.id in asked_ids and card.key_points}
    asked_here = [tally for tally in tallies if tally.card_id in by_id]
    if not asked_here:
        return []
    from quizterm.deck.distinct import comparable  # with the deck reader's imports: only when there are points

    counts: dict[tuple[str, str], list[int]] = {}
    for tally in asked_here:
        total = counts.setdefault((tally.card_id, comparable(tally.point)), [0, 0])
        total[0] += tally.asked
        total[1] += tally.mentioned
    missed: list[tuple[tuple[int, float, int, int], MissedPoint]] = []
    for order, card in enumerate(by_id.values()):
        for index, point in enumerate(card.key_points):
            asked, mentioned = counts.get((card.id, comparable(point.text)), (0, 0))
            mentioned = min(mentioned, asked)
            if asked > mentioned:
                found = MissedPoint(card, point.text, asked, mentioned)
                missed.append(((-found.missed, -found.missed / asked, order, index), found))
    missed.sort(key=lambda item: item[0])
    return [found for _, found in missed[:limit]]
