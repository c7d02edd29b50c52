"""While `--now` is in effect every screen says so: the deck list, the question, the rubric and the summary.

The mark is in the key bar at the bottom, which every full screen has; the keys give way to it at 80 columns.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizterm.scheduler.queue import Limits
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.help import HelpScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.screens.summary import SummaryScreen

from .cards import NOW, SYSTEMS, FakeClock
from .conftest import AppFactory
from .helpers import press, screen_text, wait_for_screen

MARK = f"simulated time: {NOW:%Y-%m-%d}"


def bottom_line(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_screen_says_simulated_time(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app(simulated=True, limits=Limits(new_per_day=1))  # one card: question, rubric, summary
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        seen = {"deck list": bottom_line(screen_text(app))}
        await press(pilot, "enter")  # "All decks"
        await wait_for_screen(pilot, QuestionScreen)
        seen["question"] = bottom_line(screen_text(app))
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        seen["rubric"] = bottom_line(screen_text(app))
        await press(pilot, "5")
        await wait_for_screen(pilot, SummaryScreen)
        seen["summary"] = bottom_line(screen_text(app))
        await press(pilot, "question_mark")
        await wait_for_screen(pilot, HelpScreen)
        seen["help"] = screen_text(app)
    for screen, line in seen.items():
        assert MARK in line, f"{screen}: {line!r}"
    for screen in ("deck list", "question", "rubric", "summary"):
        assert seen[screen].rstrip().endswith("^p palette"), seen[screen]


async def test_the_mark_follows_the_simulated_clock(make_app: AppFactory, clock: FakeClock) -> None:
    clock.now = NOW + timedelta(days=12)
    app = make_app([SYSTEMS], simulated=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert f"simulated time: {clock.now:%Y-%m-%d}" in bottom_line(screen_text(app))


async def test_no_mark_on_the_real_clock(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        assert "simulated" not in screen_text(app)
