"""The question: read it, type the answer as you would say it, then reveal the rubric.

On a timed card (`--timed`, or a card's `time_limit` in a timed drill) a countdown runs while the question
is on top: it stops while `?`, the palette or the "too small" notice covers it, and at zero the box stops
taking text and the rubric opens by itself, with what was typed by then. The time spent on a card (logged
with its grade) is counted the same way.

What is typed is kept as the card's draft (through the session, never by writing the store here): at most
`DRAFT_DELAY` seconds after a change, off the key path (a timer, not the key handler), and at once when the
answer is revealed or the screen is left by `q`, `ctrl+q` or `u`. The draft comes back in the box when the
card shows again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from quizterm.deck.cards import Card
from quizterm.errors import QuiztermError
from quizterm.scheduler.queue import QueueCounts
from quizterm.tui.screens.base import SHARED_KEYS, UNDO_KEY, QuizScreen, top_drill_screen
from quizterm.tui.widgets.answer_box import AnswerBox
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.session_bar import SessionBar, countdown_text

DRAFT_DELAY = 1.0  # seconds from a change in the box to its draft being saved, at most
TICK = 1.0  # seconds between updates of the time shown
TIMED_TICK = 0.2  # ... on a timed card: the rubric opens at most this long after the countdown's zero


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
    Leaving with `q` or `u` never asks: the answer is kept as the card's draft.
    """

    DRILL = True
    HELP_TITLE = "Question"
    TAKES_TYPING = True

    BINDINGS = [
        Binding("ctrl+s", "reveal", "Reveal rubric", priority=True),
        Binding("escape", "leave_answer", "Leave answer box", show=False),
        Binding("i,enter", "edit_answer", "Answer", show=False),
        Binding("u", "app.undo", "Undo grade"),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, card: Card, deck_title: str, counts: QueueCounts, *, draft: str = "",
                 time_limit: int | None = None) -> None:
        """`draft` is the card's unfinished answer from an earlier sitting, put back in the box; `time_limit`
        the seconds the card may take (None: not timed)."""
        super().__init__(classes="drill")
        self.card = card
        self.time_limit = time_limit
        self._deck_title = deck_title
        self._counts = counts
        self._draft = draft
        self._started = time.monotonic()
        self._paused = 0.0  # seconds spent covered by another screen
        self._paused_at: float | None = None
        self._time_up = False
        self._draft_timer: Timer | None = None
        self.answer_taken = False
        """Revealed: the box is frozen and its text is the rubric's now (still the card's draft)."""

    def compose(self) -> ComposeResult:
        # Six widgets in all: the labels are border titles and the hint shares the button's line.
        yield SessionBar(self._deck_title, self.card.tags, self._counts, id="session-bar")
        card = VerticalScroll(id="card")
        card.border_title = "Question"
        with card:
            yield Static(Content(self.card.question), id="question", classes="question")
        answer = AnswerBox(self._draft, id="answer")
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

    def show_card(self, card: Card) -> None:
        """Show the card as it is now (its deck file changed): the question's text changes in place; the
        answer box, and what is typed in it, stay as they are."""
        self.card = card
        self.query_one("#question", Static).update(Content(card.question))

    def on_mount(self) -> None:
        # `focus()` and `Ready` both go through the app's queue, in this order: the keys held while the
        # screen was on its way are typed into the box once it has the focus.
        self.query_one(AnswerBox).focus()
        self.announce_ready()
        self._timer = self.set_interval(TICK if self.time_limit is None else TIMED_TICK, self.tick)
        self.tick()
        if self._draft:
            self.notify("Your unfinished answer to this card is back.", markup=False)

    def on_screen_suspend(self) -> None:
        """Covered (help, the palette, the "too small" notice) or left beneath the next screen: the clock stops."""
        self._timer.pause()
        if self._paused_at is None:
            self._paused_at = time.monotonic()

    def on_screen_resume(self) -> None:
        if self._paused_at is not None:
            self._paused += time.monotonic() - self._paused_at
            self._paused_at = None
        self._timer.resume()
        self.tick()

    def elapsed(self) -> float:
        """Seconds on this card so far, not counting the time another screen covered it."""
        now = time.monotonic()
        covered = self._paused + (0.0 if self._paused_at is None else now - self._paused_at)
        return now - self._started - covered

    def tick(self) -> None:
        """Show the time on this card (the countdown on a timed card); at the countdown's zero, reveal."""
        if self.answer_taken:
            return
        seconds = self.elapsed()
        if self.time_limit is None:
            self.query_one(SessionBar).set_elapsed(seconds)
            return
        left = self.time_limit - seconds
        self.query_one(SessionBar).set_countdown(left, self.time_limit)
        self.query_one(AnswerBox).border_subtitle = f"{countdown_text(left)} left"
        if left <= 0 and not self._time_up:
            self._time_up = True
            self.after_typing(self._reveal)

    # ----- drafts --------------------------------------------------------------------------------------
    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        if self._draft_timer is None and not self.answer_taken:
            self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft)

    def save_draft(self) -> str:
        """Save what the box holds now as the card's draft; returns it."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        text = self.query_one(AnswerBox).text
        session = self.quiz_app.session
        try:
            if session is not None:
                session.save_draft(self.card.id, text)
        except QuiztermError as exc:  # said, never fatal: the text is still in the box
            self.notify(f"Could not save a draft of your answer: {exc}", severity="warning", markup=False)
        return text

    def after_typing(self, then: Callable[[str], object]) -> None:
        """Save the draft once every key already received is in the box, then call `then(answer)`.

        `ctrl+s` and `ctrl+q` are priority bindings: Textual runs them as soon as the app takes their key,
        possibly before the box has applied the keys typed just before (see `AnswerBox`).
        """
        self.query_one(AnswerBox).after_queued_keys(lambda: then(self.save_draft()))

    # ----- intents --------------------------------------------------------------------------------------
    def action_reveal(self) -> None:
        self.after_typing(self._reveal)

    def _reveal(self, answer: str) -> None:
        if self.answer_taken:  # ctrl+s twice in a row
            return
        self.answer_taken = True
        self.query_one(AnswerBox).read_only = True
        seconds = self.elapsed()
        if self._time_up and self.time_limit is not None:
            seconds = float(self.time_limit)  # the time used is the time allowed, however late the last tick
        self.quiz_app.reveal(self.card, answer, seconds, time_limit=self.time_limit, time_up=self._time_up)

    def action_leave_answer(self) -> None:
        self.query_one("#card").focus()

    def action_edit_answer(self) -> None:
        self.query_one(AnswerBox).focus()

    def on_reveal_button_pressed(self, _: RevealButton.Pressed) -> None:
        self.action_reveal()

    def on_answer_box_undo_grade_requested(self, _: AnswerBox.UndoGradeRequested) -> None:
        if not self.answer_taken:
            self.quiz_app.undo()


def open_question(stack: Sequence[Screen[object]]) -> QuestionScreen | None:
    """The question whose answer is being typed: the drill screen on top of `stack` (beneath a help or
    "too small" screen, say) when it is a question that has not been revealed. A question left beneath a
    later drill screen is not current any more, and its card may have been graded since."""
    drill = top_drill_screen(stack)
    if isinstance(drill, QuestionScreen) and drill.is_mounted and not drill.answer_taken:
        return drill
    return None
