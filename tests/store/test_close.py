"""Closing the store never fails because another connection is writing.

Found by CI on a clean clone: a sync closing its store while a drill on the same device was grading
raised "the progress database stayed locked" from `PRAGMA optimize`, an optional tidy-up at close.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .helpers import grade, open_store


class _BusyAtOptimize:
    """A connection whose `PRAGMA optimize` finds the database locked, as under a writer in another thread."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.closed = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.strip().upper() == "PRAGMA OPTIMIZE":
            raise sqlite3.OperationalError("database is locked")
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.closed = True
        self.conn.close()


def test_a_locked_database_at_close_skips_the_tidy_up_and_still_closes(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    grade(store, "a", 4)
    busy = _BusyAtOptimize(store._db())
    store._conn = busy  # type: ignore[assignment]
    store.close()
    assert busy.closed
    with open_store(tmp_path) as again:
        assert again.review_count() == 1
