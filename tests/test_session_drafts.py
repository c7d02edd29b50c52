"""The session keeps a card's typed answer as its draft until the card is graded (no UI involved)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizterm.deck.cards import Card
from quizterm.session import DrillSession
from quizterm.store.drafts import DraftStore
from quizterm.store.progress import ProgressStore

STUDY = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # the session's clock (what --now sets)
WALL = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)  # the drafts' clock (the real one)
CARDS = [Card(id=f"c{n}", deck="d", question=f"Q{n}?", short_answer=f"A{n}.") for n in range(3)]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[DrillSession]:
    with ProgressStore.open(tmp_path, real_now=WALL) as store, \
            DraftStore.open(store.path, clock=lambda: WALL) as drafts:
        yield DrillSession(cards=CARDS, store=store, clock=lambda: STUDY, drafts=drafts)


def test_a_draft_is_kept_until_the_card_is_graded(session: DrillSession) -> None:
    card = session.current()
    assert card is not None and session.draft(card.id) == ""
    session.save_draft(card.id, "half")
    assert session.draft(card.id) == "half"
    assert session.store.review_count() == 0, "a draft is not progress"
    session.grade(card, 4, answer="half, then whole")
    assert session.draft(card.id) == ""
    assert [r.answer for r in session.store.history(card.id)] == ["half, then whole"]


def test_drafts_are_stamped_by_their_own_clock_not_the_study_clock(session: DrillSession) -> None:
    session.save_draft("c1", "x")
    assert session.drafts is not None
    draft = session.drafts.get("c1")
    assert draft is not None and draft.saved_at == WALL


def test_undo_turns_the_undone_answer_back_into_a_draft(session: DrillSession) -> None:
    first = session.current()
    assert first is not None
    session.grade(first, 5, answer="my answer")
    session.save_draft("c1", "typed on the next card")
    review = session.undo()
    assert review is not None and review.card_id == first.id
    assert session.draft(first.id) == "my answer", "ungraded again: its answer must survive a quit"
    assert session.draft("c1") == "typed on the next card"


def test_undo_keeps_a_newer_draft_and_no_draft_for_an_empty_answer(session: DrillSession) -> None:
    first = session.current()
    assert first is not None
    session.grade(first, 5, answer="")
    session.undo()
    assert session.draft(first.id) == "", "an empty answer leaves no draft"
    session.grade(first, 5, answer="graded answer")
    session.save_draft(first.id, "newer, from another terminal")
    session.undo()
    assert session.draft(first.id) == "newer, from another terminal"


def test_without_a_draft_store_drafts_are_not_kept(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=WALL) as store:
        session = DrillSession(cards=CARDS, store=store, clock=lambda: STUDY)
        session.save_draft("c0", "nowhere to go")
        assert session.draft("c0") == ""
