"""The cards and decks the rest of quizterm works with.

These are plain immutable values, not pydantic models: pydantic validates deck *files* once
(see `models.py`), while drilling, scheduling and the store only need the values. Keeping pydantic
out of this path keeps start-up fast when validated decks come from the cache.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass
from pathlib import Path

Rubric = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]
"""short_answer, breakdown, theory, common_mistakes, interview_tips."""


def _pack(rubric: Rubric) -> bytes:
    return zlib.compress(pickle.dumps(rubric, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: bytes) -> Rubric:
    rubric: Rubric = pickle.loads(zlib.decompress(data))
    return rubric


class Card:
    """One interview question and its rubric; immutable.

    `tags` already include the deck's tags (deck tags first, then the card's own, without repeats).
    Optional sections are empty strings / empty tuples when the author left them out.

    The rubric (everything shown only after the reveal) is most of a card's text. Cards that come from
    the deck cache keep it compressed and expand it when it is read, so a 10,000-card collection
    starts faster and holds a fraction of its text in memory; a card built here holds it as given.
    """

    __slots__ = ("_rubric", "deck", "id", "question", "tags")

    id: str
    deck: str
    question: str
    tags: tuple[str, ...]
    _rubric: Rubric | bytes

    def __init__(self, id: str, deck: str, question: str, short_answer: str, breakdown: str = "",
                 theory: str = "", common_mistakes: tuple[str, ...] = (), interview_tips: tuple[str, ...] = (),
                 tags: tuple[str, ...] = ()) -> None:
        rubric: Rubric = (short_answer, breakdown, theory, tuple(common_mistakes), tuple(interview_tips))
        self._set(id, deck, question, tuple(tags), rubric)

    def _set(self, id: str, deck: str, question: str, tags: tuple[str, ...], rubric: Rubric | bytes) -> None:
        setter = object.__setattr__
        setter(self, "id", id)
        setter(self, "deck", deck)
        setter(self, "question", question)
        setter(self, "tags", tags)
        setter(self, "_rubric", rubric)

    @classmethod
    def _from_packed(cls, id: str, deck: str, question: str, tags: tuple[str, ...], rubric: bytes) -> Card:
        card = object.__new__(cls)
        card._set(id, deck, question, tags, rubric)
        return card

    def _sections(self) -> Rubric:
        rubric = self._rubric
        return _unpack(rubric) if isinstance(rubric, bytes) else rubric

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
        """Pickled with the rubric compressed: what the deck cache stores and loads back."""
        rubric = self._rubric
        packed = rubric if isinstance(rubric, bytes) else _pack(rubric)
        return (Card._from_packed, (self.id, self.deck, self.question, self.tags, packed))

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
