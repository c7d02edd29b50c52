"""The app's side of the card browser: opening it on the chosen decks, the card service its screens
send intents to, and editing a deck file (the app suspends itself while the editor runs, then reads the
deck again and uses it from then on: in the browser, the deck list and the next drill).

A mixin of `QuiztermApp`, apart from app.py to keep each module to one concern.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App, SuspendNotSupported

from quizterm.deck.cards import Card, Deck
from quizterm.errors import QuiztermError
from quizterm.words import plural

if TYPE_CHECKING:  # the browser's modules are imported when it first opens, not at start-up
    from quizterm.browse.service import CardService
    from quizterm.scheduler.leech import LeechRule
    from quizterm.store.progress import ProgressStore


class Browsing:
    """Needs the app's decks, store, clock, day start and leech rule; provides the browser's glue."""

    decks: list[Deck]
    store: ProgressStore
    clock: Callable[[], datetime]
    day_start_hour: int
    leech: LeechRule
    _cards: dict[str, Card]
    _deck_titles: dict[str, str]
    _card_service: CardService | None = None

    def _app(self) -> App[None]:
        assert isinstance(self, App)
        return self

    @property
    def card_service(self) -> CardService:
        if self._card_service is None:
            from quizterm.browse.service import CardService

            self._card_service = CardService(self.store, self.clock, day_start_hour=self.day_start_hour,
                                             leech=self.leech, cache_dir=self.store.path.parent / "deck-cache")
        return self._card_service

    def card(self, card_id: str) -> Card | None:
        return self._cards.get(card_id)

    def cards_of(self, deck_keys: Sequence[str]) -> list[Card]:
        """The cards of these decks as they are now (after any edit), in deck order."""
        wanted = set(deck_keys)
        return [card for deck in self.decks if deck.key in wanted for card in deck.cards]

    def open_browser(self, decks: Sequence[Deck]) -> None:
        """Show the card browser on `decks` (above the current screen: escape comes back to it)."""
        from quizterm.tui.screens.browser.table import BrowserScreen

        title = "all decks" if len(decks) > 1 and len(decks) == len(self.decks) else \
            ", ".join(self._deck_titles.get(deck.key, deck.key) for deck in decks)
        self._app().push_screen(BrowserScreen([deck.key for deck in decks], title))

    # -- editing ----------------------------------------------------------------------------------------
    def edit_card(self, card: Card) -> bool:
        """Open the card's deck file in the user's editor at the card; True when the deck was read again."""
        deck = next((deck for deck in self.decks if deck.key == card.deck), None)
        if deck is None:
            return False
        service = self.card_service
        try:
            command = service.edit_command(deck, card, os.environ)
        except QuiztermError as exc:
            self._app().notify(str(exc), title="Not edited", severity="warning", markup=False, timeout=12)
            return False
        problem = self._run_editor(command.argv)
        if problem:
            self._app().notify(problem, title="Editor", severity="warning", markup=False, timeout=12)
        try:
            fresh = service.reload(deck, self.decks)
        except QuiztermError as exc:
            self._app().notify(str(exc), title="Deck not read again", severity="error", markup=False, timeout=15)
            return False
        self._use_deck(fresh)
        self._app().notify(f"Read {deck.path.name} again: {plural(len(fresh.cards), 'card')}.", markup=False)
        return True

    def _run_editor(self, argv: list[str]) -> str:
        """Run the editor with the terminal handed over to it; what went wrong, or ""."""

        def run(**extra: object) -> str:
            try:
                result = subprocess.run(argv, check=False, **extra)  # type: ignore[call-overload]
            except OSError as exc:
                return f"cannot run {argv[0]!r} ({exc.strerror}); check $VISUAL / $EDITOR"
            return f"{argv[0]} exited with status {result.returncode}" if result.returncode else ""

        try:
            with self._app().suspend():
                return run()
        except SuspendNotSupported:  # no terminal to hand over (headless tests): run it without one
            return run(stdin=subprocess.DEVNULL)

    def _use_deck(self, fresh: Deck) -> object:
        """Use `fresh` instead of the deck with its key everywhere, the running drill included: provided by
        `LiveReload` (live_reload.py), which a deck changed on disk goes through as well."""
        raise NotImplementedError
