"""The summary tables (schema 6): exact counts for a scripted history, and always equal to a plain
re-statement of their rules over the log, whatever path the events took (hot path, undo, `--now` out of
order, imports in any order); `doctor` finds and repairs a table that drifted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.scheduler.sm2 import MATURE_REPS, CardState, schedule
from quizterm.store import summary
from quizterm.store.doctor import check
from quizterm.store.events import NOT_CANCELLABLE, Checkpoint, Event, Grade, GradeDetails, Practice, Reset, Undo
from quizterm.store.migrations import MIGRATIONS
from quizterm.store.summary import Summary

from .helpers import at, day, db_path, grade, open_store, raw
from .test_replay_properties import OPS, event_sets, fresh_store, import_in_batches


def tables(data_dir: Path) -> Summary:
    with raw(data_dir) as conn:
        return summary.stored(conn)


def test_a_scripted_history_gives_exact_rows(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 4, 0, deck="py", seconds=12.7)  # new: counts as a grade, not young or mature
        grade(store, "a", 2, 0, minutes=1, deck="py", seconds=3)  # a drill: a grade, no retention
        grade(store, "a", 5, 1, deck="py", seconds=12)  # young (reps 1 before), passed
        grade(store, "a", 4, 7, deck="py", seconds=40)  # young (reps 2 before), passed
        grade(store, "a", 1, 9, deck="py", seconds=40)  # mature (reps 3 before), failed
        grade(store, "b", 3, 1, deck="sql")
        store.record_practice(card_id="b", deck="sql", grade=5, moment=at(1, 5), day=day(1), seconds=99)
        store.record_grade(card_id="k", deck="py", grade=4, moment=at(2), day=day(2), points=["P one", "P two"],
                           mentioned=["P two"])
        store.record_grade(card_id="k", deck="py", grade=5, moment=at(3), day=day(3), points=["P one", "P two"],
                           mentioned=["P one", "P two"])
        store.record_grade(card_id="k", deck="py", grade=5, moment=at(3, 1), day=day(3), points=["P one"],
                           mentioned=["P one"])  # a drill: key points count only on scheduling grades
    found = tables(tmp_path)
    zero = [0] * 11

    def row(**counts: int) -> list[int]:
        values = list(zero)
        for name, count in counts.items():
            values[summary.DAY_COLUMNS.index(name)] = count
        return values

    assert found.days == {
        (day(0).isoformat(), "py"): row(g4=1, g2=1),
        (day(1).isoformat(), "py"): row(g5=1, young=1, young_passed=1),
        (day(1).isoformat(), "sql"): row(g3=1, practice=1),
        (day(2).isoformat(), "py"): row(g4=1),
        (day(3).isoformat(), "py"): row(g5=2, young=1, young_passed=1),
        (day(7).isoformat(), "py"): row(g4=1, young=1, young_passed=1),
        (day(9).isoformat(), "py"): row(g1=1, mature=1),
    }
    assert found.seconds == Counter({("py", 12): 2, ("py", 3): 1, ("py", 40): 2, ("sql", 0): 1, ("py", 0): 3})
    assert found.points == {("k", "P one"): [2, 1], ("k", "P two"): [2, 2]}


def test_an_undone_grade_and_a_reset_leave_exact_counts(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for days in (0, 1, 2):
            grade(store, "a", 5, days)
        grade(store, "a", 0, 3)
        store.undo_last()  # the mature lapse is cancelled: it counts nowhere
        store.reset(card_id="a", deck="d", moment=at(4), day=day(4))
        grade(store, "a", 4, 4, minutes=1)  # new again: its first grade tests nothing
        grade(store, "a", 4, 5)  # young again (reps 1 before)
    found = tables(tmp_path).days
    assert [(key[0], values[7:]) for key, values in sorted(found.items())] == [
        (day(0).isoformat(), [0, 0, 0, 0]), (day(1).isoformat(), [1, 1, 0, 0]), (day(2).isoformat(), [1, 1, 0, 0]),
        (day(4).isoformat(), [0, 0, 0, 0]), (day(5).isoformat(), [1, 1, 0, 0])]
    assert (day(3).isoformat(), "d") not in found  # the row of the undone grade is gone, not left at zero


def oracle(events: Sequence[Event]) -> Summary:
    """The summary by its rules (summary.py's docstring), from scratch: sort, drop what an undo targets,
    walk each card."""
    targeted = {e.target for e in events if isinstance(e, Undo)}
    live = sorted((e for e in events if e.event_id not in targeted or e.kind in NOT_CANCELLABLE),
                  key=lambda e: e.sort_key())
    out = Summary()
    cards: dict[str, tuple[CardState, Any]] = {}
    for e in live:
        state, scheduled_on = cards.get(e.card_id, (CardState(), None))
        key = (e.day.isoformat(), e.deck)
        if type(e) is Practice:
            out.days.setdefault(key, [0] * 11)[6] += 1
        elif type(e) is Grade:
            values = out.days.setdefault(key, [0] * 11)
            values[e.grade] += 1
            out.seconds[e.deck, int(e.seconds)] += 1
            if scheduled_on != e.day:
                if state.due is not None:
                    column = 9 if state.reps >= MATURE_REPS else 7
                    values[column] += 1
                    values[column + 1] += e.grade >= 3
                for point in set(e.details.points):
                    tally = out.points.setdefault((e.card_id, point), [0, 0])
                    tally[0] += 1
                    tally[1] += point in e.details.mentioned
                state, scheduled_on = schedule(state, e.grade, e.day), e.day
        elif type(e) is Reset:
            state, scheduled_on = CardState(), None
        elif type(e) is Checkpoint:
            state = e.state
        cards[e.card_id] = (state, scheduled_on)
    return out.nonzero()


def with_points(events: list[Event], marks: list[bool]) -> list[Event]:
    """Some grades of the drawn events ask key points (and mark some mentioned)."""
    out: list[Event] = []
    for index, event in enumerate(events):
        if type(event) is Grade and marks[index % len(marks)]:
            asked = ("p1", "p2") if index % 2 else ("p1",)
            details = GradeDetails(points=asked, mentioned=asked[: index % 3])
            event = replace(event, seconds=float(index % 4), details=details)
        out.append(event)
    return out


@settings(max_examples=50, deadline=None)
@given(events=event_sets(), data=st.data())
def test_imports_in_any_order_give_the_tables_of_the_rules(events: list[Event], data: st.DataObject) -> None:
    events = with_points(events, data.draw(st.lists(st.booleans(), min_size=1, max_size=5)))
    expected = oracle(events)
    for attempt in range(2):
        order = data.draw(st.permutations(events), label=f"order {attempt}")
        cuts = data.draw(st.lists(st.integers(0, 30), max_size=8), label=f"cuts {attempt}")
        with fresh_store() as store:
            import_in_batches(store, order, cuts)
            with raw(store.path.parent) as conn:
                assert summary.stored(conn) == expected
                assert list(summary.differences(conn)) == []


@settings(max_examples=50, deadline=None)
@given(ops=OPS)
def test_the_hot_path_keeps_the_tables_exact(ops: list[tuple[str, str, int, int, int]]) -> None:
    """Local events with `--now` days back and forth and undos: after each one the tables are exact."""
    with fresh_store() as store:
        today = 0
        for kind, card, g, move, minute in ops:
            today = max(0, today + move)
            common: dict[str, Any] = {"card_id": card, "deck": "d", "moment": at(today, minute), "day": day(today)}
            if kind in ("grade", "practice"):
                (store.record_grade if kind == "grade" else store.record_practice)(grade=g, seconds=g * 7, **common)
            elif kind == "bury":
                store.bury(until=day(today + g % 3), **common)
            elif kind == "follow_up":
                store.record_follow_up(question="q", answer="a", answered=True, **common)
            elif kind.startswith("undo"):
                store.undo_last()
            else:
                getattr(store, kind)(**common)
            with raw(store.path.parent) as conn:
                assert summary.stored(conn) == summary.from_log(conn).nonzero()
        events = list(store.device_events(store.device_id()))
        with raw(store.path.parent) as conn:
            assert summary.stored(conn) == oracle(events)


def test_doctor_reports_and_repairs_a_table_that_drifted(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for days in range(4):
            grade(store, "a", 4, days, seconds=10)
    good = tables(tmp_path)
    with raw(tmp_path) as conn:
        conn.execute("UPDATE day_totals SET g4 = 7 WHERE day = ?", (day(1).isoformat(),))
        conn.execute("DELETE FROM reveal_seconds")
    report = check(tmp_path, real_now=at(5), repair=False)
    assert not report.healthy
    assert (f"{db_path(tmp_path)}: summary tables differ from the review log: day_totals (1 row), "
            "reveal_seconds (1 row)") in report.lines
    assert report.lines[-1] == (f"{db_path(tmp_path)}: 0 cards and the summary tables differ from the review log; "
                                "run `quizterm doctor` to repair them")
    repaired = check(tmp_path, real_now=at(5))
    assert repaired.healthy and repaired.lines[-1].startswith(
        f"{db_path(tmp_path)}: repaired 0 cards and the summary tables from the review log (backup first: ")
    assert tables(tmp_path) == good
    assert check(tmp_path, real_now=at(5)).lines[-1].endswith("matches the review log (4 reviews)")


def test_the_migration_step_fills_the_tables_from_the_log(tmp_path: Path) -> None:
    """On a log from before the tables (dropped by hand), the step creates them with what the events say."""
    with open_store(tmp_path) as store:
        grade(store, "a", 5, 0)
        grade(store, "a", 4, 1, seconds=30)
        store.record_grade(card_id="k", deck="d", grade=3, moment=at(1), day=day(1), points=["x"])
    before = tables(tmp_path)
    (step,) = [m for m in MIGRATIONS if m.why.startswith("summary tables")]
    assert step.version == 6
    with raw(tmp_path) as conn:
        for table in ("day_totals", "reveal_seconds", "point_tally"):
            conn.execute(f"DROP TABLE {table}")
        step.apply(conn)
    assert tables(tmp_path) == before
    assert before.points == {("k", "x"): [1, 0]}
