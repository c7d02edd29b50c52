"""A deterministic review history written straight into a progress database in the store's schema.

The simulated user drills every day for three years: new cards join in deck order during the first
400 days (85% of the cards; the rest stay new), every card due that day gets its scheduling grade
(SM-2 from `quizterm.scheduler.sm2`, so every row's state is what the store itself would have written),
and each card graded below 4 is drilled again the same day until it gets a 4 or 5. The cards are hard
(a quarter of the reviews lapse), which keeps intervals short and the log long: about 100 grades per
card, so 10,000 cards give close to 1,000,000 reviews. Then a week off, and on "today" a morning session
graded the first 60 cards of the (now long) overdue queue: `grades_on(today)` has work to do and the
queue still holds thousands of overdue cards.

The simulation runs day by day, so rows come out in log order and stream into SQLite (no million-row
list in memory). The database is created by `ProgressStore.open` (migrated exactly as the app would),
closed, filled through sqlite3, and opened and closed once more by the store so it looks like a file the
app has used (`PRAGMA optimize`), with the day's backup made as a drill makes it.
"""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.db import database_path, format_moment
from quizterm.store.progress import ProgressStore

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
    records: dict[int, tuple[CardState, int, int, str]] = field(default_factory=dict)  # state, n, grade, moment

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
                count = stats.records[index][1] if index in stats.records else 0
                stamp = format_moment(moment)
                stats.records[index] = (after, count + 1, grade, stamp)
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


def _bulk(data_dir: Path) -> sqlite3.Connection:
    data_dir.mkdir(parents=True, exist_ok=True)
    ProgressStore.open(data_dir, real_now=datetime.now(UTC)).close()  # created and migrated by the app's code
    conn = sqlite3.connect(database_path(data_dir), isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    conn.execute("BEGIN")
    return conn


def write_history(full_dir: Path, control_dir: Path, cards: Sequence[tuple[str, str]], *, today: date,
                  seed: int) -> HistoryStats:
    """Simulate once; write `full_dir` (the whole log) and `control_dir` (the same `cards` table, but only
    today's grades in `reviews`: the control for "the queue build does not grow with the log")."""
    stats = HistoryStats()
    full, control = _bulk(full_dir), _bulk(control_dir)
    try:
        review_sql = f"INSERT INTO reviews VALUES ({', '.join('?' * 16)})"
        session_sql = "INSERT INTO sessions (id, started_at) VALUES (?, ?)"
        batch: list[ReviewRow] = []
        today_text = today.isoformat()
        for kind, row in simulate(cards, today, seed, stats):
            if kind == "session":
                full.execute(session_sql, row)
                control.execute(session_sql, row)
                continue
            assert len(row) == 16
            batch.append(row)  # type: ignore[arg-type]
            if row[4] == today_text:
                control.execute(review_sql, row)
            if len(batch) >= 50_000:
                full.executemany(review_sql, batch)
                batch.clear()
        full.executemany(review_sql, batch)
        records = [(cards[i][0], cards[i][1], s.reps, s.ef_centi, s.interval,
                    None if s.due is None else s.due.isoformat(), s.lapses, n, grade, stamp)
                   for i, (s, n, grade, stamp) in sorted(stats.records.items())]
        for conn in (full, control):
            conn.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records)
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        full.close()
        control.close()
    # Opened and closed once by the store, as after a session (`PRAGMA optimize`), and the day's backup made
    # as a drill makes it. Backups follow the real clock, not `now`: the benchmark marks copies of it as
    # made today (`Bench.data_dir`), since the generated data is reused on later days.
    from quizterm.store.daily_backup import DailyBackup

    for data_dir in (full_dir, control_dir):
        ProgressStore.open(data_dir, real_now=datetime.now(UTC)).close()
        DailyBackup(data_dir).run(datetime.now(UTC))
    return stats
