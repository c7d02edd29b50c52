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
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
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

MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"  # the store's UTC text (db.format_moment)
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_NAME = r"^[0-9A-Za-z_.-]+$"  # ids quizterm makes are hex; a little room for others
_NO_CONTROLS = r"^[^\x00-\x1f\x7f-\x9f]*$"  # for the schema
# A study day is the local date of the moment, shifted back by the day-start hour: local time is UTC-12 to
# UTC+14 and the hour 0 to 23, so the day lies between the dates of moment - 35 h and moment + 14 h.
_EARLIEST, _LATEST = timedelta(hours=-35), timedelta(hours=14)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_COLUMN = re.compile(r" at line 1 column (\d+)$")  # a journal line is one line: FILE:LINE says which
_NAME_RE, _MOMENT_RE, _DAY_RE = re.compile(_NAME), re.compile(MOMENT_PATTERN), re.compile(DAY_PATTERN)


def _name(text: str) -> str:
    if not _NAME_RE.match(text):
        raise ValueError("may hold only letters, digits, '.', '_' and '-'")
    return text


def _text(text: str) -> str:
    if _CONTROLS.search(text):
        raise ValueError("holds control characters")
    return text


def _moment(text: str) -> str:
    try:
        if not _MOMENT_RE.match(text):
            raise ValueError
        datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a time in UTC (YYYY-MM-DDTHH:MM:SS.ffffffZ)") from None
    return text


def _day(text: str) -> str:
    try:
        if not _DAY_RE.match(text):
            raise ValueError
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return text


def _schema(pattern: str, **limits: int) -> WithJsonSchema:
    """What the JSON Schema says of a string checked by a function (which gives the clearer message)."""
    return WithJsonSchema({"type": "string", "pattern": pattern, **limits})


EventId = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_name),
                    _schema(_NAME, minLength=1, maxLength=64)]
Moment = Annotated[str, AfterValidator(_moment), _schema(MOMENT_PATTERN)]
Day = Annotated[str, AfterValidator(_day), _schema(DAY_PATTERN)]
CardId = Annotated[str, StringConstraints(min_length=1, max_length=512), AfterValidator(_text),
                   _schema(_NO_CONTROLS, minLength=1, maxLength=512)]
DeckName = Annotated[str, StringConstraints(max_length=512), AfterValidator(_text),
                     _schema(_NO_CONTROLS, maxLength=512)]
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
        """The study day must be one that some time zone and day-start hour give the moment."""
        if self.day == self.moment[:10]:  # most days (a day starting at 04:00 local time, near UTC)
            return self
        moment = datetime.fromisoformat(self.moment).astimezone(UTC)
        day = date.fromisoformat(self.day)
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
    until: Day


class CheckpointLine(_Line):
    """A card's exact SM-2 state (written by the schema-3 migration)."""

    kind: Literal["checkpoint"]
    reps: Count
    ef_centi: Annotated[int, Field(ge=MIN_EF_CENTI, le=2**31)]
    interval: Annotated[int, Field(ge=0, le=MAX_INTERVAL)]
    due: Day | None
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
    for error in exc.errors(include_url=False, include_input=False)[:3]:
        where = ".".join(str(part) for part in error["loc"][1 if tagged else 0:])
        message = _COLUMN.sub(r" (column \1)", error["msg"].removeprefix("Value error, "))
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
