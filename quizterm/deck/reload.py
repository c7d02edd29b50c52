"""A deck read again after its file changed, and what changed in it: for live reload and the browser's
edit key. No UI here: the app shows the outcome, the session updates its queue.

A deck that now has errors, or shares a card id with another deck in use, is refused with its first
located problem (`ReloadRefused`): whoever reloads keeps the last good version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quizterm.deck.cards import Card, Deck
from quizterm.errors import QuiztermError


class ReloadRefused(QuiztermError):
    """The deck file cannot be used now; the message is its first located problem (and how many more)."""


def read_again(deck: Deck, others: Sequence[Deck], cache_dir: Path | None = None) -> Deck:
    """`deck` read again from its file (compact, as a drill holds it); `ReloadRefused` when the file now has
    errors or shares a card id with one of `others` (decks with another key)."""
    from quizterm.deck.loader import load_decks

    try:
        loaded = load_decks([deck.path], cache_dir=cache_dir, compact=True)
    except QuiztermError as exc:  # the file is gone (deleted, or mid-rename)
        raise ReloadRefused(str(exc)) from None
    if loaded.errors:
        first = loaded.errors[0]
        more = loaded.error_count - 1
        raise ReloadRefused(f"{first.format()}{f' (and {more} more)' if more else ''}")
    (fresh,) = loaded.decks
    taken = {card.id: other.key for other in others if other.key != deck.key for card in other.cards}
    for card in fresh.cards:
        if card.id in taken:
            raise ReloadRefused(f"{deck.path}: card id {card.id!r} is also in deck {taken[card.id]!r}; give it "
                                "an id of its own")
    loaded.write_cache()
    return fresh


@dataclass(frozen=True)
class DeckChange:
    """What changed between two versions of a deck, by card id."""

    edited: dict[str, Card] = field(default_factory=dict)
    """Cards whose content changed, by id, in their new version."""
    added: tuple[Card, ...] = ()
    removed: frozenset[str] = frozenset()
    retitled: bool = False

    @property
    def empty(self) -> bool:
        return not (self.edited or self.added or self.removed or self.retitled)

    def describe(self) -> str:
        """E.g. "1 card edited, 2 new, 1 removed" ("no card changed" when only the deck's own keys did)."""
        parts = []
        if self.edited:
            parts.append(f"{len(self.edited)} {'card' if len(self.edited) == 1 else 'cards'} edited")
        if self.added:
            parts.append(f"{len(self.added)} new")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        return ", ".join(parts) or "no card changed"


def diff_decks(old: Deck, new: Deck) -> DeckChange:
    """The cards edited (same id, other content), added and removed from `old` to `new`. Comparing cards
    compares their content, however their rubrics are held (compact or not)."""
    before = {card.id: card for card in old.cards}
    after = {card.id: card for card in new.cards}
    edited = {card_id: card for card_id, card in after.items() if card_id in before and before[card_id] != card}
    added = tuple(card for card_id, card in after.items() if card_id not in before)
    removed = frozenset(before.keys() - after.keys())
    retitled = (old.title, old.description) != (new.title, new.description)
    return DeckChange(edited, added, removed, retitled)
