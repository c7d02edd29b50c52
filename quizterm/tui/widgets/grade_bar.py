"""The grade keys 0–5 with their SM-2 meanings, always visible on the rubric screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quizterm.scheduler.sm2 import GRADE_MEANINGS

# The SM-2 meanings, with grade 2's shortened so each line of three fits 80 columns; `?` shows it whole.
BAR_MEANINGS = {**GRADE_MEANINGS, 2: "wrong, but seemed easy"}


class GradeBar(Static):
    """`5 perfect … 0 complete blackout`; failing grades in the error colour, passing in success.

    Two lines: the passing grades (they move the card on), then the failing ones (it starts anew).
    """

    def on_mount(self) -> None:
        def line(grades: range) -> Content:
            items = []
            for grade in grades:
                style = "$text-error" if grade < 3 else "$text-success"
                items.append(Content.assemble((f" {grade} ", f"bold reverse {style}"),
                                              (f" {BAR_MEANINGS[grade]}", "$text-muted")))
            return Content("  ").join(items)

        self.update(Content("\n").join([line(range(5, 2, -1)), line(range(2, -1, -1))]))
