"""Replay: each card's state is a fold of its events in replay order; `cards` is a cache of that fold.

Order: study day, then moment, then device, then sequence number (`events_by_card` holds exactly that
order per card), so the same set of events gives the same states on every device, whatever order they
arrived in. The rules, per event (see events.py for the kinds):
- an event some `undo` targets is *cancelled*: skipped wherever it sorts, also when the undo arrived
  first. Undos and checkpoints are never cancelled.
- `grade`: the card's first grade of its study day schedules it, later ones that day are drills. It moves
  both schedulers' states (scheduler/base.py): the SM-2 state and the FSRS memory (stability, difficulty;
  its last review day is `scheduled_on`), whichever scheduler is chosen, so switching replays nothing.
  "First" is derived here from the order, never taken from a stored flag: after a sync a device may learn
  of an earlier grade of the same day. A reset makes the card new again, so its next grade schedules even
  on the same day, as a new card's first grade would.
- `practice` and `follow_up` change nothing (a practice grade is not a review: it counts nowhere).
- `suspend`/`unsuspend`/`bury` set queue membership; `reset` makes both states new (membership stays);
  `checkpoint` sets the exact SM-2 state (the FSRS memory is the replay of the grades, as always); undos
  and unknown kinds are skipped.

Each event row caches what replay derived for it: `cancelled`, and for grades and practice grades
`scheduling` (1: it moved the state) and `was_new` (the card had never been scheduled before it), so the
queue reads today's grades without replaying anything. A card's `cards` row is the fold's result; it holds
everything the fold needs to go on (`scheduled_on` included), which is what lets a new event that sorts
after all of its card's events be applied incrementally (apply.py). `doctor` compares both caches with a
full replay and repairs them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from quizterm.scheduler.fsrs import FsrsState, memory_after
from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.db import format_moment, parse_day, parse_moment, parse_optional_day
from quizterm.store.kinds import (
    BURY,
    CHECKPOINT,
    FOLLOW_UP,
    GRADE,
    NOT_CANCELLABLE,
    PRACTICE,
    RESET,
    SUSPEND,
    UNSUSPEND,
    state_from_data,
)

_NEW = CardState()
# What the fold reads of an event (selected as REPLAY_COLUMNS), and the cache it finds stored.
REPLAY_COLUMNS = ("e.card_id, e.n, e.kind, e.day, e.moment, e.deck, e.grade, e.data, "
                  "EXISTS (SELECT 1 FROM events u WHERE u.target = e.event_id AND u.kind = 'undo'), "
                  "e.cancelled, e.scheduling, e.was_new")
REPLAY_ORDER = "e.day, e.moment, e.device, e.seq"
Cache = tuple[int, int | None, int | None]  # cancelled, scheduling, was_new
Fix = tuple[int, int | None, int | None, int]  # cancelled, scheduling, was_new, n: a cache to rewrite


@dataclass(frozen=True, slots=True)
class CardRecord:
    """One row of the state table: the state plus counters for stats."""

    deck: str  # the deck of the card's newest event
    state: CardState
    reviews: int  # every grade in the log, drills included (practice grades are not reviews)
    last_grade: int | None  # the newest grade in replay order; None before the first
    last_reviewed: datetime | None  # ... and its moment (aware, UTC)
    scheduled_on: date | None = None  # study day of the newest scheduling grade since the card was new
    stability: float | None = None  # FSRS's memory after that grade (None while new)
    difficulty: float | None = None

    @property
    def memory(self) -> FsrsState:
        """FSRS's memory state of the card (its last review is the newest scheduling grade)."""
        return FsrsState(self.stability, self.difficulty, self.scheduled_on)


class Fold:
    """One card's replay in progress; `step` applies one event in replay order."""

    __slots__ = ("deck", "difficulty", "last_grade", "last_reviewed", "reviews", "scheduled_on", "stability",
                 "state")

    def __init__(self, record: CardRecord | None = None) -> None:
        if record is None:
            self.state, self.reviews, self.deck = _NEW, 0, None
            self.last_grade: int | None = None
            self.last_reviewed: str | None = None
            self.scheduled_on: str | None = None
            self.stability: float | None = None
            self.difficulty: float | None = None
            return
        self.state, self.reviews, self.deck, self.last_grade = record.state, record.reviews, record.deck, \
            record.last_grade
        self.last_reviewed = None if record.last_reviewed is None else format_moment(record.last_reviewed)
        self.scheduled_on = None if record.scheduled_on is None else record.scheduled_on.isoformat()
        self.stability, self.difficulty = record.stability, record.difficulty

    def step(self, kind: str, day: str, moment: str, deck: str, grade: int | None, data: str | None) -> Cache:
        """Apply one non-cancelled event; returns its cache. Skipped kinds leave `deck` alone."""
        state = self.state
        if kind == GRADE:
            assert grade is not None
            was_new = state.due is None
            scheduling = self.scheduled_on != day
            if scheduling:
                today = parse_day(day)
                self.state = schedule(state, grade, today)
                last = None if self.scheduled_on is None else parse_day(self.scheduled_on)
                self.stability, self.difficulty = memory_after(self.stability, self.difficulty, last, grade, today)
                self.scheduled_on = day
            self.reviews += 1
            self.last_grade, self.last_reviewed = grade, moment
            self.deck = deck
            return 0, int(scheduling), int(was_new)
        if kind == PRACTICE:
            self.deck = deck
            return 0, 0, int(state.due is None)
        if kind in (SUSPEND, UNSUSPEND):
            self.state = _replace_membership(state, suspended=kind == SUSPEND, buried_until=state.buried_until)
        elif kind == BURY:
            until = parse_day(json.loads(data or "{}")["until"])
            self.state = _replace_membership(state, suspended=state.suspended, buried_until=until)
        elif kind == RESET:
            self.state = CardState(suspended=state.suspended, buried_until=state.buried_until)
            self.scheduled_on = self.stability = self.difficulty = None
        elif kind == CHECKPOINT:
            self.state = state_from_data(json.loads(data or "{}"), keep=state)
        elif kind != FOLLOW_UP:
            return 0, None, None  # an undo, or a kind this version does not know: no effect, no deck
        self.deck = deck
        return 0, None, None

    def record(self) -> CardRecord | None:
        """The state-table row; None while no event has had an effect (the card has no row)."""
        if self.deck is None:
            return None
        return CardRecord(deck=self.deck, state=self.state, reviews=self.reviews, last_grade=self.last_grade,
                          last_reviewed=None if self.last_reviewed is None else parse_moment(self.last_reviewed),
                          scheduled_on=parse_optional_day(self.scheduled_on), stability=self.stability,
                          difficulty=self.difficulty)


