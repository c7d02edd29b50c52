"""The drill loop of the app: question → rubric → (follow-up →) grade → next question, and undo.

A base class of `QuiztermApp` (app.py holds start-up, the deck list, small terminals and early keys;
theming.py the themes). Every decision is the session's (`DrillSession`): this part only shows the screen
the session's answer calls for and hands the screens' intents ("revealed", "graded 4 with these marks", "a follow-up",
"undo") to it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.app import App
from textual.screen import Screen

from quizterm.deck.cards import Card
from quizterm.errors import QuiztermError
from quizterm.rehearsal.checklist import Checklist, FollowUpAnswer
from quizterm.session import DrillSession
from quizterm.store.drafts import follow_up_draft_key
from quizterm.tui.screens.base import is_drill
from quizterm.words import plural

if TYPE_CHECKING:
    from quizterm.rehearsal.interview_session import InterviewSession
    from quizterm.tui.screens.rubric import RubricScreen


def as_interview(session: DrillSession) -> InterviewSession | None:
    """`session` if it is an interview round (`quizterm interview`), else None. A drill never imports interview
    mode's modules (FSRS's readiness among them) just to find out: if they are not loaded, it is not one."""
    module = sys.modules.get("quizterm.rehearsal.interview_session")
    if module is None or not isinstance(session, module.InterviewSession):
        return None
    return cast("InterviewSession", session)


class DrillLoop(App[None]):
    """The screens of a running drill, and the intents they send."""

    session: DrillSession | None
    _cards: dict[str, Card]  # every card by id, whichever deck the running drill uses
    _deck_titles: dict[str, str]
    _collector_paused = False  # `reveal` paused the garbage collector until the rubric is ready
    report_path: str | None = None  # interview mode's `--report FILE.md`, named on its report screen

    @property
    def has_deck_list(self) -> bool:
        raise NotImplementedError

    # ----- the loop ---------------------------------------------------------------------------------
    def _next_screen(self) -> Screen[None]:
        session = self._session()
        card = session.current()
        if card is None and (interview := as_interview(session)) is not None:
            from quizterm.tui.screens.interview_report import InterviewReportScreen

            return InterviewReportScreen(interview.report(), written_to=self.report_path)
        if card is None:
            from quizterm.tui.screens.summary import SummaryScreen

            return SummaryScreen(session.summary(), session.today, has_deck_list=self.has_deck_list)
        from quizterm.tui.screens.question import QuestionScreen

        return QuestionScreen(card, self._title(card), session.counts, draft=session.draft(card.id),
                              time_limit=session.time_limit(card))

    def show_next(self) -> None:
        """Show what the session says comes now (after the queue changed under the screen on top)."""
        self._show(self._next_screen())

    def _show(self, screen: Screen[None], *, replace: bool = True) -> None:
        """Replace the current drill screen, or push the first one above the deck list.

        The base screen cannot be replaced (Textual needs a screen on the stack at all times), so when
        the drill's first screen is the base, the next one goes above it, and the rest replace that.
        """
        if replace and is_drill(self.screen) and len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _title(self, card: Card) -> str:
        return self._deck_titles.get(card.deck, card.deck)

    def _session(self) -> DrillSession:
        assert self.session is not None, "no drill running"
        return self.session

    def reveal(self, card: Card, answer: str, seconds: float, *, time_limit: int | None = None,
               time_up: bool = False) -> None:
        """The answer is taken: show the rubric, its checklist pre-marked by the session.

        The cyclic garbage collector waits until the rubric is on screen (`collector_may_run`, when a screen
        says it is ready): reading the answer against the key points makes many short-lived objects, and a
        full collection set off by them cost more than the checklist itself on a 10,000-card collection.
        The garbage is collected once the rubric is up.
        """
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True
        session = self._session()
        checklist = session.checklist(card, answer)
        rubric = self._rubric_screen(card, answer, seconds, checklist, time_limit=time_limit, time_up=time_up)
        self._show(rubric)
        if (interview := as_interview(session)) is not None and interview.follow_up_first(card):
            # Interview mode: the interviewer's probe comes before the rubric is seen and before the grade;
            # its answer joins the checklist (and the suggested grade) when the rubric comes up.
            if time_up:  # the rubric that says so is under the follow-up: say it here
                self.notify("Time's up: the answer box stopped taking text. A follow-up question first.",
                            markup=False)
            self.ask_follow_up(rubric)

    def collector_may_run(self) -> None:
        """A screen is on screen and ready: the collector paused by `reveal` runs again (on the next
        allocations, while the rubric is being read). Not forced with `gc.collect()`: a full collection
        costs ~0.1 s with 10,000 cards, more than letting the collector choose its moment."""
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        """Quitting before the rubric was ready never leaves the collector paused (nor a test's process)."""
        self.collector_may_run()

    def _rubric_screen(self, card: Card, answer: str, seconds: float, checklist: Checklist, *,
                       time_limit: int | None, time_up: bool) -> RubricScreen:
        from quizterm.tui.screens.rubric import RubricScreen

        session = self._session()
        return RubricScreen(card, self._title(card), session.counts, answer=answer, seconds=seconds,
                            previous=session.previous_attempt(card.id), checklist=checklist,
                            time_limit=time_limit, time_up=time_up)

    def grade(self, card: Card, grade: int, answer: str, seconds: float, *, checklist: Checklist | None = None,
              time_up: bool = False) -> None:
        session = self._session()
        session.grade(card, grade, answer=answer, seconds=seconds, checklist=checklist, time_up=time_up)
        if session.new_leech is not None:
            self.notify(session.new_leech.message(), title="Leech", severity="warning", markup=False, timeout=12)
        self._show(self._next_screen())

    def ask_follow_up(self, rubric: RubricScreen) -> None:
        """`f` on a rubric: the follow-up question the session picks, in its own screen above the rubric; its
        answer is logged and joins the rubric's checklist (`escape` before revealing logs nothing)."""
        from quizterm.tui.screens.follow_up import FollowUpScreen

        card = rubric.card
        probe = self._session().next_follow_up(card)
        if probe is None:
            return

        def answered(answer: FollowUpAnswer | None) -> None:
            if answer is None:
                return
            try:
                self._session().answer_follow_up(card, answer)
            except QuiztermError as exc:
                self.notify(f"The follow-up answer was not saved: {exc}", severity="error", markup=False)
                return
            rubric.add_follow_up(answer)

        draft = self._session().draft(follow_up_draft_key(card.id, probe.question))
        self.push_screen(FollowUpScreen(card, probe, self._title(card), answered, draft=draft))

    def _keeping_the_answer(self, then: Callable[[str], object]) -> None:
        """Call `then(answer)` once the answer being typed on the current question or follow-up, if any, is
        saved as its draft, after every key already received (see `QuestionScreen.after_typing`)."""
        from quizterm.tui.screens.follow_up import FollowUpScreen
        from quizterm.tui.screens.question import open_question

        question = open_question(self.screen_stack)
        follow_up = next((s for s in reversed(self.screen_stack) if isinstance(s, FollowUpScreen)), None)
        if question is not None:
            question.after_typing(then)
        elif isinstance(follow_up, FollowUpScreen) and follow_up.is_mounted and not follow_up.revealed:
            follow_up.after_typing(then)
        else:
            then("")

    def undo(self) -> None:
        """Undo this session's last grade and show that card's rubric again, as it was.

        From a question with text typed, that text is first kept as its card's draft (never asked about):
        the card shows it again when it comes back.
        """
        if self.session is not None:
            self._keeping_the_answer(self._undo)

    def _undo(self, kept: str) -> None:
        review = self._session().undo()
        if review is None:
            self.notify("Nothing to undo in this session.", severity="warning", markup=False)
            return
        card = self._cards.get(review.card_id)
        if card is None:  # no longer in any deck; its state is restored all the same
            self._show(self._next_screen())
            return
        kept_note = " Your answer to the other card is kept as a draft." if kept.strip() else ""
        self.notify(f"Undid grade {review.grade}.{kept_note}", markup=False)
        details = review.details
        self._show(self._rubric_screen(card, review.answer, review.seconds, self._session().checklist_of(review, card),
                                       time_limit=details.time_limit, time_up=details.time_up))

    def action_undo(self) -> None:
        self.undo()

    def learn_more(self) -> None:
        added = self._session().learn_more()
        self.notify(f"{plural(added, 'new card')} added to today's session." if added else "No new cards left.",
                    markup=False)
        self._show(self._next_screen())

    def action_back_to_decks(self) -> None:
        if self.has_deck_list:
            while is_drill(self.screen):
                self.pop_screen()
            self.session = None
