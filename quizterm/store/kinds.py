"""The event vocabulary's names and small values: kind names, which kinds an undo may cancel, the
stored columns, a grade's optional details, a follow-up's answer, a checkpoint's state as JSON, new ids.

Apart from the event classes (events.py) because everything on the start-up path needs these (replay,
the queries, the session) and none of it needs the classes: building eleven frozen dataclasses costs
~8 ms, paid by the first write instead of by every start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizterm.scheduler.sm2 import CardState
from quizterm.store.db import parse_optional_day

GRADE, PRACTICE, FOLLOW_UP, UNDO = "grade", "practice", "follow_up", "undo"
SUSPEND, UNSUSPEND, BURY, RESET, CHECKPOINT = "suspend", "unsuspend", "bury", "reset", "checkpoint"
UNDOABLE = frozenset({GRADE, PRACTICE, FOLLOW_UP, SUSPEND, UNSUSPEND, BURY, RESET})
# Never cancelled, whatever targets them: undoing an undo is not a thing, and a checkpoint is the truth
# the migration preserved.
NOT_CANCELLABLE = frozenset({UNDO, CHECKPOINT})

# The stored columns of an event, in this order (the cache columns `cancelled`, `scheduling`, `was_new`
# are replay's, see replay.py).
EVENT_COLUMNS = "event_id, device, seq, kind, card_id, deck, moment, day, grade, answer, seconds, target, data, session"


def new_event_id() -> str:
    """A random (version 4) UUID as 32 hex digits; `os.urandom`, as `uuid.uuid4` uses, without importing uuid."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return raw.hex()


def new_device_id() -> str:
    """A random id for a data directory: 16 hex digits."""
    return os.urandom(8).hex()


@dataclass(frozen=True, slots=True)
class FollowUpAnswer:
    """One follow-up question as it was asked: what was typed, and whether it was judged answered. What a
    `follow_up` event holds besides its envelope; the rubric's checklist (rehearsal/checklist.py) keeps
    these too, so the store hands back the very values the checklist takes."""

    question: str
    answer: str
    answered: bool


@dataclass(frozen=True, slots=True)
class GradeDetails:
    """What a rehearsal knows about a grade besides the grade itself; every field is optional."""

    points: tuple[str, ...] = ()  # the card's key-point texts when it was asked
    mentioned: tuple[str, ...] = ()  # the key points marked as mentioned
    mistakes: tuple[str, ...] = ()  # the common mistakes marked as made
    suggested: int | None = None  # the grade quizterm suggested
    accepted: bool = False  # the user took the suggestion
    time_limit: int | None = None  # seconds allowed, in an interview round
    time_up: bool = False

    def to_data(self) -> dict[str, Any]:
        """Only what differs from the defaults (a plain grade stores no JSON)."""
        data: dict[str, Any] = {}
        for name in ("points", "mentioned", "mistakes"):
            if texts := getattr(self, name):
                data[name] = list(texts)
        for name in ("suggested", "accepted", "time_limit", "time_up"):
            value = getattr(self, name)
            if value is not None and value is not False:  # a suggested grade of 0 is a suggestion
                data[name] = value
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> GradeDetails:
        return cls(points=tuple(data.get("points", ())), mentioned=tuple(data.get("mentioned", ())),
                   mistakes=tuple(data.get("mistakes", ())), suggested=data.get("suggested"),
                   accepted=bool(data.get("accepted", False)), time_limit=data.get("time_limit"),
                   time_up=bool(data.get("time_up", False)))


def state_data(state: CardState) -> dict[str, Any]:
    """The SM-2 part of a state as JSON data (a checkpoint's)."""
    return {"reps": state.reps, "ef_centi": state.ef_centi, "interval": state.interval,
            "due": None if state.due is None else state.due.isoformat(), "lapses": state.lapses}


def state_from_data(data: Mapping[str, Any], keep: CardState | None = None) -> CardState:
    """A checkpoint's SM-2 state; queue membership (suspended, buried) is taken from `keep`."""
    base = keep if keep is not None else CardState()
    return CardState(reps=int(data["reps"]), ef_centi=int(data["ef_centi"]), interval=int(data["interval"]),
                     due=parse_optional_day(data["due"]), lapses=int(data["lapses"]),
                     suspended=base.suspended, buried_until=base.buried_until)
