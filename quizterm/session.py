"""A drill session: today's queue, the store and the clock tied together, with no UI.

The TUI only asks `current()` and sends intents (`grade`, `undo`, `learn_more`, `save_draft`,
`answer_follow_up`); every grade is written to the store (one committed transaction) before the queue
moves on, so quitting or crashing at any moment loses nothing. A session belongs to the study day it
started on.

The rehearsal's decisions are the session's too, so that the screens only display them: the checklist a
typed answer gets (pre-marked by the matcher), which follow-up question comes next, how long a card may
take (`timed`), and what an undo brings back.

What the user types is kept too, before it is a grade: a card's answer is its draft (in a `DraftStore`,
not the review log) from the first keys until the card is graded, so a quit, an undo or a crash between
the two never drops it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, cast

from quizterm.deck.cards import Card, FollowUp
from quizterm.plan.view import Planning, PlanView
from quizterm.rehearsal.checklist import Checklist, FollowUpAnswer
from quizterm.scheduler.day import study_day
from quizterm.scheduler.leech import LeechNotice, LeechRule
from quizterm.scheduler.queue import GradeEvent, Limits, QueueCounts, SessionQueue, due_count, next_due, today_counts
from quizterm.scheduler.sm2 import CardState
from quizterm.store.drafts import DraftStore
from quizterm.store.kinds import GRADE
from quizterm.store.progress import ProgressStore, Review

if TYPE_CHECKING:
    from quizterm.store.events import Grade

Clock = Callable[[], datetime]

EXTRA_NEW_CARDS = 10  # how many more new cards "learn more" grants at a time


@dataclass(frozen=True, slots=True)
class Summary:
    """What the end-of-session screen shows."""

    reviewed: int  # distinct cards graded
    grades: dict[int, int]  # how many times each grade was given (a card failed twice counts twice)
    seconds: float  # wall time since the session started
    due_tomorrow: int
    next_due: tuple[date, int] | None
    nothing_due_at_start: bool
    new_available: int  # new cards of these decks not yet scheduled, whatever today's limit
    more_new: int  # how many of them `learn_more` would add now (at most EXTRA_NEW_CARDS)
    answering: float = 0.0  # time spent on the questions before revealing, over every grade
    timed: int = 0  # grades given to a card with a time limit
    time_up: int = 0  # ... of which the time ran out

    @property
    def graded(self) -> int:
        """Grades given in the session; more than `reviewed` when a card came back."""
        return sum(self.grades.values())


@dataclass
class DrillSession:
    """One sitting: the cards chosen, the store, the clock, and the queue built from them."""

    cards: Sequence[Card]
    store: ProgressStore
    clock: Clock
    limits: Limits = field(default_factory=Limits)
    day_start_hour: int = 4
    drafts: DraftStore | None = None  # None keeps no drafts (tools and benchmarks that never type)
    leech: LeechRule = field(default_factory=LeechRule)
    timed: int | None = None  # `--timed SECONDS`: the time limit of a card that has none of its own
    plan: Planning | None = None  # the interview plans to follow (plan/view.py); None: no plan
    ahead: int = 0  # `drill --ahead DAYS`: also take the cards due in the next DAYS days

    def __post_init__(self) -> None:
        self.today: date = study_day(self.clock(), self.day_start_hour)
        self.new_leech: LeechNotice | None = None
        self._plan_view: PlanView | None = None
        self._extra_new = 0  # new cards `learn_more` added on top of today's limit
        self._reviews: list[Review] = []
        self._started_at = self.clock()
        self.queue = self._build()
        self.started_empty = self.queue.current() is None

    def _build(self) -> SessionQueue:
        states = self.store.states()
        self._states = states
        grades = self.store.grades_on(self.today)
        view = self._plan(states, grades)
        return SessionQueue.build(self.cards, states, grades, self.today, self._limits(view, states, grades),
                                  plan_due=view.plan_due, planned=view.planned, ahead=self.ahead)

    def _plan(self, states: dict[str, CardState], grades: Sequence[GradeEvent]) -> PlanView:
        """The plans on today, computed once per session (from the states at its start): a grade must not
        move other cards' effective due dates under the queue, so rebuilds (undo, learn more) reuse it."""
        if self._plan_view is None:
            self._plan_view = (PlanView(self.today) if self.plan is None
                               else self.plan.view(self.store, self.today, states, grades))
        return self._plan_view

    def _limits(self, view: PlanView, states: dict[str, CardState], grades: Sequence[GradeEvent]) -> Limits:
        """Today's limits: the configured ones, raised to what the plans need, plus what `learn_more` added."""
        limits = view.limits_for({card.id for card in self.cards}, states, grades, self.limits) if view else self.limits
        return replace(limits, new_per_day=limits.new_per_day + self._extra_new) if self._extra_new else limits

    @property
    def plan_view(self) -> PlanView:
        """The plans as this session follows them (empty without a plan)."""
        return self._plan_view or PlanView(self.today)

    def use_cards(self, cards: Sequence[Card]) -> None:
        """Drill `cards` from now on (a deck changed on disk: cards edited, added, removed). The queue is
        built again exactly as a restart would build it now: new cards join today's queue (within today's
        new-card limit), removed ones leave it, edited ones are served as they are now, and grades already
        given today keep counting."""
        self.cards = list(cards)
        self._plan_view = None  # cards joined or left the planned decks
        self.queue = self._build()

    def current(self) -> Card | None:
        """The card to show now, None when today's work is done."""
        return self.queue.current()

    @property
    def counts(self) -> QueueCounts:
        """Cards left by kind; `done` counts this session's grades (undone ones excluded)."""
        return replace(self.queue.counts, done=len(self._reviews))

    def previous_attempt(self, card_id: str) -> Review | None:
        """The newest grade of this card before now (any session), shown beside the rubric."""
        return self.store.last_review(card_id)

    def draft(self, card_id: str) -> str:
        """The card's unfinished answer, "" when it has none."""
        draft = None if self.drafts is None else self.drafts.get(card_id)
        return "" if draft is None else draft.answer

    def save_draft(self, card_id: str, answer: str) -> None:
        """Keep what is in the card's answer box (committed at once); an empty box removes the draft."""
        if self.drafts is not None:
            self.drafts.save(card_id, answer)

    def time_limit(self, card: Card) -> int | None:
        """Seconds the card may take, or None: a timed session (`--timed`) uses the card's (or its deck's)
        `time_limit` when it has one, else its own; an untimed one never limits."""
        if self.timed is None:
            return None
        return card.time_limit or self.timed

    def checklist(self, card: Card, answer: str) -> Checklist:
        """The rubric's checklist for the answer just revealed: the matcher's marks, nothing made wrong yet."""
        return Checklist.for_answer(card, answer)

    def next_follow_up(self, card: Card) -> FollowUp | None:
        """The card's follow-up question asked least recently (never asked first, then in deck order), as the
        log says; None for a card without follow-ups."""
        if not card.follow_ups:
            return None
        last = self.store.follow_ups_last_asked(card.id)
        return min(card.follow_ups, key=lambda probe: last.get(probe.question, ""))

    def answer_follow_up(self, card: Card, answer: FollowUpAnswer) -> None:
        """Log a follow-up question's answer (committed at once); it counts, it never schedules."""
        self.store.record_follow_up(card_id=card.id, deck=card.deck, question=answer.question, answer=answer.answer,
                                    answered=answer.answered, moment=self.clock(), day=self.today)

    def grade(self, card: Card, grade: int, *, answer: str = "", seconds: float = 0.0,
              checklist: Checklist | None = None, time_up: bool = False) -> Review:
        """Save the grade (committed before returning), then move the queue on.

        With the rubric's `checklist` the grade records the key points asked and marked, the mistakes
        marked, the suggested grade and whether the grade given is it (`accepted`: Enter, or the same
        digit); a timed card records its limit and whether the time ran out. The card's draft is removed
        only once the grade (which holds the answer) is committed: a crash in between leaves a stale
        draft, never a lost answer.
        """
        before = self._states.get(card.id, CardState())
        marks = checklist or Checklist()
        suggested = marks.suggested
        review = self.store.record_grade(card_id=card.id, deck=card.deck, grade=grade, moment=self.clock(),
                                         day=self.today, answer=answer, seconds=seconds, points=marks.points,
                                         mentioned=marks.mentioned_points, mistakes=marks.made_mistakes,
                                         suggested=suggested, accepted=suggested == grade,
                                         time_limit=self.time_limit(card), time_up=time_up,
                                         suspend_at_lapses=self.leech.suspend_at)
        if self.drafts is not None:
            self.drafts.clear(card.id)
        after = self._states[card.id] = self.store.state(card.id)  # replay's result, wherever the grade sorted
        self.new_leech = (LeechNotice(card, after.lapses, after.suspended)
                          if self.leech.became_leech(before, after) else None)
        self._reviews.append(review)
        self.queue.record(review.event())
        if after.hidden_on(self.today):  # the leech rule suspended it with this grade
            self.queue.hide(card.id)
        return review

    def practise(self, card: Card, grade: int, *, answer: str = "", seconds: float = 0.0,
                 checklist: Checklist | None = None, time_up: bool = False) -> Review:
        """Log a practice grade (committed before returning): logged with the same details as `grade`, but it
        moves no schedule and counts in no limit. What the sessions that practise (cram, an interview round's
        cards today's drill would not ask) record instead of a grade; the queue is theirs to move on."""
        marks = checklist or Checklist()
        suggested = marks.suggested
        review = self.store.record_practice(card_id=card.id, deck=card.deck, grade=grade, moment=self.clock(),
                                            day=self.today, answer=answer, seconds=seconds, points=marks.points,
                                            mentioned=marks.mentioned_points, mistakes=marks.made_mistakes,
                                            suggested=suggested, accepted=suggested == grade,
                                            time_limit=self.time_limit(card), time_up=time_up)
        if self.drafts is not None:
            self.drafts.clear(card.id)
        self.new_leech = None
        self._reviews.append(review)
        return review

    def undo(self) -> Grade | None:
        """Undo this session's newest grade; the card's state is restored exactly (a suspend the leech rule
        recorded with the grade is undone with it). Returns the grade undone (with the typed answer, for
        the rubric shown again); None if nothing is left to undo.

        The undone grade's answer becomes the card's draft again (unless it has a newer one): it is the
        answer of an ungraded card once more, and must survive a quit before the card is graded again.
        """
        found = self.store.undo_last(kinds=(GRADE,), moment=self.clock(), day=self.today)
        if found is None:
            return None
        undone = cast("Grade", found)  # a grade: only grades were asked for
        if undone.answer and not self.draft(undone.card_id):
            self.save_draft(undone.card_id, undone.answer)
        if self._reviews and self._reviews[-1].event_id == undone.event_id:
            self._reviews.pop()
        self.queue = self._build()
        return undone

    def checklist_of(self, undone: Grade, card: Card) -> Checklist:
        """The checklist the grade `undone` was given with, for its rubric shown again: its marks (by text)
        and the follow-ups answered on that rubric, from the log. A grade logged without a checklist gets
        the matcher's marks, as a fresh reveal would."""
        details = undone.details
        asked = self.store.follow_ups_of_grade(undone.event_id)
        if not details.points and not details.mistakes:  # given without a checklist: none to bring back
            return replace(self.checklist(card, undone.answer), follow_ups=tuple(asked))
        return Checklist.restored(card, undone.answer, mentioned=details.mentioned, mistakes=details.mistakes,
                                  follow_ups=asked)

    def learn_more(self, extra: int = EXTRA_NEW_CARDS) -> int:
        """Raise today's new-card limit for this session; returns how many new cards joined the queue."""
        before = self.queue.counts.new
        self._extra_new += extra
        self.queue = self._build()
        return self.queue.counts.new - before

    def more_new(self, extra: int = EXTRA_NEW_CARDS) -> int:
        """How many new cards `learn_more(extra)` would add now: the summary offers that number.

        Counted as the rebuild in `learn_more` would count it (same states, same grades of today), so the
        offer and the outcome agree; it can be 0 with new cards left, when other terminals used the raised
        limit up already today.
        """
        states, grades = self.store.states(), self.store.grades_on(self.today)
        limits = self._limits(self.plan_view, states, grades)
        raised = replace(limits, new_per_day=limits.new_per_day + extra)
        counts = today_counts(self.cards, states, grades, self.today, raised, plan_due=self.plan_view.plan_due,
                              ahead=self.ahead)
        return max(0, counts.new - self.queue.counts.new)

    def new_available(self) -> int:
        """New cards in these decks not yet scheduled (whatever today's limit); suspended or buried ones are
        not available today."""
        new = CardState()
        return sum(1 for card in self.cards
                   if (state := self._states.get(card.id, new)).is_new and not state.hidden_on(self.today))

    def summary(self) -> Summary:
        grades = Counter(review.grade for review in self._reviews)
        return Summary(
            reviewed=len({review.card_id for review in self._reviews}),
            grades={g: grades.get(g, 0) for g in range(6)},
            seconds=(self.clock() - self._started_at).total_seconds(),
            answering=sum(review.seconds for review in self._reviews),
            timed=sum(review.details.time_limit is not None for review in self._reviews),
            time_up=sum(review.details.time_up for review in self._reviews),
            due_tomorrow=due_count(self.cards, self._states, self.today + timedelta(days=1), self.plan_view.plan_due),
            next_due=next_due(self.cards, self._states, self.today, self.plan_view.plan_due),
            nothing_due_at_start=self.started_empty,
            new_available=self.new_available(),
            more_new=self.more_new(),
        )
