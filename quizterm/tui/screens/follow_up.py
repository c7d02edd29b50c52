"""A follow-up question, as an interviewer would add it: type the answer, reveal the terse one, say
whether you had it.

Pushed above the rubric (`f`); when it is done it pops itself and hands `done` a `FollowUpAnswer` (or None
when left with `escape` before revealing): the caller logs it through the session and the rubric it came
from takes it into its checklist. While the box has the focus every key is text, digits and Enter
included; keys typed while the screen is on its way are typed into the box too, in order. A `y` or `n`
pressed before the terse answer is on screen (in the same burst as `ctrl+s`) is ignored, as a grade digit
pressed right after the question's `ctrl+s` is.

What is typed is kept as a draft of its own (`follow_up_draft_key`), like the card's answer: saved soon
after each change, on reveal and when the app quits, kept by `escape` (which says so) and back in the box
when the same follow-up is asked again; judging it (`y`/`n`) logs the text and clears the draft.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static, TextArea

from quizterm.deck.cards import Card, FollowUp
from quizterm.errors import QuiztermError
from quizterm.rehearsal.checklist import FollowUpAnswer
from quizterm.store.drafts import follow_up_draft_key
from quizterm.tui.screens.base import SHARED_KEYS, QuizScreen
from quizterm.tui.widgets.answer_box import AnswerBox
from quizterm.tui.widgets.key_bar import KeyBar

HINT = "ctrl+s: show the answer · esc: back to the rubric (nothing is logged; your text is kept)"
PROMPT = "Did you answer it?  y: yes  ·  n: no"
KEPT = "Your follow-up answer is kept as a draft; it comes back when this follow-up is asked again."
DRAFT_DELAY = 1.0  # seconds from a change in the box to its draft being saved, at most (as on a question)


class FollowUpScreen(QuizScreen):
    """One follow-up question of `card`; its result is the screen's (`dismiss`)."""

    HELP_TITLE = "Follow-up question"
    TAKES_TYPING = True

    BINDINGS = [
        Binding("ctrl+s", "reveal", "Show answer", priority=True),
        Binding("escape", "back", "Back to the rubric"),
        Binding("y", "answered(True)", "Answered"),
        Binding("n", "answered(False)", "Missed"),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, card: Card, follow_up: FollowUp, deck_title: str,
                 done: Callable[[FollowUpAnswer | None], object], *, draft: str = "") -> None:
        """`draft` is this follow-up's unfinished answer from an earlier try, put back in the box."""
        super().__init__(classes="drill")
        self._done = done
        self.card = card
        self.follow_up = follow_up
        self._deck_title = deck_title
        self.revealed = False
        self._typed = ""
        self._draft = draft
        self._draft_key = follow_up_draft_key(card.id, follow_up.question)
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((self._deck_title, "$text-primary"), "\n",
                                      ("Follow-up on: ", "$text-muted"), (self.card.question, "$text-muted")),
                     id="follow-up-context")
        with VerticalScroll(id="follow-up-card") as card:
            card.border_title = "Follow-up question"
            yield Static(Content(self.follow_up.question), id="follow-up-question", classes="question")
            expected = Static(Content(self.follow_up.answer), id="follow-up-expected", classes="panel")
            expected.border_title = "Answer"
            expected.display = False
            yield expected
            yield Static(Content(PROMPT), id="follow-up-prompt")
        answer = AnswerBox(self._draft, id="follow-up-answer")
        answer.border_title = "Your answer (every key is text here)"
        yield answer
        yield Static(Content(HINT), id="follow-up-hint", classes="hint")
        yield KeyBar(id="key-bar")

    def help_keys(self) -> list[tuple[str, str]]:
        return [("ctrl+s", "show the terse answer"),
                ("escape", "before that: back to the rubric, nothing logged (your text is kept)"),
                ("After the answer is shown", ""),
                ("y", "you answered it (it counts like a key point made)"),
                ("n", "you did not (it counts like a key point missed)"),
                *SHARED_KEYS]

    def on_mount(self) -> None:
        self.query_one("#follow-up-prompt").display = False
        self.query_one(AnswerBox).focus()
        self.announce_ready()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answered":
            return self.revealed
        if action in ("back", "reveal"):
            return not self.revealed
        return True

    # ----- drafts ----------------------------------------------------------------------------------------
    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        if self._draft_timer is None and not self.revealed:
            self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft)

    def save_draft(self, text: str | None = None) -> str:
        """Keep `text` (default: what the box holds now) as this follow-up's draft; returns it."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if text is None:
            text = self.query_one(AnswerBox).text
        session = self.quiz_app.session
        try:
            if session is not None:
                session.save_draft(self._draft_key, text)
        except QuiztermError as exc:  # said, never fatal: the text is still on screen
            self.notify(f"Could not save a draft of your answer: {exc}", severity="warning", markup=False)
        return text

    def after_typing(self, then: Callable[[str], object]) -> None:
        """Save the draft once every key already received is in the box, then call `then(answer)` (the
        app's quit: `ctrl+q` is a priority binding that can run before the keys typed just before it)."""
        self.query_one(AnswerBox).after_queued_keys(lambda: then(self.save_draft()))

    # ----- intents ---------------------------------------------------------------------------------------
    def action_reveal(self) -> None:
        self.query_one(AnswerBox).after_queued_keys(self._reveal)

    def _reveal(self) -> None:
        if self.revealed:
            return
        box = self.query_one(AnswerBox)
        self.revealed = True
        self._typed = self.save_draft()  # kept until it is judged: a quit now must not lose it
        box.read_only = True
        for selector in ("#follow-up-expected", "#follow-up-prompt"):
            self.query_one(selector).display = True
        self.query_one("#follow-up-hint").display = False
        card = self.query_one("#follow-up-card")
        card.focus()  # off the box: y and n are keys now
        card.scroll_end(animate=False)
        self.refresh_bindings()
        # y or n pressed before the terse answer is painted were pressed blind (in the burst of ctrl+s):
        # the app holds keys until the answer is on screen, then drops them with its notice (`typed_ahead`).
        self.input_ready = False
        self.call_after_refresh(self.announce_ready)

    def typed_ahead(self, held: list[events.Event]) -> int:
        """Keys held while the screen appears are text for the box; those held while the answer appears
        are judgements made blind, and are dropped."""
        return 0 if self.revealed else len(held)

    def action_back(self) -> None:
        self.query_one(AnswerBox).after_queued_keys(self._back)

    def _back(self) -> None:
        if self.save_draft().strip():
            self.notify(KEPT, markup=False)
        self._finish(None)

    def action_answered(self, answered: bool) -> None:
        self.save_draft("")  # judged: the text is logged with the answer
        self._finish(FollowUpAnswer(self.follow_up.question, self._typed, answered))

    def _finish(self, answer: FollowUpAnswer | None) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
            self._done(answer)
