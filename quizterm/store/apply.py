"""Recording events: insert them into the log and bring the replay caches up to date, in one transaction.

`apply_events` is the one way events enter the log, for this device's own events (one at a time, from
the store's `record_*` methods) and for a batch imported from another device (sync). For each event:
- already in the log (same event id): skipped, counted as a duplicate;
- an `undo`: its target, if present, is marked cancelled and the target's card is replayed in full;
- sorts after every event of its card and is not cancelled: its card's `cards` row is advanced by one
  step of the fold (replay.py) - index probes only, the same cost with a million events as with none;
- anything else (an earlier `--now` moment, an imported event, an event whose undo came first): the
  card is replayed in full from its events (one range of `events_by_card`) once the batch is in.
The caller holds the write transaction (`BEGIN IMMEDIATE`), so concurrent writers serialise and every
decision inside (e.g. "is this the card's first grade today?") sees the log as it is. The summary tables
(summary.py) follow in the same transaction: each incremental step adds its event's counts, each card
replayed in full has its counts recomputed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from quizterm.store import summary
from quizterm.store.events import EVENT_COLUMNS, NOT_CANCELLABLE, Event, Undo
from quizterm.store.replay import RECORD_COLUMNS as _RECORD
from quizterm.store.replay import Fold, read_record, rebuild_card, write_record

_INSERT = (f"INSERT INTO events ({EVENT_COLUMNS}, cancelled, scheduling, was_new) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")
_LAST_KEY = ("SELECT day, moment, device, seq FROM events WHERE card_id = ? "
             "ORDER BY day DESC, moment DESC, device DESC, seq DESC LIMIT 1")
_TARGETED = "SELECT 1 FROM events WHERE target = ? AND kind = 'undo' LIMIT 1"


@dataclass
class Applied:
    """What `apply_events` did: the events inserted (with their local `n`), duplicates skipped, events
    whose (device, seq) is already taken by another event (left out), and the cards replayed in full."""

    inserted: list[tuple[Event, int]] = field(default_factory=list)
    duplicates: int = 0
    clashes: list[Event] = field(default_factory=list)
    replayed: set[str] = field(default_factory=set)


def apply_events(conn: sqlite3.Connection, events: Iterable[Event]) -> Applied:
    """Insert `events` (any order) and update the caches; the caller holds the write transaction."""
    applied = Applied()
    dirty: set[str] = set()
    before = summary.last_n(conn)
    steps: list[tuple[str, summary.Summary]] = []
    for event in events:
        n = _apply_one(conn, event, dirty, applied, steps)
        if n is not None:
            applied.inserted.append((event, n))
    for card_id in sorted(dirty):
        rebuild_card(conn, card_id)
    summary.update(conn, steps, dirty, before)
    applied.replayed = dirty
    return applied


def _apply_one(conn: sqlite3.Connection, event: Event, dirty: set[str], applied: Applied,
               steps: list[tuple[str, summary.Summary]]) -> int | None:
    row = event.to_row()
    card_id = event.card_id
    if isinstance(event, Undo):
        n = _insert(conn, row, (0, None, None), applied, event)
        if n is not None:
            target = conn.execute("SELECT card_id, kind FROM events WHERE event_id = ?", (event.target,)).fetchone()
            if target is not None and target[0] is not None and target[1] not in NOT_CANCELLABLE:
                dirty.add(target[0])
        return n
    targeted = conn.execute(_TARGETED, (event.event_id,)).fetchone() is not None
    cancelled = targeted and event.kind not in NOT_CANCELLABLE
    if not card_id or card_id in dirty or cancelled:
        return _insert(conn, row, (int(cancelled), None, None), applied, event)
    last = conn.execute(_LAST_KEY, (card_id,)).fetchone()
    if last is not None and tuple(last) >= event.sort_key():
        n = _insert(conn, row, (0, None, None), applied, event)
        if n is not None:
            dirty.add(card_id)
        return n
    found = conn.execute(f"SELECT {_RECORD} FROM cards WHERE card_id = ?", (card_id,)).fetchone()
    before = None if found is None else read_record(found)[1]
    fold = Fold(before)
    day, moment = row[7], row[6]
    cache = fold.step(event.kind, day, moment, event.deck, row[8], row[12])
    n = _insert(conn, row, cache, applied, event)
    if n is not None:
        record = fold.record()
        if record is not None and record != before:
            write_record(conn, card_id, record)
        steps.append((card_id, summary.step_contribution(
            card_id=card_id, kind=event.kind, day=day, deck=event.deck, grade=row[8], seconds=row[10], data=row[12],
            cache=cache, reps_before=0 if before is None else before.state.reps)))
    return n


def _insert(conn: sqlite3.Connection, row: tuple[object, ...], cache: tuple[int, int | None, int | None],
            applied: Applied, event: Event) -> int | None:
    """Insert one event row with its cache; None when it was a duplicate or its (device, seq) is taken."""
    try:
        cursor = conn.execute(_INSERT, (*row, *cache))
    except sqlite3.IntegrityError as exc:
        if "UNIQUE" not in str(exc) or "seq" not in str(exc):
            raise
        applied.clashes.append(event)
        return None
    if cursor.rowcount == 0:
        applied.duplicates += 1
        return None
    return int(cursor.lastrowid or 0)

