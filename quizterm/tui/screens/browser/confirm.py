"""A yes/no question over the current screen (the card browser's reset asks first)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismissed with True on `y`, False on `n` or `escape`."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: Content, yes: str) -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self._question, id="confirm-question")
            yield Static(Content.assemble(("y", "bold $text-accent"), f" {self._yes}   ",
                                          ("n / escape", "bold $text-accent"), " keep it as it is"),
                         id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
