"""The rubric: what you typed (and, under it, your previous attempt) beside the short answer, then the full
breakdown, and the grade keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizterm.deck.cards import Card
from quizterm.scheduler.queue import QueueCounts
from quizterm.scheduler.sm2 import GRADE_MEANINGS
from quizterm.store.progress import Review
from quizterm.tui.screens.base import SHARED_KEYS, UNDO_KEY, QuizScreen
from quizterm.tui.widgets.grade_bar import GradeBar
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.section import bullets, section
from quizterm.tui.widgets.session_bar import SessionBar

NO_ANSWER = "(no answer — “I don't know”)"


def previous_attempt_panel(review: Review) -> Static:
    """The previous answer as a panel the width of this one, right under it, so the two read line by line.

    Its grade is in the title and its time in the bottom border, so the body is the answer alone.
    """
    answer = review.answer if review.answer.strip() else NO_ANSWER
    panel = Static(Content(answer), id="previous", classes="panel")
    panel.border_title = f"Previous attempt · grade {review.grade}"
    panel.border_subtitle = review.moment.astimezone().strftime("%Y-%m-%d %H:%M")
    return panel


class RubricScreen(QuizScreen):
    """The answer revealed. Grade keys are priority bindings: they work wherever the focus is."""

    DRILL = True
    HELP_TITLE = "Rubric"

    BINDINGS = [
        *(Binding(str(g), f"grade({g})", f"{GRADE_MEANINGS[g]}", show=False, priority=True) for g in range(6)),
        Binding("u", "app.undo", "Undo grade"),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, card: Card, deck_title: str, counts: QueueCounts, *, answer: str, seconds: float,
                 previous: Review | None) -> None:
        super().__init__(classes="drill")
        self.card = card
        self.answer = answer
        self.seconds = seconds
        self._deck_title = deck_title
        self._counts = counts
        self._previous = previous

    def compose(self) -> ComposeResult:
        card = self.card
        yield SessionBar(self._deck_title, card.tags, self._counts, id="session-bar")
        with VerticalScroll(id="rubric"):
            yield Static(Content(card.question), id="question", classes="question")
            with Horizontal(id="compare"):  # the panels' titles are their border titles
                with Vertical(id="attempts"):  # the previous attempt right under this one, to compare
                    yours = Static(Content(self.answer if self.answer.strip() else NO_ANSWER), id="your-answer",
                                   classes="panel")
                    yours.border_title = "Your answer"
                    yield yours
                    if self._previous is not None:
                        yield previous_attempt_panel(self._previous)
                short = Static(Content(card.short_answer), id="short-answer", classes="panel")
                short.border_title = "Short answer"
                yield short
            if card.breakdown:
                yield section("Full breakdown", card.breakdown, markdown=True, id="breakdown")
            if card.theory:
                yield section("Theory", card.theory, markdown=True, id="theory")
            if card.common_mistakes:
                yield section("Common mistakes", bullets(card.common_mistakes), id="mistakes")
            if card.interview_tips:
                yield section("How to answer in the interview", bullets(card.interview_tips), id="tips")
        yield GradeBar(id="grade-bar")
        yield KeyBar(id="key-bar")

    def help_keys(self) -> list[tuple[str, str]]:
        return [*((str(g), f"grade {g}: {GRADE_MEANINGS[g]}") for g in range(5, -1, -1)),
                ("↑ ↓ pgup pgdn", "scroll the rubric"),
                UNDO_KEY, *SHARED_KEYS]

    def show_card(self, card: Card) -> None:
        """Lay the rubric out again for the card as it is now (its deck file changed), with the same answer."""
        self.card = card
        self.call_later(self._recompose_keeping_focus)

    async def _recompose_keeping_focus(self) -> None:
        await self.recompose()
        self.query_one("#rubric").focus()
        self.query_one(SessionBar).set_elapsed(self.seconds)

    def on_mount(self) -> None:
        self.query_one("#rubric").focus()
        self.query_one(SessionBar).set_elapsed(self.seconds)

    def action_grade(self, grade: int) -> None:
        if not self.input_ready:  # pressed before the rubric was painted: never a grade (see base.py)
            return
        self.quiz_app.grade(self.card, grade, self.answer, self.seconds)
