"""A drill session: today's queue, the store and the clock tied together, with no UI.

The TUI only asks `current()` and sends intents (`grade`, `undo`, `learn_more`, `save_draft`); every
grade is written to the store (one committed transaction) before the queue moves on, so quitting or
crashing at any moment loses nothing. A session belongs to the study day it started on.

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

from quizterm.deck.cards import Card
from quizterm.scheduler.day import study_day
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.queue import Limits, QueueCounts, SessionQueue, due_count, next_due, today_counts
from quizterm.scheduler.sm2 import CardState
from quizterm.store.drafts import DraftStore
from quizterm.store.kinds import GRADE
from quizterm.store.progress import ProgressStore, Review

if TYPE_CHECKING:
    from quizterm.store.events import Grade

Clock = Callable[[], datetime]

EXTRA_NEW_CARDS = 10  # how many more new cards "learn more" grants at a time


@dataclass(frozen=True, slots=True)
class LeechNotice:
    """The grade just given made its card a leech (scheduler/leech.py): the drill says so."""

    card: Card
    lapses: int
    suspended: bool  # the leech rule's "suspend" action took it out of the queue

    def message(self) -> str:
        then = ("it is suspended: it leaves the queue until you unsuspend it in the card browser (c)"
                if self.suspended else "it is flagged in the card browser (c) and in stats; consider "
                "rewriting or splitting it")
        return f"Leech: “{self.card.id}” has lapsed {self.lapses} times; {then}."


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

    def __post_init__(self) -> None:
        self.today: date = study_day(self.clock(), self.day_start_hour)
        self.new_leech: LeechNotice | None = None
        self._reviews: list[Review] = []
        self._started_at = self.clock()
        self.queue = self._build()
        self.started_empty = self.queue.current() is None

    def _build(self) -> SessionQueue:
        states = self.store.states()
        self._states = states
        return SessionQueue.build(self.cards, states, self.store.grades_on(self.today), self.today, self.limits)

    def use_cards(self, cards: Sequence[Card]) -> None:
        """Drill `cards` from now on (a deck changed on disk: cards edited, added, removed). The queue is
        built again exactly as a restart would build it now: new cards join today's queue (within today's
        new-card limit), removed ones leave it, edited ones are served as they are now, and grades already
        given today keep counting."""
        self.cards = list(cards)
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

    def grade(self, card: Card, grade: int, *, answer: str = "", seconds: float = 0.0) -> Review:
        """Save the grade (committed before returning), then move the queue on.

        The card's draft is removed only once the grade (which holds the answer) is committed: a crash in
        between leaves a stale draft, never a lost answer.
        """
        before = self._states.get(card.id, CardState())
        review = self.store.record_grade(card_id=card.id, deck=card.deck, grade=grade, moment=self.clock(),
                                         day=self.today, answer=answer, seconds=seconds,
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

    def learn_more(self, extra: int = EXTRA_NEW_CARDS) -> int:
        """Raise today's new-card limit for this session; returns how many new cards joined the queue."""
        before = self.queue.counts.new
        self.limits = replace(self.limits, new_per_day=self.limits.new_per_day + extra)
        self.queue = self._build()
        return self.queue.counts.new - before

    def more_new(self, extra: int = EXTRA_NEW_CARDS) -> int:
        """How many new cards `learn_more(extra)` would add now: the summary offers that number.

        Counted as the rebuild in `learn_more` would count it (same states, same grades of today), so the
        offer and the outcome agree; it can be 0 with new cards left, when other terminals used the raised
        limit up already today.
        """
        raised = replace(self.limits, new_per_day=self.limits.new_per_day + extra)
        counts = today_counts(self.cards, self.store.states(), self.store.grades_on(self.today), self.today, raised)
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
            due_tomorrow=due_count(self.cards, self._states, self.today + timedelta(days=1)),
            next_due=next_due(self.cards, self._states, self.today),
            nothing_due_at_start=self.started_empty,
            new_available=self.new_available(),
            more_new=self.more_new(),
        )
