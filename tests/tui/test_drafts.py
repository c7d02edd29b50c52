"""A half-typed answer survives: saved as a draft while typing, kept by `q`/`ctrl+q`/`u`, back with its card.

Drafts are read back through their own connection to the data directory, so a test passes only if the
draft was committed to the file. (A kill -9 of the real program is in tests/test_drafts_process.py.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from quizterm.store.drafts import DraftStore
from quizterm.store.progress import ProgressStore
from quizterm.tui.screens import question as question_module
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen

from .cards import ALGO, FakeClock
from .conftest import AppFactory
from .helpers import card_id, press, wait_for_screen, wait_until
from .keys import LONG_ANSWER, box, burst, settle, type_fast, your_answer

SIZE = (80, 24)


@pytest.fixture
def drafts(second_store: Callable[[], ProgressStore], clock: FakeClock) -> Iterator[DraftStore]:
    """Another connection's view of the drafts (the database is created by `second_store` first)."""
    path = second_store().path
    with DraftStore.open(path, clock=clock) as store:
        yield store


def draft_text(drafts: DraftStore, card: str) -> str | None:
    draft = drafts.get(card)
    return None if draft is None else draft.answer


async def test_typing_saves_a_draft_soon_after_the_last_key_and_it_is_not_progress(
        make_app: AppFactory, drafts: DraftStore, second_store: Callable[[], ProgressStore],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(question_module, "DRAFT_DELAY", 0.05)
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_fast(pilot, "a first idea")
        await wait_until(pilot, lambda: draft_text(drafts, "hostile") == "a first idea", "the draft")
        await type_fast(pilot, ", then more")
        await wait_until(pilot, lambda: draft_text(drafts, "hostile") == "a first idea, then more", "the update")
        other = second_store()
        assert other.review_count() == 0 and other.states() == {}, "a draft is no grade"


async def test_vim_style_wq_after_escape_quits_keeping_the_draft_and_the_card_shows_it_again(
        make_app: AppFactory, drafts: DraftStore, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_fast(pilot, "half an answer")
        await press(pilot, "escape", "colon", "w", "q")
        await wait_until(pilot, lambda: not app.is_running, "q to quit")
    assert draft_text(drafts, "hostile") == "half an answer", "q kept the text, without asking"
    assert "kept as a draft" in app.farewell

    again = make_app([ALGO])
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(again) == "hostile"
        assert box(again).text == "half an answer"
        await type_fast(pilot, ", finished")  # the cursor starts after the restored text
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "4")
        await wait_for_screen(pilot, QuestionScreen)
    [review] = second_store().history("hostile")
    assert review.answer == "half an answer, finished"
    assert drafts.get("hostile") is None, "grading the card clears its draft"


async def test_ctrl_q_right_after_a_burst_keeps_every_key_in_the_draft(
        make_app: AppFactory, drafts: DraftStore) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        burst(app, [*LONG_ANSWER[:500], "ctrl+q"])
        await wait_until(pilot, lambda: not app.is_running, "ctrl+q to quit")
    assert draft_text(drafts, "hostile") == LONG_ANSWER[:500]


async def test_quitting_on_the_rubric_keeps_the_answer_until_the_card_is_graded(
        make_app: AppFactory, drafts: DraftStore) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_fast(pilot, "revealed, not graded")
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "q")
        await wait_until(pilot, lambda: not app.is_running, "q to quit")
    assert draft_text(drafts, "hostile") == "revealed, not graded"

    again = make_app([ALGO])
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert box(again).text == "revealed, not graded"


async def test_u_with_text_typed_keeps_it_as_a_draft_for_when_the_card_comes_back(
        make_app: AppFactory, drafts: DraftStore, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_fast(pilot, "first")
        await press(pilot, "ctrl+s", "5")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "binary-search"
        await type_fast(pilot, "O(log n), sorted")
        await press(pilot, "escape", "u")
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "hostile" and your_answer(app) == "first"
        assert draft_text(drafts, "binary-search") == "O(log n), sorted"
        assert draft_text(drafts, "hostile") == "first", "the undone grade's answer is a draft again"
        await press(pilot, "4")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "binary-search"
        assert box(app).text == "O(log n), sorted", "the text typed before u is back"
        assert drafts.get("hostile") is None
    assert [r.grade for r in second_store().history("hostile")] == [4]


async def test_keys_typed_after_ctrl_s_never_reach_the_draft_of_the_graded_card(
        make_app: AppFactory, drafts: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(question_module, "DRAFT_DELAY", 0.01)
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        burst(app, [*"kept", "ctrl+s", *"lost"])
        await settle(pilot, RubricScreen)
        assert your_answer(app) == "kept"
        await press(pilot, "3")
        await wait_for_screen(pilot, QuestionScreen)
        await pilot.pause(0.05)
        assert drafts.count() == 0
