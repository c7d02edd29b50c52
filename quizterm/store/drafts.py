"""Drafts of typed answers: what is in a card's answer box, kept until the card is graded.

A draft is not progress. It lives in its own table (`drafts`, schema version 2), is never an event or a
review, and nothing is scheduled from it: it only puts a half-typed answer back in the box when its card
shows again, after a quit or a crash. One draft per card, and one per follow-up question a card's rubric
asked (`follow_up_draft_key`); saving an empty answer removes it.

The store works on a connection of its own to the progress database (already created and migrated by
`ProgressStore.open`), so it shares nothing with the review log's code. A draft is stamped with the clock
the store is given, which the CLI makes the real wall clock: a draft is a safety record, and `--now` only
moves what the user studies.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from quizterm.store.db import connect, format_moment, parse_moment
from quizterm.store.explain import explained

Clock = Callable[[], datetime]


def follow_up_draft_key(card_id: str, question: str) -> str:
    """Where a follow-up's half-typed answer is kept: beside its card's, under a key no card can have (card
    ids are slugs, which never hold a line break), so the table needs no second kind of row."""
    return f"{card_id}\n{question}"


@dataclass(frozen=True, slots=True)
class Draft:
    """One card's unfinished answer and when it was last saved (aware, UTC)."""

    card_id: str
    answer: str
    saved_at: datetime


class DraftStore:
    """The drafts of one progress database. Open with `DraftStore.open`; safe to call from several threads.

    Every call commits at once (autocommit): under WAL a committed draft survives a kill of the process.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, *, clock: Clock) -> DraftStore:
        """Open the drafts of the database at `path` (a `ProgressStore`'s `path`), stamped by `clock`."""
        with explained(path):
            conn = connect(path)
            conn.execute("PRAGMA synchronous=NORMAL")  # per connection; the file is in WAL already
        return cls(conn, path, clock)

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the draft store is closed")
        return self._conn

    def get(self, card_id: str) -> Draft | None:
        """The card's draft, None when it has none."""
        with self._lock, explained(self.path):
            row = self._db().execute("SELECT answer, saved_at FROM drafts WHERE card_id = ?",
                                     (card_id,)).fetchone()
        return None if row is None else Draft(card_id, row[0], parse_moment(row[1]))

    def save(self, card_id: str, answer: str) -> None:
        """Keep `answer` as the card's draft, replacing any older one; an empty answer removes it."""
        if not answer:
            self.clear(card_id)
            return
        stamp = format_moment(self._clock())
        with self._lock, explained(self.path):
            self._db().execute("INSERT INTO drafts (card_id, answer, saved_at) VALUES (?, ?, ?) "
                               "ON CONFLICT (card_id) DO UPDATE SET answer = excluded.answer, "
                               "saved_at = excluded.saved_at", (card_id, answer, stamp))

    def clear(self, card_id: str) -> None:
        """Forget the card's draft (it was graded); nothing happens when it has none."""
        with self._lock, explained(self.path):
            self._db().execute("DELETE FROM drafts WHERE card_id = ?", (card_id,))

    def count(self) -> int:
        with self._lock, explained(self.path):
            return int(self._db().execute("SELECT count(*) FROM drafts").fetchone()[0])

    def close(self) -> None:
        """Close the connection (idempotent). Nothing is pending: every save is already committed."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def __enter__(self) -> DraftStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
