"""A grade that makes a leech: a notice in the drill; with leech_action "suspend" the card leaves the queue,
and undoing the grade brings it back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from quizterm.scheduler.leech import LeechRule
from quizterm.store.drafts import DraftStore
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen

from .cards import ALGO, BINARY_SEARCH, NOW, FakeClock
from .helpers import card_id, grade_current, press, wait_for_screen


@pytest.mark.parametrize("action", ["flag", "suspend"])
async def test_the_grade_that_makes_a_leech_is_announced_and_undone_with_its_suspend(
        data_dir: Path, clock: FakeClock, action: str) -> None:
    with ProgressStore.open(data_dir, real_now=clock()) as store, DraftStore.open(store.path, clock=clock) as drafts:
        store.record_grade(card_id=BINARY_SEARCH.id, deck="algo", grade=4, moment=NOW - timedelta(days=1),
                           day=NOW.date() - timedelta(days=1))  # due today: asked first
        app = QuiztermApp(decks=[ALGO], store=store, clock=clock, drafts=drafts, leech=LeechRule(1, action))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            assert card_id(app) == BINARY_SEARCH.id
            await grade_current(pilot, 0)
            await wait_for_screen(pilot, QuestionScreen)
            (notice,) = [n for n in app._notifications if n.title == "Leech"]
            assert f"“{BINARY_SEARCH.id}” has lapsed 1 times" in notice.message
            suspended = action == "suspend"
            assert ("it is suspended" in notice.message) is suspended
            assert store.state(BINARY_SEARCH.id).suspended is suspended
            assert (BINARY_SEARCH.id in app._session().queue.upcoming()) is not suspended  # "again" only if kept
            await press(pilot, "escape", "u")
            await wait_for_screen(pilot, RubricScreen)
            state = store.state(BINARY_SEARCH.id)
            assert (state.lapses, state.suspended) == (0, False)
