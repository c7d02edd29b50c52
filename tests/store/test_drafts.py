"""Drafts of typed answers: kept per card, replaced, removed, committed at once, never progress."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.store.drafts import Draft, DraftStore

from .helpers import at, grade, open_store, raw

WALL = datetime(2031, 5, 4, 3, 2, 1, 123456, tzinfo=UTC)


class Wall:
    """A real-clock stand-in that the test moves."""

    def __init__(self) -> None:
        self.now = WALL

    def __call__(self) -> datetime:
        return self.now


def open_drafts(data_dir: Path, clock: Wall | None = None) -> DraftStore:
    with open_store(data_dir) as store:  # creates and migrates the database, as the CLI does first
        path = store.path
    return DraftStore.open(path, clock=clock or Wall())


def test_a_draft_is_kept_per_card_replaced_and_removed(tmp_path: Path) -> None:
    wall = Wall()
    with open_drafts(tmp_path, wall) as drafts:
        assert drafts.get("a") is None
        drafts.save("a", "first words")
        wall.now += timedelta(seconds=3)
        drafts.save("b", "other card")
        drafts.save("a", "first words, then more")
        assert drafts.get("a") == Draft("a", "first words, then more", WALL + timedelta(seconds=3))
        assert drafts.get("b") == Draft("b", "other card", WALL + timedelta(seconds=3))
        assert drafts.count() == 2
        drafts.save("a", "")
        assert drafts.get("a") is None, "an emptied box leaves no draft"
        drafts.clear("b")
        drafts.clear("b")  # clearing twice is harmless
        assert drafts.count() == 0


def test_a_saved_draft_is_committed_for_every_other_connection(tmp_path: Path) -> None:
    with open_drafts(tmp_path) as drafts:
        drafts.save("a", "kept")
        rows = raw(tmp_path).execute("SELECT card_id, answer, saved_at FROM drafts").fetchall()
    assert rows == [("a", "kept", "2031-05-04T03:02:01.123456Z")]


def test_drafts_are_not_progress(tmp_path: Path) -> None:
    with open_drafts(tmp_path) as drafts, open_store(tmp_path) as store:
        drafts.save("a", "half an answer")
        assert store.review_count() == 0 and store.states() == {} and store.session_grade_count() == 0
        grade(store, "a", 4, answer="the graded answer")
        assert drafts.get("a") is not None, "the store alone never touches drafts (the session clears them)"
        assert [r.answer for r in store.history("a")] == ["the graded answer"]


def test_the_draft_time_is_the_given_clock_not_the_study_moment(tmp_path: Path) -> None:
    assert at(0) != WALL
    with open_drafts(tmp_path) as drafts:
        drafts.save("a", "x")
        draft = drafts.get("a")
        assert draft is not None and draft.saved_at == WALL


@pytest.fixture(scope="module")
def one_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DraftStore]:
    """One store for every example of the property below (opening one per example would dominate)."""
    with open_drafts(tmp_path_factory.mktemp("drafts")) as drafts:
        yield drafts


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1))
def test_any_text_comes_back_exactly(one_store: DraftStore, text: str) -> None:
    one_store.save("card", text)
    draft = one_store.get("card")
    assert draft is not None and draft.answer == text
