"""The event log's vocabulary: every kind of event quizterm records, modelled once as plain dataclasses.

Progress is a log of events, and everything else (each card's state, today's counts, stats) is a replay
of it (see replay.py). Every event has
- `event_id`: globally unique (uuid4 hex), so the same event arriving twice (sync) is recognised;
- `device`: the id of the data directory that made it, and `seq`, that device's sequence number;
- `moment` (aware, UTC) and `day` (the study day it counts for);
- `card_id` and `deck` (the card's deck when it was made), and `session` (the local sitting, None for
  events imported from another device).
Replay order is (day, moment, device, seq): a total order every device computes alike, whatever order
the events arrived in.

| kind | fields | replay |
|---|---|---|
| `grade` | grade, answer, seconds, details | the card's first grade of its study day schedules, later ones are drills |
| `practice` | as grade | logged only: never schedules, never counts in limits, repeats, retention, lapses |
| `follow_up` | question, answer, answered | counts only |
| `undo` | target (an event id) | the target is skipped wherever it sorts, also if the undo arrived first |
| `suspend`, `unsuspend` | — | the card leaves / rejoins the queue |
| `bury` | until (a study day) | the card stays out of the queue on the days before `until` |
| `reset` | — | the card starts afresh as new (the log keeps its past) |
| `checkpoint` | state (exact SM-2) | the card's state becomes that state (written only by the v3 migration) |
| anything else | `Unknown`: the whole event verbatim | kept, skipped by replay, replayed by a newer quizterm |

In SQLite (table `events`) the envelope and the common fields have columns of their own; a kind's other
fields go to `data`, a JSON object holding only what differs from the defaults (NULL when nothing does,
so a plain grade costs no JSON). No pydantic here (~300 ms of start-up); sync adds strict wire models for
journal lines that map onto these classes. The names and small values (kind names, `GradeDetails`, ids)
live in kinds.py, which the start-up path imports; this module is first imported by the first write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from quizterm.scheduler.sm2 import CardState, check_grade
from quizterm.store.db import format_moment, parse_day, parse_moment
from quizterm.store.kinds import (
    BURY,
    CHECKPOINT,
    EVENT_COLUMNS,
    FOLLOW_UP,
    GRADE,
    NOT_CANCELLABLE,
    PRACTICE,
    RESET,
    SUSPEND,
    UNDO,
    UNDOABLE,
    UNSUSPEND,
    GradeDetails,
    state_data,
    state_from_data,
)

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """What every event has; see the module docstring. Subclasses add their kind's fields."""

    KIND: ClassVar[str] = ""
    event_id: str
    device: str
    seq: int
    moment: datetime  # aware; stored as UTC text
    day: date
    card_id: str
    deck: str = ""
    session: int | None = None

    @property
    def kind(self) -> str:
        return self.KIND

    def sort_key(self) -> tuple[str, str, str, int]:
        """The event's place in replay order, as the stored text sorts."""
        return self.day.isoformat(), format_moment(self.moment), self.device, self.seq

    def to_row(self) -> Row:
        """The stored columns (`EVENT_COLUMNS`)."""
        grade, answer, seconds, target, data = self._columns()
        return (self.event_id, self.device, self.seq, self.kind, self.card_id or None, self.deck,
                format_moment(self.moment), self.day.isoformat(), grade, answer, seconds, target,
                None if not data else json.dumps(data, ensure_ascii=False, separators=(",", ":")), self.session)

    def _columns(self) -> tuple[int | None, str | None, float | None, str | None, dict[str, Any] | None]:
        """(grade, answer, seconds, target, data) of this kind."""
        return None, None, None, None, None


@dataclass(frozen=True, slots=True, kw_only=True)
class Grade(Event):
    """A self-grade 0-5 after the rubric, with what was typed and how long it took."""

    KIND: ClassVar[str] = GRADE
    grade: int
    answer: str = ""
    seconds: float = 0.0  # before revealing the rubric
    details: GradeDetails = field(default_factory=GradeDetails)

    def __post_init__(self) -> None:
        check_grade(self.grade)

    def _columns(self) -> tuple[int | None, str | None, float | None, str | None, dict[str, Any] | None]:
        return self.grade, self.answer, float(self.seconds), None, self.details.to_data()


@dataclass(frozen=True, slots=True, kw_only=True)
class Practice(Grade):
    """A grade given while cramming: logged with everything a grade has, but it never schedules."""

    KIND: ClassVar[str] = PRACTICE


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUp(Event):
    """An answer to one of a card's follow-up questions."""

    KIND: ClassVar[str] = FOLLOW_UP
    question: str
    answer: str = ""
    answered: bool = False

    def _columns(self) -> tuple[int | None, str | None, float | None, str | None, dict[str, Any] | None]:
        return None, self.answer, None, None, {"question": self.question, "answered": self.answered}


