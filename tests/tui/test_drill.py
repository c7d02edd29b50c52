"""The drill loop through the real UI: answer, reveal, grade, repeat, undo; every grade checked in the store.

The store is always read back through a second connection to the same data directory, so a test only
passes if the grade was committed to the file the moment its key was pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.widgets import Static

from quizterm.scheduler.day import study_day
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.question import QuestionScreen, RevealButton
from quizterm.tui.screens.rubric import NO_ANSWER, RubricScreen
from quizterm.tui.screens.summary import SummaryScreen
from quizterm.tui.widgets.answer_box import AnswerBox

from .cards import ALGO, CAP_CARD, NOW, SYSTEMS, FakeClock
from .conftest import AppFactory
from .helpers import card_id, press, screen_text, type_text, wait_for_screen

DAY = study_day(NOW)
SIZE = (80, 24)


def static_text(app: QuiztermApp, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    return str(app.screen.query_one(selector, Static).render())


def box(app: QuiztermApp) -> AnswerBox:
    return app.screen.query_one(AnswerBox)


async def test_answer_reveal_grade_saves_at_once_and_shows_next_card(
        make_app: AppFactory, clock: FakeClock, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "hostile"
        assert box(app).has_focus, "the answer box is focused so the user can type at once"
        await type_text(pilot, "Esc it\nok")
        clock.advance(42)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "hostile"
        assert static_text(app, "#your-answer") == "Esc it\nok"
        assert static_text(app, "#short-answer") == ALGO.cards[0].short_answer
        assert "0:42 on this card" in screen_text(app)
        assert other.review_count() == 0, "revealing is not grading"

        await pilot.press("4")
        [review] = other.history("hostile")  # committed on the key press, before anything else ran
        assert (review.grade, review.answer, review.seconds, review.day) == (4, "Esc it\nok", 42.0, DAY)
        assert review.scheduling and review.was_new
        due = other.state("hostile").due
        assert due is not None and (due - DAY).days == 1

        await pilot.pause()
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "binary-search"
        assert box(app).text == "", "the next card starts with an empty box"
        assert box(app).has_focus
        assert "1 done · 2 left  (new 2 · due 0 · again 0)" in screen_text(app)


async def test_reveal_button_shows_the_rubric(make_app: AppFactory) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert "Reveal rubric" in str(app.screen.query_one("#reveal", Static).render())
        question = app.screen
        await pilot.click("#reveal", offset=(len(RevealButton.BUTTON) + 4, 0))  # on the hint beside it
        await pilot.pause()
        assert app.screen is question, "only the button part reveals"
        await pilot.click("#reveal")
        await pilot.pause()
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "hostile"


async def test_empty_answer_is_allowed(make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert static_text(app, "#your-answer") == NO_ANSWER
        await press(pilot, "0")
        [review] = other.history("hostile")
        assert (review.grade, review.answer) == (0, "")
        await wait_for_screen(pilot, QuestionScreen)


async def test_typing_shortcut_keys_in_the_answer_box_is_just_text(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        theme = app.theme
        typed = "q u 5 t ? 0 1 2 3 4 i b n /"
        await type_text(pilot, typed)
        assert box(app).text == typed
        assert isinstance(app.screen, QuestionScreen), "no key opened another screen"
        assert app.is_running, "q did not quit"
        assert app.theme == theme, "t did not toggle the theme"
        assert other.review_count() == 0, "digits did not grade"
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert static_text(app, "#your-answer") == typed


async def test_grade_keys_work_wherever_the_focus_is_on_the_rubric(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert app.focused is not None and app.focused.id == "checklist", "the checklist, not a text box, has focus"
        app.set_focus(None)
        await pilot.pause()
        await press(pilot, "3")
        assert [r.grade for r in other.history("hostile")] == [3]


async def test_a_failed_card_comes_back_after_the_others_the_same_day(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([SYSTEMS])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cap"
        await press(pilot, "ctrl+s", "2")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cache", "the failed card waits until the others are done"
        assert "1 done · 2 left  (new 1 · due 0 · again 1)" in screen_text(app)
        await press(pilot, "ctrl+s", "5")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cap", "then it comes back"
        assert "2 done · 1 left  (new 0 · due 0 · again 1)" in screen_text(app)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert app.screen.query("#previous"), "the first attempt today is shown as the previous attempt"
        await press(pilot, "4")
        await wait_for_screen(pilot, SummaryScreen)

    history = other.history("cap")
    assert [(r.grade, r.scheduling) for r in history] == [(2, True), (4, False)], \
        "only the day's first grade schedules the card; the repeat is a drill"
    assert other.states()["cap"].due == history[0].day + timedelta(days=1), "scheduled by the 2: I(1) = 1 day"


async def test_u_on_the_next_question_undoes_the_grade_exactly(
        make_app: AppFactory, clock: FakeClock, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    before = (other.records(), other.states(), other.review_count())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "first try")
        clock.advance(17)
        await press(pilot, "ctrl+s", "5")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "binary-search"
        assert other.review_count() == 1

        await press(pilot, "escape")
        assert not box(app).has_focus, "escape leaves the answer box"
        await press(pilot, "u")
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "hostile", "undo returns to the undone card's rubric"
        assert static_text(app, "#your-answer") == "first try", "with what was typed"
        assert "0:17 on this card" in screen_text(app)
        assert "0 done · 3 left" in screen_text(app)
        assert (other.records(), other.states(), other.review_count()) == before, "the store is as before"

        await press(pilot, "3")  # grade it again: the rubric works as usual after an undo
        await wait_for_screen(pilot, QuestionScreen)
        [review] = other.history("hostile")
        assert (review.grade, review.answer, review.seconds) == (3, "first try", 17.0)


async def test_ctrl_z_in_the_empty_answer_box_undoes_the_last_grade(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    before = (other.records(), other.states(), other.review_count())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "typed 1st")
        await press(pilot, "ctrl+s", "1")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "binary-search" and box(app).has_focus and box(app).text == ""
        await press(pilot, "ctrl+z")
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "hostile"
        assert static_text(app, "#your-answer") == "typed 1st"
        assert (other.records(), other.states(), other.review_count()) == before


async def test_ctrl_z_with_text_in_the_box_undoes_the_typing_not_the_grade(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s", "5")
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "abc")
        await press(pilot, "ctrl+z")
        assert isinstance(app.screen, QuestionScreen) and card_id(app) == "binary-search"
        assert box(app).text == ""
        assert other.review_count() == 1


async def test_undo_from_the_summary_returns_to_the_last_card(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([SYSTEMS])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s", "5")
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "TTL")
        await press(pilot, "ctrl+s", "4")
        await wait_for_screen(pilot, SummaryScreen)
        await press(pilot, "u")
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "cache"
        assert static_text(app, "#your-answer") == "TTL"
        assert other.history("cache") == []
        assert [r.grade for r in other.history("cap")] == [5], "only the last grade is undone"


async def test_undo_with_nothing_to_undo_stays_on_the_question(make_app: AppFactory) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "escape", "u")
        assert isinstance(app.screen, QuestionScreen) and card_id(app) == "hostile"
        await press(pilot, "enter")
        assert box(app).has_focus, "enter goes back into the answer box"


async def test_elapsed_time_is_shown_and_saved(
        make_app: AppFactory, clock: FakeClock, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([SYSTEMS])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert "0:00 on this card" in screen_text(app)
        clock.advance(125)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert "2:05 on this card" in screen_text(app)
        await press(pilot, "5")
        assert other.history("cap")[0].seconds == 125.0
        await wait_for_screen(pilot, QuestionScreen)
        assert "0:00 on this card" in screen_text(app), "each card's time starts at zero"


async def test_command_palette_reveals_and_undoes(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([SYSTEMS])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "reveal")
        await press(pilot, "enter")
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "cap"
        await press(pilot, "5")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cache"
        await press(pilot, "ctrl+p")
        await type_text(pilot, "undo last")
        await press(pilot, "enter")
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "cap"
        assert other.review_count() == 0
        assert CAP_CARD.short_answer in static_text(app, "#short-answer")
