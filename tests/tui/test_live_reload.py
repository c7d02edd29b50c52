"""Live reload in the running app: a deck file edited during the drill is read again and used at once.

The watch is real (a background thread watching the folder), so each test edits the file and waits, a
bounded number of times, for the app to show the result; nothing here asserts how fast that is.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from quizterm.deck.loader import load_decks
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.widgets.answer_box import AnswerBox
from tests.deck.conftest import deck_text

from .conftest import AppFactory
from .helpers import wait_for_screen

SIZE = (100, 32)


async def edit_until(pilot: Pilot[None], path: Path, text: str, shown: Callable[[], bool], what: str) -> None:
    """Write `text` to `path` (again every half second: the watch may still be starting) until `shown()`."""
    for attempt in range(60):
        if attempt % 10 == 0:
            temp = path.with_name(f".{path.name}.tmp")
            temp.write_text(text)
            temp.replace(path)  # as editors save
        await asyncio.sleep(0.05)
        await pilot.pause()
        if shown():
            return
    raise AssertionError(f"timed out waiting for {what}")


def static(app: QuiztermApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: QuiztermApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def a_deck(tmp_path: Path, *ids: str) -> tuple[Path, list]:  # type: ignore[type-arg]
    path = tmp_path / "decks" / "live.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(deck_text(*ids))
    return path, load_decks([path], compact=True).decks


async def test_an_edited_question_changes_in_place_keeping_the_answer_and_new_cards_join(
        make_app: AppFactory, tmp_path: Path) -> None:
    path, decks = a_deck(tmp_path, "a", "b")
    app = make_app(decks, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await pilot.press(*"my half answer")
        edited = deck_text("a", "b", "c").replace("What is a?", "What is a, edited live?")
        await edit_until(pilot, path, edited, lambda: "edited live" in static(app, "#question"), "the new question")
        assert app.screen.query_one(AnswerBox).text == "my half answer"
        assert isinstance(app.screen, QuestionScreen) and app.screen.card.question == "What is a, edited live?"
        assert app.session is not None and app.session.queue.upcoming() == ["a", "b", "c"]
        assert "live.yaml reloaded: 1 card edited, 1 new." in notices(app)
        await pilot.press("ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert isinstance(rubric, RubricScreen) and rubric.answer == "my half answer"
        assert "edited live" in static(app, "#question")
    assert not [t for t in threading.enumerate() if t.name == "quizterm-deck-watch"], "the watch thread is gone"


async def test_a_broken_edit_keeps_the_last_good_deck_and_the_drill_goes_on(
        make_app: AppFactory, tmp_path: Path) -> None:
    path, decks = a_deck(tmp_path, "a", "b")
    app = make_app(decks, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        broken = deck_text("a", "b").replace("question: What is a?", "question: [What is a?")
        await edit_until(pilot, path, broken, lambda: any("Still drilling" in n for n in notices(app)), "a notice")
        (notice,) = [n for n in notices(app) if "Still drilling" in n]
        assert notice.startswith(f"{path}:") and ": error: " in notice
        assert notice.endswith("Still drilling the last good version of live.yaml.")
        assert isinstance(app.screen.focused, AnswerBox)  # the notice never takes the focus
        await pilot.press(*"still typing", "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        await pilot.press("5")
        question = await wait_for_screen(pilot, QuestionScreen)
        assert isinstance(question, QuestionScreen) and question.card.id == "b"


async def test_the_card_on_screen_removed_gives_way_and_an_edited_rubric_is_laid_out_again(
        make_app: AppFactory, tmp_path: Path) -> None:
    path, decks = a_deck(tmp_path, "a", "b", "c")
    app = make_app(decks, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await edit_until(pilot, path, deck_text("b", "c"),
                         lambda: isinstance(app.screen, QuestionScreen) and app.screen.card.id == "b", "card b")
        assert app.session is not None and app.session.queue.upcoming() == ["b", "c"]
        await pilot.press(*"answer to b", "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        edited = deck_text("b", "c").replace("It is b.", "It is b, as edited.")
        await edit_until(pilot, path, edited, lambda: "as edited" in static(app, "#short-answer"), "the rubric")
        assert isinstance(app.screen, RubricScreen) and app.screen.answer == "answer to b"
        assert app.screen.focused is not None and app.screen.focused.id == "checklist"  # as when first shown
