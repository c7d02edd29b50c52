"""The actions of the card browser's screens, each a key: suspend, bury, reset, undo, edit.

Both the table and a card's page offer them, on the card under the cursor or on the page. They send
intents to the card service (quizterm/browse/service.py) or, for `e`, to the app (which suspends itself
while the editor runs and reloads the deck); the screens only show the outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content

from quizterm.browse.service import Done
from quizterm.deck.cards import Card
from quizterm.tui.screens.base import QuizScreen
from quizterm.tui.screens.browser.confirm import ConfirmScreen

if TYPE_CHECKING:
    from quizterm.browse.service import CardService

ACTION_BINDINGS = [
    Binding("s", "suspend", "Suspend"),
    Binding("b", "bury", "Bury"),
    Binding("r", "reset", "Reset"),
    Binding("u", "undo", "Undo"),
    Binding("e", "edit", "Edit"),
]
ACTION_KEYS: list[tuple[str, str]] = [
    ("s", "suspend the card (no drill asks it) / unsuspend"),
    ("b", "bury the card until tomorrow / unbury"),
    ("r", "reset its progress (asks first; history is kept)"),
    ("u", "undo the last suspend, bury or reset"),
    ("e", "edit its deck file in $VISUAL / $EDITOR, at the card"),
]


class CardActions(QuizScreen):
    """A screen whose actions apply to one card at a time (`action_card`)."""

    def action_card(self) -> Card | None:
        """The card the actions apply to now; None when there is none (an empty search)."""
        raise NotImplementedError

    def cards_changed(self, card_ids: set[str], *, reloaded: bool = False) -> None:
        """Show the new state of these cards (`reloaded`: a deck file was read again)."""
        raise NotImplementedError

    @property
    def service(self) -> CardService:
        return self.quiz_app.card_service

    def _done(self, done: Done | None) -> None:
        if done is None:
            self.notify("Nothing to undo: no suspend, bury or reset in this run yet.", severity="warning",
                        markup=False)
            return
        self.notify(done.message, markup=False)
        self.cards_changed({done.card_id})

    def action_suspend(self) -> None:
        if (card := self.action_card()) is not None:
            self._done(self.service.toggle_suspend(card))

    def action_bury(self) -> None:
        if (card := self.action_card()) is not None:
            self._done(self.service.toggle_bury(card))

    def action_reset(self) -> None:
        card = self.action_card()
        if card is None:
            return
        attempts = sum(1 for item in self.service.history(card.id) if item.kind in ("grade", "practice"))
        question = Content.assemble("Reset the progress of ", (card.id, "bold"), "?\n\nIt becomes a new card: "
                                    "no due date, no interval, EF 2.50. ",
                                    f"Its {attempts} attempt{'' if attempts == 1 else 's'} stay in the log and "
                                    "in its history; u undoes the reset.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._done(self.service.reset(card))

        self.app.push_screen(ConfirmScreen(question, "reset"), answered)

    def action_undo(self) -> None:
        self._done(self.service.undo())

    def action_edit(self) -> None:
        card = self.action_card()
        if card is not None and self.quiz_app.edit_card(card):
            self.cards_changed({card.id}, reloaded=True)
