"""Sync's batch import (bulk.py) leaves the database exactly as recording the same events one by one would
(apply.py): card states (SM-2 and FSRS memory), each event's replay cache, the summary tables - and
`doctor` finds nothing to repair.

The history: two devices grading the same cards, with undo, practice, suspend, bury, follow-ups, key points
asked and marked, and grades of one card on one study day from both devices (the earlier one, from the
other device, takes over scheduling when it arrives).
"""

from __future__ import annotations

import functools
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.store import doctor, summary
from quizterm.store.apply import apply_events
from quizterm.store.bulk import Carry
from quizterm.store.db import format_moment as _moment
from quizterm.store.db import transaction
from quizterm.store.events import from_row
from quizterm.store.progress import ProgressStore

from .helpers import at, day, open_store, raw, replayed, scratch_dir, stale_caches

REAL = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
Row = tuple[Any, ...]


def _device_a(store: ProgressStore) -> None:
    points = {"points": ("p1", "p2", "p3"), "mentioned": ("p1",)}
    store.record_grade(card_id="x", deck="d", grade=4, moment=at(0), day=day(0), seconds=12.5, **points)
    store.record_grade(card_id="x", deck="d", grade=5, moment=at(1), day=day(1), seconds=3, **points)
    store.record_grade(card_id="x", deck="d", grade=3, moment=at(3), day=day(3), seconds=40, answer="typed")
    store.record_practice(card_id="x", deck="d", grade=2, moment=at(3, 5), day=day(3), seconds=7)
    store.record_follow_up(card_id="x", deck="d", question="why?", answer="because", answered=True,
                           moment=at(3, 6), day=day(3))
    store.record_grade(card_id="y", deck="e", grade=1, moment=at(0), day=day(0), seconds=9)
    store.undo_last()  # the grade of y disappears everywhere
    store.record_grade(card_id="y", deck="e", grade=4, moment=at(0, 5), day=day(0), seconds=9, **points)
    store.suspend(card_id="z", deck="d", moment=at(1), day=day(1))
    store.record_grade(card_id="w", deck="d", grade=5, moment=at(2), day=day(2))
    store.record_grade(card_id="x", deck="d", grade=2, moment=at(6), day=day(6), seconds=1, **points)


def _device_b(store: ProgressStore) -> None:
    # The same card and study day as device a's day-3 grade, half an hour earlier: it schedules, a's drills.
    store.record_grade(card_id="x", deck="d", grade=4, moment=at(3, -30), day=day(3), seconds=5,
                       points=("p1", "p2", "p3"), mentioned=("p2", "p3"))
    store.record_grade(card_id="x", deck="d", grade=4, moment=at(5), day=day(5), seconds=2)  # mature by then
    store.record_grade(card_id="w", deck="d", grade=0, moment=at(2, 30), day=day(2))  # a drill after a's
    store.record_grade(card_id="w", deck="d", grade=3, moment=at(4), day=day(4))
    store.undo_last()
    store.record_practice(card_id="y", deck="e", grade=5, moment=at(1), day=day(1))
    store.suspend(card_id="y", deck="e", moment=at(2), day=day(2))
    store.bury(card_id="w", deck="d", until=day(8), moment=at(5), day=day(5))
    store.record_grade(card_id="v", deck="e", grade=3, moment=at(7), day=day(7), seconds=20)
    store.record_follow_up(card_id="v", deck="e", question="how?", answer="", answered=False, moment=at(7, 1),
                           day=day(7))


@functools.cache
def _histories() -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """Each device's rows, as its journal carries them (recorded once per test run)."""
    found = []
    for script in (_device_a, _device_b):
        with scratch_dir() as folder, ProgressStore.open(Path(folder), real_now=REAL) as store:
            script(store)
            found.append(tuple(store.device_rows(store.device_id())))
    return found[0], found[1]


def _one_by_one(data_dir: Path, rows: list[Row]) -> None:
    """Apply events as recording does: apply.py, one event per transaction."""
    ProgressStore.open(data_dir, real_now=REAL).close()  # created and migrated
    conn = raw(data_dir)
    try:
        for row in rows:
            with transaction(conn):
                apply_events(conn, [from_row((*row[:13], None))])  # a session is local: imported events have none
    finally:
        conn.close()


def _in_batches(data_dir: Path, rows: list[Row], size: int) -> None:
    carry = Carry()
    with open_store(data_dir) as store:
        for start in range(0, len(rows), size):
            store.import_rows(rows[start:start + size], carry)


def _state(data_dir: Path) -> dict[str, Any]:
    """Everything replay derives: the state table, each event's cache, the summary tables."""
    with closing(raw(data_dir)) as conn:
        tables = summary.stored(conn)
        return {
            "cards": conn.execute("SELECT * FROM cards ORDER BY card_id").fetchall(),
            "caches": conn.execute("SELECT event_id, cancelled, scheduling, was_new FROM events "
                                   "ORDER BY event_id").fetchall(),
            "day_totals": sorted(tables.days.items()),
            "reveal_seconds": sorted(tables.seconds.items()),
            "point_tally": sorted(tables.points.items()),
        }


