"""Live reload: a deck file that changes on disk while quizterm runs is read again and used at once.

The watch runs in a background thread (`quizterm.deck.watch`, started once the first screen is up, so
start-up never waits for it), which also reads the changed file (`quizterm.deck.reload`), off the UI
thread. The outcome comes to the app as a message:

- a good deck replaces the old one everywhere (`_use_deck`, shared with the browser's edit key): the
  session rebuilds its queue (new cards join it, removed ones leave it), and the card on screen is shown
  as it is now, in place: the question's text changes under the answer being typed, which stays; a
  rubric is laid out again with the same answer. A card on screen that left the deck gives way to the next.
  An open card browser and card page show the cards as they are now (`show_reloaded_in_browser`).
- a deck that now has errors keeps the last good version; a notice (which never takes the focus) shows
  the first located error.

A mixin of `QuiztermApp`, apart from app.py to keep each module to one concern.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from textual.app import App
from textual.message import Message

from quizterm.deck.cards import Card, Deck
from quizterm.deck.reload import DeckChange, ReloadRefused, diff_decks, read_again
from quizterm.deck.watch import Watcher, signature
from quizterm.scheduler.queue import filter_cards
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore
from quizterm.tui.screens.base import top_drill_screen

SETTLE_SECONDS = 0.2
"""A file found broken is read once more after this long if it changed meanwhile: an editor may have
been caught half-way through writing it."""


class DeckFileChanged(Message):
    """A watched deck file was read again: `fresh` is its new deck, or None with the `problem` refusing it."""

    def __init__(self, key: str, fresh: Deck | None, problem: str = "") -> None:
        super().__init__()
        self.key = key
        self.fresh = fresh
        self.problem = problem


class LiveReload:
    """Needs the app's decks, store, session and drill decks/tags; provides watching and deck replacement."""

    decks: list[Deck]
    drill_decks: list[Deck]
    drill_tags: tuple[str, ...] = ()
    store: ProgressStore
    session: DrillSession | None
    _cards: dict[str, Card]
    _deck_titles: dict[str, str]
    _watcher: Watcher | None = None
    _read_as: dict[Path, tuple[int, int, int] | None] | None = None

    def _live_app(self) -> App[None]:
        assert isinstance(self, App)
        return self

    # ----- watching (the watcher's thread) ---------------------------------------------------------
    def remember_deck_files(self) -> None:
        """Note each deck file as it is now (called as the app is made, right after the decks were read): a
        save before the watch starts is then caught up with when it does."""
        self._read_as = {deck.path.resolve(): signature(deck.path) for deck in self.decks}

    def start_watching(self) -> None:
        """Watch the files of the decks in use (a deck set aside as broken is not watched)."""
        if self._watcher is None and self.decks:
            self._watcher = Watcher([deck.path for deck in self.decks], self._files_changed, since=self._read_as)
            self._watcher.start()

    def stop_watching(self) -> None:
        """Stop the watch and join its thread (quitting leaves no thread behind)."""
        if self._watcher is not None:
            self._watcher.stop()

    def _files_changed(self, paths: set[Path]) -> None:
        decks = list(self.decks)
        by_path = {deck.path.resolve(): deck for deck in decks}
        for path in sorted(paths):
            deck = by_path.get(path)
            if deck is None:
                continue
            others = [other for other in decks if other.key != deck.key]
            cache = self.store.path.parent / "deck-cache"
            try:
                message = DeckFileChanged(deck.key, self._read(deck, others, cache))
            except ReloadRefused as exc:
                message = DeckFileChanged(deck.key, None, str(exc))
            self._live_app().post_message(message)  # thread-safe

    @staticmethod
    def _read(deck: Deck, others: Sequence[Deck], cache: Path) -> Deck:
        def signature() -> tuple[int, int] | None:
            try:
                info = deck.path.stat()
            except OSError:
                return None
            return info.st_size, info.st_mtime_ns

        before = signature()
        try:
            return read_again(deck, others, cache)
        except ReloadRefused:
            time.sleep(SETTLE_SECONDS)
            if signature() == before:
                raise
            return read_again(deck, others, cache)

    # ----- using what was read (the app's thread) --------------------------------------------------
    def on_deck_file_changed(self, message: DeckFileChanged) -> None:
        app = self._live_app()
        current = next((deck for deck in self.decks if deck.key == message.key), None)
        if current is None:
            return
        if message.fresh is None:
            app.notify(f"{message.problem}. Still drilling the last good version of {current.path.name}.",
                       title="Deck not reloaded", severity="warning", markup=False, timeout=12)
            return
        change = self._use_deck(message.fresh)
        if not change.empty:
            self.show_reloaded_in_browser()
            app.notify(f"{current.path.name} reloaded: {change.describe()}.", markup=False, timeout=4)

    def show_reloaded_in_browser(self) -> None:
        """The open card browser lists the decks' cards as they are now (new ones in, removed ones out), and
        an open card page shows its card's new text, as the drill does."""
        from quizterm.tui.screens.browser.actions import CardActions

        for screen in self._live_app().screen_stack:
            if isinstance(screen, CardActions) and screen.is_mounted:
                screen.cards_changed(set(), reloaded=True)

    def _use_deck(self, fresh: Deck) -> DeckChange:
        """Use `fresh` instead of the deck with its key, everywhere: the decks, the running drill, the card on
        screen. What changed is returned (and shown by the caller)."""
        old = next(deck for deck in self.decks if deck.key == fresh.key)
        self.decks[self.decks.index(old)] = fresh
        for card in old.cards:
            self._cards.pop(card.id, None)
        self._cards.update((card.id, card) for card in fresh.cards)
        self._deck_titles[fresh.key] = fresh.title
        change = diff_decks(old, fresh)
        if change.empty or not any(deck.key == fresh.key for deck in self.drill_decks):
            return change
        self.drill_decks = [fresh if deck.key == fresh.key else deck for deck in self.drill_decks]
        if self.session is not None:
            self.session.use_cards(filter_cards([c for d in self.drill_decks for c in d.cards], self.drill_tags))
            self._show_changed_card()
        return change

    def _show_changed_card(self) -> None:
        """The drill screen on top shows its card as it is now, or moves on when the card left the drill."""
        from quizterm.tui.app import QuiztermApp
        from quizterm.tui.screens.question import QuestionScreen
        from quizterm.tui.screens.rubric import RubricScreen
        from quizterm.tui.screens.summary import SummaryScreen

        app = self._live_app()
        assert isinstance(app, QuiztermApp)
        session = self.session
        assert session is not None
        screen = top_drill_screen(app.screen_stack)
        if isinstance(screen, QuestionScreen | RubricScreen):
            in_drill = {card.id: card for card in session.cards}
            now = in_drill.get(screen.card.id)
            if now is not None:
                if now != screen.card:
                    screen.show_card(now)
            elif screen is app.screen:
                if isinstance(screen, QuestionScreen):
                    screen.save_draft()
                app.notify("The card on screen left the deck; on to the next one.", markup=False, timeout=6)
                app.show_next()
        elif isinstance(screen, SummaryScreen) and screen is app.screen and session.current() is not None:
            app.show_next()
