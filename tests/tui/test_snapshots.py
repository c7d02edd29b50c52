"""SVG snapshots of every screen at 80×24 and 120×40 (pytest-textual-snapshot).

Deterministic by construction: the app's clock and the question screen's monotonic clock are the fake
clock (see conftest), the zone is UTC, and the answer box's cursor does not blink.
Regenerate after a deliberate UI change with
`python -m pytest tests/tui/test_snapshots.py --snapshot-update -n 0` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList
from textual.widgets._markdown import MarkdownFence

from quizterm.scheduler.queue import Limits
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.follow_up import FollowUpScreen
from quizterm.tui.screens.help import HelpScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.screens.summary import SummaryScreen
from quizterm.tui.screens.too_small import TooSmallScreen
from quizterm.tui.widgets.answer_box import AnswerBox

from .cards import (
    ALGO,
    CHECK_ANSWER,
    CODE_CARD,
    LINK_CARD,
    MATH_CARD,
    READING,
    REHEARSAL,
    SYSTEMS,
    UNICODE_CARD,
    FakeClock,
)
from .conftest import AppFactory
from .helpers import grade_current, press, type_text, wait_for_screen, wait_until

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
TYPED_MARKUP = "Wrap it: Content(text) [b]not bold[/b]"
TYPED_UNICODE = "Замыкание: функция + окружение\n闭包 = 函数 + 环境 🧠🔥"


def steady(pilot: Pilot[None]) -> None:
    """No blinking cursor in the answer box, so the picture does not depend on when it is taken."""
    for box in pilot.app.screen.query(AnswerBox):
        box.cursor_blink = False


async def on_deck_list(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, DeckListScreen)


async def on_question(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, DeckListScreen)
    await press(pilot, "enter")
    await wait_for_screen(pilot, QuestionScreen)
    steady(pilot)


def put_answer(pilot: Pilot[None], text: str) -> None:
    """Fill the answer box at once (typing key by key is covered by the Pilot tests, and is slow)."""
    pilot.app.screen.query_one(AnswerBox).insert(text)


async def on_unicode_question(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, QuestionScreen)
    put_answer(pilot, TYPED_UNICODE)
    await pilot.pause()
    steady(pilot)


async def on_rubric(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, DeckListScreen)
    await press(pilot, "enter")
    await wait_for_screen(pilot, QuestionScreen)
    put_answer(pilot, TYPED_MARKUP)
    await press(pilot, "ctrl+s")
    await wait_for_screen(pilot, RubricScreen)


def on_rubric_at(selector: str) -> RunBefore:
    """Reveal the first card and scroll its rubric so `selector` is at the top."""
    async def run(pilot: Pilot[None]) -> None:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        rubric.query_one("#rubric").scroll_to_widget(rubric.query(selector).first(), animate=False, top=True)
        await pilot.pause()
    return run


async def on_second_attempt(pilot: Pilot[None]) -> None:
    """Fail the first card, pass the other, and reveal the first again: today's first try is the previous."""
    await wait_for_screen(pilot, QuestionScreen)
    await type_text(pilot, "C or A")
    await press(pilot, "ctrl+s", "2")
    await grade_current(pilot, 5)
    await wait_for_screen(pilot, QuestionScreen)
    await type_text(pilot, "A, then C: during a partition")
    await press(pilot, "ctrl+s")
    await wait_for_screen(pilot, RubricScreen)


def on_summary(clock: FakeClock) -> RunBefore:
    async def run(pilot: Pilot[None]) -> None:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "enter")
        for grade in (5, 4, 2, 4):  # hostile, binary-search, unicode (fails), unicode again
            clock.advance(95)
            await grade_current(pilot, grade)
        await wait_for_screen(pilot, SummaryScreen)
    return run


async def on_help(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, DeckListScreen)
    await press(pilot, "question_mark")
    await wait_for_screen(pilot, HelpScreen)


def on_too_small(width: int, height: int) -> RunBefore:
    """Shrink after start-up (a terminal that starts small is a separate, failing Pilot test)."""
    async def run(pilot: Pilot[None]) -> None:
        screen = await wait_for_screen(pilot, DeckListScreen)
        # The deck list is the base screen, there before start-up ends: wait until its rows are drawn
        # (they are computed when the screen is first shown), so the harness's own start-up resize is
        # over before this one.
        await wait_until(pilot, lambda: any(o.option_count for o in screen.query(OptionList)), "deck rows")
        await pilot.pause()
        await pilot.resize_terminal(width, height)
        await wait_for_screen(pilot, TooSmallScreen)
    return run