def _assert_exact(data_dir: Path) -> None:
    """The caches equal a fresh replay of the log, and doctor agrees (and repairs nothing)."""
    conn = raw(data_dir)
    try:
        assert stale_caches(conn) == 0
        assert summary.stored(conn) == summary.from_log(conn).nonzero()
        assert list(summary.differences(conn)) == []
        with open_store(data_dir) as store:
            assert store.records() == replayed(conn)
            assert store.memories() == {card_id: record.memory for card_id, record in replayed(conn).items()}
    finally:
        conn.close()
    report = doctor.check(data_dir, real_now=REAL, repair=False)
    assert report.healthy and report.repaired == 0
    assert any("matches the review log" in line for line in report.lines), report.lines
    assert not any("differ" in line for line in report.lines), report.lines


def test_an_import_leaves_what_recording_one_by_one_leaves(tmp_path: Path) -> None:
    a_rows, b_rows = _histories()
    every = [*a_rows, *b_rows]
    (tmp_path / "one").mkdir()
    (tmp_path / "bulk").mkdir()
    _one_by_one(tmp_path / "one", every)
    # The other way round and in threes: undos arrive before their targets, the earlier day-3 grade late.
    _in_batches(tmp_path / "bulk", every[::-1], 3)
    assert _state(tmp_path / "bulk") == _state(tmp_path / "one")
    _assert_exact(tmp_path / "one")
    _assert_exact(tmp_path / "bulk")
    with closing(raw(tmp_path / "bulk")) as conn:  # the history is what it claims to be
        kinds = {kind for (kind,) in conn.execute("SELECT DISTINCT kind FROM events")}
        assert kinds == {"grade", "practice", "follow_up", "undo", "suspend", "bury"}
        assert conn.execute("SELECT count(*) FROM events WHERE card_id = 'x' AND day = ? AND kind = 'grade' "
                            "AND cancelled = 0 GROUP BY day", (day(3).isoformat(),)).fetchone() == (2,)
        assert conn.execute("SELECT sum(mature) FROM day_totals").fetchone()[0] >= 1
        assert conn.execute("SELECT count(*) FROM point_tally").fetchone()[0] == 6  # x's and y's three


def test_a_device_importing_the_other_ends_where_a_replay_of_both_does(tmp_path: Path) -> None:
    """What sync does on device a: its own events recorded one by one, then b's in one import. a's day-3
    grade stops scheduling (b's earlier one takes over), and the tables follow."""
    a_rows, b_rows = _histories()
    (tmp_path / "a").mkdir()
    (tmp_path / "both").mkdir()
    _one_by_one(tmp_path / "a", list(a_rows))
    _in_batches(tmp_path / "a", list(b_rows), 1000)
    _one_by_one(tmp_path / "both", [*b_rows, *a_rows])
    assert _state(tmp_path / "a") == _state(tmp_path / "both")
    _assert_exact(tmp_path / "a")


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_arrival_order_and_batching_gives_the_same_database(data: st.DataObject) -> None:
    a_rows, b_rows = _histories()
    every = [*a_rows, *b_rows]
    order = data.draw(st.permutations(every))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(every) - 1), max_size=6)))
    with scratch_dir() as one, scratch_dir() as bulk:
        _one_by_one(Path(one), every)
        carry = Carry()
        with open_store(Path(bulk)) as store:
            for start, end in zip([0, *cuts], [*cuts, len(every)], strict=True):
                store.import_rows(order[start:end], carry)
        assert _state(Path(bulk)) == _state(Path(one))
        with closing(raw(Path(bulk))) as conn:
            assert stale_caches(conn) == 0
            assert summary.stored(conn) == summary.from_log(conn).nonzero()


def test_a_new_device_id_keeps_the_summary_tables_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Taking a new device id (a copied data directory) changes the replay order's last tie-break: here it
    decides which of two grades at the same moment schedules, and with it which key points count."""
    other = "8" * 16
    with open_store(tmp_path) as store:
        old = store.device_id()
        monkeypatch.setattr("quizterm.store.devices.new_device_id", lambda: "0" * 16 if old > other else "f" * 16)
        store.record_grade(card_id="x", deck="d", grade=4, moment=at(0), day=day(0), points=("mine",))
        imported = (f"{other}-1", other, 1, "grade", "x", "d", _moment(at(0)), day(0).isoformat(), 2, "", 0.0,
                    None, '{"points":["theirs"]}', None)
        store.import_rows([imported])
        with closing(raw(tmp_path)) as conn:
            before = summary.stored(conn).points
        store.take_new_device_id(lambda seq, event_id: False)
    with closing(raw(tmp_path)) as conn:
        assert summary.stored(conn).points != before  # the other grade schedules now
        assert summary.stored(conn) == summary.from_log(conn).nonzero()
    assert doctor.check(tmp_path, real_now=REAL, repair=False).healthy
