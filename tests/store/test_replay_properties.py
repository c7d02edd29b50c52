"""Replay properties: the same events give the same states whatever order they arrive in, and the
incremental hot path always agrees with a full replay and with a plain re-statement of the rules.

`oracle` below restates the replay rules (replay.py's docstring) as directly as possible, without SQL,
caches or incremental steps: sort, drop what an undo targets, fold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.events import (
    NOT_CANCELLABLE,
    Bury,
    Checkpoint,
    Event,
    FollowUp,
    Grade,
    Practice,
    Reset,
    Suspend,
    Undo,
    Unknown,
    Unsuspend,
)
from quizterm.store.progress import ProgressStore

from .helpers import at, day, open_store, raw, replayed, scratch_dir, stale_caches

CARDS = ("a", "b", "c")
DEVICES = ("d1", "d2", "d3")
KINDS = (Grade, Grade, Grade, Practice, FollowUp, Suspend, Unsuspend, Bury, Reset, Undo, Checkpoint, Unknown)


def oracle(events: Sequence[Event]) -> dict[str, tuple[CardState, int, int | None]]:
    """Each card's (state, grades, last grade) by the rules, from scratch."""
    targeted = {e.target for e in events if isinstance(e, Undo)}
    live = sorted((e for e in events if e.event_id not in targeted or e.kind in NOT_CANCELLABLE),
                  key=lambda e: e.sort_key())
    cards: dict[str, Any] = {}
    for e in live:
        if isinstance(e, (Undo, Unknown)):
            continue
        state, reviews, last, scheduled_on = cards.get(e.card_id, (CardState(), 0, None, None))
        if type(e) is Grade:
            if scheduled_on != e.day:
                state, scheduled_on = schedule(state, e.grade, e.day), e.day
            reviews, last = reviews + 1, e.grade
        elif isinstance(e, (Suspend, Unsuspend)):
            state = CardState(state.reps, state.ef_centi, state.interval, state.due, state.lapses,
                              isinstance(e, Suspend), state.buried_until)
        elif isinstance(e, Bury):
            state = CardState(state.reps, state.ef_centi, state.interval, state.due, state.lapses,
                              state.suspended, e.until)
        elif isinstance(e, Reset):
            state, scheduled_on = CardState(suspended=state.suspended, buried_until=state.buried_until), None
        elif isinstance(e, Checkpoint):
            s = e.state
            state = CardState(s.reps, s.ef_centi, s.interval, s.due, s.lapses, state.suspended, state.buried_until)
        cards[e.card_id] = (state, reviews, last, scheduled_on)
    return {card: (state, reviews, last) for card, (state, reviews, last, _) in cards.items()}


@st.composite
def event_sets(draw: st.DrawFn) -> list[Event]:
    """Up to 30 events of every kind on 3 cards, 3 devices, a few days and moments (ties included)."""
    events: list[Event] = []
    seqs = dict.fromkeys(DEVICES, 0)
    for _ in range(draw(st.integers(1, 30))):
        device = draw(st.sampled_from(DEVICES))
        seqs[device] += 1
        cls = draw(st.sampled_from(KINDS))
        days = draw(st.integers(0, 4))
        common: dict[str, Any] = {"event_id": f"{device}-{seqs[device]}", "device": device, "seq": seqs[device],
                                  "moment": at(days, draw(st.integers(0, 2))), "day": day(days),
                                  "card_id": draw(st.sampled_from(CARDS)), "deck": draw(st.sampled_from("xy"))}
        fields: dict[str, Any] = {}
        if cls in (Grade, Practice):
            fields["grade"] = draw(st.integers(0, 5))
        elif cls is FollowUp:
            fields = {"question": "why?", "answer": "because", "answered": draw(st.booleans())}
        elif cls is Bury:
            fields["until"] = day(draw(st.integers(0, 6)))
        elif cls is Undo:
            ids = [e.event_id for e in events] + ["d9-1"]  # an undo may also target what never arrives
            fields["target"] = draw(st.sampled_from(ids))
        elif cls is Checkpoint:
            fields["state"] = CardState(reps=draw(st.integers(0, 4)), ef_centi=draw(st.integers(130, 280)),
                                        interval=draw(st.integers(0, 30)), due=day(draw(st.integers(0, 9))),
                                        lapses=draw(st.integers(0, 3)))
        elif cls is Unknown:
            fields = {"name": "future-kind", "raw": json.dumps({"kind": "future-kind", "n": len(events)})}
        events.append(cls(**common, **fields))
    return events


@contextmanager
def fresh_store() -> Iterator[ProgressStore]:
    with scratch_dir() as folder, open_store(Path(folder)) as store:
        yield store


