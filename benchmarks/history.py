"""A deterministic review history written straight into a progress database in the store's schema.

The simulated user drills every day for three years: new cards join in deck order during the first
400 days (85% of the cards; the rest stay new), every card due that day gets its scheduling grade
(SM-2 from `quizterm.scheduler.sm2`, so every row's state is what the store itself would have written;
each card's FSRS memory is filled from the log by the step the store's fold uses),
and each card graded below 4 is drilled again the same day until it gets a 4 or 5. The cards are hard
(a quarter of the reviews lapse), which keeps intervals short and the log long: about 100 grades per
card, so 10,000 cards give close to 1,000,000 reviews. Then a week off, and on "today" a morning session
graded the first 60 cards of the (now long) overdue queue: `grades_on(today)` has work to do and the
queue still holds thousands of overdue cards.

The simulation runs day by day, so rows come out in log order and stream into SQLite (no million-row
list in memory). Each grade becomes a `grade` event of one device (seq in log order, a seeded uuid4 event
id) with the cache replay would derive (the simulation grades in replay order, so its scheduling flags
are replay's). The database is created by `ProgressStore.open` (migrated exactly as the app would),
closed, filled through sqlite3, and opened and closed once more by the store so it looks like a file the
app has used (`PRAGMA optimize`), with the day's backup made as a drill makes it.

The same history is also written in the wave-1 schema (version 2: a `reviews` table with each row's
state after it), to time the one-time migration to the event log at this size.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store import summary
from quizterm.store.db import connect, database_path, format_moment, use_wal
from quizterm.store.events import EVENT_COLUMNS
from quizterm.store.migrations import MIGRATIONS, migrate
from quizterm.store.progress import ProgressStore
from quizterm.store.replay import RECORD_COLUMNS
from quizterm.store.upgrade_v4 import memories as fsrs_memories

DAYS = 3 * 365
INTRO_DAYS = 400
INTRO_SHARE = 0.85
VACATION_DAYS = 7
TODAY_GRADED = 60
_FIRST_GRADE = (0, 1, 2, 3, 4, 5), (4, 6, 12, 26, 32, 20)
_REVIEW_GRADE = (0, 1, 2, 3, 4, 5), (7, 11, 17, 32, 22, 11)
_DRILL_GRADE = (2, 3, 4, 5), (10, 25, 45, 20)
_ANSWERS = (
    "", "", "", "I don't know",
    "It normalises the activations so the gradient scale stays stable across layers.",
    "Split by time, not at random, otherwise the validation set leaks the future.",
    "Sharded data parallel: each rank keeps a slice of the optimiser state and gathers weights per layer.",
)

ReviewRow = tuple[int, str, str, str, str, int, int, int, str, float, int, int, int, str | None, int, int]


@dataclass
class HistoryStats:
    """What was simulated, for the report; `records` is each graded card's state-table row."""

    reviews: int = 0
    sessions: int = 0
    today_reviews: int = 0
    overdue_today: int = 0
    # state, grades, last grade, its moment, the day of the last scheduling grade
    records: dict[int, tuple[CardState, int, int, str, str]] = field(default_factory=dict)

    @property
    def graded_cards(self) -> int:
        return len(self.records)


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at).astimezone()


