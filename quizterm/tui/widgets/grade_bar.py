"""The grade keys 0–5 with their SM-2 meanings, always visible on the rubric screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quizterm.scheduler.sm2 import GRADE_MEANINGS


class GradeBar(Static):
    """`0 complete blackout … 5 perfect`, failing grades in the error colour, passing in success."""

    def on_mount(self) -> None:
        parts: list[str | tuple[str, str]] = [("Grade yourself  ", "bold")]
        for grade in range(6):
            style = "$text-error" if grade < 3 else "$text-success"
            parts.append((f" {grade} ", f"bold reverse {style}"))
            parts.append((f" {GRADE_MEANINGS[grade]}   ", "$text-muted"))
        self.update(Content.assemble(*parts))
