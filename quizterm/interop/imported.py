"""What an importer hands over: cards in quizterm's terms, notices for the user, and progress.

`ImportedCard` has exactly a deck card's fields (see `quizterm.deck.models.CardModel`), with every text
already cleaned (`text.clean_text`). Importers report what they could not carry over, or changed, as
`Notice`s located in the source, and never stop for one card: a source with one odd note is still
imported. What makes the whole source unusable (binary data, a bad encoding, a missing header) is a
`QuiztermError` instead, raised before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from quizterm.deck.cards import FollowUp, KeyPoint


@dataclass(frozen=True, slots=True)
class ImportedCard:
    """One card to write; `where` says where it came from in the source (for notices), e.g. `line 12`."""

    id: str
    question: str
    short_answer: str
    breakdown: str = ""
    theory: str = ""
    common_mistakes: tuple[str, ...] = ()
    interview_tips: tuple[str, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    sources: tuple[str, ...] = ()
    time_limit: int | None = None
    tags: tuple[str, ...] = ()
    where: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know about the import: `SOURCE:WHERE: warning: MESSAGE` when printed."""

    where: str
    """A place in the source ("line 12", "row 7", "note 1234567890") or "" for the whole source."""
    message: str


@dataclass
class Imported:
    """An importer's result: the cards in source order, the notices, and a title the source suggests."""

    cards: list[ImportedCard] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    title: str = ""
    """The source's own title (a Markdown file's top heading, an Anki deck's name); "" when it has none."""

    def notice(self, where: str, message: str) -> None:
        self.notices.append(Notice(where, message))


class Progress(Protocol):
    """Where a long step reports how far it got; the command shows it (or not)."""

    def start(self, what: str, total: int | None) -> None:
        """A new step named `what` with `total` units of work (None: unknown)."""

    def advance(self, units: int = 1) -> None:
        """`units` more units of the current step are done."""


class NoProgress:
    """Progress nobody watches: tests, and output that is not a terminal."""

    def start(self, what: str, total: int | None) -> None:
        return None

    def advance(self, units: int = 1) -> None:
        return None


NO_PROGRESS = NoProgress()

Importer = Callable[[Path, Progress], Imported]
"""Reads the source at the path into cards; raises `QuiztermError` when the source cannot be imported."""
