"""The grade keys 0–5 with their SM-2 meanings, always visible on the rubric screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quizterm.scheduler.sm2 import GRADE_MEANINGS


class GradeBar(Static):
    """`5 perfect … 0 complete blackout`; failing grades in the error colour, passing in success.

    It wraps onto a second line on narrow terminals rather than hiding a meaning.
    """

    def on_mount(self) -> None:
        items = []
        for grade in range(5, -1, -1):
            style = "$text-error" if grade < 3 else "$text-success"
            items.append(Content.assemble((f" {grade} ", f"bold reverse {style}"),
                                          (f" {GRADE_MEANINGS[grade]}", "$text-muted")))
        self.update(Content.assemble(("Grade yourself:  ", "bold"), Content("   ").join(items)))
