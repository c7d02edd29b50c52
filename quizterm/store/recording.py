"""Recording events: the store's writes, one committed `BEGIN IMMEDIATE` transaction each.

A mixin of `ProgressStore` (progress.py holds its lifetime and reads): every method makes this device's
next event (a fresh uuid4 event id and the next sequence number from the `device` row) and hands it to
`apply_events` (apply.py), which updates the replay caches - incrementally when the event sorts after
all of its card's events, by replaying the card otherwise.

The event classes (events.py) and apply.py are imported by the first write, not at start-up: a drill
shows its first screen before it records anything (see kinds.py for the cost).
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizterm.scheduler.sm2 import check_grade
from quizterm.store import queries
from quizterm.store.db import format_moment, transaction
from quizterm.store.explain import explained
from quizterm.store.kinds import (
    BURY,
    EVENT_COLUMNS,
    FOLLOW_UP,
    GRADE,
    PRACTICE,
    SUSPEND,
    UNDOABLE,
    GradeDetails,
    new_event_id,
)
from quizterm.store.queries import Review

if TYPE_CHECKING:
    from quizterm.store.bulk import BatchResult, Carry, Row
    from quizterm.store.events import Event
    from quizterm.store.replay import CardRecord

_NEXT_SEQ = "UPDATE device SET next_seq = next_seq + 1 RETURNING id, next_seq - 1"
_Follow = Callable[["CardRecord | None", "CardRecord | None"], "Callable[..., Event] | None"]


def _leech_suspend(lapses: int) -> _Follow:
    """The leech rule's follower: a suspend when the grade brought the card's lapses across `lapses`."""

    def follow(before: CardRecord | None, after: CardRecord | None) -> Callable[..., Event] | None:
        from quizterm.store.events import Suspend

        old = 0 if before is None else before.state.lapses
        if after is None or after.state.suspended or not old < lapses <= after.state.lapses:
            return None
        return Suspend

    return follow


class Recording:
    """The writes of `ProgressStore`; it provides the connection, its lock and the session."""

    path: Path
    _lock: threading.RLock
    _session: int | None

    def _db(self) -> sqlite3.Connection:
        raise NotImplementedError

    def record_grade(self, *, card_id: str, deck: str, grade: int, moment: datetime, day: date, answer: str = "",
                     seconds: float = 0.0, points: Iterable[str] = (), mentioned: Iterable[str] = (),
                     mistakes: Iterable[str] = (), suggested: int | None = None, accepted: bool = False,
                     time_limit: int | None = None, time_up: bool = False,
                     suspend_at_lapses: int | None = None) -> Review:
        """Append a grade and update the card's state, committed before returning.

        Replay decides what the grade is (replay.py): the card's first grade of study day `day` schedules
        it, a later one that day is a drill. The rehearsal's details (key points asked and marked,
        mistakes marked, the suggested grade ...) are optional. With `suspend_at_lapses` (the leech rule's
        "suspend" action, scheduler/leech.py), a grade that brings the card's lapses from below that number
        to it also records a suspend event, in the same transaction, at the grade's moment: this device's
        next event, which `undo_last` cancels together with the grade.
        """
        details = GradeDetails(points=tuple(points), mentioned=tuple(mentioned), mistakes=tuple(mistakes),
                               suggested=suggested, accepted=accepted, time_limit=time_limit, time_up=time_up)
        return self._record_review(GRADE, card_id=card_id, deck=deck, grade=grade, moment=moment, day=day,
                                   answer=answer, seconds=seconds, details=details,
                                   suspend_at_lapses=suspend_at_lapses)

    def record_practice(self, *, card_id: str, deck: str, grade: int, moment: datetime, day: date,
                        answer: str = "", seconds: float = 0.0, points: Iterable[str] = (),
                        mentioned: Iterable[str] = (), mistakes: Iterable[str] = (), suggested: int | None = None,
                        accepted: bool = False, time_limit: int | None = None, time_up: bool = False) -> Review:
        """Append a practice grade (cramming): logged like a grade, with the same details, but it never
        schedules and counts nowhere."""
        details = GradeDetails(points=tuple(points), mentioned=tuple(mentioned), mistakes=tuple(mistakes),
                               suggested=suggested, accepted=accepted, time_limit=time_limit, time_up=time_up)
        return self._record_review(PRACTICE, card_id=card_id, deck=deck, grade=grade, moment=moment, day=day,
                                   answer=answer, seconds=seconds, details=details)

    def record_follow_up(self, *, card_id: str, deck: str, question: str, answer: str, answered: bool,
                         moment: datetime, day: date) -> Event:
        """Append the answer to a follow-up question (it counts, it does not schedule)."""
        return self.record_event(FOLLOW_UP, card_id=card_id, deck=deck, moment=moment, day=day,
                                 question=question, answer=answer, answered=answered)

    def suspend(self, *, card_id: str, deck: str, moment: datetime, day: date) -> Event:
        """Take the card out of the queue until `unsuspend`."""
        return self.record_event("suspend", card_id=card_id, deck=deck, moment=moment, day=day)

    def unsuspend(self, *, card_id: str, deck: str, moment: datetime, day: date) -> Event:
        return self.record_event("unsuspend", card_id=card_id, deck=deck, moment=moment, day=day)

    def bury(self, *, card_id: str, deck: str, until: date, moment: datetime, day: date) -> Event:
        """Keep the card out of the queue on the study days before `until`."""
        return self.record_event(BURY, card_id=card_id, deck=deck, moment=moment, day=day, until=until)

    def reset(self, *, card_id: str, deck: str, moment: datetime, day: date) -> Event:
        """Start the card afresh as a new card (its past stays in the log)."""
        return self.record_event("reset", card_id=card_id, deck=deck, moment=moment, day=day)

    def record_event(self, kind: str, *, card_id: str, deck: str, moment: datetime, day: date,
                     **fields: Any) -> Event:
        """Append one event of a known kind (`fields` are the kind's own, see events.py); committed before
        returning. Undos go through `undo_last`, checkpoints only come from the migration."""
        from quizterm.store.events import KNOWN

        cls = KNOWN.get(kind)
        if cls is None or kind in ("undo", "checkpoint"):
            raise ValueError(f"cannot record an event of kind {kind!r}")
        event, _ = self._record(lambda **common: cls(**common, **fields), card_id=card_id, deck=deck,
                                moment=moment, day=day)
        return event

    def _record_review(self, kind: str, *, grade: int, seconds: float, suspend_at_lapses: int | None = None,
                       **fields: Any) -> Review:
        from quizterm.store.events import Grade, Practice

        cls = Practice if kind == PRACTICE else Grade
        check_grade(grade)
        if not (math.isfinite(seconds) and seconds >= 0):
            raise ValueError(f"seconds must be a finite number >= 0, not {seconds!r}")
        card_id, deck, moment, day = (fields.pop(name) for name in ("card_id", "deck", "moment", "day"))
        follow = None if suspend_at_lapses is None else _leech_suspend(suspend_at_lapses)
        _, review = self._record(lambda **common: cls(**common, grade=grade, seconds=float(seconds), **fields),
                                 card_id=card_id, deck=deck, moment=moment, day=day, review=True, follow=follow)
        assert review is not None
        return review

    def _record(self, make: Callable[..., Event], *, card_id: str, deck: str, moment: datetime, day: date,
                review: bool = False, follow: _Follow | None = None) -> tuple[Event, Review | None]:
        """Make this device's next event with `make(**envelope)` and apply it, in one transaction.

        `follow(before, after)`, given the card's state-table record before and after the event, returns
        an event to record right after it in the same transaction (made with `make(**envelope)`), or None.
        """
        if not isinstance(card_id, str) or not card_id:
            raise ValueError(f"an event needs a card id, not {card_id!r}")
        stamp = format_moment(moment)  # ValueError for a naive moment
        from quizterm.store.apply import apply_events

        with self._lock, explained(self.path):
            conn = self._db()
            with transaction(conn):
                session = self._session
                if session is None:
                    session = int(conn.execute("INSERT INTO sessions (started_at) VALUES (?)",
                                               (stamp,)).lastrowid or 0)
                device, seq = conn.execute(_NEXT_SEQ).fetchall()[0]
                event = make(event_id=new_event_id(), device=device, seq=seq, moment=moment, day=day,
                             card_id=card_id, deck=deck, session=session)
                before = queries.record(conn, card_id) if follow is not None else None
                ((_, n),) = apply_events(conn, [event]).inserted
                if follow is not None and (then := follow(before, queries.record(conn, card_id))) is not None:
                    device, seq = conn.execute(_NEXT_SEQ).fetchall()[0]
                    apply_events(conn, [then(event_id=new_event_id(), device=device, seq=seq, moment=moment,
                                             day=day, card_id=card_id, deck=deck, session=session)])
                found = None
                if review:
                    found = queries.review_from_row(conn.execute(
                        f"SELECT {queries.REVIEW_COLUMNS} FROM events WHERE n = ?", (n,)).fetchone())
            self._session = session  # only once committed: a rolled-back session row never existed
            return event, found

    def undo_last(self, *, kinds: Collection[str] = UNDOABLE, moment: datetime | None = None,
                  day: date | None = None) -> Event | None:
        """Cancel this session's newest event of `kinds` that is not cancelled yet, by appending an `undo`
        event; the card is replayed, so its state is restored exactly and grades other sessions or devices
        gave it stay in effect. Repeated calls walk back newest first. A grade goes with the suspend the
        leech rule recorded in its transaction (`record_grade(suspend_at_lapses=...)`: the same card and
        moment, this device's next sequence number), in this one transaction. Returns the cancelled event (a
        `Grade` carries the typed answer), None when there is none. `kinds` are undoable kinds (events.py);
        the undo carries `moment`/`day` (default: the cancelled event's; its place does not matter).
        """
        wanted = sorted(set(kinds))
        if not wanted or not set(wanted) <= UNDOABLE:
            raise ValueError(f"only {', '.join(sorted(UNDOABLE))} can be undone, not {', '.join(wanted)}")
        if self._session is None:
            return None
        from quizterm.store.apply import apply_events
        from quizterm.store.events import Undo, from_row

        with self._lock, explained(self.path):
            conn = self._db()
            with transaction(conn):
                row = conn.execute(
                    f"SELECT {EVENT_COLUMNS} FROM events WHERE session = ? AND cancelled = 0 "
                    f"AND kind IN ({', '.join('?' * len(wanted))}) ORDER BY n DESC LIMIT 1",
                    (self._session, *wanted)).fetchone()
                if row is None:
                    return None
                target = from_row(row)
                cancelled = [target]
                if target.kind == GRADE:
                    follower = conn.execute(
                        f"SELECT {EVENT_COLUMNS} FROM events WHERE device = ? AND seq = ? AND kind = ? AND "
                        "card_id = ? AND moment = ? AND session = ? AND cancelled = 0",
                        (target.device, target.seq + 1, SUSPEND, target.card_id, format_moment(target.moment),
                         self._session)).fetchone()
                    if follower is not None:  # the leech rule's suspend, recorded with the grade
                        cancelled.append(from_row(follower))
                undos = []
                for event in cancelled:
                    device, seq = conn.execute(_NEXT_SEQ).fetchall()[0]
                    undos.append(Undo(event_id=new_event_id(), device=device, seq=seq,
                                      moment=target.moment if moment is None else moment,
                                      day=target.day if day is None else day, card_id=target.card_id,
                                      deck=target.deck, session=self._session, target=event.event_id))
                apply_events(conn, undos)
            return target

    def import_events(self, events: Sequence[Event]) -> Imported:
        """Apply a batch of events from elsewhere, in one transaction (see `import_rows`)."""
        result = self.import_rows([event.to_row() for event in events])
        return Imported(inserted=[events[i] for i in result.inserted], duplicates=result.duplicates,
                        clashes=[events[i] for i in result.clashes], replayed=result.replayed)

    def import_rows(self, rows: Sequence[Row], carry: Carry | None = None) -> BatchResult:
        """Apply a batch of stored event rows (`EVENT_COLUMNS`) from elsewhere (sync), in one transaction:
        duplicates are skipped, clashes left out, the cards they touch brought up to date (bulk.py). A
        session is a local sitting, so imported events belong to none. Events of this device (after a
        restored backup) move its next sequence number past them. `carry` lets one import's batches share
        what they learnt (bulk.Carry)."""
        from quizterm.store.bulk import apply_batch

        local = rows if all(row[13] is None for row in rows) else [(*row[:13], None) for row in rows]
        with self._lock, explained(self.path):
            conn = self._db()
            with transaction(conn):
                result = apply_batch(conn, local, carry)
                conn.execute("UPDATE device SET next_seq = max(next_seq, coalesce((SELECT max(seq) FROM events "
                             "WHERE events.device = device.id), 0) + 1)")
            return result


@dataclass
class Imported:
    """What `import_events` did: the events inserted, duplicates skipped, events left out because another
    event holds their (device, seq), and the cards replayed in full."""

    inserted: list[Event] = field(default_factory=list)
    duplicates: int = 0
    clashes: list[Event] = field(default_factory=list)
    replayed: set[str] = field(default_factory=set)
