"""The card browser and live reload: a deck file edited on disk while the browser (or a card's page) is
open shows there at once, as it does in the drill; a card removed on disk leaves the table, a new one
joins it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from quizterm.deck.loader import load_decks
from quizterm.tui.screens.browser.card_page import CardPageScreen
from quizterm.tui.screens.browser.table import BrowserScreen
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.widgets.card_table import CardTable
from tests.deck.conftest import deck_text

from .conftest import AppFactory
from .helpers import press, wait_for_screen
from .test_live_reload import edit_until

SIZE = (100, 30)


def two_decks(tmp_path: Path) -> tuple[Path, list]:  # type: ignore[type-arg]
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "live.yaml").write_text(deck_text("a", "b"))
    (folder / "other.yaml").write_text(deck_text("z", title="Other"))
    return folder / "live.yaml", load_decks([folder], compact=True).decks


async def test_the_open_browser_shows_a_deck_edited_on_disk(make_app: AppFactory, tmp_path: Path) -> None:
    path, decks = two_decks(tmp_path)
    app = make_app(decks, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "c")
        screen = await wait_for_screen(pilot, BrowserScreen)

        def table() -> dict[str, str]:
            return {row.id: row.question for row in screen.query_one(CardTable).rows}

        assert set(table()) == {"a", "b", "z"}
        edited = deck_text("a", "c").replace("What is a?", "What is a, edited on disk?")
        await edit_until(pilot, path, edited, lambda: set(table()) == {"a", "c", "z"}, "the table read again")
        assert table()["a"] == "What is a, edited on disk?"


async def test_an_open_card_page_shows_its_card_edited_on_disk(make_app: AppFactory, tmp_path: Path) -> None:
    path, decks = two_decks(tmp_path)
    app = make_app(decks, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "c")
        await wait_for_screen(pilot, BrowserScreen)
        await press(pilot, "enter")  # the first card: a
        page = await wait_for_screen(pilot, CardPageScreen)
        assert isinstance(page, CardPageScreen) and page.card.id == "a"
        edited = deck_text("a", "b").replace("What is a?", "What is a, edited on disk?")

        def shown() -> bool:
            return "edited on disk" in str(app.screen.query_one("#question", Static).render())

        await edit_until(pilot, path, edited, shown, "the page's new question")
        await press(pilot, "escape")
        screen = await wait_for_screen(pilot, BrowserScreen)
        rows = {row.id: row.question for row in screen.query_one(CardTable).rows}
        assert rows["a"] == "What is a, edited on disk?"
