"""The grade keys 0–5 with their SM-2 meanings, and the suggested grade, always visible on the rubric."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quizterm.rehearsal.checklist import Checklist
from quizterm.scheduler.sm2 import GRADE_MEANINGS
from quizterm.words import plural

# The SM-2 meanings, with grade 2's shortened so each line of three fits 80 columns; `?` shows it whole.
BAR_MEANINGS = {**GRADE_MEANINGS, 2: "wrong, but seemed easy"}
NO_SUGGESTION = "no suggested grade: this card has no key points; press 0–5"


def suggestion_text(checklist: Checklist) -> str:
    """What the marks add up to, e.g. "2 of 3 points · 1 mistake · 1 of 1 follow-up"."""
    parts = [f"{len(checklist.mentioned_points)} of {plural(len(checklist.points), 'point')}"]
    if made := len(checklist.made_mistakes):
        parts.append(plural(made, "mistake"))
    if asked := len(checklist.follow_ups):
        answered = sum(answer.answered for answer in checklist.follow_ups)
        parts.append(f"{answered} of {plural(asked, 'follow-up')}")
    return " · ".join(parts)


class GradeBar(Static):
    """`5 perfect … 0 complete blackout`; failing grades in the error colour, passing in success.

    Three lines: the passing grades (they move the card on), the failing ones (it starts anew), then what
    `enter` does: the grade the checklist suggests, highlighted here and on its key above, or that there is
    none.
    """

    def __init__(self, checklist: Checklist | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._checklist = checklist or Checklist()

    def on_mount(self) -> None:
        self.show(self._checklist)

    def show(self, checklist: Checklist) -> None:
        self._checklist = checklist
        suggested = checklist.suggested

        def line(grades: range) -> Content:
            items = []
            for grade in grades:
                style = "$text-error" if grade < 3 else "$text-success"
                key = "bold reverse $text-accent" if grade == suggested else f"bold reverse {style}"
                meaning = "bold $text-accent" if grade == suggested else "$text-muted"
                items.append(Content.assemble((f" {grade} ", key), (f" {BAR_MEANINGS[grade]}", meaning)))
            return Content("  ").join(items)

        if suggested is None:
            enter = Content.assemble((" enter ", "bold reverse $text-muted"), (f" {NO_SUGGESTION}", "$text-muted"))
        else:
            enter = Content.assemble((" enter ", "bold reverse $text-accent"),
                                     (f" grade {suggested}, as suggested", "bold $text-accent"),
                                     (f"  ({suggestion_text(checklist)})", "$text-muted"))
        self.update(Content("\n").join([line(range(5, 2, -1)), line(range(2, -1, -1)), enter]))
