"""The deck list with a broken deck file: shown with its first error and its count, never drilled."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.question import QuestionScreen

from .cards import ALGO, BROKEN
from .conftest import AppFactory
from .helpers import card_id, press, screen_text, wait_for_screen
from .test_screens import deck_rows
from .test_snapshots import SIZES, SnapCompare

BROKEN_ROW = ("broken.yaml 3 errors: not drillable line 7, column 9: cards[0].common_mistakes[0]: expected text, "
              "got a mapping (YAML reads the ': ' in it as key: value); put the whole text in quotes: \"Say which "
              "stage is for: [b]retrieval[/b]\" `quizterm validate decks/broken.yaml` lists every problem")


async def test_the_broken_deck_has_a_row_with_its_first_error_and_count(make_app: AppFactory) -> None:
    app = make_app(broken=[BROKEN])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        rows = deck_rows(app)
        assert rows[:3] == [
            "All decks 2 decks 5 cards · 0 due · 5 new today",
            "Algorithms Searching, markup and Unicode 3 cards · 0 due · 3 new today",
            "Systems design Distributed systems basics 2 cards · 0 due · 2 new today",
        ]
        assert rows[3] == BROKEN_ROW


async def test_choosing_the_broken_row_explains_and_the_other_decks_drill(make_app: AppFactory) -> None:
    app = make_app(broken=[BROKEN])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "end")
        assert "[b]retrieval[/b]" in screen_text(app)  # the list scrolled to it; shown verbatim, never as markup
        app.clear_notifications()
        await press(pilot, "enter")
        assert isinstance(app.screen, DeckListScreen)
        [note] = app._notifications
        assert note.message == ("broken.yaml cannot be drilled: it has 3 errors. Fix them (`quizterm validate "
                                "decks/broken.yaml` lists every one) and start quizterm again; the other decks "
                                "can be drilled now.")
        await press(pilot, "up", "enter")  # Systems design
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) in {"cap", "cache"}
        assert not list(app._notifications)  # the deck list's notes do not cover the answer box


async def test_the_deck_list_says_at_once_that_a_deck_is_broken(make_app: AppFactory) -> None:
    app = make_app(broken=[BROKEN, BROKEN])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        assert [note.message for note in app._notifications] == [
            "2 deck files have errors and cannot be drilled: see the end of the list."]


async def test_one_valid_deck_and_a_broken_one_open_the_deck_list(make_app: AppFactory) -> None:
    app = make_app([ALGO], broken=[BROKEN])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        assert deck_rows(app) == ["Algorithms Searching, markup and Unicode 3 cards · 0 due · 3 new today",
                                  BROKEN_ROW]
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "hostile"


# ----- snapshots ---------------------------------------------------------------------------------

async def at_the_broken_row(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, DeckListScreen)
    await press(pilot, "end")


@pytest.mark.parametrize("size", SIZES)
def test_deck_list_with_a_broken_deck(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    """The warning shown at start, and the broken row the cursor reaches at the end of the list."""
    assert snap_compare(make_app(broken=[BROKEN]), terminal_size=size, run_before=at_the_broken_row)
