"""Schema version 3: the event log. Frozen once released, like every migration step.

From version 2 (`reviews` rows, `cards` as written by wave-1 code) to the event log without changing any
user's state:
1. every `reviews` row becomes a `grade` event of this device: `n` keeps the row's id (so `reviews.id`
   stays what it was), `seq` follows the id order, the event id is a fresh uuid4, the session is kept;
2. every card is replayed in the new order (study day, moment, device, seq), which derives the events'
   `scheduling`/`was_new` caches. Wave-1 code decided "scheduling" at write time in arrival order, and
   undo deleted rows, so with `--now` used out of order (a later simulated day graded before an earlier
   real one, or two moments of one day written out of order) the new order can give another state. For
   each such card a `checkpoint` event holding the old exact SM-2 state is appended, sorting after all
   of the card's events (its last event's day and moment, a higher seq): replay then ends in the state
   the user had;
3. `cards` is rebuilt from the replay (new columns; last grade/review may be NULL), `reviews` becomes a
   view of the non-cancelled grades with the old column names (minus the per-row "state after", a cache
   nobody needs: a card's history replays in microseconds).
`migrate` has already made a backup and runs this inside its one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

from quizterm.scheduler.sm2 import CardState
from quizterm.store.db import parse_optional_day
from quizterm.store.kinds import CHECKPOINT, new_device_id, new_event_id, state_data
from quizterm.store.replay import record_row, replay_all, write_fixes

# The state table's columns at version 3 (later versions add columns: upgrade_v4.py); `record_row`'s
# first 13 values are these.
V3_COLUMNS = ("card_id, deck, reps, ef_centi, interval, due, lapses, reviews, last_grade, last_reviewed, suspended, "
              "buried_until, scheduled_on")

DEVICE = """CREATE TABLE device (
    id TEXT PRIMARY KEY,                         -- this data directory's device id (one row)
    next_seq INTEGER NOT NULL                    -- the sequence number of its next event
)"""

EVENTS = """CREATE TABLE events (
    n INTEGER PRIMARY KEY AUTOINCREMENT,         -- local arrival order; `reviews.id`
    event_id TEXT NOT NULL,                      -- globally unique, uuid4 hex (unique index below)
    device TEXT NOT NULL,                        -- the data directory that made it
    seq INTEGER NOT NULL,                        -- that device's sequence number (unique per device)
    kind TEXT NOT NULL,                          -- grade, practice, follow_up, undo, suspend, ... (events.py)
    card_id TEXT,                                -- NULL only for an unknown kind that names no card
    deck TEXT NOT NULL,                          -- the card's deck when the event was made
    moment TEXT NOT NULL,                        -- UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ
    day TEXT NOT NULL,                           -- local study day, YYYY-MM-DD
    grade INTEGER CHECK (grade BETWEEN 0 AND 5), -- grade, practice
    answer TEXT,                                 -- grade, practice, follow_up: what was typed
    seconds REAL,                                -- grade, practice: time before revealing the rubric
    target TEXT,                                 -- undo: the event_id it cancels
    data TEXT,                                   -- JSON object: the kind's other fields (NULL: none);
                                                 -- an unknown kind: the whole event, verbatim
    session INTEGER REFERENCES sessions (id),    -- the local sitting; NULL when imported
    cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),  -- replay's cache from here on
    scheduling INTEGER CHECK (scheduling IN (0, 1)),                   -- grade/practice: moved the state
    was_new INTEGER CHECK (was_new IN (0, 1))                          -- grade/practice: never scheduled before
)"""

# Built after the copy of the old rows: sorting a million keys once is far faster than inserting random
# uuids into a unique index row by row.
INDEXES = (
    # An event arriving twice (sync) is recognised by its id.
    "CREATE UNIQUE INDEX events_by_id ON events (event_id)",
    # A device's events in sequence order (sync's journal); a (device, seq) taken twice is refused.
    "CREATE UNIQUE INDEX events_by_device ON events (device, seq)",
    # One card's events in replay order: a card's replay, "does a new event sort last?", its history.
    "CREATE INDEX events_by_card ON events (card_id, day, moment, device, seq)",
    # A study day's grades by card: the queue's grades_on(today), stats' streaks and retention.
    "CREATE INDEX events_grades_by_day ON events (day, card_id, cancelled) WHERE kind = 'grade'",
    # A session's events newest first: undo.
    "CREATE INDEX events_by_session ON events (session, n) WHERE session IS NOT NULL",
    # Undo targets: "is this event cancelled?" in one probe, also before the target arrives.
    "CREATE INDEX events_by_target ON events (target) WHERE target IS NOT NULL",
)

CARDS = """CREATE TABLE cards (
    card_id TEXT PRIMARY KEY,                    -- a cache of the replay: one row per card with an event
    deck TEXT NOT NULL,                          -- the deck of its newest event
    reps INTEGER NOT NULL,
    ef_centi INTEGER NOT NULL,
    interval INTEGER NOT NULL,
    due TEXT,                                    -- NULL while new
    lapses INTEGER NOT NULL,
    reviews INTEGER NOT NULL,                    -- every grade, drills included
    last_grade INTEGER,                          -- the newest grade in replay order; NULL before the first
    last_reviewed TEXT,                          -- ... its UTC moment
    suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),
    buried_until TEXT,                           -- out of the queue on the study days before this one
    scheduled_on TEXT                            -- study day of its newest scheduling grade since it was new
) WITHOUT ROWID"""

REVIEWS_VIEW = """CREATE VIEW reviews AS
    SELECT n AS id, card_id, deck, moment, day, grade, scheduling, was_new, answer, seconds, session
    FROM events WHERE kind = 'grade' AND cancelled = 0"""


def upgrade(conn: sqlite3.Connection) -> None:
    """Version 2 -> 3 (see the module docstring); an empty version-2 file takes the same path."""
    device = new_device_id()
    conn.execute(DEVICE)
    conn.execute(EVENTS)
    conn.create_function("quizterm_event_id", 0, new_event_id)
    copied = conn.execute(
        "INSERT INTO events (n, event_id, device, seq, kind, card_id, deck, moment, day, grade, answer, seconds, "
        "session, cancelled, scheduling, was_new) "
        "SELECT id, quizterm_event_id(), ?, row_number() OVER (ORDER BY id), 'grade', card_id, deck, moment, day, "
        "grade, answer, seconds, session, 0, scheduling, was_new FROM reviews ORDER BY id", (device,)).rowcount
    conn.create_function("quizterm_event_id", 0, None)
    _keep_undone_ids_unused(conn)
    for index in INDEXES:
        conn.execute(index)
    seq = max(copied, 0)
    old = {card_id: CardState(reps=reps, ef_centi=ef_centi, interval=interval, due=parse_optional_day(due),
                              lapses=lapses)
           for card_id, reps, ef_centi, interval, due, lapses in
           conn.execute("SELECT card_id, reps, ef_centi, interval, due, lapses FROM cards")}
    records = []
    fixes = []
    stale: list[tuple[str, CardState]] = []
    for card_id, record, card_fixes in replay_all(conn):
        fixes += card_fixes
        if card_id is None or record is None:
            continue
        before = old.get(card_id)
        if before is not None and record.state != before:
            stale.append((card_id, before))
            record = replace(record, state=before)
        records.append(record_row(card_id, record)[:13])
    write_fixes(conn, fixes)
    for card_id, state in stale:
        seq += 1
        day, moment, deck = conn.execute(
            "SELECT day, moment, deck FROM events WHERE card_id = ? ORDER BY day DESC, moment DESC, device DESC, "
            "seq DESC LIMIT 1", (card_id,)).fetchone()
        conn.execute(
            "INSERT INTO events (event_id, device, seq, kind, card_id, deck, moment, day, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new_event_id(), device, seq, CHECKPOINT, card_id, deck, moment, day,
             json.dumps(state_data(state), separators=(",", ":"))))
    conn.execute("INSERT INTO device (id, next_seq) VALUES (?, ?)", (device, seq + 1))
    conn.execute("ALTER TABLE cards RENAME TO cards_v2")
    conn.execute(CARDS)
    conn.executemany(f"INSERT INTO cards ({V3_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     records)
    conn.execute("DROP TABLE cards_v2")
    conn.execute("DROP TABLE reviews")
    conn.execute(REVIEWS_VIEW)


def _keep_undone_ids_unused(conn: sqlite3.Connection) -> None:
    """`events` continues the old AUTOINCREMENT counter: an id once handed out (and undone) stays unused."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'reviews'").fetchone()
    if row is None:
        return
    if conn.execute("SELECT 1 FROM sqlite_sequence WHERE name = 'events'").fetchone() is None:
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)", row)
    else:
        conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'events'", row)
