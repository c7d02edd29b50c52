"""The rubric: what you typed (and, under it, your previous attempt) beside the checklist of the card's key
points and common mistakes and the short answer, then the full breakdown, and the grade keys.

The screen displays what the session decided (the checklist pre-marked by the matcher, the time limit)
and sends intents back through the app: a grade with the checklist as marked, a follow-up question.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizterm.deck.cards import Card
from quizterm.rehearsal.checklist import Checklist, FollowUpAnswer
from quizterm.scheduler.queue import QueueCounts
from quizterm.scheduler.sm2 import GRADE_MEANINGS
from quizterm.store.progress import Review
from quizterm.tui.screens.base import SHARED_KEYS, UNDO_KEY, QuizScreen
from quizterm.tui.widgets.checklist import ChecklistView
from quizterm.tui.widgets.grade_bar import GradeBar
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.section import bullets, section
from quizterm.tui.widgets.session_bar import SessionBar, clock_text

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
    """The answer revealed. Its keys are priority bindings: they work wherever the focus is (nothing here
    takes text)."""

    DRILL = True
    HELP_TITLE = "Rubric"

    BINDINGS = [
        *(Binding(str(g), f"grade({g})", f"{GRADE_MEANINGS[g]}", show=False, priority=True) for g in range(6)),
        Binding("enter", "accept", "Accept", priority=True),
        Binding("space", "mark", "Mark", priority=True),
        Binding("up,k", "move(-1)", "Previous", show=False, priority=True),
        Binding("down,j", "move(1)", "Next", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True),
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True),
        Binding("f", "follow_up", "Follow-up", priority=True),
        Binding("u", "app.undo", "Undo grade", show=False),  # the key bar's room goes to the marks at 80 columns
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, card: Card, deck_title: str, counts: QueueCounts, *, answer: str, seconds: float,
                 previous: Review | None, checklist: Checklist | None = None, time_limit: int | None = None,
                 time_up: bool = False) -> None:
        """`checklist`: the marks to start from (the matcher's, or an undone grade's); `time_limit` and
        `time_up`: the card was timed, and the time ran out before the answer was revealed."""
        super().__init__(classes="drill")
        self.card = card
        self.answer = answer
        self.seconds = seconds
        self.time_limit = time_limit
        self.time_up = time_up
        self._deck_title = deck_title
        self._counts = counts
        self._previous = previous
        self._start = checklist if checklist is not None else Checklist.for_answer(card, answer)

    @property
    def checklist(self) -> Checklist:
        """The marks as they are now."""
        views = self.query(ChecklistView)
        return views.first().checklist if views else self._start

    def compose(self) -> ComposeResult:
        card = self.card
        yield SessionBar(self._deck_title, card.tags, self._counts, id="session-bar")
        with VerticalScroll(id="rubric"):
            if self.time_up:
                yield Static(Content(f"Time's up: {clock_text(self.time_limit or 0)} allowed. The answer box stopped "
                                     "taking text then; what you had typed is below."), id="time-up")
            yield Static(Content(card.question), id="question", classes="question")
            with Horizontal(id="compare"):  # the panels' titles are their border titles
                with Vertical(id="attempts"):  # the previous attempt right under this one, to compare
                    yours = Static(Content(self.answer if self.answer.strip() else NO_ANSWER), id="your-answer",
                                   classes="panel")
                    yours.border_title = "Your answer"
                    yield yours
                    if self._previous is not None:
                        yield previous_attempt_panel(self._previous)
                with Vertical(id="marks"):  # the checklist beside the answer, the short answer under it
                    if self._start.items or self._start.follow_ups or card.follow_ups:
                        yield ChecklistView(self._start, id="checklist")
                    short = Static(Content(card.short_answer), id="short-answer", classes="panel")
                    short.border_title = "Short answer"
                    yield short
            if card.breakdown:
                yield section("Full breakdown", card.breakdown, markdown=True, id="breakdown")
            if card.theory:
                yield section("Theory", card.theory, markdown=True, id="theory")
            if card.interview_tips:
                yield section("How to answer in the interview", bullets(card.interview_tips), id="tips")
            if card.sources:
                yield section("Sources", bullets(card.sources), id="sources")
        yield GradeBar(self._start, id="grade-bar")
        yield KeyBar(id="key-bar")

    def help_keys(self) -> list[tuple[str, str]]:
        return [("↑ / ↓ / k / j", "move over the key points and mistakes"),
                ("space", "mark or unmark the item at the cursor (or click)"),
                ("enter", "grade as suggested by the marks (shown highlighted)"),
                *((str(g), f"grade {g}: {GRADE_MEANINGS[g]}") for g in range(5, -1, -1)),
                ("f", "a follow-up question on this card"),
                ("pgup / pgdn", "scroll the rubric"),
                UNDO_KEY, *SHARED_KEYS]

    def show_card(self, card: Card) -> None:
        """Lay the rubric out again for the card as it is now (its deck file changed), with the same answer and
        the marks made so far (by their text: a point or mistake still in the card keeps its mark)."""
        marks = self.checklist
        self.card = card
        self._start = Checklist.restored(card, self.answer, mentioned=marks.mentioned_points,
                                         mistakes=marks.made_mistakes, follow_ups=marks.follow_ups)
        self.call_later(self._recompose_keeping_focus)

    async def _recompose_keeping_focus(self) -> None:
        await self.recompose()
        self._focus_and_time()

    def on_mount(self) -> None:
        self._focus_and_time()

    def _focus_and_time(self) -> None:
        views = self.query(ChecklistView)
        # Focused where it is: the rubric opens at its top, the question in view.
        (views.first() if views and self._start.items else self.query_one("#rubric")).focus(scroll_visible=False)
        self.query_one(SessionBar).set_elapsed(self.seconds, limit=self.time_limit, time_up=self.time_up)

    # ----- marks --------------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        views = self.query(ChecklistView)
        if not (views and views.first().move(step)):
            self.query_one("#rubric", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_mark(self) -> None:
        views = self.query(ChecklistView)
        if views:
            views.first().toggle()

    def action_page(self, step: int) -> None:
        rubric = self.query_one("#rubric", VerticalScroll)
        if step < 0:
            rubric.scroll_page_up(animate=False)
        else:
            rubric.scroll_page_down(animate=False)

    def on_checklist_view_changed(self, message: ChecklistView.Changed) -> None:
        self.query_one(GradeBar).show(message.checklist)

    def add_follow_up(self, answer: FollowUpAnswer) -> None:
        """A follow-up question was answered: it joins the checklist (and the suggested grade)."""
        views = self.query(ChecklistView)
        if views:
            views.first().add_follow_up(answer)

    # ----- intents ------------------------------------------------------------------------------------
    def action_follow_up(self) -> None:
        if not self.input_ready:
            return
        if not self.card.follow_ups:
            self.notify("This card has no follow-up questions.", markup=False)
            return
        self.quiz_app.ask_follow_up(self)

    def action_accept(self) -> None:
        if not self.input_ready:
            return
        suggested = self.checklist.suggested
        if suggested is None:
            self.notify("No suggested grade: this card has no key points. Press 0–5 to grade it.", markup=False)
            return
        self.action_grade(suggested)

    def action_grade(self, grade: int) -> None:
        if not self.input_ready:  # pressed before the rubric was painted: never a grade (see base.py)
            return
        self.quiz_app.grade(self.card, grade, self.answer, self.seconds, checklist=self.checklist,
                            time_up=self.time_up)
