"""Journal lines on the wire: every event kind modelled once, strictly, with pydantic.

A journal line comes from another machine, so it is untrusted input. Each line is one JSON object, the
event's envelope and its kind's own fields side by side (flat, the names the store uses in `data`):

    {"kind":"grade","event_id":"9f0c…","device":"3a41…","seq":17,"moment":"2026-12-01T20:31:07.120000Z",
     "day":"2026-12-01","card_id":"bias-variance","deck":"ml","grade":4,"answer":"…","seconds":42.0}

- Strict models with `extra="forbid"`, a discriminated union on `kind`: a field of the wrong type, a name
  this version does not know, a grade 9, a moment or study day that does not parse, a study day that no
  time zone and day-start hour could give that moment, a card id with control characters, are errors
  (the line is reported and skipped). Moments in the future are fine: `--now` grades are real.
- A `kind` this version does not know (a newer quizterm's) is kept verbatim: the envelope must be sound
  (it decides where the event sorts and that it is new), everything else is stored as the line came and
  skipped by replay. Because the line is flat, the stored text holds the kind's fields under their own
  names, which is what `data` holds for a known kind: a quizterm that knows the kind replays it as is.
  Released kinds are frozen: new information is a new kind, never a new field of an old one (an old
  quizterm would reject the line).
- `session` (a local sitting) never travels; every other stored column does, typed answers included.

`parse_line` turns a line into the store's row (`EVENT_COLUMNS`) without building the event dataclasses
(a million lines are imported at a time); a property test checks the rows equal `Event.to_row()`.
`quizterm schema --events` prints the JSON Schema of a line (`events_json_schema`).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from quizterm.scheduler.sm2 import MAX_INTERVAL, MIN_EF_CENTI
from quizterm.store.kinds import (
    BURY,
    CHECKPOINT,
    FOLLOW_UP,
    GRADE,
    PRACTICE,
    RESET,
    SUSPEND,
    UNDO,
    UNSUSPEND,
    GradeDetails,
)

MOMENT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$"  # db.format_moment's UTC text
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
NAME_PATTERN = r"^[0-9A-Za-z_.-]+$"  # ids quizterm makes are hex; a little room for others
TEXT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"  # no control characters
# A study day is the local date of the moment, shifted back by the day-start hour: local time is UTC-12 to
# UTC+14 and the hour 0 to 23, so the day lies between the dates of moment - 35 h and moment + 14 h.
_EARLIEST, _LATEST = timedelta(hours=-35), timedelta(hours=14)
_COLUMN = re.compile(r" at line 1 column (\d+)$")  # a journal line is one line: FILE:LINE says which
# What a pattern that does not match means, by field (pydantic checks the patterns, in Rust, at a million
# lines a minute; its own message would quote the regular expression).
_NOT_A_DATE = "{!r} is not a date (YYYY-MM-DD)"
_MISMATCH = {"moment": "{!r} is not a time in UTC (YYYY-MM-DDTHH:MM:SS.ffffffZ)", "day": _NOT_A_DATE,
             "until": _NOT_A_DATE, "due": _NOT_A_DATE, "card_id": "holds control characters",
             "deck": "holds control characters"}
_NAME_MISMATCH = "may hold only letters, digits, '.', '_' and '-'"


def _calendar_day(text: str) -> str:
    """A date the calendar has (the pattern lets 2026-02-30 through)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(_NOT_A_DATE.format(text)) from None
    return text


EventId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NAME_PATTERN)]
Moment = Annotated[str, StringConstraints(pattern=MOMENT_PATTERN)]
Day = Annotated[str, StringConstraints(pattern=DAY_PATTERN)]
CheckedDay = Annotated[str, StringConstraints(pattern=DAY_PATTERN), AfterValidator(_calendar_day)]
CardId = Annotated[str, StringConstraints(min_length=1, max_length=512, pattern=TEXT_PATTERN)]
DeckName = Annotated[str, StringConstraints(max_length=512, pattern=TEXT_PATTERN)]
GradeValue = Annotated[int, Field(ge=0, le=5)]
Count = Annotated[int, Field(ge=0, le=2**53)]


