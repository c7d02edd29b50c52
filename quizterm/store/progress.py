"""The progress store: every grade appended to a log in SQLite, committed before the call returns.

One file, `progress.sqlite3`, in the data directory. The `reviews` table is an append-only log (undo is
the only deletion); the `cards` table holds each card's SM-2 state and counters, derived from the log
(see replay.py). Progress is keyed by card id, so cards that left the decks keep their rows.

Every read-modify-write runs under `BEGIN IMMEDIATE`, so two terminals grading against one data directory
both keep all their grades and agree on which grade of a day schedules a card. The hot path
(`record_grade`, `last_review`) touches only index probes: it costs the same with a million reviews as
with none. Nothing here reads the clock: moments and study days are arguments.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from quizterm.errors import QuiztermError
from quizterm.scheduler.queue import GradeEvent
from quizterm.scheduler.sm2 import CardState, check_grade, schedule
from quizterm.store.backups import make_backup
from quizterm.store.db import (
    connect,
    database_path,
    format_moment,
    parse_day,
    parse_moment,
    parse_optional_day,
    transaction,
    use_wal,
)
from quizterm.store.explain import explained
from quizterm.store.migrations import LATEST_VERSION, migrate, newer_error, user_version
from quizterm.store.replay import (
    RECORD_COLUMNS,
    CardRecord,
    read_record,
    replay_card_from,
    write_record,
)
from quizterm.store.shared_ids import decks_of_shared_ids

_REVIEW_COLUMNS = ("id, card_id, deck, moment, day, grade, scheduling, was_new, answer, seconds, "
                   "reps, ef_centi, interval, due, lapses, session")


@dataclass(frozen=True, slots=True)
class Review:
    """One row of the review log."""

    id: int
    card_id: str
    deck: str
    moment: datetime  # aware, UTC
    day: date  # the local study day it counts for
    grade: int
    scheduling: bool  # False: a same-day drill that left the SM-2 state alone
    was_new: bool  # the card had never been scheduled before this grade
    answer: str  # what the user typed before revealing the rubric
    seconds: float  # time spent before revealing
    state: CardState  # the state after this grade
    session: int

    def event(self) -> GradeEvent:
        """This grade as the session queue counts it."""
        return GradeEvent(card_id=self.card_id, grade=self.grade, scheduling=self.scheduling,
                          was_new=self.was_new)


def _review(row: Any) -> Review:
    (id_, card_id, deck, moment, day, grade, scheduling, was_new, answer, seconds,
     reps, ef_centi, interval, due, lapses, session) = row
    return Review(id=id_, card_id=card_id, deck=deck, moment=parse_moment(moment), day=parse_day(day),
                  grade=grade, scheduling=bool(scheduling), was_new=bool(was_new), answer=answer,
                  seconds=seconds, state=CardState(reps=reps, ef_centi=ef_centi, interval=interval,
                                                   due=parse_optional_day(due), lapses=lapses),
                  session=session)


def check_data_dir(data_dir: Path) -> None:
    """The data directory must exist already: the CLI resolves (and creates) it, the store never does."""
    if not data_dir.exists():
        raise QuiztermError(f"{data_dir}: the data directory does not exist; create it or use another "
                            "--data-dir")
    if not data_dir.is_dir():
        raise QuiztermError(f"{data_dir}: the data directory is not a directory; use another --data-dir")


def check_database_file(path: Path) -> None:
    if path.exists() and not path.is_file():
        raise QuiztermError(f"{path}: the progress database is not a file; move it away or use another "
                            "--data-dir")


class ProgressStore:
    """The review log and card states of one data directory. Open with `ProgressStore.open`.

    `session` is this store's session id, allocated with its first grade (no empty sessions); undo only
    ever removes grades of this session. Safe to call from several threads (one lock).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.read_only = read_only
        self._session: int | None = None
        self._lock = threading.RLock()

    @classmethod
    def open(cls, data_dir: Path, *, real_now: datetime, read_only: bool = False) -> ProgressStore:
        """Open (creating it if need be) and migrate the store; a migration backs the file up first.

        `real_now` is the real wall-clock moment, never `--now`: it only names that backup. The day's first
        backup is not made here (it would delay the first screen, and read-only commands must not make it):
        the drill starts `daily_backup.DailyBackup` once its first screen is up.

        Raises `QuiztermError` for a missing or read-only directory, a damaged database (left untouched)
        or one made by a newer quizterm. `read_only` neither migrates nor backs up, and refuses grades.
        """
        check_data_dir(data_dir)
        path = database_path(data_dir)
        check_database_file(path)
        if read_only and not path.is_file():
            raise QuiztermError(f"{path}: no progress database yet; grade a card first")
        with explained(path):
            conn = connect(path, read_only=read_only)
            try:
                cls._prepare(conn, path, data_dir, real_now=real_now, read_only=read_only)
            except BaseException:
                conn.close()
                raise
        return cls(conn, path, read_only=read_only)

    @staticmethod
    def _prepare(conn: sqlite3.Connection, path: Path, data_dir: Path, *, real_now: datetime,
                 read_only: bool) -> None:
        # Read first: a damaged file fails here, before any statement that could write to it.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version = user_version(conn)
        if version > LATEST_VERSION:
            raise newer_error(path, version, LATEST_VERSION)
        if read_only:
            if version < LATEST_VERSION:
                raise QuiztermError(f"{path}: the progress database needs upgrading; open it once "
                                    "without read-only")
            return
        use_wal(conn)
        migrate(conn, path, backup=lambda: make_backup(conn, data_dir, made_at=real_now, verify=True))

    # -- lifetime -------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent). Nothing is pending: every grade is already committed."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            with explained(self.path):
                try:
                    if not self.read_only:
                        conn.execute("PRAGMA optimize")
                finally:
                    conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def session(self) -> int | None:
        """This store's session id; None until its first grade."""
        return self._session

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the progress store is closed")
        return self._conn

    # -- reads ----------------------------------------------------------------------------------------

    def states(self) -> dict[str, CardState]:
        """The SM-2 state of every card with a row (one query over the state table)."""
        with self._lock, explained(self.path):
            rows = self._db().execute("SELECT card_id, reps, ef_centi, interval, due, lapses FROM cards")
            return {card_id: CardState(reps=reps, ef_centi=ef_centi, interval=interval,
                                       due=parse_optional_day(due), lapses=lapses)
                    for card_id, reps, ef_centi, interval, due, lapses in rows}

    def records(self) -> dict[str, CardRecord]:
        """Every card's state-table row: state plus counters (for stats and doctor)."""
        with self._lock, explained(self.path):
            rows = self._db().execute(f"SELECT {RECORD_COLUMNS} FROM cards")
            return dict(read_record(row) for row in rows)

    def grades_on(self, day: date) -> list[GradeEvent]:
        """Every grade given on study day `day`, oldest first."""
        with self._lock, explained(self.path):
            rows = self._db().execute(
                "SELECT card_id, grade, scheduling, was_new FROM reviews WHERE day = ? ORDER BY id",
                (day.isoformat(),))
            return [GradeEvent(card_id=card_id, grade=grade, scheduling=bool(scheduling),
                               was_new=bool(was_new)) for card_id, grade, scheduling, was_new in rows]

    def graded_days(self, groups: Mapping[str, int], *,
                    until: date) -> Generator[tuple[date, set[int]], None, None]:
        """Study days up to `until` on which a card of `groups` (card id -> group) was graded, newest first,
        each with the set of groups graded that day.

        Lazy, for streaks: the day index is read only as far as the caller iterates, and the grouping runs
        inside SQLite (a temporary table joined to the index), not row by row in Python. Holds the store's
        lock until exhausted or closed.
        """
        with self._lock, explained(self.path):
            conn = self._db()
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS card_groups (card_id TEXT PRIMARY KEY, "
                         "grp INTEGER NOT NULL) WITHOUT ROWID")
            conn.execute("DELETE FROM temp.card_groups")
            conn.executemany("INSERT INTO temp.card_groups VALUES (?, ?)", groups.items())
            cursor = conn.execute(
                "SELECT DISTINCT r.day, g.grp FROM reviews r JOIN temp.card_groups g ON g.card_id = r.card_id "
                "WHERE r.day <= ? ORDER BY r.day DESC", (until.isoformat(),))
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

    def scheduling_grades_between(self, first: date, last: date) -> list[tuple[str, int]]:
        """(card id, grade) of every scheduling grade given on a study day in [first, last]."""
        with self._lock, explained(self.path):
            rows = self._db().execute(
                "SELECT card_id, grade FROM reviews WHERE day BETWEEN ? AND ? AND scheduling = 1",
                (first.isoformat(), last.isoformat()))
            return [(card_id, grade) for card_id, grade in rows]

    def last_review(self, card_id: str) -> Review | None:
        """The newest review of the card in any session (the "previous attempt")."""
        with self._lock, explained(self.path):
            row = self._db().execute(
                f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE card_id = ? ORDER BY id DESC LIMIT 1",
                (card_id,)).fetchone()
            return None if row is None else _review(row)

    def history(self, card_id: str) -> list[Review]:
        """Every review of the card, oldest first."""
        with self._lock, explained(self.path):
            rows = self._db().execute(
                f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE card_id = ? ORDER BY id", (card_id,))
            return [_review(row) for row in rows]

    def shared_ids(self) -> dict[str, tuple[str, ...]]:
        """Card ids graded under more than one deck name -> those names (see shared_ids.py); O(reviews)."""
        with self._lock, explained(self.path):
            return decks_of_shared_ids(self._db())

    def review_count(self) -> int:
        """How many grades the log holds (counts the log: not for the hot path)."""
        with self._lock, explained(self.path):
            return int(self._db().execute("SELECT count(*) FROM reviews").fetchone()[0])

    def session_grade_count(self) -> int:
        """Grades this store's session holds now (after undos): what quitting reports as saved."""
        if self._session is None:
            return 0
        with self._lock, explained(self.path):
            row = self._db().execute("SELECT count(*) FROM reviews WHERE session = ?", (self._session,)).fetchone()
            return int(row[0])

    # -- writes ---------------------------------------------------------------------------------------

    def record_grade(self, *, card_id: str, deck: str, grade: int, moment: datetime, day: date,
                     answer: str = "", seconds: float = 0.0) -> Review:
        """Append a grade and update the card's state, committed before returning.

        Inside the write transaction, the log decides what the grade is: the card's first grade on study
        day `day` schedules it (SM-2), any later one that day is a drill that leaves the state alone.
        """
        check_grade(grade)
        stamp = format_moment(moment)  # ValueError for a naive moment
        if not (math.isfinite(seconds) and seconds >= 0):
            raise ValueError(f"seconds must be a finite number >= 0, not {seconds!r}")
        with self._lock, explained(self.path):
            conn = self._db()
            with transaction(conn):
                session = self._session
                if session is None:
                    session = int(conn.execute("INSERT INTO sessions (started_at) VALUES (?)",
                                               (stamp,)).lastrowid or 0)
                row = conn.execute(f"SELECT {RECORD_COLUMNS} FROM cards WHERE card_id = ?",
                                   (card_id,)).fetchone()
                before = None if row is None else read_record(row)[1]
                state = CardState() if before is None else before.state
                scheduling = conn.execute("SELECT 1 FROM reviews WHERE day = ? AND card_id = ? LIMIT 1",
                                          (day.isoformat(), card_id)).fetchone() is None
                after = schedule(state, grade, day) if scheduling else state
                review_id = conn.execute(
                    f"INSERT INTO reviews ({_REVIEW_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?)",
                    (card_id, deck, stamp, day.isoformat(), grade, int(scheduling), int(state.is_new), answer,
                     float(seconds), after.reps, after.ef_centi, after.interval,
                     None if after.due is None else after.due.isoformat(), after.lapses, session),
                ).lastrowid
                review = Review(id=int(review_id or 0), card_id=card_id, deck=deck, moment=parse_moment(stamp),
                                day=day, grade=grade, scheduling=scheduling, was_new=state.is_new,
                                answer=answer, seconds=float(seconds), state=after, session=session)
                write_record(conn, card_id, CardRecord(
                    deck=deck, state=after, reviews=1 if before is None else before.reviews + 1,
                    last_grade=grade, last_reviewed=review.moment))
            self._session = session  # only once committed: a rolled-back session row never existed
            return review

    def undo_last(self) -> Review | None:
        """Remove this session's newest grade and restore the card's state exactly; None if none is left.

        The card is replayed from its remaining log rows, so grades other sessions gave it meanwhile stay
        in effect, and repeated calls walk back through this session's grades, newest first.
        """
        if self._session is None:
            return None
        with self._lock, explained(self.path):
            conn = self._db()
            with transaction(conn):
                row = conn.execute(
                    f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE session = ? ORDER BY id DESC LIMIT 1",
                    (self._session,)).fetchone()
                if row is None:
                    return None
                review = _review(row)
                conn.execute("DELETE FROM reviews WHERE id = ?", (review.id,))
                write_record(conn, review.card_id, replay_card_from(conn, review.card_id))
            return review


__all__ = ["CardRecord", "ProgressStore", "Review"]
