"""Today's session queue: due reviews (most overdue first), then new cards, then same-day repeats.

Suspended cards and cards buried until a later day (`CardState.hidden_on(today)`) never enter it, not
even as repeats; grades they got today still count against the limits.

The queue is built once at start-up in O(cards) plus sorting the due cards, and then moved on by
`record` in O(1) per grade, so a 10,000-card deck never pays for a rebuild on the grade hot path.

Invariant: after any sequence of `record` calls that mirror what the store saved, the queue equals the
one `SessionQueue.build` would make from the updated states and today's grades. Restarting (or
undoing, which rebuilds) therefore never shows a different session, and never grants extra cards.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from quizterm.deck.cards import Card
from quizterm.scheduler.sm2 import RECALLED_GRADE, CardState, check_grade


@dataclass(frozen=True, slots=True)
class GradeEvent:
    """One grade as the queue needs it, oldest first when in a list.

    `scheduling` is true for the first grade of the card on its study day (it moved the SM-2 state),
    false for a same-day drill grade. `was_new` is true when the card had never been scheduled before
    this grade (it counts against the new-card limit rather than the review limit).
    """

    card_id: str
    grade: int
    scheduling: bool
    was_new: bool


@dataclass(frozen=True, slots=True)
class Limits:
    """Daily limits; grades already given today count against them."""

    new_per_day: int = 20
    reviews_per_day: int = 200


_NEW = CardState()

# An ordered set of cards: O(1) removal anywhere, append at the end, and peek at the front
# (a plain dict would leave holes at its front and make the peek O(n) after many removals).
_Part = OrderedDict[str, Card]


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """How much of today's session is left, by kind; for the status bar."""

    new: int  # new cards left in today's queue
    due: int  # review cards left
    again: int  # same-day repeats left
    done: int  # grades recorded through this queue object (this session)
    practice: bool = False  # a cram (plan/cram.py): `due` counts the cards left to practise
    heading: str = ""  # a progress line of its own, shown instead of the counts (interview mode's)

    @property
    def left(self) -> int:
        """Cards still to be shown today."""
        return self.new + self.due + self.again