@dataclass(frozen=True, slots=True, kw_only=True)
class Undo(Event):
    """Cancels the event `target` (its card is this event's card): replay skips it on every device."""

    KIND: ClassVar[str] = UNDO
    target: str

    def _columns(self) -> tuple[int | None, str | None, float | None, str | None, dict[str, Any] | None]:
        return None, None, None, self.target, None


@dataclass(frozen=True, slots=True, kw_only=True)
class Suspend(Event):
    """Takes the card out of the queue until it is unsuspended."""

    KIND: ClassVar[str] = SUSPEND


@dataclass(frozen=True, slots=True, kw_only=True)
class Unsuspend(Event):
    KIND: ClassVar[str] = UNSUSPEND


@dataclass(frozen=True, slots=True, kw_only=True)
class Bury(Event):
    """Keeps the card out of the queue on the study days before `until`."""

    KIND: ClassVar[str] = BURY
    until: date

    def _columns(self) -> tuple[int | None, str | None, float | None, str | None, dict[str, Any] | None]:
        return None, None, None, None, {"until": self.until.isoformat()}


@dataclass(frozen=True, slots=True, kw_only=True)
class Reset(Event):
    """The card starts afresh as a new card; its past stays in the log."""

    KIND: ClassVar[str] = RESET


@dataclass(frozen=True, slots=True, kw_only=True)
class Checkpoint(Event):
    """The card's exact SM-2 state at this point of replay (the v3 migration's way of keeping a state the
    old write-time rules produced and the replay order would not)."""

    KIND: ClassVar[str] = CHECKPOINT
    state: CardState

    def _columns(self) -> tuple[int | None, str | None, float | None, str | None, dict[str, Any] | None]:
        return None, None, None, None, state_data(self.state)


@dataclass(frozen=True, slots=True, kw_only=True)
class Unknown(Event):
    """An event of a kind this version does not know (made by a newer quizterm): `raw` is the whole event
    as it arrived, kept verbatim so a newer quizterm can replay it; this one skips it. `card_id` is ""
    when the event names no card."""

    name: str
    raw: str

    @property
    def kind(self) -> str:
        return self.name

    def to_row(self) -> Row:
        row = list(Event.to_row(self))
        row[12] = self.raw
        return tuple(row)


KNOWN: dict[str, type[Event]] = {cls.KIND: cls for cls in (Grade, Practice, FollowUp, Undo, Suspend, Unsuspend,
                                                           Bury, Reset, Checkpoint)}


def from_row(row: Row) -> Event:
    """The event stored as `row` (selected as `EVENT_COLUMNS`)."""
    (event_id, device, seq, kind, card_id, deck, moment, day, grade, answer, seconds, target, data,
     session) = row
    common: dict[str, Any] = {"event_id": event_id, "device": device, "seq": seq, "moment": parse_moment(moment),
                              "day": parse_day(day), "card_id": card_id or "", "deck": deck or "",
                              "session": session}
    cls = KNOWN.get(kind)
    if cls is None:
        return Unknown(**common, name=kind, raw=data or "")
    fields: dict[str, Any] = json.loads(data) if data else {}
    if cls in (Grade, Practice):
        return cls(**common, grade=grade, answer=answer or "", seconds=seconds or 0.0,
                   details=GradeDetails.from_data(fields))
    if cls is FollowUp:
        return FollowUp(**common, question=fields.get("question", ""), answer=answer or "",
                        answered=bool(fields.get("answered", False)))
    if cls is Undo:
        return Undo(**common, target=target)
    if cls is Bury:
        return Bury(**common, until=parse_day(fields["until"]))
    if cls is Checkpoint:
        return Checkpoint(**common, state=state_from_data(fields))
    return cls(**common)


__all__ = ["BURY", "CHECKPOINT", "EVENT_COLUMNS", "FOLLOW_UP", "GRADE", "KNOWN", "NOT_CANCELLABLE", "PRACTICE", "RESET",
           "SUSPEND", "UNDO", "UNDOABLE", "UNSUSPEND", "Bury", "Checkpoint", "Event", "FollowUp", "Grade",
           "GradeDetails", "Practice", "Reset", "Suspend", "Undo", "Unknown", "Unsuspend", "from_row", "state_data",
           "state_from_data"]
