"""Leeches, suspend and bury: the leech rule in the store (suspend with the grade, undone with it) and in
`stats --json`; hidden cards leave the due counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import Card, Deck
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import CardState
from quizterm.stats import compute_stats, render_stats, stats_json
from quizterm.store.kinds import GRADE, SUSPEND

from .helpers import at, day, open_store, scratch_dir


def deck(*ids: str) -> Deck:
    return Deck(key="d", title="d", path=Path("d.yaml"),
                cards=tuple(Card(id=i, deck="d", question="q", short_answer="a") for i in ids))


def fail(store: object, card_id: str, days: int, *, grade: int = 0, suspend_at: int | None = None) -> None:
    store.record_grade(card_id=card_id, deck="d", grade=grade, moment=at(days), day=day(days),  # type: ignore[attr-defined]
                       suspend_at_lapses=suspend_at)


def test_leech_rule_examples() -> None:
    rule = LeechRule(lapses=3)
    assert not rule.is_leech(CardState(lapses=2)) and rule.is_leech(CardState(lapses=3))
    assert rule.became_leech(CardState(lapses=2), CardState(lapses=3))
    assert not rule.became_leech(CardState(lapses=3), CardState(lapses=4))
    assert rule.suspend_at is None and LeechRule(3, "suspend").suspend_at == 3
    with pytest.raises(ValueError, match="whole number >= 1"):
        LeechRule(lapses=0)
    with pytest.raises(ValueError, match="'flag' or 'suspend'"):
        LeechRule(action="delete")


def test_the_grade_that_makes_a_leech_suspends_it_and_its_undo_unsuspends(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        fail(store, "a", 0, grade=4)  # the first grade is never a lapse
        for days in range(1, 3):
            fail(store, "a", days, suspend_at=3)
        assert store.state("a") == CardState(reps=1, ef_centi=250, interval=1, due=day(3), lapses=2)
        fail(store, "a", 3, suspend_at=3)
        leech = store.state("a")
        assert (leech.lapses, leech.suspended) == (3, True)
        kinds = [row[0] for row in store._db().execute("SELECT kind FROM events ORDER BY n")]
        assert kinds[-2:] == [GRADE, SUSPEND]
        undone = store.undo_last(kinds=(GRADE,))
        assert undone is not None and undone.kind == GRADE
        assert store.state("a") == CardState(reps=1, ef_centi=250, interval=1, due=day(3), lapses=2)
        # the next undo walks back to the previous grade, not to the cancelled suspend
        assert store.undo_last(kinds=(GRADE,)) is not None
        assert store.state("a").lapses == 1


def test_only_the_crossing_suspends(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        fail(store, "a", 0, grade=4)
        fail(store, "a", 1, suspend_at=1)
        assert store.state("a").suspended
        store.unsuspend(card_id="a", deck="d", moment=at(1, 5), day=day(1))
        fail(store, "a", 2, suspend_at=1)  # lapses 2: a leech already, left in the queue as the user chose
        assert not store.state("a").suspended
        # a manual suspend is undone on its own: undoing a grade leaves it alone
        store.suspend(card_id="a", deck="d", moment=at(2, 10), day=day(2))
        store.undo_last(kinds=(GRADE,))
        assert store.state("a").suspended


@settings(max_examples=40, deadline=None)
@given(grades=st.lists(st.integers(0, 5), min_size=1, max_size=14), lapses=st.integers(1, 4),
       suspend=st.booleans())
def test_leech_flag_and_suspend_follow_the_lapses(grades: list[int], lapses: int, suspend: bool) -> None:
    """For any history of one grade a day: the card is a leech exactly when its lapses reach the rule; with
    "suspend" it is suspended exactly from the grade that got there; undoing the last grade restores the
    state before it, suspension included."""
    rule = LeechRule(lapses, "suspend" if suspend else "flag")
    with scratch_dir() as folder, open_store(Path(folder)) as store:
        before = CardState()
        crossed = False
        for days, g in enumerate(grades):
            before = store.state("a")
            fail(store, "a", days, grade=g, suspend_at=rule.suspend_at)
            after = store.state("a")
            crossed = crossed or rule.became_leech(before, after)
            assert rule.is_leech(after) == (after.lapses >= lapses)
            assert after.suspended == (suspend and crossed)
        store.undo_last(kinds=(GRADE,))
        assert store.state("a") == before


def test_stats_json_flags_suspended_buried_and_leeches_and_due_counts_leave_them_out(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for card_id in ("a", "b", "c", "d"):
            fail(store, card_id, 0, grade=4)  # all due on day 1
        for days in (1, 2):
            fail(store, "d", days)  # lapses 2: a leech under LeechRule(2); due on day 3
        store.suspend(card_id="a", deck="d", moment=at(1, 1), day=day(1))
        store.bury(card_id="b", deck="d", until=day(4), moment=at(1, 2), day=day(1))
        stats = compute_stats([deck("a", "b", "c", "d", "e")], store, now=at(3), today=day(3),
                              leech=LeechRule(2))
    data = stats_json(stats)
    flags = {card["id"]: (card["suspended"], card["buried_until"], card["leech"]) for card in data["cards"]}
    assert flags == {"a": (True, None, False), "b": (False, "2026-11-30", False), "c": (False, None, False),
                     "d": (False, None, True), "e": (False, None, False)}
    totals = data["totals"]
    assert (totals["suspended"], totals["leeches"]) == (1, 1)
    assert totals["due_today"] == 2  # c and d; a is suspended, b buried until tomorrow
    assert totals["next_due"] == {"date": "2026-11-30", "count": 1}  # b, back when its burial ends
    assert "  due today 2 · new 1 · learning 4 · mature 0 · suspended 1 · leeches 1" in render_stats(stats)


def test_a_burial_that_ended_is_not_reported(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        fail(store, "a", 0, grade=4)
        store.bury(card_id="a", deck="d", until=day(2), moment=at(1), day=day(1))
        on = {d: stats_json(compute_stats([deck("a")], store, now=at(d), today=day(d)))
              for d in (1, 2)}
    assert on[1]["cards"][0]["buried_until"] == "2026-11-28" and on[1]["totals"]["due_today"] == 0
    assert on[2]["cards"][0]["buried_until"] is None and on[2]["totals"]["due_today"] == 1


def test_card_log_lists_attempts_and_queue_events_without_cancelled_ones(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.record_grade(card_id="a", deck="d", grade=3, moment=at(0), day=day(0), answer="first", seconds=12)
        store.record_practice(card_id="a", deck="d", grade=5, moment=at(0, 5), day=day(0), answer="cram")
        store.bury(card_id="a", deck="d", until=day(2), moment=at(0, 6), day=day(0))
        store.suspend(card_id="a", deck="d", moment=at(0, 7), day=day(0))
        store.undo_last(kinds=(SUSPEND,))
        store.reset(card_id="a", deck="d", moment=at(0, 8), day=day(0))
        log = store.card_log("a")
    assert [(getattr(item, "answer", None), item.kind) for item in log] == [
        ("first", "grade"), ("cram", "practice"), (None, "bury"), (None, "reset")]
    assert log[2].until == day(2)  # type: ignore[union-attr]
