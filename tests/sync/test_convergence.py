"""Any interleaving of drills and syncs on several machines converges to one state: the replay of all
their events (tests/store's oracle restates the rules without SQL)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.store.progress import ProgressStore
from tests.store.helpers import scratch_dir
from tests.store.test_replay_properties import oracle

from .helpers import REAL, at, cards, day, event_caches, sync

DEVICES = 3
OPS = st.lists(st.tuples(st.sampled_from(("grade", "grade", "grade", "practice", "undo", "suspend", "sync", "sync")),
                         st.integers(0, DEVICES - 1), st.sampled_from("abc"), st.integers(0, 5), st.integers(0, 3),
                         st.integers(0, 3)),
               min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(ops=OPS)
def test_any_interleaving_of_drills_and_syncs_converges(ops: list[tuple[str, int, str, int, int, int]]) -> None:
    with scratch_dir() as scratch, contextlib.ExitStack() as stack:
        root = Path(scratch)
        folder = root / "folder"
        folder.mkdir()
        dirs = [root / f"m{n}" for n in range(DEVICES)]
        stores = []
        for data_dir in dirs:
            data_dir.mkdir()
            stores.append(stack.enter_context(ProgressStore.open(data_dir, real_now=REAL)))
        for kind, n, card, grade, days, minute in ops:
            store, common = stores[n], {"card_id": card, "deck": "d", "moment": at(days, minute), "day": day(days)}
            if kind == "grade":
                store.record_grade(grade=grade, **common)
            elif kind == "practice":
                store.record_practice(grade=grade, **common)
            elif kind == "suspend":
                store.suspend(**common)
            elif kind == "undo":
                store.undo_last(kinds=("grade", "practice", "suspend"))
            else:
                assert sync(dirs[n], folder).problems == []
        for _ in range(2):
            for data_dir in dirs:
                assert sync(data_dir, folder).problems == []
        everything = [e for store in stores for e in store.device_events(store.device_id())]
        expected = oracle(everything)
        for store, data_dir in zip(stores, dirs, strict=True):
            got = {card: (r.state, r.reviews, r.last_grade) for card, r in store.records().items()}
            assert got == expected
            assert cards(data_dir) == cards(dirs[0])
            assert event_caches(data_dir) == event_caches(dirs[0])


def test_a_sync_during_a_drill_on_the_same_device(tmp_path: Path) -> None:
    """The drill records grades (its own connection, its own session) while a sync imports another
    device's long history and writes this device's events: nothing is lost, nothing is written twice, and
    both machines end in the same state."""
    a, b = tmp_path / "a", tmp_path / "b"
    folder = tmp_path / "folder"
    for path in (a, b, folder):
        path.mkdir()
    with ProgressStore.open(b, real_now=REAL) as other:
        for i in range(3000):
            other.record_grade(card_id=f"c{i % 40}", deck="d", grade=i % 6, moment=at(i // 40, i % 40),
                               day=day(i // 40))
    sync(b, folder)
    done = threading.Event()
    with ProgressStore.open(a, real_now=REAL) as drill:
        def drilling() -> None:
            for i in range(60):
                drill.record_grade(card_id=f"c{i % 7}", deck="d", grade=i % 6, moment=at(i // 7, 50 + i),
                                   day=day(i // 7))
                if i % 10 == 9:
                    drill.undo_last()
            done.set()

        thread = threading.Thread(target=drilling)
        thread.start()
        reports = []
        while not done.is_set():
            reports.append(sync(a, folder, lock_wait=30))
        thread.join()
        assert sum(r.imported for r in reports) == 3000 and all(r.problems == [] for r in reports)
        for _ in range(2):
            for data_dir in (a, b):
                sync(data_dir, folder)
        mine = list(drill.device_events(drill.device_id()))
    assert len(mine) == 66
    lines = [line for path in folder.rglob("*.jsonl") for line in path.read_bytes().splitlines()]
    assert len(lines) == len(set(lines)) == 3066
    assert cards(a) == cards(b) and event_caches(a) == event_caches(b)
