"""The store's reads: SQL over the event log and the state table, each on one index or one table pass.

Grades here are the non-cancelled `grade` events (what the `reviews` view shows); practice grades and
the other kinds count nowhere in these figures. "Oldest first" and "newest" mean replay order (study day,
moment, device, seq), the order every device agrees on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Generator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.scheduler.queue import GradeEvent
from quizterm.scheduler.sm2 import CardState
from quizterm.store.db import parse_day, parse_moment
from quizterm.store.kinds import GRADE, GradeDetails
from quizterm.store.replay import RECORD_COLUMNS, CardRecord, read_record

if TYPE_CHECKING:
    from quizterm.scheduler.base import AnyScheduler

REVIEW_COLUMNS = "n, event_id, kind, card_id, deck, moment, day, grade, scheduling, was_new, answer, seconds, " \
                 "session, data"
_GRADES = "kind = 'grade' AND cancelled = 0"


@dataclass(frozen=True, slots=True)
class Review:
    """One grade (or practice grade) of the log, with what replay derived for it."""

    id: int  # local arrival order: `reviews.id`
    event_id: str
    card_id: str
    deck: str
    moment: datetime  # aware, UTC
    day: date  # the local study day it counts for
    grade: int
    scheduling: bool  # False: a same-day drill (or a practice grade) that left the state alone
    was_new: bool  # the card had never been scheduled before this grade
    answer: str  # what the user typed before revealing the rubric
    seconds: float  # time spent before revealing
    session: int | None  # None when it came from another device
    kind: str = GRADE
    details: GradeDetails = field(default_factory=GradeDetails)

    def event(self) -> GradeEvent:
        """This grade as the session queue counts it (a practice grade is never counted)."""
        return GradeEvent(card_id=self.card_id, grade=self.grade, scheduling=self.scheduling,
                          was_new=self.was_new)


def review_from_row(row: Any) -> Review:
    n, event_id, kind, card_id, deck, moment, day, grade, scheduling, was_new, answer, seconds, session, data = row
    return Review(id=n, event_id=event_id, card_id=card_id, deck=deck, moment=parse_moment(moment),
                  day=parse_day(day), grade=grade, scheduling=bool(scheduling), was_new=bool(was_new),
                  answer=answer or "", seconds=seconds or 0.0, session=session, kind=kind,
                  details=GradeDetails.from_data(json.loads(data)) if data else GradeDetails())


def states(conn: sqlite3.Connection, scheduler: AnyScheduler | None = None) -> dict[str, CardState]:
    """Every card's state from the state table, as `scheduler` (default SM-2) schedules it (one pass; due
    dates parsed once per distinct day)."""
    days: dict[str | None, date | None] = {None: None}

    def day_of(text: str | None) -> date | None:
        found = days.get(text, days)
        if found is days:
            found = days[text] = date.fromisoformat(text)  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    if isinstance(scheduler, FsrsScheduler):  # as `scheduled_state`, without a state object per card in between
        due_of = scheduler.interval_and_due
        found: dict[str, CardState] = {}
        for card_id, reps, ef_centi, lapses, suspended, buried, stability, last in conn.execute(
                "SELECT card_id, reps, ef_centi, lapses, suspended, buried_until, stability, scheduled_on FROM cards"):
            interval, due = due_of(stability, day_of(last))
            found[card_id] = CardState(reps, ef_centi, interval, due, lapses, bool(suspended), day_of(buried))
        return found
    rows = conn.execute("SELECT card_id, reps, ef_centi, interval, due, lapses, suspended, buried_until FROM cards")
    return {card_id: CardState(reps, ef_centi, interval, day_of(due), lapses, bool(suspended), day_of(buried))
            for card_id, reps, ef_centi, interval, due, lapses, suspended, buried in rows}


class Standing(NamedTuple):
    """A card's state with its counters, as the card browser lists it (a lighter `CardRecord`)."""

    state: CardState
    reviews: int
    last_grade: int | None


def standings(conn: sqlite3.Connection, scheduler: AnyScheduler | None = None) -> dict[str, Standing]:
    """Every card's state as `scheduler` schedules it (`states`), with its reviews and last grade; no moment
    is parsed (a third of the time `records` takes at 10,000 cards)."""
    counters = {card_id: (reviews, last_grade)
                for card_id, reviews, last_grade in conn.execute("SELECT card_id, reviews, last_grade FROM cards")}
    return {card_id: Standing(state, *counters[card_id]) for card_id, state in states(conn, scheduler).items()}


def records(conn: sqlite3.Connection) -> dict[str, CardRecord]:
    """Every card's row as stored: the SM-2 state and the FSRS memory, whichever scheduler is chosen."""
    return dict(read_record(row) for row in conn.execute(f"SELECT {RECORD_COLUMNS} FROM cards"))


def memories(conn: sqlite3.Connection) -> dict[str, FsrsState]:
    """FSRS's memory of every card with a row (one pass over the state table)."""
    return {card_id: FsrsState(stability, difficulty, None if last is None else date.fromisoformat(last))
            for card_id, stability, difficulty, last in
            conn.execute("SELECT card_id, stability, difficulty, scheduled_on FROM cards")}


