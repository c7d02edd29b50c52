"""Schema version 4: FSRS's memory of every card, cached beside its SM-2 state. Frozen once released.

Two columns join `cards`: `stability` and `difficulty` (NULL while the card is new); the day of the
latest review FSRS needs is the row's `scheduled_on` already. They are filled here once by replaying
FSRS over each card's scheduling grades (the events' `scheduling`/`cancelled` caches say which; a reset
starts the card afresh), in replay order, with the same step the fold uses (replay.py). Nothing else in
the row changes: the SM-2 state stays exactly what it was. From then on the fold keeps both up to date
event by event, and `doctor` checks and rebuilds them with the rest of the row.

Cost: one pass over the scheduling grades in `events_by_card` order plus one FSRS step each (a few
microseconds); see docs/benchmarks.md for the figure at a million reviews. `migrate` has made a backup
first and runs this inside its one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from itertools import groupby
from operator import itemgetter

from quizterm.scheduler.fsrs import memory_after
from quizterm.store.db import parse_day
from quizterm.store.kinds import GRADE, RESET

COLUMNS = (
    "ALTER TABLE cards ADD COLUMN stability REAL",   # FSRS: days until recall falls to 90 %; NULL while new
    "ALTER TABLE cards ADD COLUMN difficulty REAL",  # FSRS: 1..10; its last review day is `scheduled_on`
)

_EVENTS = ("SELECT card_id, kind, day, grade FROM events "
           "WHERE cancelled = 0 AND ((kind = 'grade' AND scheduling = 1) OR kind = 'reset') "
           "ORDER BY card_id, day, moment, device, seq")


def memories(conn: sqlite3.Connection) -> Iterator[tuple[float | None, float | None, str]]:
    """(stability, difficulty, card id) of every card with a scheduling grade or a reset, from the log."""
    for card_id, rows in groupby(conn.execute(_EVENTS), key=itemgetter(0)):
        stability: float | None = None
        difficulty: float | None = None
        last: date | None = None
        for _, kind, day, grade in rows:
            if kind == RESET:
                stability = difficulty = last = None
            elif kind == GRADE:
                today = parse_day(day)
                stability, difficulty = memory_after(stability, difficulty, last, grade, today)
                last = today
        yield stability, difficulty, card_id


def upgrade(conn: sqlite3.Connection) -> None:
    """Version 3 -> 4 (see the module docstring)."""
    for statement in COLUMNS:
        conn.execute(statement)
    conn.executemany("UPDATE cards SET stability = ?, difficulty = ? WHERE card_id = ?", memories(conn))
