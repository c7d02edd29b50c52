"""The cards and decks the rest of quizterm works with.

These are plain immutable values, not pydantic models: pydantic validates deck *files* once
(see `models.py`), while drilling, scheduling and the store only need the values. Keeping pydantic
out of this path keeps start-up fast when validated decks come from the cache.
"""

from __future__ import annotations

import pickle
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

_WORD = re.compile(r"\w+")


def comparable(text: str) -> str:
    """`text` as two texts of a card are compared: ignoring case, punctuation and spacing. `"Scale by
    1/(1-p)."` and `"scale by 1 1 p"` are the same. The validator refuses two key points (or follow-up
    questions) of a card that compare equal, and the review log's marks follow a point through such edits."""
    words = _WORD.findall(text.casefold())
    return " ".join(words) if words else " ".join(text.casefold().split())


class KeyPoint(NamedTuple):
    """A point a strong answer must make; an answer that says one of its `aliases` makes it too."""

    text: str
    aliases: tuple[str, ...] = ()


class FollowUp(NamedTuple):
    """A follow-up question an interviewer would add, and its terse answer."""

    question: str
    answer: str


Rubric = tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[KeyPoint, ...], tuple[FollowUp, ...],
               tuple[str, ...]]
"""short_answer, breakdown, theory, common_mistakes, interview_tips, key_points, follow_ups, sources."""

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


_CardFields = tuple[str, str, str, tuple[str, ...], "Rubric | int", "RubricBlock | None", "int | None"]
"""id, deck, question, tags, the rubric (or the card's index in its block), the block (or None), the time
limit (or None)."""


class Card(_CardFields):
    """One interview question and its rubric; immutable.

    `tags` already include the deck's tags (deck tags first, then the card's own, without repeats), and
    `time_limit` is already the card's own or else its deck's (None when neither gives one). Optional
    sections are empty strings / empty tuples when the author left them out.

    Key points, follow-ups and sources belong to the rubric (read after the reveal); the time limit does
    not: the question screen needs it, so reading it never expands a rubric.

    The rubric (everything shown only after the reveal) is most of a card's text. A card built here holds
    it as given; `compact` decks (what a drill loads, and what the deck cache stores) keep it in a shared
    `RubricBlock`, compressed, and expand it when it is read: a 10,000-card collection then starts faster
    from the cache and holds a fraction of its text in memory.

    A card is a tuple underneath, like a named tuple, so that loading 10,000 of them from the cache builds
    each in C rather than in a Python constructor (a third of a warm start's unpickling time). Read it
    through its attributes; equality compares content, however the rubric is held.
    """

    __slots__ = ()

    def __new__(cls, id: str, deck: str, question: str, short_answer: str, breakdown: str = "",
                theory: str = "", common_mistakes: Sequence[str] = (), interview_tips: Sequence[str] = (),
                tags: Sequence[str] = (), key_points: Sequence[KeyPoint | str] = (),
                follow_ups: Sequence[FollowUp | tuple[str, str]] = (), sources: Sequence[str] = (),
                time_limit: int | None = None) -> Card:
        """A plain card; a key point given as text has no aliases."""
        points = tuple(KeyPoint(point) if isinstance(point, str) else KeyPoint(point.text, tuple(point.aliases))
                       for point in key_points)
        probes = tuple(FollowUp(*probe) for probe in follow_ups)
        rubric: Rubric = (short_answer, breakdown, theory, tuple(common_mistakes), tuple(interview_tips), points,
                          probes, tuple(sources))
        return tuple.__new__(cls, (id, deck, question, tuple(tags), rubric, None, time_limit))

    if TYPE_CHECKING:
        @property
        def id(self) -> str: ...
        @property
        def deck(self) -> str: ...
        @property
        def question(self) -> str: ...
        @property
        def tags(self) -> tuple[str, ...]: ...
        @property
        def time_limit(self) -> int | None: ...
    else:
        id = property(itemgetter(0), doc="The card's id, unique across all decks.")
        deck = property(itemgetter(1), doc="The key of the card's deck.")
        question = property(itemgetter(2))
        tags = property(itemgetter(3))
        time_limit = property(itemgetter(6), doc="Seconds to answer: the card's own, else its deck's, else None.")

    @property
    def compact(self) -> bool:
        """Whether the rubric is kept compressed (in a block shared with other cards)."""
        return self[5] is not None

    def _sections(self) -> Rubric:
        rubric, block = self[4], self[5]
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

    @property
    def key_points(self) -> tuple[KeyPoint, ...]:
        """The points a strong answer makes, in file order (empty: the card has no checklist)."""
        return self._sections()[5]

    @property
    def follow_ups(self) -> tuple[FollowUp, ...]:
        return self._sections()[6]

    @property
    def sources(self) -> tuple[str, ...]:
        return self._sections()[7]

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as it is held, and rebuilt by `tuple.__new__` (no Python code runs per card); a block
        shared by many cards is pickled once per `pickle.dumps`."""
        return (tuple.__new__, (Card, tuple(self)))

    def _key(self) -> tuple[object, ...]:
        return (self.id, self.deck, self.question, self.tags, self.time_limit, self._sections())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Card) and self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.id, self.deck, self.question, self.tags))

    def __repr__(self) -> str:
        return f"Card(id={self.id!r}, deck={self.deck!r}, question={self.question!r}, tags={self.tags!r})"


def _compact_card(card: Card, index: int, block: RubricBlock) -> Card:
    return tuple.__new__(Card, (card.id, card.deck, card.question, card.tags, index, block, card.time_limit))


def compact_cards(cards: Sequence[Card]) -> tuple[Card, ...]:
    """The same cards with their rubrics compressed in blocks of `BLOCK_CARDS` (compact cards are kept)."""
    if all(card.compact for card in cards):
        return tuple(cards)
    packed: list[Card] = []
    for start in range(0, len(cards), BLOCK_CARDS):
        chunk = cards[start:start + BLOCK_CARDS]
        block = RubricBlock.pack([card._sections() for card in chunk])
        packed += (_compact_card(card, index, block) for index, card in enumerate(chunk))
    return tuple(packed)


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck file: its cards in file order.

    `key` names the deck in the review log and in `stats` output: the file name without its suffix.
    `time_limit` is the deck's default, already applied to its cards (`Card.time_limit`).
    """

    key: str
    title: str
    path: Path
    cards: tuple[Card, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    time_limit: int | None = None

    def compacted(self) -> Deck:
        """This deck with compact cards (see `Card`): what a drill keeps and the cache stores."""
        if all(card.compact for card in self.cards):
            return self
        return replace(self, cards=compact_cards(self.cards))
