"""`--timed`: a countdown on the question, paused while covered, that reveals the rubric at zero (issue 11,
"A clock"). The question screen's clock is the fake clock (conftest): time moves only when a test moves it,
and `QuestionScreen.tick` (what its timer calls) is called to show the moved time at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.pilot import Pilot

from quizterm.scheduler.queue import Limits
from quizterm.store.progress import ProgressStore
from quizterm.tui.screens.help import HelpScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.screens.summary import SummaryScreen
from quizterm.tui.screens.too_small import TooSmallScreen
from quizterm.tui.widgets.answer_box import AnswerBox

from .cards import CHECK_CARD, REHEARSAL, TIMED_CARD, FakeClock
from .conftest import AppFactory
from .helpers import press, screen_text, type_text, wait_for_screen, wait_until
from .keys import burst

SIZE = (80, 24)


async def question(pilot: Pilot[None]) -> QuestionScreen:
    screen = await wait_for_screen(pilot, QuestionScreen)
    assert isinstance(screen, QuestionScreen)
    return screen


async def after(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass on the question screen on top, and show it."""
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, QuestionScreen):
        screen.tick()
    await pilot.pause()


def session_line(text: str) -> str:
    return text.splitlines()[1]


async def test_the_countdown_reveals_at_zero_with_what_was_typed(
        make_app: AppFactory, clock: FakeClock, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL], timed=5)
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        screen = await question(pilot)
        assert "0:05 left of 0:05" in session_line(screen_text(app))
        assert screen.query_one(AnswerBox).border_subtitle == "0:05 left"
        await type_text(pilot, "Dropout is off")
        await after(pilot, clock, 3.5)
        assert "0:02 left of 0:05" in session_line(screen_text(app)), "rounded up: zero only when the time is up"
        await after(pilot, clock, 1.5)
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert screen.query_one(AnswerBox).read_only, "the box stopped taking text"
        text = screen_text(app)
        assert "Time's up: 0:05 allowed." in text and "time's up · 0:05 used of 0:05" in session_line(text)
        assert "Dropout is off" in text
        burst(app, list("late"))  # typed after zero: no box takes it, no grade either
        await pilot.pause()
        assert app.screen is rubric and other.review_count() == 0
        await press(pilot, "2")
        await question(pilot)
    [review] = other.history("dropout")
    assert (review.answer, review.seconds) == ("Dropout is off", 5.0)
    assert (review.details.time_limit, review.details.time_up) == (5, True)


async def test_a_card_s_own_time_limit_wins_over_timed(make_app: AppFactory, clock: FakeClock,
                                                       second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([replace(REHEARSAL, cards=(TIMED_CARD,))], timed=5)
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await question(pilot)
        assert "0:30 left of 0:30" in session_line(screen_text(app))
        await after(pilot, clock, 12)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert "0:12 used of 0:30" in session_line(screen_text(app)) and "Time's up" not in screen_text(app)
        await press(pilot, "3")
    [review] = other.history("bias-variance")
    assert (review.seconds, review.details.time_limit, review.details.time_up) == (12.0, 30, False)


async def test_an_untimed_drill_shows_no_countdown_even_for_a_card_with_a_time_limit(
        make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app([replace(REHEARSAL, cards=(TIMED_CARD,))])
    async with app.run_test(size=SIZE) as pilot:
        await question(pilot)
        await after(pilot, clock, 65)
        assert "1:05 on this card" in session_line(screen_text(app))
        await after(pilot, clock, 60)
        assert isinstance(app.screen, QuestionScreen)


async def test_the_countdown_stops_while_help_covers_it(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app([REHEARSAL], timed=5)
    async with app.run_test(size=SIZE) as pilot:
        screen = await question(pilot)
        await after(pilot, clock, 2)
        await press(pilot, "escape", "question_mark")
        await wait_for_screen(pilot, HelpScreen)
        await after(pilot, clock, 100)
        await press(pilot, "escape")
        assert app.screen is screen
        await after(pilot, clock, 0)
        assert "0:03 left of 0:05" in session_line(screen_text(app))
        await after(pilot, clock, 3)
        await wait_for_screen(pilot, RubricScreen)


async def test_the_countdown_stops_while_the_terminal_is_too_small(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app([REHEARSAL], timed=5)
    async with app.run_test(size=SIZE) as pilot:
        screen = await question(pilot)
        await pilot.resize_terminal(50, 15)
        await wait_until(pilot, lambda: isinstance(app.screen, TooSmallScreen), "the too-small notice")
        await after(pilot, clock, 100)
        await pilot.resize_terminal(*SIZE)
        await wait_until(pilot, lambda: app.screen is screen, "the question again")
        await after(pilot, clock, 1)
        assert "0:04 left of 0:05" in session_line(screen_text(app))


async def test_the_summary_says_how_often_the_time_ran_out(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app([replace(REHEARSAL, cards=(CHECK_CARD, TIMED_CARD))], timed=5, limits=Limits(new_per_day=2))
    async with app.run_test(size=SIZE) as pilot:
        await question(pilot)
        await after(pilot, clock, 5)  # the time runs out on the first card
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "5")
        await question(pilot)
        await after(pilot, clock, 20)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "4")
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
    assert "0 min 25 s answering (0:12 a grade)" in text
    assert "Time's up       1 of 2 timed grades" in text
