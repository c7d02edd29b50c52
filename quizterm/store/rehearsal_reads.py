"""The store's reads for rehearsal: follow-up questions asked, and the checklist marks of past grades.

A mixin of `ProgressStore` (like `Recording`), on the same connection and lock. Everything here is read
from the event log as it is; a follow-up is a `follow_up` event (its `data` holds the question and whether
it was answered, the `answer` column what was typed) and a grade's marks are its `data` (`GradeDetails`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quizterm.store.explain import explained
from quizterm.store.kinds import PRACTICE, FollowUpAnswer

_FOLLOW_UPS = "kind = 'follow_up' AND cancelled = 0"
# Each follow-up with the kind of the card's next standing grade or practice grade in replay order (NULL: none).
_FOLLOW_UPS_AND_CLOSING_KIND = """
SELECT f.card_id, f.data, f.answer,
       (SELECT g.kind FROM events AS g
         WHERE g.card_id = f.card_id AND (g.day, g.moment, g.device, g.seq) > (f.day, f.moment, f.device, f.seq)
           AND g.kind IN ('grade', 'practice') AND g.cancelled = 0
         ORDER BY g.day, g.moment, g.device, g.seq LIMIT 1)
  FROM events AS f WHERE f.kind = 'follow_up' AND f.cancelled = 0"""


@dataclass(frozen=True, slots=True)
class MarkedGrade:
    """A scheduling grade's checklist: the key points it asked and those marked mentioned (by text)."""

    card_id: str
    points: tuple[str, ...]
    mentioned: tuple[str, ...]


class RehearsalReads:
    """Reads of `ProgressStore` for the rubric's checklist and for stats."""

    path: Path
    _lock: threading.RLock

    def _db(self) -> sqlite3.Connection:
        raise NotImplementedError

    def follow_ups_last_asked(self, card_id: str) -> dict[str, str]:
        """Each follow-up question of the card ever asked -> when it was last asked, as a text that sorts in
        replay order (study day, then moment). One probe of the card's index."""
        with self._lock, explained(self.path):
            rows = self._db().execute(f"SELECT data, day, moment FROM events WHERE card_id = ? AND {_FOLLOW_UPS}",
                                      (card_id,))
            last: dict[str, str] = {}
            for data, day, moment in rows:
                question = str(json.loads(data or "{}").get("question", ""))
                last[question] = max(last.get(question, ""), f"{day} {moment}")
            return last

    def follow_ups_of_grade(self, event_id: str) -> list[FollowUpAnswer]:
        """The follow-ups answered on the rubric the grade `event_id` was given on: the card's follow-ups of
        the grade's session after the card's previous grade there that still stands (an undone one does
        not close a rubric: its follow-ups carry over to the grade given again), oldest first."""
        with self._lock, explained(self.path):
            conn = self._db()
            found = conn.execute("SELECT n, card_id, session FROM events WHERE event_id = ?", (event_id,)).fetchone()
            if found is None or found[2] is None:
                return []
            n, card_id, session = found
            (since,) = conn.execute("SELECT coalesce(max(n), 0) FROM events WHERE card_id = ? AND session = ? "
                                    "AND kind = 'grade' AND cancelled = 0 AND n < ?", (card_id, session, n)).fetchone()
            rows = conn.execute(f"SELECT data, answer FROM events WHERE card_id = ? AND session = ? AND {_FOLLOW_UPS} "
                                "AND n > ? AND n < ? ORDER BY n", (card_id, session, since, n))
            return [_follow_up(data, answer) for data, answer in rows]

    def follow_up_counts(self) -> dict[str, tuple[int, int]]:
        """Card id -> (follow-ups asked, of which answered), over the whole log.

        A follow-up goes with the card's next grade that stands, in replay order (an undone one passes it
        on, as the rubric does): when that is a practice grade (cram, an interview's practice) it is not
        counted, since practice counts in no statistics. One no grade has closed yet counts (it was asked
        and answered). Found through the card index (one probe per follow-up, not a pass over the grades);
        not by session, because sessions do not travel in sync."""
        with self._lock, explained(self.path):
            counts: dict[str, tuple[int, int]] = {}
            rows = self._db().execute(_FOLLOW_UPS_AND_CLOSING_KIND)
            for card_id, data, answer, closed_by in rows:
                if closed_by == PRACTICE:
                    continue
                asked, answered = counts.get(card_id, (0, 0))
                counts[card_id] = (asked + 1, answered + _follow_up(data, answer).answered)
            return counts

    def marked_grades(self) -> Iterator[MarkedGrade]:
        """Every scheduling grade that asked key points, in arrival order (one pass over the log; a plain
        grade stores no details and is skipped by SQLite). Holds the store's lock until exhausted."""
        with self._lock, explained(self.path):
            cursor = self._db().execute("SELECT card_id, data FROM events WHERE kind = 'grade' AND cancelled = 0 "
                                        "AND scheduling = 1 AND data IS NOT NULL ORDER BY n")
            try:
                for card_id, data in cursor:
                    details = json.loads(data)
                    if points := details.get("points"):
                        yield MarkedGrade(card_id, tuple(points), tuple(details.get("mentioned", ())))
            finally:
                cursor.close()


def _follow_up(data: str | None, answer: str | None) -> FollowUpAnswer:
    fields = json.loads(data or "{}")
    return FollowUpAnswer(question=str(fields.get("question", "")), answer=answer or "",
                         answered=bool(fields.get("answered", False)))
