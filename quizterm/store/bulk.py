"""Applying a batch of events from elsewhere (sync's import): apply.py's rules, per card instead of per event.

apply.py records this device's events one at a time: five statements an event, which is nothing for a
grade but minutes for another device's million-event history. A batch takes the same decisions with a
few statements per *card* and one `executemany` for the rows:
1. events already in the log (same event id, found by one `IN` probe per few hundred ids) and events whose
   (device, seq) another event holds (a clash: reported, never inserted) are left out;
2. which new events an undo cancels (an undo of the batch or of the log; also when the undo came first);
3. per card: when all of its new events sort after every event it has and none of them cancels one it has,
   the fold continues from its `cards` row (replay.py's `Fold`) and the new rows are inserted with their
   caches; otherwise (an earlier `--now` day, an undo of an older event) the rows go in and the card is
   replayed in full (`rebuild_card`), as apply.py does;
4. the summary tables (summary.py) follow in the same transaction, as apply.py keeps them: each event
   folded on from its card's row adds its own counts, each card replayed in full has its counts from
   before the batch replaced by its counts now (`summary.update`'s rule, one delta written per batch).
The result is the same as applying the events one by one in any order (tests/store property tests import
in random batches and compare with a plain re-statement of the rules). The caller holds the transaction.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from quizterm.store import summary
from quizterm.store.kinds import EVENT_COLUMNS, NOT_CANCELLABLE, UNDO
from quizterm.store.replay import RECORD_COLUMNS, Cache, CardRecord, Fold, read_record, rebuild_card, record_row

Row = tuple[Any, ...]  # an event's stored columns, EVENT_COLUMNS order
# Where EVENT_COLUMNS puts what the fold reads.
_ID, _DEVICE, _SEQ, _KIND, _CARD, _DECK, _MOMENT, _DAY, _GRADE, _SECONDS, _TARGET, _DATA = (
    0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12)
_CHUNK = 900  # SQL variables per IN (...) probe: under SQLite's oldest default limit (999)
_INSERT = (f"INSERT INTO events ({EVENT_COLUMNS}, cancelled, scheduling, was_new) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_RECORD_MARKS = ", ".join("?" * len(RECORD_COLUMNS.split(",")))
_LAST_KEY = ("SELECT day, moment, device, seq FROM events WHERE card_id = ? "
             "ORDER BY day DESC, moment DESC, device DESC, seq DESC LIMIT 1")


@dataclass
class Carry:
    """What one import learns about the log that the next batch of the same import may reuse: each card's
    last event (replay order) after the batch. Valid only while no other connection has written in
    between, which `PRAGMA data_version` tells (it changes when another connection commits): a drill
    recording grades meanwhile simply makes the next batch probe again."""

    version: int | None = None
    last: dict[str, tuple[str, str, str, int]] = field(default_factory=dict)
    contended: bool = False  # another connection wrote during this import (a drill grading meanwhile)


@dataclass
class BatchResult:
    """What `apply_batch` did, by position in the rows given: inserted, duplicates (already in the log or
    twice in the batch), clashes (their (device, seq) belongs to another event), and the cards replayed
    in full."""

    inserted: list[int] = field(default_factory=list)
    duplicates: int = 0
    clashes: list[int] = field(default_factory=list)
    replayed: set[str] = field(default_factory=set)


_replay_key = itemgetter(_DAY, _MOMENT, _DEVICE, _SEQ)  # `key`, without a Python call per row


def key(row: Row) -> tuple[str, str, str, int]:
    """The row's place in replay order (study day, moment, device, seq), as the stored text sorts."""
    return row[_DAY], row[_MOMENT], row[_DEVICE], row[_SEQ]


