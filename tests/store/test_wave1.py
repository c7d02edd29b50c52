"""The v3 migration against real wave-1 files: no user's state may change.

`wave1/*.sqlite3` were written by the code of main at c866466 (see `wave1/generate.py`): grades with
`--now` days out of order, two moments of one day written in reverse, same-day repeats, undos, and a
file drilled day after day through the queue. Each
file is migrated and every card compared with the `cards` table the old code wrote: exact equality of
reps, E-Factor, interval, due date, lapses and review counts.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.doctor import check
from quizterm.store.migrations import LATEST_VERSION, user_version

from .helpers import at, backups, day, db_path, grade, open_store, raw, replayed, stale_caches

WAVE1 = Path(__file__).parent / "wave1"
NAMES = ("handmade", "in-order", "random")
OLD_REVIEW = "id, card_id, deck, moment, day, grade, answer, seconds, session"


def wave1(name: str) -> sqlite3.Connection:
    """The fixture itself, read as an immutable file: no lock, no -wal or -shm written beside it."""
    return sqlite3.connect(f"{(WAVE1 / f'{name}.sqlite3').as_uri()}?immutable=1", uri=True)


def copy(name: str, data_dir: Path) -> dict[str, Any]:
    """Put the wave-1 file in `data_dir`; returns what the old code had written."""
    shutil.copyfile(WAVE1 / f"{name}.sqlite3", db_path(data_dir))
    with wave1(name) as old:
        assert user_version(old) == 2
        facts = {
            "cards": {row[0]: row[1:] for row in old.execute(
                "SELECT card_id, reps, ef_centi, interval, due, lapses, reviews FROM cards")},
            "last": {row[0]: row[1:] for row in old.execute(
                "SELECT card_id, last_grade, last_reviewed, deck FROM cards")},
            "reviews": old.execute(f"SELECT {OLD_REVIEW} FROM reviews ORDER BY id").fetchall(),
            "sessions": old.execute("SELECT id, started_at FROM sessions ORDER BY id").fetchall(),
            "sequence": old.execute("SELECT seq FROM sqlite_sequence WHERE name = 'reviews'").fetchone()[0],
            # the newest grade by arrival is also the newest in replay order: its counters must not move
            "arrival_is_replay_order": {row[0] for row in old.execute(
                "SELECT card_id FROM reviews r WHERE id = (SELECT max(id) FROM reviews WHERE card_id = r.card_id) "
                "AND NOT EXISTS (SELECT 1 FROM reviews o WHERE o.card_id = r.card_id "
                "AND (o.day, o.moment) > (r.day, r.moment))")},
        }
    old.close()
    return facts


@pytest.mark.parametrize("name", NAMES)
def test_every_card_keeps_its_exact_state(tmp_path: Path, name: str) -> None:
    before = copy(name, tmp_path)
    with open_store(tmp_path, days=30) as store:
        records = store.records()
    after = {card_id: (r.state.reps, r.state.ef_centi, r.state.interval,
                       None if r.state.due is None else r.state.due.isoformat(), r.state.lapses, r.reviews)
             for card_id, r in records.items()}
    assert after == before["cards"]
    last = {card_id: (r.last_grade, None if r.last_reviewed is None else r.last_reviewed.strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"), r.deck) for card_id, r in records.items()}
    kept = before["arrival_is_replay_order"]
    assert kept and {c: last[c] for c in kept} == {c: before["last"][c] for c in kept}
    assert all(not r.state.suspended and r.state.buried_until is None for r in records.values())


@pytest.mark.parametrize("name", NAMES)
def test_the_log_is_kept_row_for_row_and_the_caches_are_exact(tmp_path: Path, name: str) -> None:
    before = copy(name, tmp_path)
    open_store(tmp_path, days=30).close()
    assert len(backups(tmp_path)) == 1  # the old file, copied before migrating
    with raw(tmp_path) as conn:
        assert user_version(conn) == LATEST_VERSION
        assert conn.execute(f"SELECT {OLD_REVIEW} FROM reviews ORDER BY id").fetchall() == before["reviews"]
        assert conn.execute("SELECT id, started_at FROM sessions ORDER BY id").fetchall() == before["sessions"]
        (device,) = conn.execute("SELECT id FROM device").fetchone()
        grades = conn.execute("SELECT device, seq, length(event_id) FROM events WHERE kind = 'grade' "
                              "ORDER BY n").fetchall()
        assert grades == [(device, seq, 32) for seq in range(1, len(before["reviews"]) + 1)]
        assert conn.execute("SELECT count(DISTINCT event_id) FROM events").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM events").fetchone()[0]
        checkpoints = conn.execute("SELECT seq FROM events WHERE kind = 'checkpoint' ORDER BY seq").fetchall()
        assert [seq for (seq,) in checkpoints] == list(range(len(grades) + 1, len(grades) + 1 + len(checkpoints)))
        assert conn.execute("SELECT next_seq FROM device").fetchone() == (len(grades) + len(checkpoints) + 1,)
        # an id undone under wave 1 is never handed out again: the checkpoints came after the old counter
        assert conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone() == \
            (before["sequence"] + len(checkpoints),)
        assert stale_caches(conn) == 0
        records = replayed(conn)
    with open_store(tmp_path, days=30) as store:
        assert store.records() == records
    report = check(tmp_path, real_now=at(30), repair=False)
    assert report.healthy and "matches the review log" in report.lines[1], report.lines


def test_checkpoints_only_where_the_old_write_order_decided(tmp_path: Path) -> None:
    """In the handmade file two cards were graded out of order: a later day before an earlier one, and
    20:00 before 09:00 of one day. Only they get a checkpoint, after all of their events."""
    before = copy("handmade", tmp_path)
    open_store(tmp_path, days=30).close()
    with raw(tmp_path) as conn:
        rows = conn.execute(
            "SELECT c.card_id, c.day, c.moment, c.data, (SELECT max(day || moment) FROM events e "
            "WHERE e.card_id = c.card_id AND e.kind = 'grade') FROM events c WHERE c.kind = 'checkpoint' "
            "ORDER BY c.card_id").fetchall()
    assert [row[0] for row in rows] == ["later-day-first", "moments-reversed"]
    for _, day_text, moment, _, newest in rows:
        assert day_text + moment == newest
    reps, ef_centi, interval, due, lapses, _ = before["cards"]["later-day-first"]
    assert rows[0][3] == (f'{{"reps":{reps},"ef_centi":{ef_centi},"interval":{interval},"due":"{due}",'
                          f'"lapses":{lapses}}}')


def test_a_user_who_never_went_back_in_time_gets_no_checkpoint(tmp_path: Path) -> None:
    """Drilled through the queue, day after day, with undos: the new order is the old one, so replay
    derives exactly the scheduling flags the old code wrote."""
    copy("in-order", tmp_path)
    with wave1("in-order") as old:
        flags = old.execute("SELECT id, scheduling, was_new FROM reviews ORDER BY id").fetchall()
    old.close()
    open_store(tmp_path, days=30).close()
    with raw(tmp_path) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE kind = 'checkpoint'").fetchone() == (0,)
        assert conn.execute("SELECT id, scheduling, was_new FROM reviews ORDER BY id").fetchall() == flags


def test_grading_after_the_migration_goes_on_from_the_old_state(tmp_path: Path) -> None:
    before = copy("handmade", tmp_path)
    reps, ef_centi, interval, due, lapses, reviews = before["cards"]["later-day-first"]
    old = CardState(reps=reps, ef_centi=ef_centi, interval=interval, due=date.fromisoformat(due), lapses=lapses)
    with open_store(tmp_path, days=30) as store:
        # the checkpoint's own study day (2026-11-21) already has its scheduling grade: a drill, as before
        drill = store.record_grade(card_id="later-day-first", deck="first", grade=0, moment=at(-5, 120),
                                   day=day(-5))
        assert not drill.scheduling
        assert store.state("later-day-first") == old
        graded = grade(store, "later-day-first", 4, 0)
        assert graded.scheduling and not graded.was_new
        assert store.state("later-day-first") == schedule(old, 4, day(0))
        assert store.records()["later-day-first"].reviews == reviews + 2
    with raw(tmp_path) as conn:
        assert stale_caches(conn) == 0
