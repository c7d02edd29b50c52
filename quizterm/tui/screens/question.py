"""The question: read it, type the answer as you would say it, then reveal the rubric."""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from quizterm.deck.cards import Card
from quizterm.scheduler.queue import QueueCounts
from quizterm.tui.screens.base import SHARED_KEYS, UNDO_KEY, QuizScreen
from quizterm.tui.widgets.answer_box import AnswerBox
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.session_bar import SessionBar


class RevealButton(Static):
    """The visible, clickable twin of ctrl+s, with the hint beside it on the same line.

    One styled Static rather than Textual's Button and a Label in a row: each widget was a measurable part
    of putting the first card on screen, and the keyboard path (ctrl+s) is the main one anyway. Only a
    click on the button part reveals.
    """

    BUTTON = " Reveal rubric  (ctrl+s) "
    HINT = "esc: leave the box · ? keys"

    class Pressed(Message):
        """The button was clicked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content.assemble((self.BUTTON, "bold $text on $primary"), "  ", (self.HINT, "$text-muted")),
                         id=id)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if 0 <= event.x < len(self.BUTTON):
            self.post_message(self.Pressed())


class QuestionScreen(QuizScreen):
    """Shows one card's question with a focused, multi-line answer box.

    Single-key shortcuts are ordinary (non-priority) bindings: while the answer box has focus every key
    is text, so `q`, `u` and digits can be typed; `escape` moves the focus to the card to use them.
    """

    DRILL = True
    HELP_TITLE = "Question"

    BINDINGS = [
        Binding("ctrl+s", "reveal", "Reveal rubric", priority=True),
        Binding("escape", "leave_answer", "Leave answer box", show=False),
        Binding("i,enter", "edit_answer", "Answer", show=False),
        Binding("u", "app.undo", "Undo grade"),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, card: Card, deck_title: str, counts: QueueCounts) -> None:
        super().__init__(classes="drill")
        self.card = card
        self._deck_title = deck_title
        self._counts = counts
        self._started = time.monotonic()

    def compose(self) -> ComposeResult:
        # Six widgets in all: the labels are border titles and the hint shares the button's line.
        yield SessionBar(self._deck_title, self.card.tags, self._counts, id="session-bar")
        card = VerticalScroll(id="card")
        card.border_title = "Question"
        with card:
            yield Static(Content(self.card.question), id="question", classes="question")
        answer = AnswerBox(id="answer")
        answer.border_title = "Your answer, as you would say it in the interview (empty is fine)"
        yield answer
        yield RevealButton(id="reveal")
        yield KeyBar(id="key-bar")

    def help_keys(self) -> list[tuple[str, str]]:
        return [("ctrl+s", "reveal the rubric (also the Reveal button)"),
                ("escape", "leave the answer box, so the single keys below work"),
                ("i / enter", "back into the answer box"),
                ("ctrl+z", "in an empty answer box: undo the last grade"),
                ("Outside the answer box", ""),
                UNDO_KEY, *SHARED_KEYS]

    def on_mount(self) -> None:
        self.query_one(AnswerBox).focus()
        self._timer = self.set_interval(1.0, self._tick)
        self._tick()

    def on_screen_suspend(self) -> None:
        """A question left beneath the next screen (the drill's base screen) stops ticking."""
        self._timer.pause()

    def _tick(self) -> None:
        self.query_one(SessionBar).set_elapsed(time.monotonic() - self._started)

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def action_reveal(self) -> None:
        self.quiz_app.reveal(self.card, self.query_one(AnswerBox).text, self.elapsed())

    def action_leave_answer(self) -> None:
        self.query_one("#card").focus()

    def action_edit_answer(self) -> None:
        self.query_one(AnswerBox).focus()

    def on_reveal_button_pressed(self, _: RevealButton.Pressed) -> None:
        self.action_reveal()

    def on_answer_box_undo_grade_requested(self, _: AnswerBox.UndoGradeRequested) -> None:
        self.quiz_app.undo()
