"""The progress store: every event appended to a log in SQLite, committed before the call returns.

One file, `progress.sqlite3`, in the data directory. The `events` table is the append-only log of every
device's events (events.py: grades, practice grades, follow-ups, undos, suspend/bury/reset); nothing is
ever deleted from it, an undo is an event too. The `cards` table holds each card's state and counters,
a cache of replaying the log (replay.py); `reviews` is a view of the grades with wave 1's column names.
Progress is keyed by card id, so cards that left the decks keep their rows.

Every read-modify-write runs under `BEGIN IMMEDIATE`, so two terminals recording against one data
directory both keep all their events and agree on which grade of a day schedules a card. The hot path
(`record_grade`, `last_review`, `undo_last`) touches only index probes: it costs the same with a million
events as with none. Nothing here reads the clock: moments and study days are arguments.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Collection, Generator, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from quizterm.errors import QuiztermError
from quizterm.scheduler.fsrs import FsrsState
from quizterm.scheduler.queue import GradeEvent
from quizterm.scheduler.sm2 import CardState, Sm2Scheduler
from quizterm.store import queries
from quizterm.store.backups import make_backup
from quizterm.store.db import connect, database_path, use_wal
from quizterm.store.devices import Devices
from quizterm.store.explain import explained
from quizterm.store.kinds import EVENT_COLUMNS
from quizterm.store.migrations import LATEST_VERSION, migrate, newer_error, user_version
from quizterm.store.queries import Marker, Review, Standing
from quizterm.store.recording import Recording
from quizterm.store.rehearsal_reads import RehearsalReads
from quizterm.store.replay import CardRecord
from quizterm.store.shared_ids import decks_of_shared_ids
from quizterm.store.summary_reads import SummaryReads

if TYPE_CHECKING:
    from quizterm.scheduler.base import AnyScheduler
    from quizterm.store.events import Event


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


class ProgressStore(Recording, Devices, SummaryReads, RehearsalReads):
    """The event log and card states of one data directory. Open with `ProgressStore.open`.

    `session` is this store's session id, allocated with its first event (no empty sessions); undo only
    ever cancels events of this session. Writes (`record_grade`, `undo_last`, ...) are in recording.py, what
    sync needs (a device's rows, a new device id) in devices.py, the summary tables' reads (for the stats
    screen) in summary_reads.py, the reads for the rubric's checklist and its stats in rehearsal_reads.py.
    Safe to call from several threads (one lock).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False,
                 scheduler: AnyScheduler | None = None) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.read_only = read_only
        self.scheduler: AnyScheduler = Sm2Scheduler() if scheduler is None else scheduler
        self._session: int | None = None
        self._lock = threading.RLock()

    @classmethod
    def open(cls, data_dir: Path, *, real_now: datetime, read_only: bool = False,
             scheduler: AnyScheduler | None = None,
             notice: Callable[[str], object] | None = None) -> ProgressStore:
        """Open (creating it if need be) and migrate the store; a migration backs the file up first.

        `notice` hears that an existing database is being upgraded (commands print it on stderr).

        `scheduler` (default SM-2) decides the due dates `states` and `state` give; the log is folded under
        both schedulers whichever it is (scheduler/base.py), so it changes nothing stored.

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
                cls._prepare(conn, path, data_dir, real_now=real_now, read_only=read_only, notice=notice)
            except BaseException:
                conn.close()
                raise
        return cls(conn, path, read_only=read_only, scheduler=scheduler)

    @staticmethod
    def _prepare(conn: sqlite3.Connection, path: Path, data_dir: Path, *, real_now: datetime,
                 read_only: bool, notice: Callable[[str], object] | None) -> None:
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
        migrate(conn, path, backup=lambda: make_backup(conn, data_dir, made_at=real_now, verify=True),
                notice=notice)

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
                        # An optional tidy-up: busy with another writer (a drill beside a sync), skip it.
                        with contextlib.suppress(sqlite3.OperationalError):
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
        """This store's session id; None until its first event."""
        return self._session

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the progress store is closed")
        return self._conn

    # -- reads ----------------------------------------------------------------------------------------

    def device_id(self) -> str:
        """This data directory's device id (events it makes carry it)."""
        with self._lock, explained(self.path):
            return str(self._db().execute("SELECT id FROM device").fetchone()[0])

    def states(self) -> dict[str, CardState]:
        """The state of every card with a row, as the chosen scheduler schedules it (one query over the
        state table): under FSRS, interval and due date are FSRS's; reps, EF and lapses stay SM-2's."""
        with self._lock, explained(self.path):
            return queries.states(self._db(), self.scheduler)

    def state(self, card_id: str) -> CardState:
        """One card's state (new if it has no row), as `states` gives it; a primary-key probe."""
        found = self.record(card_id)
        return CardState() if found is None else self.scheduler.scheduled_state(found.state, found.memory)

    def records(self) -> dict[str, CardRecord]:
        """Every card's state-table row as stored: the SM-2 state, counters and the FSRS memory, whichever
        scheduler is chosen (`scheduler.scheduled_state(record.state, record.memory)` is the queue's view)."""
        with self._lock, explained(self.path):
            return queries.records(self._db())

    def memories(self) -> dict[str, FsrsState]:
        """FSRS's memory (stability, difficulty, last review day) of every card with a row, whichever
        scheduler is chosen: what readiness predicts recall from (plan/readiness.py). One table pass."""
        with self._lock, explained(self.path):
            return queries.memories(self._db())

    def standings(self) -> dict[str, Standing]:
        """Every card's state (as the chosen scheduler schedules it), reviews and last grade: the card
        browser's rows, without parsing any moment."""
        with self._lock, explained(self.path):
            return queries.standings(self._db(), self.scheduler)

    def record(self, card_id: str) -> CardRecord | None:
        with self._lock, explained(self.path):
            return queries.record(self._db(), card_id)

    def grades_on(self, day: date) -> list[GradeEvent]:
        """Every grade given on study day `day`, oldest first."""
        with self._lock, explained(self.path):
            return queries.grades_on(self._db(), day)

    def graded_days(self, groups: Mapping[str, int], *,
                    until: date) -> Generator[tuple[date, set[int]], None, None]:
        """Study days up to `until` on which a card of `groups` (card id -> group) was graded, newest first,
        each with the set of groups graded that day. Lazy, for streaks; holds the store's lock until
        exhausted or closed."""
        with self._lock, explained(self.path):
            yield from queries.graded_days(self._db(), groups, until=until)

    def scheduling_grades_between(self, first: date, last: date) -> list[tuple[str, int]]:
        """(card id, grade) of every scheduling grade given on a study day in [first, last]."""
        with self._lock, explained(self.path):
            return queries.scheduling_grades_between(self._db(), first, last)

    def passed_twice(self, card_ids: Collection[str], since: date) -> set[str]:
        """Those of `card_ids` with two passing scheduling grades from study day `since` on."""
        with self._lock, explained(self.path):
            return queries.passed_twice(self._db(), card_ids, since)

    def last_review(self, card_id: str) -> Review | None:
        """The card's newest grade in any session (the "previous attempt")."""
        with self._lock, explained(self.path):
            return queries.last_review(self._db(), card_id)

    def history(self, card_id: str) -> list[Review]:
        """Every grade of the card, oldest first."""
        with self._lock, explained(self.path):
            return queries.history(self._db(), card_id)

    def card_log(self, card_id: str) -> list[Review | Marker]:
        """The card's grades, practice grades and queue events (suspend, bury, reset ...), oldest first."""
        with self._lock, explained(self.path):
            return queries.card_log(self._db(), card_id)

    def shared_ids(self) -> dict[str, tuple[str, ...]]:
        """Card ids graded under more than one deck name -> those names (see shared_ids.py); O(events)."""
        with self._lock, explained(self.path):
            return decks_of_shared_ids(self._db())

    def review_count(self) -> int:
        """How many grades the log holds (counts the log: not for the hot path)."""
        with self._lock, explained(self.path):
            return queries.review_count(self._db())

    def session_grade_count(self) -> int:
        """Grades this store's session holds now (after undos): what quitting reports as saved."""
        if self._session is None:
            return 0
        with self._lock, explained(self.path):
            return queries.session_grade_count(self._db(), self._session)

    def device_events(self, device: str, *, after_seq: int = 0) -> Iterator[Event]:
        """The events `device` made with a sequence number above `after_seq`, in sequence order (for sync's
        journal). Holds the store's lock until exhausted or closed."""
        from quizterm.store.events import from_row

        with self._lock, explained(self.path):
            cursor = self._db().execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE device = ? AND seq > ? "
                                        "ORDER BY seq", (device, after_seq))
            try:
                yield from map(from_row, cursor)
            finally:
                cursor.close()


__all__ = ["CardRecord", "Marker", "ProgressStore", "Review"]