def record(conn: sqlite3.Connection, card_id: str) -> CardRecord | None:
    row = conn.execute(f"SELECT {RECORD_COLUMNS} FROM cards WHERE card_id = ?", (card_id,)).fetchone()
    return None if row is None else read_record(row)[1]


def grades_on(conn: sqlite3.Connection, day: date) -> list[GradeEvent]:
    """Every grade of study day `day`, oldest first (the day's part of `events_grades_by_day`)."""
    rows = conn.execute(f"SELECT card_id, grade, scheduling, was_new FROM events WHERE day = ? AND {_GRADES} "
                        "ORDER BY moment, device, seq", (day.isoformat(),))
    return [GradeEvent(card_id, grade, bool(scheduling), bool(was_new)) for card_id, grade, scheduling, was_new in rows]


def graded_days(conn: sqlite3.Connection, groups: Mapping[str, int], *,
                until: date) -> Generator[tuple[date, set[int]], None, None]:
    """Study days up to `until` with a grade of a card of `groups` (card id -> group), newest first, each
    with the groups graded that day. Lazy: the day index is read only as far as the caller iterates, and
    the grouping runs inside SQLite (a temporary table joined to the index)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS card_groups (card_id TEXT PRIMARY KEY, "
                 "grp INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.card_groups")
    conn.executemany("INSERT INTO temp.card_groups VALUES (?, ?)", groups.items())
    cursor = conn.execute(
        "SELECT DISTINCT e.day, g.grp FROM events e JOIN temp.card_groups g ON g.card_id = e.card_id "
        "WHERE e.kind = 'grade' AND e.cancelled = 0 AND e.day <= ? ORDER BY e.day DESC", (until.isoformat(),))
    try:
        current: str | None = None
        graded: set[int] = set()
        for day, group in cursor:
            if day != current:
                if current is not None:
                    yield parse_day(current), graded
                current, graded = day, set()
            graded.add(group)
        if current is not None:
            yield parse_day(current), graded
    finally:
        cursor.close()
        conn.execute("DELETE FROM temp.card_groups")


def scheduling_grades_between(conn: sqlite3.Connection, first: date, last: date) -> list[tuple[str, int]]:
    rows = conn.execute(f"SELECT card_id, grade FROM events WHERE day BETWEEN ? AND ? AND {_GRADES} "
                        "AND scheduling = 1", (first.isoformat(), last.isoformat()))
    return [(card_id, grade) for card_id, grade in rows]


def passed_twice(conn: sqlite3.Connection, card_ids: Collection[str], since: date) -> set[str]:
    """Those of `card_ids` with at least two passing (>= 3) scheduling grades on study days from `since` on
    (the interview planner's "two successful reviews"; a range of `events_by_card` per card)."""
    found: set[str] = set()
    ids = list(card_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(f"SELECT card_id FROM events WHERE card_id IN ({', '.join('?' * len(chunk))}) "
                            f"AND day >= ? AND {_GRADES} AND scheduling = 1 AND grade >= 3 "
                            "GROUP BY card_id HAVING count(*) >= 2", (*chunk, since.isoformat()))
        found.update(card_id for (card_id,) in rows)
    return found


def last_review(conn: sqlite3.Connection, card_id: str) -> Review | None:
    """The card's newest grade (walks `events_by_card` backwards from the card's end)."""
    row = conn.execute(f"SELECT {REVIEW_COLUMNS} FROM events WHERE card_id = ? AND {_GRADES} "
                       "ORDER BY day DESC, moment DESC, device DESC, seq DESC LIMIT 1", (card_id,)).fetchone()
    return None if row is None else review_from_row(row)


def history(conn: sqlite3.Connection, card_id: str) -> list[Review]:
    rows = conn.execute(f"SELECT {REVIEW_COLUMNS} FROM events WHERE card_id = ? AND {_GRADES} "
                        "ORDER BY day, moment, device, seq", (card_id,))
    return [review_from_row(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Marker:
    """A suspend, unsuspend, bury or reset of a card, as its history shows it."""

    kind: str
    moment: datetime  # aware, UTC
    day: date
    until: date | None = None  # a bury's first study day back in the queue


def card_log(conn: sqlite3.Connection, card_id: str) -> list[Review | Marker]:
    """The card's grades, practice grades, suspends, unsuspends, burials and resets, oldest first (replay
    order), cancelled ones left out: what the card browser's history lists."""
    rows = conn.execute(f"SELECT {REVIEW_COLUMNS} FROM events WHERE card_id = ? AND cancelled = 0 AND kind IN "
                        "('grade', 'practice', 'suspend', 'unsuspend', 'bury', 'reset') "
                        "ORDER BY day, moment, device, seq", (card_id,))
    found: list[Review | Marker] = []
    for row in rows:
        if row[2] in ("grade", "practice"):
            found.append(review_from_row(row))
            continue
        until = json.loads(row[13]).get("until") if row[13] else None
        found.append(Marker(row[2], parse_moment(row[5]), parse_day(row[6]),
                            None if until is None else parse_day(until)))
    return found


def review_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT count(*) FROM events WHERE {_GRADES}").fetchone()[0])


def session_grade_count(conn: sqlite3.Connection, session: int) -> int:
    return int(conn.execute(f"SELECT count(*) FROM events WHERE session = ? AND {_GRADES}", (session,)).fetchone()[0])
