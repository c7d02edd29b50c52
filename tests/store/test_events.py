"""Every event kind and its replay rule, by exact example; imported events; unknown kinds kept verbatim."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.doctor import check
from quizterm.store.events import (
    Bury,
    Checkpoint,
    Event,
    FollowUp,
    Grade,
    GradeDetails,
    Reset,
    Suspend,
    Undo,
    Unknown,
    Unsuspend,
)
from quizterm.store.progress import ProgressStore

from .helpers import at, day, grade, open_store, raw, replayed, stale_caches


def make(cls: type[Event], card: str, days: int = 0, minutes: int = 0, *, device: str = "b0", seq: int,
         **fields: Any) -> Any:
    """An event as another device would have made it (its id says where it came from)."""
    return cls(event_id=f"{device}-{seq}", device=device, seq=seq, moment=at(days, minutes), day=day(days),
               card_id=card, deck="d", **fields)


def exact(store: ProgressStore) -> None:
    """The caches equal a full replay, and doctor agrees."""
    with raw(store.path.parent) as conn:
        assert stale_caches(conn) == 0
        assert replayed(conn) == store.records()
    assert check(store.path.parent, real_now=at(0), repair=False).healthy


def test_a_grade_schedules_first_and_drills_after_in_replay_order(tmp_path: Path) -> None:
    """Another device's earlier grade of the same day arrives later: it becomes the scheduling one."""
    with open_store(tmp_path) as store:
        mine = grade(store, "a", 5, minutes=30)
        assert mine.scheduling and mine.was_new
        store.import_events([make(Grade, "a", minutes=10, seq=1, grade=2)])
        assert store.state("a") == schedule(CardState(), 2, day(0))  # the 2 came first; my 5 is a drill
        assert [(r.grade, r.scheduling, r.was_new) for r in store.history("a")] == [(2, True, True),
                                                                                   (5, False, False)]
        assert [(g.grade, g.scheduling) for g in store.grades_on(day(0))] == [(2, True), (5, False)]
        exact(store)


