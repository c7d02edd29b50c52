"""SVG snapshots of the card browser's table and a card's page at 80×24 and 120×40 (see test_snapshots.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from textual.pilot import Pilot

from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.browser.card_page import CardPageScreen
from quizterm.tui.screens.browser.table import BrowserScreen
from quizterm.tui.screens.deck_list import DeckListScreen

from .cards import BINARY_SEARCH, NOW
from .conftest import AppFactory
from .helpers import press, wait_for_screen

SnapCompare = Callable[..., bool]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def with_history(app: QuiztermApp) -> QuiztermApp:
    """binary-search: graded twice and practised; cap: failed 8 times after a pass (a leech); hostile:
    suspended; unicode: buried until tomorrow."""
    store = app.store

    def on(days: int, card: str, grade: int, answer: str = "", seconds: float = 20, deck: str = "algo") -> None:
        store.record_grade(card_id=card, deck=deck, grade=grade, moment=NOW - timedelta(days=days),
                           day=NOW.date() - timedelta(days=days), answer=answer, seconds=seconds,
                           points=("halves the range", "needs sorted input") if card == BINARY_SEARCH.id else (),
                           mentioned=("needs sorted input",) if grade >= 3 else ())

    on(7, BINARY_SEARCH.id, 2, "Linear time? It scans the list.", 64)
    on(6, BINARY_SEARCH.id, 4, "O(log n): each step halves the range.\nThe input must be sorted.", 31)
    store.record_practice(card_id=BINARY_SEARCH.id, deck="algo", grade=5, moment=NOW - timedelta(days=1),
                          day=NOW.date() - timedelta(days=1), answer="log n, sorted, random access", seconds=9)
    for days in range(9, 0, -1):
        on(days, "cap", 4 if days == 9 else 0, deck="systems")
    store.suspend(card_id="hostile", deck="algo", moment=NOW, day=NOW.date())
    store.bury(card_id="unicode", deck="algo", until=NOW.date() + timedelta(days=1), moment=NOW, day=NOW.date())
    return app


async def on_browser(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, DeckListScreen)
    await press(pilot, "c")
    await wait_for_screen(pilot, BrowserScreen)


async def on_card_page(pilot: Pilot[None]) -> None:
    await on_browser(pilot)
    await press(pilot, "down", "enter")
    await wait_for_screen(pilot, CardPageScreen)
    history = pilot.app.screen.query_one("#history")
    pilot.app.screen.query_one("#card-page").scroll_to_widget(history, animate=False, top=True)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_browser(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(with_history(make_app()), terminal_size=size, run_before=on_browser)


@pytest.mark.parametrize("size", SIZES)
def test_card_page_history(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(with_history(make_app()), terminal_size=size, run_before=on_card_page)
