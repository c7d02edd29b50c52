"""The cards and decks the rest of quizterm works with.

These are plain frozen dataclasses, not pydantic models: pydantic validates deck *files* once
(see `models.py`), while drilling, scheduling and the store only need the values. Keeping pydantic
out of this path keeps start-up fast when validated decks come from the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Card:
    """One interview question and its rubric.

    `tags` already include the deck's tags (deck tags first, then the card's own, without repeats).
    Optional sections are empty strings / empty tuples when the author left them out.
    """

    id: str
    deck: str
    question: str
    short_answer: str
    breakdown: str = ""
    theory: str = ""
    common_mistakes: tuple[str, ...] = ()
    interview_tips: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Card], tuple[object, ...]]:
        """Pickle as a constructor call: unpickling 10,000 cards from the deck cache is then about twice as
        fast as the per-field `__setstate__` a frozen slotted dataclass gets by default."""
        return (Card, (self.id, self.deck, self.question, self.short_answer, self.breakdown, self.theory,
                       self.common_mistakes, self.interview_tips, self.tags))


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck file: its cards in file order.

    `key` names the deck in the review log and in `stats` output: the file name without its suffix.
    """

    key: str
    title: str
    path: Path
    cards: tuple[Card, ...]
    description: str = ""
    tags: tuple[str, ...] = field(default=())
