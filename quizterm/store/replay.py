"""Rebuilding a card's row of the state table from the review log.

The log is the truth; the `cards` table is a cache of what replaying it gives. Undo deletes one log row
and replays the card's remaining rows, so the restored state is exact by construction, and `doctor`
compares the cache with a full replay. A row's `scheduling` flag was decided when it was written (under
the write lock) and is taken as it is: replay never re-decides it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.db import format_moment, parse_day, parse_moment, parse_optional_day

# (deck, moment, day, grade, scheduling) of one log row, as stored.
LogRow = tuple[str, str, str, int, int]

LOG_COLUMNS = "deck, moment, day, grade, scheduling"


@dataclass(frozen=True, slots=True)
class CardRecord:
    """One row of the state table: the SM-2 state plus counters for stats."""

    deck: str  # the deck of the newest grade
    state: CardState
    reviews: int  # every grade in the log, drills included
    last_grade: int
    last_reviewed: datetime  # aware, UTC


def replay_card(rows: Iterable[LogRow]) -> CardRecord | None:
    """The record after these log rows (one card's, oldest first); None when there are none."""
    state = CardState()
    reviews = 0
    last: LogRow | None = None
    for row in rows:
        _deck, _moment, day, grade, scheduling = row
        if scheduling:
            state = schedule(state, grade, parse_day(day))
        reviews += 1
        last = row
    if last is None:
        return None
    return CardRecord(deck=last[0], state=state, reviews=reviews, last_grade=last[3],
                      last_reviewed=parse_moment(last[1]))


def replay_card_from(conn: sqlite3.Connection, card_id: str) -> CardRecord | None:
    """Replay one card's log rows (index on (card_id, id))."""
    rows = conn.execute(f"SELECT {LOG_COLUMNS} FROM reviews WHERE card_id = ? ORDER BY id", (card_id,))
    return replay_card(rows)


def replay_all(conn: sqlite3.Connection) -> Iterator[tuple[str, CardRecord]]:
    """Every card's record from the whole log, card by card (streamed; one pass over the card index)."""
    rows = conn.execute(f"SELECT card_id, {LOG_COLUMNS} FROM reviews ORDER BY card_id, id")
    for card_id, group in groupby(rows, key=lambda row: str(row[0])):
        record = replay_card(row[1:] for row in group)
        if record is not None:
            yield card_id, record


def write_record(conn: sqlite3.Connection, card_id: str, record: CardRecord | None) -> None:
    """Store `record` as the card's row of the state table (delete the row when None)."""
    if record is None:
        conn.execute("DELETE FROM cards WHERE card_id = ?", (card_id,))
        return
    state = record.state
    conn.execute(
        """INSERT INTO cards (card_id, deck, reps, ef_centi, interval, due, lapses, reviews, last_grade,
                              last_reviewed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (card_id) DO UPDATE SET
               deck = excluded.deck, reps = excluded.reps, ef_centi = excluded.ef_centi,
               interval = excluded.interval, due = excluded.due, lapses = excluded.lapses,
               reviews = excluded.reviews, last_grade = excluded.last_grade,
               last_reviewed = excluded.last_reviewed""",
        (card_id, record.deck, state.reps, state.ef_centi, state.interval,
         None if state.due is None else state.due.isoformat(), state.lapses, record.reviews,
         record.last_grade, format_moment(record.last_reviewed)))


RECORD_COLUMNS = "card_id, deck, reps, ef_centi, interval, due, lapses, reviews, last_grade, last_reviewed"


def read_record(row: tuple[str, str, int, int, int, str | None, int, int, int, str]) -> tuple[str, CardRecord]:
    """A state-table row (selected as `RECORD_COLUMNS`) as (card id, record)."""
    card_id, deck, reps, ef_centi, interval, due, lapses, reviews, last_grade, last_reviewed = row
    state = CardState(reps=reps, ef_centi=ef_centi, interval=interval, due=parse_optional_day(due),
                      lapses=lapses)
    return card_id, CardRecord(deck=deck, state=state, reviews=reviews, last_grade=last_grade,
                               last_reviewed=parse_moment(last_reviewed))
