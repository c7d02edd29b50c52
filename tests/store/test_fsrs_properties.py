"""Replay order independence under FSRS: the same events give the same FSRS memories and the same FSRS due
dates whatever order they arrive in, and both equal a plain re-statement of the rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.store.events import NOT_CANCELLABLE, Event, Grade, Reset, Undo

from .test_replay_properties import event_sets, exact, fresh_store, import_in_batches, snapshot

FSRS = FsrsScheduler()


def memory_oracle(events: Sequence[Event]) -> dict[str, FsrsState]:
    """Each card's FSRS memory by the rules: sort, drop what an undo targets, review each card's first grade
    of a study day (practice grades are not grades), forget at a reset."""
    targeted = {e.target for e in events if isinstance(e, Undo)}
    live = sorted((e for e in events if e.event_id not in targeted or e.kind in NOT_CANCELLABLE),
                  key=lambda e: e.sort_key())
    memory: dict[str, FsrsState] = {}
    for e in live:
        state = memory.get(e.card_id, FsrsState())
        if type(e) is Grade and state.last_day != e.day:
            memory[e.card_id] = FSRS.review(state, e.grade, e.day)
        elif isinstance(e, Reset):
            memory[e.card_id] = FsrsState()
    return memory


@settings(max_examples=60, deadline=None)
@given(events=event_sets(), data=st.data())
def test_any_arrival_order_gives_the_same_fsrs_states(events: list[Event], data: st.DataObject) -> None:
    expected = memory_oracle(events)
    results: list[Any] = []
    for i in range(2):
        order = data.draw(st.permutations(events), label=f"order {i}")
        cuts = data.draw(st.lists(st.integers(0, 30), max_size=8), label=f"cuts {i}")
        with fresh_store() as store:
            import_in_batches(store, order, cuts)
            exact(store)  # the cache equals a full replay, FSRS columns included
            memories = store.memories()
            assert {card: m for card, m in memories.items() if not m.is_new} == {
                card: m for card, m in expected.items() if not m.is_new}
            store.scheduler = FSRS
            states = store.states()
            for card, state in states.items():
                assert state.due == FSRS.due(memories[card]) and state.interval == FSRS.interval(memories[card])
            results.append((snapshot(store), states))
    assert results[0] == results[1]
