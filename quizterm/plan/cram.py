"""Cram: practise now, weakest cards first, without moving any schedule.

`weakest_first` orders the cards by predicted recall today (FSRS's memory model, readiness.py; a card
never reviewed counts as 0), then by the key points missed in its latest graded answer, then by lapses,
then in deck order. Suspended cards and cards buried until a later day are left out, as in a drill.

`CramSession` runs those cards through the drill's screens. Its grades are *practice grades* (event kind
`practice`): logged with the typed answer and the key points marked, shown in the card's history, and
nothing else - replay never schedules with them, and the daily limits, same-day repeats, retention,
lapses, leeches, readiness and key-point statistics all read `grade` events only. A card practised below 4
comes back at the end of the cram (in this sitting only), as a drill's repeats do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from quizterm.deck.cards import Card
from quizterm.plan.readiness import predicted_recall
from quizterm.rehearsal.checklist import Checklist
from quizterm.scheduler.fsrs import FsrsState
from quizterm.scheduler.queue import QueueCounts, due_count, next_due
from quizterm.scheduler.sm2 import RECALLED_GRADE, CardState, check_grade
from quizterm.session import DrillSession, Summary
from quizterm.store.kinds import PRACTICE

if TYPE_CHECKING:
    from quizterm.store.events import Grade
    from quizterm.store.progress import ProgressStore, Review

_NEW = CardState()


def missed_points(store: ProgressStore, card_id: str) -> int:
    """Key points not marked in the card's latest graded answer (0 when it was graded without any)."""
    latest = store.last_review(card_id)
    if latest is None:
        return 0
    details = latest.details
    return max(0, len(set(details.points)) - len(set(details.mentioned) & set(details.points)))


def weakest_first(cards: Sequence[Card], states: Mapping[str, CardState], memories: Mapping[str, FsrsState],
                  today: date, store: ProgressStore, *, limit: int | None = None) -> list[Card]:
    """The cards to cram, weakest first (see the module docstring); at most `limit` of them.

    Missed key points are read (one index probe per card) only where predicted recall ties: the log is
    never scanned.
    """
    chosen: dict[str, tuple[float, int, Card]] = {}
    for index, card in enumerate(cards):
        if card.id in chosen or states.get(card.id, _NEW).hidden_on(today):
            continue
        chosen[card.id] = (predicted_recall(memories.get(card.id), today), index, card)
    ties = Counter(recall for recall, _, _ in chosen.values())
    missed: dict[str, int] = {}
    for card_id, (recall, _, _) in chosen.items():
        if ties[recall] > 1 and not states.get(card_id, _NEW).is_new:
            missed[card_id] = missed_points(store, card_id)
    ranked = sorted(chosen.values(), key=lambda item: (item[0], -missed.get(item[2].id, 0),
                                                       -states.get(item[2].id, _NEW).lapses, item[1]))
    found = [card for _, _, card in ranked]
    return found if limit is None else found[:max(0, limit)]


class CramQueue:
    """The cram's order: each chosen card once, then the ones practised below 4 again, until recalled.

    Small and in memory (a cram is one sitting); `record` is O(1) amortised, `undo` restores the order
    before the last grade exactly.
    """

    def __init__(self, cards: Sequence[Card]) -> None:
        self._first: list[Card] = list(cards)  # not practised yet in this sitting
        self._again: list[Card] = []
        self._done = 0
        self._history: list[tuple[list[Card], list[Card]]] = []

    def current(self) -> Card | None:
        if self._first:
            return self._first[0]
        return self._again[0] if self._again else None

    def record(self, card: Card, grade: int) -> None:
        check_grade(grade)
        self._history.append((list(self._first), list(self._again)))
        self._done += 1
        for part in (self._first, self._again):
            for i, waiting in enumerate(part):
                if waiting.id == card.id:
                    del part[i]
                    break
        if grade < RECALLED_GRADE:
            self._again.append(card)

    def undo(self) -> None:
        if self._history:
            self._first, self._again = self._history.pop()
            self._done -= 1

    @property
    def counts(self) -> QueueCounts:
        return QueueCounts(new=0, due=len(self._first), again=len(self._again), done=self._done, practice=True)

    def __len__(self) -> int:
        return len(self._first) + len(self._again)

    def upcoming(self) -> list[str]:
        return [card.id for card in (*self._first, *self._again)]