class SessionQueue:
    """The cards still to show today, in order; see the module docstring for the invariant."""

    __slots__ = ("_again", "_by_id", "_done", "_due", "_hidden", "_new", "_new_slots", "_review_slots")

    def __init__(self, by_id: Mapping[str, Card], due: _Part, new: _Part, again: _Part,
                 review_slots: int, new_slots: int, hidden: Collection[str] = frozenset()) -> None:
        """Use `build`; this only stores the parts it computed."""
        self._by_id = by_id
        self._hidden = set(hidden)  # suspended or buried today: a grade of one never brings it back today
        self._due = due
        self._new = new
        self._again = again
        # Slots left today; may go below zero when grades outrun the limit (e.g. a card graded
        # from outside the queue), which then simply means "no more of this kind today".
        self._review_slots = review_slots
        self._new_slots = new_slots
        self._done = 0

    @classmethod
    def build(cls, cards: Sequence[Card], states: Mapping[str, CardState],
              todays_grades: Sequence[GradeEvent], today: date, limits: Limits = Limits(), *,
              plan_due: Mapping[str, date] | None = None, planned: Container[str] = frozenset(),
              ahead: int = 0) -> SessionQueue:
        """Today's queue from the stored states and every grade already given today (oldest first).

        Cards missing from `states` are new. Grades of cards not in `cards` are ignored, also for the
        limits. A card repeated in `cards` counts once, at its first place.

        An interview plan (plan/view.py) gives `plan_due`, the effective due dates it moves (a card is due
        on the earlier of its own and this), and the `planned` cards, which come before the others in the
        reviews and in the new cards (its raised limits arrive in `limits`). `ahead` (`drill --ahead`) also
        takes the cards due in the next `ahead` days, after the ones due today.
        """
        by_id: dict[str, Card] = {}
        for card in cards:
            by_id.setdefault(card.id, card)

        graded, new_used, review_used = _todays_use(todays_grades, by_id)
        review_slots = limits.reviews_per_day - review_used
        new_slots = limits.new_per_day - new_used
        horizon = today + timedelta(days=ahead) if ahead else today
        moved = plan_due or {}
        overdue: list[tuple[bool, date, int, Card]] = []
        new: list[Card] = []
        new_later: list[Card] = []  # not planned: after the planned ones
        hidden: set[str] = set()
        for index, card in enumerate(by_id.values()):
            state = states.get(card.id, _NEW)
            if state.suspended or (state.buried_until is not None and state.buried_until > today):
                hidden.add(card.id)  # as `state.hidden_on(today)`, inlined: this loop runs over every card
                continue
            if card.id in graded:
                continue
            due = state.due
            if due is None:
                if card.id in planned:
                    if len(new) < new_slots:
                        new.append(card)
                elif len(new_later) < new_slots:
                    new_later.append(card)
                continue
            if moved:
                due = min(due, moved.get(card.id, due))
            if due <= horizon:
                overdue.append((card.id not in planned, due, index, card))
        # planned first (when there is a plan), then most overdue first, then deck order: the tuples' own order,
        # without a key function called per card (positions are distinct, so the cards are never compared)
        overdue.sort()
        due_part: _Part = OrderedDict((card.id, card) for _, _, _, card in overdue[:max(0, review_slots)])
        new_part: _Part = OrderedDict((card.id, card) for card in (new + new_later)[:max(0, new_slots)])
        again: _Part = OrderedDict((card_id, by_id[card_id]) for card_id, grade in graded.items()
                                   if grade < RECALLED_GRADE and card_id not in hidden)
        return cls(by_id, due_part, new_part, again, review_slots, new_slots, hidden)

    def _order(self) -> Iterator[Card]:
        """The cards left, in the order they will be shown."""
        yield from self._due.values()
        yield from self._new.values()
        yield from self._again.values()

    def current(self) -> Card | None:
        """The card to show now; None when the session is over.

        Never the card just graded while another card is waiting: `record` puts a graded card either
        nowhere or at the very end, so it can only be first when it is the only card left. (No
        "last graded" memory is needed for that, nor kept.)
        """
        return next(self._order(), None)

    def record(self, event: GradeEvent) -> None:
        """Move the queue on after `event` was saved: O(1), whichever card it names.

        The card leaves the queue and, if its grade is below 4, joins the end of the repeats. A
        scheduling grade uses a slot; if that leaves more reviews (or new cards) queued than slots,
        the last one goes, exactly as a rebuild would drop it. Cards this queue was not built with are
        only counted in `done`.
        """
        check_grade(event.grade)
        self._done += 1
        card = self._by_id.get(event.card_id)
        if card is None:
            return
        for part in (self._due, self._new, self._again):
            if part.pop(card.id, None) is not None:
                break
        if event.grade < RECALLED_GRADE and card.id not in self._hidden:
            self._again[card.id] = card
        if event.scheduling:
            if event.was_new:
                self._new_slots -= 1
                if len(self._new) > max(0, self._new_slots):
                    self._new.popitem(last=True)
            else:
                self._review_slots -= 1
                if len(self._due) > max(0, self._review_slots):
                    self._due.popitem(last=True)

    def hide(self, card_id: str) -> None:
        """The card left the queue for today (suspended or buried, e.g. by the leech rule with its grade):
        as a rebuild would, drop it wherever it is and never bring it back as a repeat; O(1)."""
        self._hidden.add(card_id)
        for part in (self._due, self._new, self._again):
            part.pop(card_id, None)

    @property
    def counts(self) -> QueueCounts:
        """Cards left by kind, and grades recorded so far; O(1)."""
        return QueueCounts(new=len(self._new), due=len(self._due), again=len(self._again), done=self._done)

    def __len__(self) -> int:
        """Cards left today."""
        return len(self._due) + len(self._new) + len(self._again)

    def upcoming(self) -> list[str]:
        """Card ids left, in the order they will be shown if each is recalled; O(n), for tests and UI."""
        return [card.id for card in self._order()]


