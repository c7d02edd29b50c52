"""Readiness: FSRS's predicted recall at the start of a day, from the cached memories, under either scheduler."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.plan.readiness import RECALL_THRESHOLD, CardRecall, predicted_recall, readiness, recalls
from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.scheduler.sm2 import Sm2Scheduler
from quizterm.store.progress import ProgressStore

DAY0 = date(2026, 11, 26)
FSRS = FsrsScheduler()


def reviewed(*grades: int, every: int = 3) -> FsrsState:
    state = FSRS.initial()
    for i, g in enumerate(grades):
        state = FSRS.review(state, g, DAY0 + timedelta(days=i * every))
    return state


def package_recall(state: FsrsState, day: date) -> float:
    assert state.last_day is not None
    last = datetime(state.last_day.year, state.last_day.month, state.last_day.day, tzinfo=UTC)
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=state.stability, difficulty=state.difficulty,
                     due=last, last_review=last)
    return fsrs.Scheduler().get_card_retrievability(card, datetime(day.year, day.month, day.day, tzinfo=UTC))


def test_the_prediction_is_fsrs_retrievability_at_the_start_of_the_day() -> None:
    state = reviewed(4)  # stability 2.3065 after a first Good
    assert predicted_recall(state, DAY0) == 1.0  # reviewed that very day
    for days in (1, 2, 3, 10, 100):
        assert predicted_recall(state, DAY0 + timedelta(days=days)) == package_recall(state, DAY0 + timedelta(days))
    assert predicted_recall(state, DAY0 + timedelta(days=2)) == pytest.approx(0.9095, abs=1e-4)
    assert predicted_recall(FsrsState(), DAY0) == 0.0 and predicted_recall(None, DAY0) == 0.0
    assert predicted_recall(state, DAY0 - timedelta(days=5)) == 1.0  # a day before the review: no decay


def test_mean_share_below_and_the_weakest() -> None:
    day = DAY0 + timedelta(days=20)
    memories = {"strong": reviewed(5, 5, 5), "weak": reviewed(1, 1), "medium": reviewed(4, 4), "fresh": reviewed(3)}
    ids = ["strong", "unseen", "weak", "medium", "fresh", "weak"]  # a repeated id counts once
    found = readiness(ids, memories, day, weakest=2)
    every = recalls(ids, memories, day)
    assert [c.card_id for c in every] == ["strong", "unseen", "weak", "medium", "fresh"]
    assert every[1] == CardRecall("unseen", 0.0, False)
    by_id = {c.card_id: c.recall for c in every}
    assert by_id["strong"] > 0.9 > by_id["medium"] > by_id["fresh"] > by_id["weak"] > 0
    assert found.cards == 5 and found.unseen == 1 and found.day == day
    assert found.mean == pytest.approx(sum(by_id.values()) / 5)
    assert found.below == sum(1 for r in by_id.values() if r < RECALL_THRESHOLD)
    assert found.share_below == found.below / 5
    assert [c.card_id for c in found.weakest] == ["weak", "fresh"]  # reviewed cards only, weakest first
    data = found.to_json()
    assert data["cards"] == 5 and data["day"] == day.isoformat() and data["threshold"] == 0.7
    assert data["weakest"] == [{"id": "weak", "recall": round(by_id["weak"], 4)},
                               {"id": "fresh", "recall": round(by_id["fresh"], 4)}]


def test_no_cards() -> None:
    found = readiness([], {}, DAY0)
    assert (found.cards, found.mean, found.below, found.share_below, found.weakest) == (0, 0.0, 0, 0.0, ())


@settings(max_examples=100, deadline=None)
@given(grades=st.lists(st.integers(0, 5), min_size=1, max_size=8), gap=st.integers(1, 60),
       later=st.lists(st.integers(0, 3000), min_size=2, max_size=2))
def test_recall_is_a_probability_that_only_falls_with_time(grades: list[int], gap: int, later: list[int]) -> None:
    state = reviewed(*grades, every=gap)
    assert state.last_day is not None
    early, late = sorted(later)
    first = predicted_recall(state, state.last_day + timedelta(days=early))
    second = predicted_recall(state, state.last_day + timedelta(days=late))
    assert 0 < second <= first <= 1


def test_from_the_store_whichever_scheduler_is_chosen(tmp_path: Path) -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    for scheduler in (Sm2Scheduler(), FsrsScheduler(0.8)):
        folder = tmp_path / scheduler.name
        folder.mkdir()
        with ProgressStore.open(folder, real_now=now, scheduler=scheduler) as store:
            for days, g in enumerate([4, 5, 3]):
                store.record_grade(card_id="a", deck="d", grade=g, moment=now + timedelta(days=days * 4),
                                   day=DAY0 + timedelta(days=days * 4))
            found = readiness(["a", "b"], store.memories(), DAY0 + timedelta(days=30))
        expected = predicted_recall(reviewed(4, 5, 3, every=4), DAY0 + timedelta(days=30))
        assert found.mean == pytest.approx(expected / 2) and found.unseen == 1