def snapshot(store: ProgressStore) -> tuple[list[Any], list[Any]]:
    """The state table and every event's cache columns, by event id: what must not depend on arrival."""
    with raw(store.path.parent) as conn:
        conn.row_factory = None
        cards = conn.execute("SELECT * FROM cards ORDER BY card_id").fetchall()
        cache = conn.execute("SELECT event_id, cancelled, scheduling, was_new FROM events ORDER BY event_id").fetchall()
    return cards, cache


def exact(store: ProgressStore) -> None:
    with raw(store.path.parent) as conn:
        assert stale_caches(conn) == 0
        assert replayed(conn) == store.records()


def import_in_batches(store: ProgressStore, events: Sequence[Event], cuts: Sequence[int]) -> None:
    bounds = sorted({0, len(events), *(c % (len(events) + 1) for c in cuts)})
    for start, end in pairwise(bounds):
        store.import_events(events[start:end])


@settings(max_examples=60, deadline=None)
@given(events=event_sets(), data=st.data())
def test_any_arrival_order_gives_the_same_cards_and_caches(events: list[Event], data: st.DataObject) -> None:
    orders = [data.draw(st.permutations(events), label=f"order {i}") for i in range(2)]
    cuts = [data.draw(st.lists(st.integers(0, 30), max_size=8), label=f"cuts {i}") for i in range(2)]
    snapshots = []
    for order, cut in zip(orders, cuts, strict=True):
        with fresh_store() as store:
            import_in_batches(store, order, cut)
            exact(store)
            assert {card: (r.state, r.reviews, r.last_grade) for card, r in store.records().items()
                    if r.reviews or r.state != CardState()} == {
                card: value for card, value in oracle(events).items() if value[1] or value[0] != CardState()}
            snapshots.append(snapshot(store))
    assert snapshots[0] == snapshots[1]


OPS = st.lists(st.tuples(st.sampled_from(("grade", "grade", "grade", "practice", "suspend", "unsuspend", "bury",
                                          "reset", "follow_up", "undo", "undo-queue")),
                         st.sampled_from(CARDS), st.integers(0, 5), st.integers(-2, 3), st.integers(0, 2)),
               min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(ops=OPS, data=st.data())
def test_the_hot_path_agrees_with_a_full_replay(ops: list[tuple[str, str, int, int, int]],
                                                data: st.DataObject) -> None:
    """Local events in any order of days (`--now` back and forth), undos included: after every one the
    caches equal a full replay and the rules; another device importing the same events agrees."""
    with fresh_store() as store:
        today = 0
        for kind, card, grade, move, minute in ops:
            today = max(0, today + move)
            common: dict[str, Any] = {"card_id": card, "deck": "d", "moment": at(today, minute), "day": day(today)}
            if kind in ("grade", "practice"):
                record = store.record_grade if kind == "grade" else store.record_practice
                record(grade=grade, **common)
            elif kind == "bury":
                store.bury(until=day(today + grade % 3), **common)
            elif kind == "follow_up":
                store.record_follow_up(question="q", answer="a", answered=True, **common)
            elif kind == "undo":
                store.undo_last()
            elif kind == "undo-queue":
                store.undo_last(kinds=("suspend", "unsuspend", "bury", "reset"))
            else:
                getattr(store, kind)(**common)
            exact(store)
        events = list(store.device_events(store.device_id()))
        expected = oracle(events)
        assert {card: (r.state, r.reviews, r.last_grade) for card, r in store.records().items()} == expected
        mine = snapshot(store)
    with fresh_store() as other:
        import_in_batches(other, data.draw(st.permutations(events)), data.draw(st.lists(st.integers(0, 30))))
        assert snapshot(other) == mine


def test_oracle_sanity() -> None:
    """The oracle itself on a hand-checked case (a drill, an undone lapse, a reset)."""
    e = [Grade(event_id="1", device="d", seq=1, moment=at(0), day=day(0), card_id="a", grade=5),
         Grade(event_id="2", device="d", seq=2, moment=at(0, 1), day=day(0), card_id="a", grade=0),
         Grade(event_id="3", device="d", seq=3, moment=at(1), day=day(1), card_id="a", grade=1),
         Undo(event_id="4", device="d", seq=4, moment=at(1, 1), day=day(1), card_id="a", target="3")]
    assert oracle(e) == {"a": (CardState(reps=1, ef_centi=260, interval=1, due=day(1)), 2, 0)}
    assert oracle([*e, Reset(event_id="5", device="d", seq=5, moment=at(2), day=day(2), card_id="a")]) == {
        "a": (CardState(), 2, 0)}
