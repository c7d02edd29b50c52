"""The deck list's rows as plain values: computed by the app, drawn by the deck-list screen."""

from __future__ import annotations

from dataclasses import dataclass

ALL = "__all__"


@dataclass(frozen=True, slots=True)
class DeckRow:
    """One line of the list: a deck (or all of them) with today's counts under the tag filter."""

    key: str
    title: str
    description: str
    cards: int
    due: int
    new: int
    days_left: int | None = None  # study days before the interview of the deck's plan (the earliest); None: none
