"""How often each key point was made, over a card's scheduling grades: what `stats` reports.

A grade records the points it asked and those marked mentioned by their text, so the counts follow a
point through edits of case, punctuation and spacing (`cards.comparable`); a point reworded otherwise
starts counting afresh, and a point the deck no longer has is not reported. Only scheduling grades count
(a day's first grade of a card): the drills after a failure, answered with the rubric just seen, would
flatter the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizterm.deck.cards import Card, comparable

WEAKEST_LISTED = 3
"""Points named per deck in the stats text."""


@dataclass(frozen=True, slots=True)
class PointCount:
    text: str
    mentioned: int  # scheduling grades that marked it mentioned
    asked: int  # scheduling grades that asked it

    @property
    def rate(self) -> float:
        return self.mentioned / self.asked if self.asked else 0.0


@dataclass(frozen=True, slots=True)
class WeakPoint:
    card_id: str
    count: PointCount


class PointTally:
    """Counts of every card's key points, fed one marked grade at a time."""

    def __init__(self) -> None:
        self._asked: Counter[tuple[str, str]] = Counter()
        self._mentioned: Counter[tuple[str, str]] = Counter()

    def add(self, card_id: str, points: Iterable[str], mentioned: Iterable[str]) -> None:
        for text in {comparable(text) for text in points}:
            self._asked[card_id, text] += 1
        for text in {comparable(text) for text in mentioned}:
            self._mentioned[card_id, text] += 1

    def counts(self, card: Card) -> list[PointCount]:
        """One count per key point of the card as the deck has it now, in deck order ([] without points)."""
        keys = [(card.id, comparable(point.text)) for point in card.key_points]
        return [PointCount(point.text, min(self._mentioned[key], self._asked[key]), self._asked[key])
                for point, key in zip(card.key_points, keys, strict=True)]


def weakest(cards: Iterable[tuple[str, Sequence[PointCount]]], limit: int = WEAKEST_LISTED) -> list[WeakPoint]:
    """The points made least often (lowest share of the grades that asked them; the most asked first among
    equals), among the points missed at least once."""
    asked = [WeakPoint(card_id, count) for card_id, counts in cards for count in counts
             if count.mentioned < count.asked]
    return sorted(asked, key=lambda weak: (weak.count.rate, -weak.count.asked))[:limit]


def weakest_lines(points: Sequence[WeakPoint]) -> list[str]:
    """A deck's weakest points as the stats text shows them, one a line: "  1 of 4  the point  (card-id)"."""
    if not points:
        return []
    return ["  key points made least often (of the scheduling grades that asked them):",
            *(f"    {p.count.mentioned} of {p.count.asked}  {p.count.text}  ({p.card_id})" for p in points)]
