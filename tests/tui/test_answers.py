"""A typed answer is never lost: fast bursts, keys typed before a screen is up, grade keys sent too early.

A terminal (or a program typing) can deliver thousands of keys before the app handles the first one, so
these tests do not use `pilot.press` (which waits for the app to go idle after every key): `keys.burst`
puts every key on the app's queue at once, as the terminal driver does, and only then lets the app run.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from quizterm.store.progress import ProgressStore
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen

from .cards import ALGO, DECKS
from .conftest import AppFactory
from .helpers import card_id, press, wait_for_screen, wait_until
from .keys import LONG_ANSWER, box, burst, settle, type_before_first_screen, your_answer

SIZE = (80, 24)

async def test_a_2000_character_burst_then_ctrl_s_keeps_every_character(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    assert len(LONG_ANSWER) >= 2000
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        burst(app, [*LONG_ANSWER, "ctrl+s"])
        await settle(pilot, RubricScreen)
        assert your_answer(app) == LONG_ANSWER, "the rubric shows every key received before ctrl+s"
        await press(pilot, "4")
        [review] = other.history("hostile")
        assert review.answer == LONG_ANSWER
        await wait_for_screen(pilot, QuestionScreen)


async def test_editing_keys_in_a_burst_apply_in_the_order_they_were_typed(make_app: AppFactory) -> None:
    """The box's own keys (backspace, arrows, home) must not overtake the characters typed before them."""
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        burst(app, [*"ab", "backspace", *"c", "left", "left", *"X", "end", *"!", "ctrl+s"])
        await settle(pilot, RubricScreen)
        assert your_answer(app) == "Xac!"


async def test_line_feeds_typed_by_a_program_are_new_lines(make_app: AppFactory) -> None:
    """Enter sends CR; a program (or a paste without bracketed paste) sends LF, read as ctrl+j."""
    app = make_app([ALGO])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        burst(app, [*"one", "ctrl+j", *"two", "enter", *"three", "ctrl+s"])
        await settle(pilot, RubricScreen)
        assert your_answer(app) == "one\ntwo\nthree"


async def test_keys_after_ctrl_s_never_grade_the_card_before_its_rubric_is_painted(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        burst(app, [*"answer", "ctrl+s", "4", "u", "5"])
        await settle(pilot, RubricScreen)
        assert card_id(app) == "hostile" and your_answer(app) == "answer"
        assert other.review_count() == 0, "no grade key pressed before the rubric appeared was taken"
        await press(pilot, "3")
        assert [(r.grade, r.answer) for r in other.history("hostile")] == [(3, "answer")]


async def test_keys_typed_before_the_first_screen_mounts_end_up_in_its_answer_box(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    typed = "quick u-turn: 5 ways\nto go"  # q, u, t, digits and enter would all be shortcuts elsewhere
    type_before_first_screen(app, typed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, QuestionScreen)
        assert app.is_running, "q typed early did not quit"
        assert box(app).text == typed
        assert box(app).has_focus
        assert other.review_count() == 0


async def test_ctrl_s_typed_before_the_first_screen_mounts_reveals_what_was_typed_before_it(
        make_app: AppFactory) -> None:
    app = make_app([ALGO])
    type_before_first_screen(app, [*"early", "ctrl+s"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, RubricScreen)
        assert your_answer(app) == "early"


@pytest.mark.parametrize("keys", [["enter", *"typed"], ["q"], ["down", "enter"]])
async def test_keys_typed_before_the_deck_list_appears_are_ignored_and_said_so(
        make_app: AppFactory, second_store: Callable[[], ProgressStore], keys: list[str]) -> None:
    app = make_app(DECKS)
    other = second_store()
    type_before_first_screen(app, keys)
    notes: list[str] = []
    app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign,assignment]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, DeckListScreen)
        await wait_until(pilot, lambda: bool(notes), "the notice")
        assert app.is_running and isinstance(app.screen, DeckListScreen), "no drill started, nothing quit"
        assert notes == [f"Ignored {len(keys)} key{'s' if len(keys) > 1 else ''} pressed before this screen "
                         "appeared."]
        assert other.review_count() == 0


async def test_keys_typed_right_after_a_grade_go_into_the_next_cards_box(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        burst(app, ["5", *"quick next answer"])  # before the next question exists
        await settle(pilot, QuestionScreen)
        assert card_id(app) == "binary-search" and box(app).text == "quick next answer"
        assert [r.grade for r in other.history("hostile")] == [5]