def simulate(cards: Sequence[tuple[str, str]], today: date, seed: int,
             stats: HistoryStats) -> Iterator[tuple[str, ReviewRow | tuple[int, str]]]:
    """Yield ("session", (id, started_at)) and ("review", row) in log order; fills `stats` as it goes.

    `cards` are (card id, deck key) in deck order. Once exhausted, `stats.records` holds every graded
    card's final state and counters.
    """
    rng = random.Random(f"history/{seed}/{len(cards)}")
    first_day = today - timedelta(days=DAYS)
    last_active = today - timedelta(days=VACATION_DAYS + 1)
    introduced = int(len(cards) * INTRO_SHARE)
    intro_day = {i: first_day + timedelta(days=i * INTRO_DAYS // introduced) for i in range(introduced)}
    new_on: dict[date, list[int]] = defaultdict(list)
    for index, day in intro_day.items():
        new_on[day].append(index)
    due_on: dict[date, list[int]] = defaultdict(list)
    states: dict[int, CardState] = {}
    review_id = 0
    session_id = 0

    def rows_for(day: date, order: list[int], start: time) -> Iterator[tuple[str, ReviewRow | tuple[int, str]]]:
        nonlocal review_id, session_id
        moment = _local(day, start)
        session_id += 1
        stats.sessions += 1
        yield "session", (session_id, format_moment(moment))
        pending: list[int] = []
        graded_today: set[int] = set()
        for phase in range(100):
            batch = order if phase == 0 else pending
            pending = []
            for index in batch:
                moment += timedelta(seconds=rng.randint(4, 14))
                before = states.get(index, CardState())
                scheduling = index not in graded_today
                if scheduling:
                    pool = _FIRST_GRADE if before.is_new else _REVIEW_GRADE
                    grade = rng.choices(pool[0], pool[1])[0]
                    after = schedule(before, grade, day)
                    graded_today.add(index)
                    if after.due is not None:
                        due_on[after.due].append(index)
                else:
                    grade = rng.choices(_DRILL_GRADE[0], _DRILL_GRADE[1])[0]
                    after = before
                states[index] = after
                count, scheduled_on = stats.records[index][1::3] if index in stats.records else (0, "")
                stamp = format_moment(moment)
                stats.records[index] = (after, count + 1, grade, stamp,
                                        day.isoformat() if scheduling else scheduled_on)
                if grade < 4:
                    pending.append(index)
                review_id += 1
                stats.reviews += 1
                if day == today:
                    stats.today_reviews += 1
                card_id, deck = cards[index]
                yield "review", (
                    review_id, card_id, deck, stamp, day.isoformat(), grade, int(scheduling),
                    int(before.is_new), rng.choice(_ANSWERS), float(rng.randint(5, 90)), after.reps,
                    after.ef_centi, after.interval, None if after.due is None else after.due.isoformat(),
                    after.lapses, session_id)
            if not pending:
                break

    day = first_day
    while day <= last_active:
        # Cards due today whose state still says so (a card re-scheduled since is skipped), then new ones.
        due = sorted({i for i in due_on.pop(day, []) if states[i].due == day})
        yield from rows_for(day, due + new_on.get(day, []), time(19, 0))
        day += timedelta(days=1)
    # Back from a week off: the queue's order, most overdue first, then deck order.
    overdue = sorted((s.due, i) for i, s in states.items() if s.due is not None and s.due <= today)
    stats.overdue_today = len(overdue)
    yield from rows_for(today, [i for _, i in overdue[:TODAY_GRADED]], time(8, 0))


def _bulk(data_dir: Path, *, legacy: bool = False) -> sqlite3.Connection:
    data_dir.mkdir(parents=True, exist_ok=True)
    if legacy:  # version 2, as wave-1 code left it
        conn = connect(database_path(data_dir))
        use_wal(conn)
        migrate(conn, database_path(data_dir), backup=lambda: None, steps=MIGRATIONS[:2])
        conn.close()
    else:
        ProgressStore.open(data_dir, real_now=datetime.now(UTC)).close()  # created and migrated by the app's code
    conn = sqlite3.connect(database_path(data_dir), isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    conn.execute("BEGIN")
    return conn


_EVENT_SQL = f"INSERT INTO events (n, {EVENT_COLUMNS}, cancelled, scheduling, was_new) VALUES ({', '.join('?' * 18)})"


def _event(row: ReviewRow, device: str, event_id: str) -> tuple[object, ...]:
    (review_id, card_id, deck, stamp, day, grade, scheduling, was_new, answer, seconds, *_state, session) = row
    return (review_id, event_id, device, review_id, "grade", card_id, deck, stamp, day, grade, answer, seconds,
            None, None, session, 0, scheduling, was_new)


def write_history(full_dir: Path, control_dir: Path, legacy_dir: Path, cards: Sequence[tuple[str, str]], *,
                  today: date, seed: int) -> HistoryStats:
    """Simulate once; write `full_dir` (the whole log), `control_dir` (the same `cards` table, but only
    today's grades in the log: the control for "the queue build does not grow with the log") and
    `legacy_dir` (the whole log in the version-2 schema, for the migration)."""
    stats = HistoryStats()
    ids = random.Random(f"event-ids/{seed}")
    device = f"{ids.getrandbits(64):016x}"
    full, control, legacy = _bulk(full_dir), _bulk(control_dir), _bulk(legacy_dir, legacy=True)
    try:
        review_sql = f"INSERT INTO reviews VALUES ({', '.join('?' * 16)})"
        session_sql = "INSERT INTO sessions (id, started_at) VALUES (?, ?)"
        batch: list[ReviewRow] = []
        events: list[tuple[object, ...]] = []
        today_text = today.isoformat()
        for kind, row in simulate(cards, today, seed, stats):
            if kind == "session":
                for conn in (full, control, legacy):
                    conn.execute(session_sql, row)
                continue
            assert len(row) == 16
            batch.append(row)  # type: ignore[arg-type]
            events.append(_event(row, device, uuid.UUID(int=ids.getrandbits(128), version=4).hex))  # type: ignore[arg-type]
            if row[4] == today_text:
                control.execute(_EVENT_SQL, events[-1])
            if len(batch) >= 50_000:
                legacy.executemany(review_sql, batch)
                full.executemany(_EVENT_SQL, events)
                batch.clear()
                events.clear()
        legacy.executemany(review_sql, batch)
        full.executemany(_EVENT_SQL, events)
        graded = sorted(stats.records.items())
        records = [(cards[i][0], cards[i][1], s.reps, s.ef_centi, s.interval,
                    None if s.due is None else s.due.isoformat(), s.lapses, n, grade, stamp, 0, None, scheduled_on,
                    None, None)
                   for i, (s, n, grade, stamp, scheduled_on) in graded]
        for conn in (full, control):
            conn.execute("UPDATE device SET id = ?, next_seq = ?", (device, stats.reviews + 1))
            conn.executemany(f"INSERT INTO cards ({RECORD_COLUMNS}) VALUES ({', '.join('?' * 15)})", records)
        # FSRS's memory of each card, as the store's fold leaves it (the same step the v4 migration runs)
        memory = list(fsrs_memories(full))
        for conn in (full, control):
            conn.executemany("UPDATE cards SET stability = ?, difficulty = ? WHERE card_id = ?", memory)
        for conn in (full, control):
            summary.rebuild(conn)  # the summary tables the store keeps in step with each event
        legacy.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [row[:10] for row in records])
        for conn in (full, control, legacy):
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        for conn in (full, control, legacy):
            conn.close()
    # Opened and closed once by the store, as after a session (`PRAGMA optimize`), and the day's backup made
    # as a drill makes it. Backups follow the real clock, not `now`: the benchmark marks copies of it as
    # made today (`Bench.data_dir`), since the generated data is reused on later days.
    from quizterm.store.daily_backup import DailyBackup

    for data_dir in (full_dir, control_dir):
        ProgressStore.open(data_dir, real_now=datetime.now(UTC)).close()
        DailyBackup(data_dir).run(datetime.now(UTC))
    return stats