def apply_batch(conn: sqlite3.Connection, rows: Sequence[Row], carry: Carry | None = None) -> BatchResult:
    """Insert the rows that are new and bring `cards` and the events' caches up to date (see the module
    docstring). `rows` may come in any order; the caller holds the write transaction. `carry`: what the
    previous batch of the same import learnt (updated for the next)."""
    result = BatchResult()
    carry = Carry() if carry is None else carry
    version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    if carry.version != version:
        carry.last.clear()
        carry.contended = carry.contended or carry.version is not None
    new = _new_rows(conn, rows, result)
    if not new:
        return result
    before_n = summary.last_n(conn)
    delta = summary.Summary()
    batch_targets = {rows[i][_TARGET] for i in new if rows[i][_KIND] == UNDO}
    targeted = batch_targets | _stored_undo_targets(conn, [rows[i][_ID] for i in new])
    by_card: dict[str | None, list[int]] = defaultdict(list)
    for i in new:
        by_card[rows[i][_CARD]].append(i)
    full = _cards_of_stored_targets(conn, batch_targets - {rows[i][_ID] for i in new})
    caches: dict[int, Cache] = {}
    records: list[Row] = []
    stored = _records(conn, [card for card in by_card if card is not None and card not in full])
    for card_id, indexes in by_card.items():
        if card_id is None:  # an unknown kind naming no card: nothing to fold
            for i in indexes:
                caches[i] = (int(rows[i][_ID] in targeted and rows[i][_KIND] not in NOT_CANCELLABLE), None, None)
            continue
        if card_id in full:
            continue
        indexes.sort(key=lambda i: _replay_key(rows[i]))
        last = carry.last.get(card_id) or conn.execute(_LAST_KEY, (card_id,)).fetchone()
        if last is not None and tuple(last) >= key(rows[indexes[0]]):
            full.add(card_id)
            continue
        carry.last[card_id] = key(rows[indexes[-1]])
        before = stored.get(card_id)
        fold = Fold(before)
        step, count = fold.step, delta.count
        for i in indexes:
            row = rows[i]
            if targeted and row[_ID] in targeted and row[_KIND] not in NOT_CANCELLABLE:
                caches[i] = (1, None, None)
                continue
            reps_before = fold.state.reps
            kind, day, deck, grade, data = row[_KIND], row[_DAY], row[_DECK], row[_GRADE], row[_DATA]
            cache = caches[i] = step(kind, day, row[_MOMENT], deck, grade, data)
            count(card_id=card_id, kind=kind, day=day, deck=deck, grade=grade, seconds=row[_SECONDS], data=data,
                  scheduling=bool(cache[1]), was_new=bool(cache[2]), reps_before=reps_before)
        record = fold.record()
        if record is not None and record != before:
            records.append(record_row(card_id, record))
    placeholder: Cache = (0, None, None)  # rewritten by the card's full replay below
    # In event id order: the unique index on random ids is then walked once per batch, not hit at random.
    ordered = sorted(new, key=lambda i: rows[i][_ID])
    conn.executemany(_INSERT, (tuple(rows[i]) + caches.get(i, placeholder) for i in ordered))
    if records:
        conn.executemany(f"INSERT OR REPLACE INTO cards ({RECORD_COLUMNS}) VALUES ({_RECORD_MARKS})", records)
    for card_id in sorted(full):
        rebuild_card(conn, card_id)
        carry.last.pop(card_id, None)
        delta.add(summary.card_summary(conn, card_id, upto=before_n), sign=-1)
        delta.add(summary.card_summary(conn, card_id))
    summary.write_delta(conn, delta)
    carry.version = version
    result.inserted = new
    result.replayed = full
    return result


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _in(values: Sequence[Any]) -> str:
    return f"({', '.join('?' * len(values))})"


def _new_rows(conn: sqlite3.Connection, rows: Sequence[Row], result: BatchResult) -> list[int]:
    """Positions of the rows to insert, in the order given: not in the log, not twice in the batch, and
    with a (device, seq) no other event holds."""
    first: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row[_ID] in first:
            result.duplicates += 1
        else:
            first[row[_ID]] = i
    ids = sorted(first)  # each probe then reads a narrow range of the index on event ids, not all of it
    for chunk in _chunks(ids):
        for (event_id,) in conn.execute(f"SELECT event_id FROM events WHERE event_id IN {_in(chunk)}", chunk):
            del first[event_id]
            result.duplicates += 1
    candidates = sorted(first.values())
    seqs: dict[str, list[int]] = defaultdict(list)
    for i in candidates:
        seqs[rows[i][_DEVICE]].append(rows[i][_SEQ])
    taken: set[tuple[str, int]] = set()
    for device, numbers in seqs.items():
        taken.update((device, seq) for (seq,) in conn.execute(
            "SELECT seq FROM events WHERE device = ? AND seq BETWEEN ? AND ?", (device, min(numbers), max(numbers))))
    new = []
    for i in candidates:
        place = (rows[i][_DEVICE], rows[i][_SEQ])
        if place in taken:
            result.clashes.append(i)
        else:
            taken.add(place)
            new.append(i)
    return new


def _stored_undo_targets(conn: sqlite3.Connection, event_ids: Sequence[str]) -> set[str]:
    """Which of `event_ids` an undo already in the log names (the undo arrived first)."""
    if conn.execute("SELECT 1 FROM events WHERE target IS NOT NULL LIMIT 1").fetchone() is None:
        return set()
    found: set[str] = set()
    for chunk in _chunks(event_ids):
        found.update(target for (target,) in conn.execute(
            f"SELECT target FROM events WHERE kind = 'undo' AND target IN {_in(chunk)}", chunk))
    return found


def _cards_of_stored_targets(conn: sqlite3.Connection, targets: set[str]) -> set[str]:
    """The cards of events already in the log that an undo of the batch cancels: replayed in full."""
    cards: set[str] = set()
    wanted = sorted(targets)
    for chunk in _chunks(wanted):
        cards.update(card_id for card_id, kind in conn.execute(
            f"SELECT card_id, kind FROM events WHERE event_id IN {_in(chunk)}", chunk)
            if card_id is not None and kind not in NOT_CANCELLABLE)
    return cards


def _records(conn: sqlite3.Connection, card_ids: Sequence[str]) -> dict[str, CardRecord]:
    found: dict[str, CardRecord] = {}
    for chunk in _chunks(card_ids):
        found.update(read_record(row) for row in conn.execute(
            f"SELECT {RECORD_COLUMNS} FROM cards WHERE card_id IN {_in(chunk)}", chunk))
    return found