@dataclass
class CramSession(DrillSession):
    """A drill session whose grades are practice grades over the weakest cards (see the module docstring).

    It reuses the drill's screens through `DrillSession`'s interface: `current`, `grade`, `undo`,
    `summary`; new cards are not introduced (`learn_more` adds nothing).
    """

    weakest: int | None = None  # `--weakest N`: only the N weakest cards

    def __post_init__(self) -> None:
        self.cram_queue = CramQueue(())
        super().__post_init__()

    def _build(self) -> Any:
        states = self.store.states()
        self._states = states
        self.cram_queue = CramQueue(weakest_first(self.cards, states, self.store.memories(), self.today, self.store,
                                                  limit=self.weakest))
        return self.cram_queue

    def current(self) -> Card | None:
        return self.cram_queue.current()

    @property
    def counts(self) -> QueueCounts:
        return self.cram_queue.counts

    def use_cards(self, cards: Sequence[Card]) -> None:
        """Cards edited on disk are shown as they are now; the cram's order stays the one it started with."""
        by_id = {card.id: card for card in cards}
        queue = self.cram_queue
        queue._first = [by_id[c.id] for c in queue._first if c.id in by_id]
        queue._again = [by_id[c.id] for c in queue._again if c.id in by_id]
        self.cards = list(cards)

    def grade(self, card: Card, grade: int, *, answer: str = "", seconds: float = 0.0,
              checklist: Checklist | None = None, time_up: bool = False) -> Review:
        """Log a practice grade (committed before returning): it moves no schedule. The rubric's `checklist`
        gives the key points asked and marked, the mistakes marked and the suggested grade, kept with it."""
        review = self.practise(card, grade, answer=answer, seconds=seconds, checklist=checklist, time_up=time_up)
        self.cram_queue.record(card, grade)
        return review

    def undo(self) -> Grade | None:
        """Undo this cram's newest practice grade: the card comes back to be graded again."""
        found = self.store.undo_last(kinds=(PRACTICE,), moment=self.clock(), day=self.today)
        if found is None:
            return None
        undone = cast("Grade", found)  # a `Practice`, which is a `Grade`
        if undone.answer and not self.draft(undone.card_id):
            self.save_draft(undone.card_id, undone.answer)
        if self._reviews and self._reviews[-1].event_id == undone.event_id:
            self._reviews.pop()
            self.cram_queue.undo()
        return undone

    def learn_more(self, extra: int = 0) -> int:
        return 0

    def more_new(self, extra: int = 0) -> int:
        return 0

    def new_available(self) -> int:
        return 0

    def summary(self) -> Summary:
        """As a drill's, with the days cards come back as the drill will follow them (the plans' included)."""
        plan_due = self._plan(self._states, self.store.grades_on(self.today)).plan_due
        grades = Counter(review.grade for review in self._reviews)
        return Summary(
            reviewed=len({review.card_id for review in self._reviews}),
            grades={g: grades.get(g, 0) for g in range(6)},
            seconds=(self.clock() - self._started_at).total_seconds(),
            answering=sum(review.seconds for review in self._reviews),
            timed=sum(review.details.time_limit is not None for review in self._reviews),
            time_up=sum(review.details.time_up for review in self._reviews),
            due_tomorrow=due_count(self.cards, self._states, self.today + timedelta(days=1), plan_due),
            next_due=next_due(self.cards, self._states, self.today, plan_due),
            nothing_due_at_start=self.started_empty,
            new_available=0,
            more_new=0,
        )