class _Line(BaseModel):
    """The envelope every event has (events.py): where it sorts and who made it."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, hide_input_in_errors=True)

    event_id: EventId
    device: EventId
    seq: Annotated[int, Field(ge=1, le=2**62)]
    moment: Moment
    day: Day
    card_id: CardId
    deck: DeckName = ""

    @model_validator(mode="after")
    def _day_fits_moment(self) -> Self:
        """The moment and the study day are on the calendar, and the day is one that some time zone and
        day-start hour give the moment (one Python call per line: the rest is checked in Rust)."""
        try:
            moment = datetime.fromisoformat(self.moment)
        except ValueError:
            raise ValueError(f"moment: {_MISMATCH['moment'].format(self.moment)}") from None
        if self.day == self.moment[:10]:  # most days (a day starting at 04:00 local time, near UTC)
            return self
        try:
            day = date.fromisoformat(self.day)
        except ValueError:
            raise ValueError(f"day: {_MISMATCH['day'].format(self.day)}") from None
        if not _shifted(moment, _EARLIEST, date.min) <= day <= _shifted(moment, _LATEST, date.max):
            raise ValueError(f"day: study day {self.day} does not fit moment {self.moment}")
        return self


def _shifted(moment: datetime, by: timedelta, edge: date) -> date:
    try:
        return (moment + by).date()
    except OverflowError:  # year 1 or 9999
        return edge


class GradeLine(_Line):
    """A self-grade after the rubric; `answer` is what was typed, `seconds` the time before revealing."""

    kind: Literal["grade"]
    grade: GradeValue
    answer: str = ""
    seconds: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    points: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    suggested: GradeValue | None = None
    accepted: bool = False
    time_limit: Annotated[int, Field(ge=1, le=86_400)] | None = None
    time_up: bool = False


class PracticeLine(GradeLine):
    kind: Literal["practice"]  # type: ignore[assignment]


class FollowUpLine(_Line):
    kind: Literal["follow_up"]
    question: str
    answer: str = ""
    answered: bool = False


class UndoLine(_Line):
    """Cancels the event `target` on every device, also when it arrives before it."""

    kind: Literal["undo"]
    target: EventId


class SuspendLine(_Line):
    kind: Literal["suspend"]


class UnsuspendLine(_Line):
    kind: Literal["unsuspend"]


class ResetLine(_Line):
    kind: Literal["reset"]


class BuryLine(_Line):
    kind: Literal["bury"]
    until: CheckedDay


class CheckpointLine(_Line):
    """A card's exact SM-2 state (written by the schema-3 migration)."""

    kind: Literal["checkpoint"]
    reps: Count
    ef_centi: Annotated[int, Field(ge=MIN_EF_CENTI, le=2**31)]
    interval: Annotated[int, Field(ge=0, le=MAX_INTERVAL)]
    due: CheckedDay | None
    lapses: Count


class UnknownLine(_Line):
    """An event of a kind this version does not know: a sound envelope, anything else kept verbatim."""

    model_config = ConfigDict(extra="allow")
    kind: EventId
    card_id: CardId | None = None  # type: ignore[assignment]  # may name no card


KnownLine = Annotated[GradeLine | PracticeLine | FollowUpLine | UndoLine | SuspendLine | UnsuspendLine |
                      ResetLine | BuryLine | CheckpointLine, Field(discriminator="kind")]
KNOWN_KINDS = (GRADE, PRACTICE, FOLLOW_UP, UNDO, SUSPEND, UNSUSPEND, RESET, BURY, CHECKPOINT)
_KNOWN: TypeAdapter[Any] = TypeAdapter(KnownLine)
_UNKNOWN: TypeAdapter[UnknownLine] = TypeAdapter(UnknownLine)


