"""The cards and decks the rest of quizterm works with.

These are plain immutable values, not pydantic models: pydantic validates deck *files* once
(see `models.py`), while drilling, scheduling and the store only need the values. Keeping pydantic
out of this path keeps start-up fast when validated decks come from the cache.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

Rubric = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]
"""short_answer, breakdown, theory, common_mistakes, interview_tips."""

BLOCK_CARDS = 64
"""Rubrics compressed together: large enough that zlib finds the text every card repeats, small enough
that showing one rubric expands about 200 KB."""


class RubricBlock:
    """The rubrics of up to `BLOCK_CARDS` cards, pickled together and zlib-compressed.

    Compressing a block at a time is twice as fast as card by card and makes half the bytes; the block
    last expanded is kept, so reading a deck's rubrics in order expands each block once.
    """

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    @classmethod
    def pack(cls, rubrics: Sequence[Rubric]) -> RubricBlock:
        return cls(zlib.compress(pickle.dumps(tuple(rubrics), protocol=pickle.HIGHEST_PROTOCOL), 1))

    def rubric(self, index: int) -> Rubric:
        global _expanded
        last = _expanded
        if last is not None and last[0] is self:
            return last[1][index]
        rubrics: tuple[Rubric, ...] = pickle.loads(zlib.decompress(self.data))
        _expanded = (self, rubrics)
        return rubrics[index]

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (RubricBlock, (self.data,))


_expanded: tuple[RubricBlock, tuple[Rubric, ...]] | None = None
"""The block whose rubrics were read last, expanded (one entry: a rubric is read when it is shown)."""


class Card:
    """One interview question and its rubric; immutable.

    `tags` already include the deck's tags (deck tags first, then the card's own, without repeats).
    Optional sections are empty strings / empty tuples when the author left them out.

    The rubric (everything shown only after the reveal) is most of a card's text. A card built here holds
    it as given; `compact` decks (what a drill loads, and what the deck cache stores) keep it in a shared
    `RubricBlock`, compressed, and expand it when it is read: a 10,000-card collection then starts faster
    from the cache and holds a fraction of its text in memory.
    """

    __slots__ = ("_block", "_rubric", "deck", "id", "question", "tags")

    id: str
    deck: str
    question: str
    tags: tuple[str, ...]
    _rubric: Rubric | int  # the sections, or the card's index in `_block`
    _block: RubricBlock | None

    def __init__(self, id: str, deck: str, question: str, short_answer: str, breakdown: str = "",
                 theory: str = "", common_mistakes: tuple[str, ...] = (), interview_tips: tuple[str, ...] = (),
                 tags: tuple[str, ...] = ()) -> None:
        rubric: Rubric = (short_answer, breakdown, theory, tuple(common_mistakes), tuple(interview_tips))
        self._set(id, deck, question, tuple(tags), rubric, None)

    def _set(self, id: str, deck: str, question: str, tags: tuple[str, ...], rubric: Rubric | int,
             block: RubricBlock | None) -> None:
        setter = object.__setattr__
        setter(self, "id", id)
        setter(self, "deck", deck)
        setter(self, "question", question)
        setter(self, "tags", tags)
        setter(self, "_rubric", rubric)
        setter(self, "_block", block)

    @classmethod
    def _restore(cls, id: str, deck: str, question: str, tags: tuple[str, ...], rubric: Rubric | int,
                 block: RubricBlock | None) -> Card:
        card = object.__new__(cls)
        card._set(id, deck, question, tags, rubric, block)
        return card

    @property
    def compact(self) -> bool:
        """Whether the rubric is kept compressed (in a block shared with other cards)."""
        return self._block is not None

    def _sections(self) -> Rubric:
        rubric, block = self._rubric, self._block
        if block is not None:
            assert isinstance(rubric, int)
            return block.rubric(rubric)
        assert not isinstance(rubric, int)
        return rubric

    @property
    def short_answer(self) -> str:
        return self._sections()[0]

    @property
    def breakdown(self) -> str:
        return self._sections()[1]

    @property
    def theory(self) -> str:
        return self._sections()[2]

    @property
    def common_mistakes(self) -> tuple[str, ...]:
        return self._sections()[3]

    @property
    def interview_tips(self) -> tuple[str, ...]:
        return self._sections()[4]

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as it is held; a block shared by many cards is pickled once per `pickle.dumps`."""
        return (Card._restore, (self.id, self.deck, self.question, self.tags, self._rubric, self._block))

    def _key(self) -> tuple[object, ...]:
        return (self.id, self.deck, self.question, self.tags, self._sections())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Card) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.id, self.deck, self.question, self.tags))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Card is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Card is immutable; cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"Card(id={self.id!r}, deck={self.deck!r}, question={self.question!r}, tags={self.tags!r})"


def compact_cards(cards: Sequence[Card]) -> tuple[Card, ...]:
    """The same cards with their rubrics compressed in blocks of `BLOCK_CARDS` (compact cards are kept)."""
    if all(card.compact for card in cards):
        return tuple(cards)
    packed: list[Card] = []
    for start in range(0, len(cards), BLOCK_CARDS):
        chunk = cards[start:start + BLOCK_CARDS]
        block = RubricBlock.pack([card._sections() for card in chunk])
        packed += (Card._restore(card.id, card.deck, card.question, card.tags, index, block)
                   for index, card in enumerate(chunk))
    return tuple(packed)


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
    tags: tuple[str, ...] = ()

    def compacted(self) -> Deck:
        """This deck with compact cards (see `Card`): what a drill keeps and the cache stores."""
        if all(card.compact for card in self.cards):
            return self
        return replace(self, cards=compact_cards(self.cards))
