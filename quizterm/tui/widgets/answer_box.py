"""The multi-line box where the candidate types the answer they would give in an interview."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import TextArea


class AnswerBox(TextArea):
    """A TextArea whose `ctrl+z`, when there is nothing to undo in the box, undoes the last grade instead.

    A mis-pressed grade is usually noticed on the next card, while the box is still empty.
    """

    class UndoGradeRequested(Message):
        """ctrl+z in an empty answer box."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         compact=True)

    def action_undo(self) -> None:
        if not self.text:
            self.post_message(self.UndoGradeRequested())
            return
        super().action_undo()
