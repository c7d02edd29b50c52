"""The schema, as a list of migration steps; `PRAGMA user_version` says how many have run.

Step N takes a database at version N-1 to version N. Steps are frozen once released: a change is a new
step appended to `MIGRATIONS`, never an edit, because users' files were made by the old ones. All pending
steps run in one `BEGIN IMMEDIATE` transaction (DDL is transactional in SQLite), so a failure leaves the
file at its old version; `executescript` is avoided because it commits first.

Version 0 is an empty file. A file with a newer version than this code knows is refused, not "fixed".
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.store.db import transaction


@dataclass(frozen=True, slots=True)
class Migration:
    """One step: SQL statements run in order inside the migration transaction, then `run` (a step that
    needs Python, e.g. to replay the log) on the same connection and transaction."""

    version: int
    why: str
    statements: tuple[str, ...]
    run: Callable[[sqlite3.Connection], None] | None = None
    # VACUUM once committed: the step rewrote most of the file and left the old pages free (every daily
    # backup would copy them).
    compact: bool = False

    def apply(self, conn: sqlite3.Connection) -> None:
        for statement in self.statements:
            conn.execute(statement)
        if self.run is not None:
            self.run(conn)


def _upgrade_v3(conn: sqlite3.Connection) -> None:
    """Imported when needed: the start-up path only reads the version."""
    from quizterm.store.upgrade_v3 import upgrade

    upgrade(conn)


def _upgrade_v4(conn: sqlite3.Connection) -> None:
    from quizterm.store.upgrade_v4 import upgrade

    upgrade(conn)


def _summary_tables(conn: sqlite3.Connection) -> None:
    from quizterm.store.summary import create

    create(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        why="the review log (the source of truth), sessions, and the per-card state derived from the log",
        statements=(
            """CREATE TABLE sessions (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL                     -- UTC ISO 8601, the first grade's moment
            )""",
            # AUTOINCREMENT: an undone review's id is never handed out again.
            """CREATE TABLE reviews (
                id INTEGER PRIMARY KEY AUTOINCREMENT,        -- log order
                card_id TEXT NOT NULL,
                deck TEXT NOT NULL,
                moment TEXT NOT NULL,                        -- UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ
                day TEXT NOT NULL,                           -- local study day, YYYY-MM-DD
                grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
                scheduling INTEGER NOT NULL CHECK (scheduling IN (0, 1)),  -- 0: same-day drill
                was_new INTEGER NOT NULL CHECK (was_new IN (0, 1)),
                answer TEXT NOT NULL,
                seconds REAL NOT NULL,                       -- before revealing the rubric
                reps INTEGER NOT NULL,                       -- the state after this grade ...
                ef_centi INTEGER NOT NULL,
                interval INTEGER NOT NULL,
                due TEXT,
                lapses INTEGER NOT NULL,                     -- ... up to here
                session INTEGER NOT NULL REFERENCES sessions (id)
            )""",
            "CREATE INDEX reviews_by_card ON reviews (card_id, id)",
            # (day, card_id): grades of a day, and "has this card a grade today?" in one index probe.
            "CREATE INDEX reviews_by_day ON reviews (day, card_id)",
            "CREATE INDEX reviews_by_session ON reviews (session, id)",
            # A cache of the log (rebuilt by replay.py, checked by doctor): one row per card ever graded.
            """CREATE TABLE cards (
                card_id TEXT PRIMARY KEY,
                deck TEXT NOT NULL,                          -- the deck of its newest grade
                reps INTEGER NOT NULL,
                ef_centi INTEGER NOT NULL,
                interval INTEGER NOT NULL,
                due TEXT,                                    -- NULL while new
                lapses INTEGER NOT NULL,
                reviews INTEGER NOT NULL,                    -- every grade, drills included
                last_grade INTEGER NOT NULL,
                last_reviewed TEXT NOT NULL                  -- UTC moment of the newest grade
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        version=2,
        why="drafts of typed answers, so a half-typed answer survives a quit or a crash (not progress: no "
            "event, never synced)",
        statements=(
            """CREATE TABLE drafts (
                card_id TEXT PRIMARY KEY,
                answer TEXT NOT NULL,                        -- the answer box's text, as typed
                saved_at TEXT NOT NULL                       -- UTC ISO 8601, real wall-clock time
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        version=3,
        why="the event log: every event of every device with a global id, replayed in one order (sync, "
            "undo as an event, practice, suspend/bury/reset); `reviews` becomes a view of its grades",
        statements=(),
        run=_upgrade_v3,
        compact=True,
    ),
    Migration(
        version=4,
        why="FSRS's memory of every card (stability, difficulty) cached beside its SM-2 state, for FSRS as a "
            "scheduler and for readiness under either; filled once by replaying FSRS over the log",
        statements=(),
        run=_upgrade_v4,
    ),
    # Version 5 is the lead's allocation for sync (issue 14), which has not needed a schema change so far: a
    # step that changes nothing holds its place, so that the summary tables keep the number allocated to
    # them. Sync may give it statements until a release ships it; after that a change of sync's is a new step.
    Migration(
        version=5,
        why="reserved for sync (issue 14): no schema change",
        statements=(),
    ),
    Migration(
        version=6,
        why="summary tables of the log (reviews per day and deck, retention of young and mature cards, time "
            "to reveal, key points asked and made), so the stats screen reads no million-event scan; filled "
            "by one replay of the log, kept in step with each event, rebuilt by doctor",
        statements=(),
        run=_summary_tables,
    ),
)

LATEST_VERSION = len(MIGRATIONS)



def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def newer_error(path: Path, version: int, latest: int) -> QuiztermError:
    return QuiztermError(f"{path}: made by a newer quizterm (database version {version}, this quizterm "
                         f"knows up to {latest}); upgrade quizterm")


def migrate(conn: sqlite3.Connection, path: Path, *, backup: Callable[[], object],
            steps: Sequence[Migration] = MIGRATIONS, notice: Callable[[str], object] | None = None) -> int:
    """Bring the database up to `len(steps)`; returns the version it had.

    `backup` is called before migrating a database that already holds data (version > 0). Another process
    may migrate at the same moment: the version is read again under the write lock. `notice` is told, before
    anything is done, that an existing database is being upgraded: with a million reviews some steps take
    tens of seconds before the first screen, and a silent terminal for that long looks like a hang.
    """
    latest = len(steps)
    found = user_version(conn)
    if found > latest:
        raise newer_error(path, found, latest)
    if found == latest:
        return found
    if found > 0:
        if notice is not None:
            notice(f"upgrading {path} from database version {found} to {latest}: a one-time step that can "
                   "take a minute with a long history (a backup is made first)")
        backup()
    with transaction(conn):
        found = user_version(conn)
        if found > latest:
            raise newer_error(path, found, latest)
        if found == 0 and conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None:
            raise QuiztermError(f"{path}: not a quizterm progress database (it has tables but no quizterm "
                                "version); move it away or use another --data-dir")
        for step in steps[found:]:
            step.apply(conn)
        conn.execute(f"PRAGMA user_version = {latest:d}")
    if found > 0 and any(step.compact for step in steps[found:]):
        with contextlib.suppress(sqlite3.OperationalError):  # busy or no room: the file is fine, only bigger
            conn.execute("VACUUM")
    return found
