"""Journal lines: every kind round-trips exactly, unknown kinds are kept verbatim, the schema is published."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.cli import main
from quizterm.scheduler.sm2 import CardState
from quizterm.store.doctor import check
from quizterm.store.events import (
    Bury,
    Checkpoint,
    Event,
    FollowUp,
    Grade,
    GradeDetails,
    Practice,
    Reset,
    Suspend,
    Undo,
    Unknown,
    Unsuspend,
)
from quizterm.store.progress import ProgressStore
from quizterm.sync.journal import encode
from quizterm.sync.wire import LineError, events_json_schema, parse_line

from .helpers import REAL, at, day

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)  # anything a person can type
NAMES = st.text("0123456789abcdef", min_size=1, max_size=32)


@st.composite
def events(draw: st.DrawFn) -> Event:
    """One event of any kind this version knows, with any values the store accepts."""
    moment = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(microseconds=draw(st.integers(0, 10**16)))
    shift = draw(st.sampled_from((-35, -12, 0, 13)))
    common: dict[str, Any] = {"event_id": draw(NAMES), "device": draw(NAMES), "seq": draw(st.integers(1, 2**40)),
                              "moment": moment, "day": (moment + timedelta(hours=shift)).date(),
                              "card_id": draw(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1,
                                                      max_size=20)),
                              "deck": draw(st.sampled_from(("", "ml", "système")))}
    cls = draw(st.sampled_from((Grade, Practice, FollowUp, Undo, Suspend, Unsuspend, Bury, Reset, Checkpoint)))
    if cls in (Grade, Practice):
        details = GradeDetails(points=tuple(draw(st.lists(TEXT, max_size=3))),
                               mentioned=tuple(draw(st.lists(TEXT, max_size=2))),
                               mistakes=tuple(draw(st.lists(TEXT, max_size=2))),
                               suggested=draw(st.none() | st.integers(0, 5)), accepted=draw(st.booleans()),
                               time_limit=draw(st.none() | st.integers(1, 3600)), time_up=draw(st.booleans()))
        return cls(**common, grade=draw(st.integers(0, 5)), answer=draw(TEXT),
                   seconds=draw(st.floats(0, 1e6, allow_nan=False)), details=details)
    if cls is FollowUp:
        return FollowUp(**common, question=draw(TEXT), answer=draw(TEXT), answered=draw(st.booleans()))
    if cls is Undo:
        return Undo(**common, target=draw(NAMES))
    if cls is Bury:
        return Bury(**common, until=day(draw(st.integers(-5, 500))))
    if cls is Checkpoint:
        state = CardState(reps=draw(st.integers(0, 50)), ef_centi=draw(st.integers(130, 900)),
                          interval=draw(st.integers(0, 36_500)), due=draw(st.none() | st.just(day(3))),
                          lapses=draw(st.integers(0, 9)))
        return Checkpoint(**common, state=state)
    return cls(**common)


@settings(max_examples=200, deadline=None)
@given(event=events())
def test_every_kind_round_trips_to_the_row_the_store_writes(event: Event) -> None:
    row = event.to_row()
    line = encode(row)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert parse_line(line[:-1]) == (*row[:13], None)
    VALIDATOR.validate(json.loads(line))


SCHEMA = events_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_published_schema_is_the_one_the_command_prints(capsys: Any) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert main(["schema", "--events"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA


def test_the_schema_refuses_what_the_reader_refuses() -> None:
    good = json.loads(encode(Grade(event_id="e1", device="d1", seq=1, moment=at(0), day=day(0), card_id="x",
                                   grade=4).to_row()))
    validator = VALIDATOR
    assert validator.is_valid(good)
    for change in ({"grade": 9}, {"colour": "red"}, {"seq": 0}, {"moment": "yesterday"}, {"card_id": "a\u0007"}):
        line = {**good, **change}
        assert not validator.is_valid(line), change
        try:
            parse_line(json.dumps(line).encode())
        except LineError:
            continue
        raise AssertionError(f"the reader took {change}")
    assert validator.is_valid({**good, "kind": "flag", "colour": "red"})  # a newer kind: kept


def test_an_unknown_kind_is_kept_verbatim_and_written_back_byte_for_byte(tmp_path: Path) -> None:
    line = ('{"kind":"flag","event_id":"e9","device":"d9","seq":3,"moment":"2026-11-26T09:00:00.000000Z",'
            '"day":"2026-11-26","card_id":"x","colour":"rouge ✓","nested":{"a":[1,2]}}')
    row = parse_line(line.encode())
    assert row[3:5] == ("flag", "x") and row[12] == line
    with ProgressStore.open(tmp_path, real_now=REAL) as store:
        assert len(store.import_rows([row]).inserted) == 1
        assert store.state("x") == CardState()
        (stored,) = store.device_rows("d9")
        assert encode(stored) == line.encode() + b"\n"
        (event,) = store.device_events("d9")
        assert isinstance(event, Unknown) and event.raw == line


def test_an_event_kept_verbatim_is_replayed_by_a_quizterm_that_knows_its_kind(tmp_path: Path) -> None:
    """A `bury` written by a newer quizterm reached a version without bury: stored verbatim, skipped. The
    flat line holds its fields under their own names, so once the kind is known (here: a replay that
    knows `bury`, as after an upgrade) the same stored row replays as a bury."""
    line = ('{"kind":"bury","event_id":"e9","device":"d9","seq":3,"moment":"2026-11-26T09:00:00.000000Z",'
            '"day":"2026-11-26","card_id":"x","deck":"d","until":"2026-11-29"}')
    with ProgressStore.open(tmp_path, real_now=REAL) as store:
        store.import_events([Unknown(event_id="e9", device="d9", seq=3, moment=at(0), day=day(0), card_id="x",
                                     deck="d", name="bury", raw=line)])
        assert store.state("x").buried_until == day(3)
        assert check(tmp_path, real_now=REAL, repair=False).healthy