def _todays_use(todays_grades: Sequence[GradeEvent], known: Container[str]) -> tuple[dict[str, int], int, int]:
    """Of today's grades of `known` cards (oldest first): each card's latest grade, ordered by when that
    latest grade was given, and how many new and review slots the scheduling grades used."""
    latest: dict[str, int] = {}
    new_used = review_used = 0
    for event in todays_grades:
        if event.card_id not in known:
            continue
        latest.pop(event.card_id, None)  # re-inserting moves it to the end
        latest[event.card_id] = event.grade
        if event.scheduling:
            if event.was_new:
                new_used += 1
            else:
                review_used += 1
    return latest, new_used, review_used


def today_counts(cards: Sequence[Card], states: Mapping[str, CardState], todays_grades: Sequence[GradeEvent],
                 today: date, limits: Limits = Limits(), *, plan_due: Mapping[str, date] | None = None,
                 ahead: int = 0) -> QueueCounts:
    """`SessionQueue.build(...).counts`, without building the queue (nothing is ordered or kept).

    The deck list needs the counts of every deck and of all of them together at start-up; at 10,000
    cards this is about three times faster than building each queue.
    """
    ids = {card.id for card in cards}
    graded, new_used, review_used = _todays_use(todays_grades, ids)
    horizon = today + timedelta(days=ahead) if ahead else today
    moved = plan_due or {}
    new = due = 0
    for card_id in ids:
        if card_id in graded:
            continue
        state = states.get(card_id, _NEW)
        if state.hidden_on(today):
            continue
        if state.due is None:
            new += 1
        elif min(state.due, moved.get(card_id, state.due)) <= horizon:
            due += 1
    again = sum(1 for card_id, grade in graded.items()
                if grade < RECALLED_GRADE and not states.get(card_id, _NEW).hidden_on(today))
    return QueueCounts(new=min(new, max(0, limits.new_per_day - new_used)),
                       due=min(due, max(0, limits.reviews_per_day - review_used)), again=again, done=0)


def filter_cards(cards: Sequence[Card], tags: Collection[str]) -> list[Card]:
    """The cards having any of `tags` (all cards when `tags` is empty), in deck order."""
    if not tags:
        return list(cards)
    wanted = frozenset(tags)
    return [card for card in cards if not wanted.isdisjoint(card.tags)]


def _scheduled_dues(cards: Sequence[Card], states: Mapping[str, CardState],
                    plan_due: Mapping[str, date] | None = None) -> Iterator[date]:
    """The day each distinct scheduled card among `cards` can next be asked: its due date (or the earlier
    day an interview plan brings it back), or the day its burial ends if later; suspended cards are never
    asked."""
    seen: set[str] = set()
    moved = plan_due or {}
    for card in cards:
        if card.id in seen:
            continue
        seen.add(card.id)
        state = states.get(card.id)
        if state is not None and state.due is not None and not state.suspended:
            due = min(state.due, moved.get(card.id, state.due))
            buried = state.buried_until
            yield due if buried is None or buried <= due else buried


def next_due(cards: Sequence[Card], states: Mapping[str, CardState], today: date,
             plan_due: Mapping[str, date] | None = None) -> tuple[date, int] | None:
    """When the next card comes due after `today`, and how many are due that day; None if none is.

    For the empty-queue screen: cards due today or earlier are not "next", they are now.
    """
    earliest: date | None = None
    count = 0
    for due in _scheduled_dues(cards, states, plan_due):
        if due <= today:
            continue
        if earliest is None or due < earliest:
            earliest, count = due, 1
        elif due == earliest:
            count += 1
    return None if earliest is None else (earliest, count)


def due_count(cards: Sequence[Card], states: Mapping[str, CardState], today: date,
              plan_due: Mapping[str, date] | None = None) -> int:
    """Cards due today or earlier, ignoring the daily limits; for the deck list."""
    return sum(1 for due in _scheduled_dues(cards, states, plan_due) if due <= today)