class LineError(ValueError):
    """Why a line was skipped, in one short phrase (where: the caller adds FILE:LINE)."""


def parse_line(line: bytes) -> tuple[Any, ...]:
    """The stored row (`EVENT_COLUMNS`, session None) of one journal line; `LineError` says why not."""
    try:
        event = _KNOWN.validate_json(line)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        if first["type"] == "union_tag_not_found":
            raise LineError("kind: Field required") from None
        if first["type"] != "union_tag_invalid":
            raise LineError(_describe(exc)) from None
        return _unknown_row(line)
    return _row(event)


def _unknown_row(line: bytes) -> tuple[Any, ...]:
    try:
        event = _UNKNOWN.validate_json(line)
    except ValidationError as exc:
        raise LineError(_describe(exc, tagged=False)) from None
    if event.kind in KNOWN_KINDS:  # cannot happen: a known kind went through its own model
        raise LineError(f"kind {event.kind!r} did not validate")
    return (event.event_id, event.device, event.seq, event.kind, event.card_id, event.deck, event.moment,
            event.day, None, None, None, None, line.decode("utf-8"), None)


def _describe(exc: ValidationError, *, tagged: bool = True) -> str:
    """pydantic's first errors as `field: message` (the union's tag left out of the place)."""
    parts = []
    for error in exc.errors(include_url=False)[:3]:
        loc = error["loc"][1 if tagged else 0:]
        where = ".".join(str(part) for part in loc)
        message = _COLUMN.sub(r" (column \1)", error["msg"].removeprefix("Value error, "))
        if error["type"] == "string_pattern_mismatch":
            value = str(error["input"])
            value = value if len(value) <= 60 else value[:59] + "…"
            message = _MISMATCH.get(str(loc[-1]), _NAME_MISMATCH).format(value)
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _data(fields: dict[str, Any]) -> str | None:
    """A kind's other fields as the store writes them (events.Event.to_row)."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")) if fields else None


def _row(e: Any) -> tuple[Any, ...]:
    grade = answer = seconds = target = data = None
    kind = e.kind
    if kind in (GRADE, PRACTICE):
        grade, answer, seconds = e.grade, e.answer, float(e.seconds)
        if e.points or e.mentioned or e.mistakes or e.suggested is not None or e.accepted or e.time_limit \
                or e.time_up:
            data = _data(GradeDetails(points=e.points, mentioned=e.mentioned, mistakes=e.mistakes,
                                      suggested=e.suggested, accepted=e.accepted, time_limit=e.time_limit,
                                      time_up=e.time_up).to_data())
    elif kind == FOLLOW_UP:
        answer, data = e.answer, _data({"question": e.question, "answered": e.answered})
    elif kind == UNDO:
        target = e.target
    elif kind == BURY:
        data = _data({"until": e.until})
    elif kind == CHECKPOINT:
        data = _data({"reps": e.reps, "ef_centi": e.ef_centi, "interval": e.interval, "due": e.due,
                      "lapses": e.lapses})
    return (e.event_id, e.device, e.seq, kind, e.card_id, e.deck, e.moment, e.day, grade, answer, seconds, target,
            data, None)


def events_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one journal line: one of the known kinds, or an event of another
    kind (kept verbatim) with a sound envelope."""
    from quizterm.deck.schema import JSON_SCHEMA_DIALECT

    known = _KNOWN.json_schema(mode="validation")
    unknown = _UNKNOWN.json_schema(mode="validation")
    unknown["properties"]["kind"]["not"] = {"enum": list(KNOWN_KINDS)}
    defs = known.pop("$defs")
    defs["UnknownLine"] = unknown
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "quizterm journal line",
        "description": "One event of quizterm's review log, as one line of DIR/quizterm/<device>/<year-month>.jsonl "
                       "(see `quizterm sync`). A line of a kind not listed is kept verbatim if its envelope is sound.",
        "$defs": defs,
        "oneOf": [known, {"$ref": "#/$defs/UnknownLine"}],
    }
