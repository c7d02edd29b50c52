"""Summary tables: small aggregates of the event log that the stats screen reads instead of the log.

Schema version 6. Three tables, each a cache of the log like `cards` (rebuildable by `doctor`, never the
only copy of anything):

- `day_totals`, per study day and deck: grades by grade (drills included), practice grades, and the
  scheduling grades of cards already scheduled, young and mature apart, with how many of each passed (>= 3);
- `reveal_seconds`, per deck and whole seconds: grades by the time taken before revealing the rubric;
- `point_tally`, per card and key-point text: scheduling grades that asked the point, and that marked it.

`deck` is the deck name recorded with each event (the deck file's name when it was made). "Young" and
"mature" describe the card *before* the grade: mature from `MATURE_REPS` repetitions on, as everywhere
in quizterm. A new card's first grade is neither (it tests nothing yet). Cancelled events count nowhere.

Why tables and not scans: whether a grade was young or mature is the card's state before it, which only
a replay knows; a replay or a scan of a million events costs seconds, these tables are read in
milliseconds. They are kept in step with each event by `apply.py`, in the same transaction: an event that
sorts last adds its own contribution (`step_contribution`); a card replayed in full (an undo, an event
from the past, a sync batch) has its contribution recomputed from the log before and after the batch and
the difference applied (`update`). Rows that fall to zero are deleted, so the tables always equal
`from_log` exactly: that is what `doctor` checks. Any other writer of events (a bulk import) keeps them
exact the same way: note `last_n` before inserting, then `update(conn, (), cards_touched, before)`.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from quizterm.scheduler.sm2 import MATURE_REPS, PASSING_GRADE
from quizterm.store.kinds import GRADE, NOT_CANCELLABLE, PRACTICE
from quizterm.store.replay import Fold

DAY_COLUMNS = ("g0", "g1", "g2", "g3", "g4", "g5", "practice", "young", "young_passed", "mature", "mature_passed")
_PRACTICE, _YOUNG, _MATURE = 6, 7, 9  # indexes in DAY_COLUMNS

TABLES = (
    f"""CREATE TABLE day_totals (
        day TEXT NOT NULL,                           -- study day
        deck TEXT NOT NULL,                          -- the deck name recorded with the events
        {", ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in DAY_COLUMNS)},
        PRIMARY KEY (day, deck)
    ) WITHOUT ROWID""",
    """CREATE TABLE reveal_seconds (
        deck TEXT NOT NULL,
        seconds INTEGER NOT NULL,                    -- whole seconds before revealing the rubric
        grades INTEGER NOT NULL,
        PRIMARY KEY (deck, seconds)
    ) WITHOUT ROWID""",
    """CREATE TABLE point_tally (
        card_id TEXT NOT NULL,
        point TEXT NOT NULL,                         -- the key point's text as the grade recorded it
        asked INTEGER NOT NULL,                      -- scheduling grades that asked it
        mentioned INTEGER NOT NULL,                  -- ... and marked it mentioned
        PRIMARY KEY (card_id, point)
    ) WITHOUT ROWID""",
)

# What a contribution reads of an event, in replay order; `?` bounds the events by local arrival (`n`).
_CARD_ROWS = ("SELECT e.card_id, e.kind, e.day, e.moment, e.deck, e.grade, e.data, e.seconds, "
              "EXISTS (SELECT 1 FROM events u WHERE u.target = e.event_id AND u.kind = 'undo' AND u.n <= :upto) "
              "FROM events e WHERE {where} AND e.n <= :upto ORDER BY {order}e.day, e.moment, e.device, e.seq")


@dataclass
class Summary:
    """Counts to add to (or, negated, take from) the summary tables."""

    days: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (day, deck) -> DAY_COLUMNS
    seconds: Counter[tuple[str, int]] = field(default_factory=Counter)  # (deck, whole seconds) -> grades
    points: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (card, point) -> [asked, mentioned]

    def add(self, other: Summary, sign: int = 1) -> None:
        for key, values in other.days.items():
            mine = self.days.setdefault(key, [0] * len(DAY_COLUMNS))
            for index, value in enumerate(values):
                mine[index] += sign * value
        for deck_seconds, count in other.seconds.items():
            self.seconds[deck_seconds] += sign * count
        for key, values in other.points.items():
            tally = self.points.setdefault(key, [0, 0])
            tally[0] += sign * values[0]
            tally[1] += sign * values[1]

    def nonzero(self) -> Summary:
        """The same counts without the keys whose counts are all zero (what the tables hold)."""
        return Summary(days={k: v for k, v in self.days.items() if any(v)},
                       seconds=Counter({k: v for k, v in self.seconds.items() if v}),
                       points={k: v for k, v in self.points.items() if any(v)})

    def count(self, *, card_id: str, kind: str, day: str, deck: str, grade: int | None, seconds: float | None,
              data: str | None, scheduling: bool, was_new: bool, reps_before: int) -> None:
        """Add one event that replay did not skip (see the module docstring for what counts where)."""
        if kind == PRACTICE:
            self._day(day, deck)[_PRACTICE] += 1
            return
        if kind != GRADE or grade is None:
            return
        row = self._day(day, deck)
        row[grade] += 1
        self.seconds[deck, int(seconds or 0)] += 1
        if not scheduling:
            return
        if not was_new:
            column = _MATURE if reps_before >= MATURE_REPS else _YOUNG
            row[column] += 1
            row[column + 1] += grade >= PASSING_GRADE
        if data:
            details = json.loads(data)
            asked = set(details.get("points", ()))
            for point in asked:
                tally = self.points.setdefault((card_id, point), [0, 0])
                tally[0] += 1
                tally[1] += point in details.get("mentioned", ())

    def _day(self, day: str, deck: str) -> list[int]:
        row = self.days.get((day, deck))  # no new list per event: a sync import counts a million
        if row is None:
            row = self.days[day, deck] = [0] * len(DAY_COLUMNS)
        return row


def _fold_rows(rows: Iterable[tuple[Any, ...]], into: Summary) -> None:
    """Replay one card's rows (selected as `_CARD_ROWS`, in replay order) and count each event."""
    fold = Fold()
    for card_id, kind, day, moment, deck, grade, data, seconds, targeted in rows:
        if targeted and kind not in NOT_CANCELLABLE:
            continue
        reps_before = fold.state.reps
        _, scheduling, was_new = fold.step(kind, day, moment, deck, grade, data)
        into.count(card_id=card_id, kind=kind, day=day, deck=deck, grade=grade, seconds=seconds,
                   data=data, scheduling=bool(scheduling), was_new=bool(was_new), reps_before=reps_before)


def card_summary(conn: sqlite3.Connection, card_id: str, *, upto: int | None = None) -> Summary:
    """One card's contribution, from its events that arrived up to `n = upto` (all when None)."""
    summary = Summary()
    bound = _last_n(conn) if upto is None else upto
    _fold_rows(conn.execute(_CARD_ROWS.format(where="e.card_id = :card", order=""),
                            {"card": card_id, "upto": bound}), summary)
    return summary


def from_log(conn: sqlite3.Connection) -> Summary:
    """The whole log's summary: a replay of every card (what the tables must equal)."""
    summary = Summary()
    rows = conn.execute(_CARD_ROWS.format(where="e.card_id IS NOT NULL", order="e.card_id, "),
                        {"upto": _last_n(conn)})
    for _, card_rows in groupby(rows, key=itemgetter(0)):
        _fold_rows(card_rows, summary)
    return summary


def step_contribution(*, card_id: str, kind: str, day: str, deck: str, grade: int | None, seconds: float | None,
                      data: str | None, cache: tuple[int, int | None, int | None], reps_before: int) -> Summary:
    """The contribution of one event applied as the last of its card (`cache` is what the fold returned)."""
    summary = Summary()
    summary.count(card_id=card_id, kind=kind, day=day, deck=deck, grade=grade, seconds=seconds, data=data,
                  scheduling=bool(cache[1]), was_new=bool(cache[2]), reps_before=reps_before)
    return summary


def last_n(conn: sqlite3.Connection) -> int:
    """The highest local arrival number so far: events of a batch about to be applied all come after it."""
    return _last_n(conn)


def _last_n(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(n), 0) FROM events").fetchone()[0])


def update(conn: sqlite3.Connection, steps: Iterable[tuple[str, Summary]], replayed: Iterable[str],
           before: int) -> None:
    """Bring the tables up to date after a batch: `steps` are the contributions of events applied as the
    last of their card (card id, contribution); the cards `replayed` in full get their contribution from
    before the batch (events up to `n = before`) replaced by their contribution now. Steps of a replayed
    card are left out: its new contribution holds them."""
    replayed = set(replayed)
    delta = Summary()
    for card_id, step in steps:
        if card_id not in replayed:
            delta.add(step)
    for card_id in sorted(replayed):
        delta.add(card_summary(conn, card_id, upto=before), sign=-1)
        delta.add(card_summary(conn, card_id))
    write_delta(conn, delta)


def write_delta(conn: sqlite3.Connection, delta: Summary) -> None:
    """Add `delta` to the tables and delete the rows it brings to zero."""
    days = [(*key, *values) for key, values in delta.days.items() if any(values)]
    if days:
        names = ", ".join(DAY_COLUMNS)
        updates = ", ".join(f"{name} = {name} + excluded.{name}" for name in DAY_COLUMNS)
        marks = ", ".join("?" * (2 + len(DAY_COLUMNS)))
        conn.executemany(f"INSERT INTO day_totals (day, deck, {names}) VALUES ({marks}) "
                         f"ON CONFLICT (day, deck) DO UPDATE SET {updates}", days)
        zero = " AND ".join(f"{name} = 0" for name in DAY_COLUMNS)
        conn.executemany(f"DELETE FROM day_totals WHERE day = ? AND deck = ? AND {zero}",
                         [key for key, values in delta.days.items() if min(values) < 0])
    seconds = [(deck, whole, count) for (deck, whole), count in delta.seconds.items() if count]
    if seconds:
        conn.executemany("INSERT INTO reveal_seconds (deck, seconds, grades) VALUES (?, ?, ?) "
                         "ON CONFLICT (deck, seconds) DO UPDATE SET grades = grades + excluded.grades", seconds)
        conn.executemany("DELETE FROM reveal_seconds WHERE deck = ? AND seconds = ? AND grades = 0",
                         [key for key, count in delta.seconds.items() if count < 0])
    points = [(*key, *values) for key, values in delta.points.items() if any(values)]
    if points:
        conn.executemany("INSERT INTO point_tally (card_id, point, asked, mentioned) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (card_id, point) DO UPDATE SET asked = asked + excluded.asked, "
                         "mentioned = mentioned + excluded.mentioned", points)
        conn.executemany("DELETE FROM point_tally WHERE card_id = ? AND point = ? AND asked = 0 AND mentioned = 0",
                         [key for key, values in delta.points.items() if min(values) < 0])


def stored(conn: sqlite3.Connection) -> Summary:
    """What the tables hold now."""
    names = ", ".join(DAY_COLUMNS)
    return Summary(
        days={(day, deck): list(values) for day, deck, *values in
              conn.execute(f"SELECT day, deck, {names} FROM day_totals")},
        seconds=Counter({(deck, whole): count for deck, whole, count in
                         conn.execute("SELECT deck, seconds, grades FROM reveal_seconds")}),
        points={(card_id, point): [asked, mentioned] for card_id, point, asked, mentioned in
                conn.execute("SELECT card_id, point, asked, mentioned FROM point_tally")})


def differences(conn: sqlite3.Connection) -> Iterator[str]:
    """Each table whose rows differ from the log's replay, as "table (N rows)"; nothing when all match."""
    expected, found = from_log(conn).nonzero(), stored(conn)
    for name, want, have in (("day_totals", expected.days, found.days),
                             ("reveal_seconds", dict(expected.seconds), dict(found.seconds)),
                             ("point_tally", expected.points, found.points)):
        wrong = _wrong_rows(want, have)
        if wrong:
            yield f"{name} ({wrong} {'row' if wrong == 1 else 'rows'})"


def _wrong_rows(want: Mapping[Any, object], have: Mapping[Any, object]) -> int:
    return sum(1 for key in want.keys() | have.keys() if want.get(key) != have.get(key))


def rebuild(conn: sqlite3.Connection) -> None:
    """Empty the tables and fill them from the log (the migration, `doctor`, bulk writers)."""
    for table in ("day_totals", "reveal_seconds", "point_tally"):
        conn.execute(f"DELETE FROM {table}")
    write_delta(conn, from_log(conn))


def create(conn: sqlite3.Connection) -> None:
    """Schema version 6: the tables, filled from the log (run inside the migration's transaction)."""
    for statement in TABLES:
        conn.execute(statement)
    rebuild(conn)