@pytest.mark.parametrize("size", SIZES)
def test_deck_list(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_deck_list)


@pytest.mark.parametrize("size", SIZES)
def test_question_with_hostile_markup(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_question)


@pytest.mark.parametrize("size", SIZES)
def test_question_with_typed_unicode(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app([replace(ALGO, cards=(UNICODE_CARD,))])
    assert snap_compare(app, terminal_size=size, run_before=on_unicode_question)


@pytest.mark.parametrize("size", SIZES)
def test_rubric_top(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_rubric)


# Every rubric can be read at 80×24: long code folds, links show targets, math stays as written.
def test_rubric_long_code_folds(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app([replace(READING, cards=(CODE_CARD,))])
    assert snap_compare(app, terminal_size=(80, 24), run_before=on_rubric_at(MarkdownFence.__name__))


def test_rubric_links_show_targets(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app([replace(READING, cards=(LINK_CARD,))])
    assert snap_compare(app, terminal_size=(80, 24), run_before=on_rubric_at("#breakdown"))


def test_rubric_math_as_written(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app([replace(READING, cards=(MATH_CARD,))])
    assert snap_compare(app, terminal_size=(80, 24), run_before=on_rubric_at("#breakdown"))


@pytest.mark.parametrize("size", SIZES)
def test_rubric_previous_attempt_under_this_one(snap_compare: SnapCompare, make_app: AppFactory,
                                                size: tuple[int, int]) -> None:
    assert snap_compare(make_app([SYSTEMS]), terminal_size=size, run_before=on_second_attempt)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: SnapCompare, make_app: AppFactory, clock: FakeClock, size: tuple[int, int]) -> None:
    app = make_app(limits=Limits(new_per_day=3))
    assert snap_compare(app, terminal_size=size, run_before=on_summary(clock))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_help)


@pytest.mark.parametrize("small", [pytest.param((50, 15), id="50x15"), pytest.param((59, 24), id="59x24")])
def test_too_small(snap_compare: SnapCompare, make_app: AppFactory, small: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=on_too_small(*small))


# ----- rehearsal (issue 11): the checklist, a follow-up, time's up ------------------------------------------

async def on_checklist(pilot: Pilot[None]) -> None:
    """Two points pre-marked by the matcher, one more ticked, a mistake marked, the cursor on it."""
    await wait_for_screen(pilot, QuestionScreen)
    put_answer(pilot, CHECK_ANSWER)
    await press(pilot, "ctrl+s")
    await wait_for_screen(pilot, RubricScreen)
    await press(pilot, "down", "space", "down", "down", "down", "space")


async def on_follow_up(pilot: Pilot[None]) -> None:
    await on_checklist(pilot)
    await press(pilot, "f")
    await wait_for_screen(pilot, FollowUpScreen)
    await type_text(pilot, "No: 1 batch at a time\nstill small")
    await press(pilot, "ctrl+s")


def on_time_up(clock: FakeClock) -> RunBefore:
    async def run(pilot: Pilot[None]) -> None:
        screen = await wait_for_screen(pilot, QuestionScreen)
        assert isinstance(screen, QuestionScreen)
        put_answer(pilot, "Dropout is off at inference, and")
        clock.advance(5)
        screen.tick()
        await wait_for_screen(pilot, RubricScreen)
    return run


@pytest.mark.parametrize("size", SIZES)
def test_rubric_checklist(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app([REHEARSAL]), terminal_size=size, run_before=on_checklist)


@pytest.mark.parametrize("size", SIZES)
def test_follow_up_answer_shown(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app([REHEARSAL]), terminal_size=size, run_before=on_follow_up)


@pytest.mark.parametrize("size", SIZES)
def test_rubric_time_up(snap_compare: SnapCompare, make_app: AppFactory, clock: FakeClock,
                        size: tuple[int, int]) -> None:
    assert snap_compare(make_app([REHEARSAL], timed=5), terminal_size=size, run_before=on_time_up(clock))