def test_a_practice_grade_never_schedules_and_counts_nowhere(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        practice = store.record_practice(card_id="a", deck="d", grade=0, moment=at(0), day=day(0), answer="x")
        assert (practice.kind, practice.scheduling, practice.was_new) == ("practice", False, True)
        assert store.state("a") == CardState()
        first = grade(store, "a", 4, minutes=1)
        assert first.scheduling and first.was_new  # the practice grade was not the day's first grade
        store.record_practice(card_id="a", deck="d", grade=0, moment=at(1), day=day(1))
        assert store.state("a") == schedule(CardState(), 4, day(0))  # no lapse
        record = store.records()["a"]
        assert (record.reviews, record.last_grade) == (1, 4)
        assert store.review_count() == 1 and [g.grade for g in store.grades_on(day(1))] == []
        assert store.session_grade_count() == 1
        assert [r.grade for r in store.history("a")] == [4]
        exact(store)


def test_a_follow_up_is_kept_and_changes_no_state(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        event = store.record_follow_up(card_id="a", deck="d", question="And on GPUs?", answer="typed",
                                       answered=True, moment=at(0), day=day(0))
        assert isinstance(event, FollowUp) and event.question == "And on GPUs?"
        assert store.state("a") == CardState() and store.records()["a"].reviews == 0
        assert list(store.device_events(store.device_id())) == [event]
        exact(store)


def test_grade_details_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        written = store.record_grade(card_id="a", deck="d", grade=3, moment=at(0), day=day(0),
                                     points=["bias", "variance"], mentioned=["bias"], mistakes=["leak"],
                                     suggested=3, accepted=True, time_limit=120, time_up=False)
        assert written.details == GradeDetails(points=("bias", "variance"), mentioned=("bias",),
                                               mistakes=("leak",), suggested=3, accepted=True, time_limit=120)
        plain = grade(store, "b", 4)
    with open_store(tmp_path) as store:
        assert store.history("a") == [written] and store.history("b") == [plain]
    with raw(tmp_path) as conn:
        assert conn.execute("SELECT card_id, data FROM events ORDER BY n").fetchall() == [
            ("a", '{"points":["bias","variance"],"mentioned":["bias"],"mistakes":["leak"],"suggested":3,'
                  '"accepted":true,"time_limit":120}'), ("b", None)]


def test_suspend_and_unsuspend(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 5)
        store.suspend(card_id="a", deck="d", moment=at(0, 1), day=day(0))
        store.suspend(card_id="new-card", deck="d", moment=at(0, 2), day=day(0))
        states = store.states()
        assert states["a"] == CardState(reps=1, ef_centi=260, interval=1, due=day(1), suspended=True)
        assert states["new-card"] == CardState(suspended=True) and states["new-card"].hidden_on(day(0))
        assert store.records()["new-card"].last_grade is None
        store.unsuspend(card_id="a", deck="d", moment=at(1), day=day(1))
        assert not store.state("a").suspended
        exact(store)


def test_bury_until_a_day(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.bury(card_id="a", deck="d", until=day(2), moment=at(0), day=day(0))
        state = store.state("a")
        assert state.buried_until == day(2)
        assert [state.hidden_on(day(n)) for n in range(4)] == [True, True, False, False]
        exact(store)


def test_reset_starts_afresh_and_keeps_the_past(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 5, 0)
        grade(store, "a", 5, 1)
        store.suspend(card_id="a", deck="d", moment=at(1, 1), day=day(1))
        store.reset(card_id="a", deck="d", moment=at(1, 2), day=day(1))
        assert store.state("a") == CardState(suspended=True)  # queue membership is not the schedule's
        again = grade(store, "a", 4, 1, minutes=3)
        assert again.scheduling and again.was_new  # a new card's first grade, though the day had one
        record = store.records()["a"]
        assert record.state == schedule(CardState(suspended=True), 4, day(1))
        assert (record.reviews, [r.grade for r in store.history("a")]) == (3, [5, 5, 4])
        exact(store)


def test_a_checkpoint_sets_the_exact_state(tmp_path: Path) -> None:
    kept = CardState(reps=4, ef_centi=212, interval=33, due=day(40), lapses=2)
    with open_store(tmp_path) as store:
        grade(store, "a", 5)
        store.import_events([make(Checkpoint, "a", 0, 5, seq=1, state=kept)])
        assert store.state("a") == kept
        follow = grade(store, "a", 3, 0, minutes=10)
        assert not follow.scheduling  # the day's scheduling grade came before the checkpoint
        assert grade(store, "a", 3, 3).scheduling and store.state("a") == schedule(kept, 3, day(3))
        exact(store)


def test_undo_cancels_its_target_also_when_it_arrives_first(tmp_path: Path) -> None:
    target = make(Grade, "a", 0, seq=1, grade=5)
    undo = make(Undo, "a", 0, 1, seq=2, target=target.event_id)
    with open_store(tmp_path) as store:
        store.import_events([undo])
        assert store.records() == {}
        store.import_events([target])
        assert store.records() == {} and store.review_count() == 0
        later = grade(store, "a", 1)
        assert later.scheduling and later.was_new
        with raw(tmp_path) as conn:
            assert conn.execute("SELECT event_id, cancelled FROM events WHERE kind = 'grade' ORDER BY n").fetchall() \
                == [(target.event_id, 1), (later.event_id, 0)]
        exact(store)


def test_an_undo_of_an_undo_or_of_a_checkpoint_changes_nothing(tmp_path: Path) -> None:
    first = make(Grade, "a", seq=1, grade=5)
    undo = make(Undo, "a", minutes=1, seq=2, target=first.event_id)
    point = make(Checkpoint, "a", minutes=2, seq=3, state=CardState(reps=7, interval=3, due=day(3)))
    with open_store(tmp_path) as store:
        store.import_events([first, undo, point, make(Undo, "a", minutes=3, seq=4, target=undo.event_id),
                             make(Undo, "a", minutes=4, seq=5, target=point.event_id)])
        assert store.state("a") == CardState(reps=7, interval=3, due=day(3))
        assert store.review_count() == 0
        exact(store)


def test_undo_last_restricted_to_kinds(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.suspend(card_id="a", deck="d", moment=at(0), day=day(0))
        graded = grade(store, "b", 4, minutes=1)
        store.bury(card_id="c", deck="d", until=day(1), moment=at(0, 2), day=day(0))
        undone = store.undo_last(kinds=("suspend", "unsuspend", "bury", "reset"))
        assert isinstance(undone, Bury) and store.state("c") == CardState()
        undone = store.undo_last(kinds=("suspend", "unsuspend", "bury", "reset"))
        assert isinstance(undone, Suspend) and not store.state("a").suspended
        assert store.undo_last(kinds=("suspend",)) is None
        assert store.review_count() == 1
        undone = store.undo_last()
        assert isinstance(undone, Grade) and undone.event_id == graded.event_id
        assert store.undo_last() is None
        with pytest.raises(ValueError, match="can be undone"):
            store.undo_last(kinds=("undo",))
        exact(store)


def test_unknown_kinds_are_kept_verbatim_and_skipped(tmp_path: Path) -> None:
    raw_event = json.dumps({"kind": "flag", "event_id": "b0-2", "colour": "rouge ✓", "card_id": "a"})
    unknown = make(Unknown, "a", 0, 1, seq=2, name="flag", raw=raw_event)
    cardless = Unknown(event_id="b0-3", device="b0", seq=3, moment=at(0, 2), day=day(0), card_id="",
                       name="rename-deck", raw='{"kind":"rename-deck"}')
    with open_store(tmp_path) as store:
        store.import_events([make(Grade, "a", seq=1, grade=4), unknown, cardless])
        assert store.state("a") == schedule(CardState(), 4, day(0))
        assert list(store.device_events("b0", after_seq=1)) == [unknown, cardless]
        exact(store)
    with raw(tmp_path) as conn:
        assert conn.execute("SELECT kind, card_id, data FROM events WHERE seq > 1 ORDER BY seq").fetchall() == [
            ("flag", "a", raw_event), ("rename-deck", None, '{"kind":"rename-deck"}')]


def test_importing_twice_changes_nothing_and_own_events_move_the_sequence(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        device = store.device_id()
        batch = [make(Grade, "a", seq=1, grade=4), make(Suspend, "b", seq=2)]
        first = store.import_events(batch)
        assert (len(first.inserted), first.duplicates) == (2, 0)
        again = store.import_events(batch)
        assert (again.inserted, again.duplicates) == ([], 2)
        clash = store.import_events([Unsuspend(event_id="other", device="b0", seq=2, moment=at(0), day=day(0),
                                               card_id="b")])
        assert [e.event_id for e in clash.clashes] == ["other"]
        # events of this device's own id (a restored backup catching up from its journal)
        store.import_events([make(Reset, "c", seq=7, device=device)])
        assert grade(store, "c", 4).event_id and max(e.seq for e in store.device_events(device)) == 8
        exact(store)


def test_the_start_up_path_does_not_build_the_event_classes() -> None:
    """Opening the store and building a session must not import the event classes, apply.py or the v3
    migration (~15 ms of dataclass building, uuid and secrets at every start): the first write does."""
    code = ("import sys, quizterm.store.progress, quizterm.session, quizterm.commands.drill\n"
            "print(sorted(m for m in ('quizterm.store.events', 'quizterm.store.apply', 'quizterm.store.upgrade_v3',"
            " 'uuid', 'secrets') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_suggested_grade_of_zero_is_kept(tmp_path: Path) -> None:
    """The matcher can suggest 0 (no point made, a mistake marked): it is a suggestion, not "none"."""
    with open_store(tmp_path) as store:
        written = store.record_grade(card_id="a", deck="d", grade=1, moment=at(0), day=day(0), points=["p", "q"],
                                     suggested=0)
        assert written.details.suggested == 0
        assert store.history("a")[0].details == GradeDetails(points=("p", "q"), suggested=0)