def _replace_membership(state: CardState, *, suspended: bool, buried_until: date | None) -> CardState:
    return CardState(reps=state.reps, ef_centi=state.ef_centi, interval=state.interval, due=state.due,
                     lapses=state.lapses, suspended=suspended, buried_until=buried_until)


def fold_rows(rows: Iterable[Any]) -> tuple[CardRecord | None, list[Fix]]:
    """Replay one card's rows (selected as REPLAY_COLUMNS, in replay order): its record, and the rows
    whose stored cache differs from what replay derives."""
    fold = Fold()
    fixes: list[Fix] = []
    for _card, n, kind, day, moment, deck, grade, data, targeted, cancelled, scheduling, was_new in rows:
        if targeted and kind not in NOT_CANCELLABLE:
            cache: Cache = (1, None, None)
        else:
            cache = fold.step(kind, day, moment, deck, grade, data)
        if cache != (cancelled, scheduling, was_new):
            fixes.append((*cache, n))
    return fold.record(), fixes


def replay_card(conn: sqlite3.Connection, card_id: str) -> tuple[CardRecord | None, list[Fix]]:
    """Replay one card from its events (one range of `events_by_card`); nothing is written."""
    rows = conn.execute(f"SELECT {REPLAY_COLUMNS} FROM events e WHERE e.card_id = ? ORDER BY {REPLAY_ORDER}",
                        (card_id,))
    return fold_rows(rows)


def rebuild_card(conn: sqlite3.Connection, card_id: str) -> CardRecord | None:
    """Replay one card and store the result: its `cards` row and its events' caches."""
    record, fixes = replay_card(conn, card_id)
    write_fixes(conn, fixes)
    write_record(conn, card_id, record)
    return record


def replay_all(conn: sqlite3.Connection) -> Iterator[tuple[str | None, CardRecord | None, list[Fix]]]:
    """Every card's replay from the whole log, card by card (streamed, in card id order). Events that name
    no card (unknown kinds) come first, under None, for their caches."""
    rows = conn.execute(f"SELECT {REPLAY_COLUMNS} FROM events e ORDER BY e.card_id, {REPLAY_ORDER}")
    for card_id, group in groupby(rows, key=itemgetter(0)):
        record, fixes = fold_rows(group)
        yield card_id, record, fixes


def write_fixes(conn: sqlite3.Connection, fixes: list[Fix]) -> None:
    if fixes:
        conn.executemany("UPDATE events SET cancelled = ?, scheduling = ?, was_new = ? WHERE n = ?", fixes)


RECORD_COLUMNS = ("card_id, deck, reps, ef_centi, interval, due, lapses, reviews, last_grade, last_reviewed, "
                  "suspended, buried_until, scheduled_on, stability, difficulty")


def record_row(card_id: str, record: CardRecord) -> tuple[Any, ...]:
    """`record` as the values of `RECORD_COLUMNS`."""
    s = record.state
    return (card_id, record.deck, s.reps, s.ef_centi, s.interval, None if s.due is None else s.due.isoformat(),
            s.lapses, record.reviews, record.last_grade,
            None if record.last_reviewed is None else format_moment(record.last_reviewed), int(s.suspended),
            None if s.buried_until is None else s.buried_until.isoformat(),
            None if record.scheduled_on is None else record.scheduled_on.isoformat(), record.stability,
            record.difficulty)


def write_record(conn: sqlite3.Connection, card_id: str, record: CardRecord | None) -> None:
    """Store `record` as the card's row of the state table (delete the row when None)."""
    if record is None:
        conn.execute("DELETE FROM cards WHERE card_id = ?", (card_id,))
        return
    conn.execute(f"INSERT OR REPLACE INTO cards ({RECORD_COLUMNS}) VALUES ({', '.join('?' * 15)})",
                 record_row(card_id, record))


def read_record(row: tuple[Any, ...]) -> tuple[str, CardRecord]:
    """A state-table row (selected as `RECORD_COLUMNS`) as (card id, record)."""
    (card_id, deck, reps, ef_centi, interval, due, lapses, reviews, last_grade, last_reviewed, suspended,
     buried_until, scheduled_on, stability, difficulty) = row
    state = CardState(reps=reps, ef_centi=ef_centi, interval=interval, due=parse_optional_day(due),
                      lapses=lapses, suspended=bool(suspended), buried_until=parse_optional_day(buried_until))
    return card_id, CardRecord(deck=deck, state=state, reviews=reviews, last_grade=last_grade,
                               last_reviewed=None if last_reviewed is None else parse_moment(last_reviewed),
                               scheduled_on=parse_optional_day(scheduled_on), stability=stability,
                               difficulty=difficulty)
