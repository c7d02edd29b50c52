"""`?` lists every key of the screen it is pressed on; the palette has one help entry; themes are saved."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from quizterm.config import load_settings, save_setting
from quizterm.scheduler.queue import Limits
from quizterm.scheduler.sm2 import GRADE_MEANINGS
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.browser.card_page import CardPageScreen
from quizterm.tui.screens.browser.table import BrowserScreen
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.help import HelpScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.screens.summary import SummaryScreen
from quizterm.tui.themes import setting_for_theme, theme_for_setting

from .cards import SYSTEMS, FakeClock
from .conftest import AppFactory
from .helpers import press, screen_text, type_text, wait_for_screen, wait_until

SIZE = (80, 24)
KEY_NAMES = {"question_mark": "?", "slash": "/", "up": "↑", "down": "↓", "pageup": "pgup", "pagedown": "pgdn"}
SCREENS = ("deck list", "question", "rubric", "summary")


async def walk(pilot: Pilot[None], check: Callable[[str], Awaitable[None]]) -> None:
    """Visit the deck list, a question (outside the answer box), its rubric and the summary, calling
    `check` with each screen's name while it is the current screen."""
    await wait_for_screen(pilot, DeckListScreen)
    await check("deck list")
    await press(pilot, "down", "down", "enter")  # Systems design: one new card a day, the other waits
    await wait_for_screen(pilot, QuestionScreen)
    await press(pilot, "escape")  # out of the answer box, where `?` is text
    await check("question")
    await press(pilot, "ctrl+s")
    await wait_for_screen(pilot, RubricScreen)
    await check("rubric")
    await press(pilot, "5")
    await wait_for_screen(pilot, SummaryScreen)
    await check("summary")


def screen_keys(app: QuiztermApp) -> set[str]:
    """Every key bound by the current screen or the app (not by the focused widget: typing, scrolling)."""
    return {KEY_NAMES.get(key, key) for key, active in app.screen.active_bindings.items()
            if active.node in (app.screen, app)}


async def help_lines(pilot: Pilot[None]) -> list[tuple[str, str]]:
    """Open the keys screen and read (key cell, meaning) off each of its lines."""
    await press(pilot, "question_mark")
    help_screen = await wait_for_screen(pilot, HelpScreen)
    text = str(help_screen.query_one("#help-keys", Static).render())
    return [(m[1], m[2]) for m in (re.match(r"  (\S.*?)\s{2,}(\S.*)", line) for line in text.splitlines()) if m]


async def seen_by_scrolling(pilot: Pilot[None]) -> str:
    seen = screen_text(pilot.app)  # type: ignore[arg-type]
    for _ in range(12):
        await press(pilot, "down")
        seen += screen_text(pilot.app)  # type: ignore[arg-type]
    return seen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_question_mark_lists_every_key_of_each_screen_readably(make_app: AppFactory,
                                                                     size: tuple[int, int]) -> None:
    app = make_app(limits=Limits(new_per_day=1))
    listed_on: dict[str, dict[str, str]] = {}

    async def check(name: str) -> None:
        bound = screen_keys(app)
        lines = await help_lines(pilot)
        listed = {token for cell, _ in lines for token in re.split(r" / | ", cell)}
        assert bound - listed == set(), f"keys of the {name} screen missing from `?`"
        assert {"ctrl+q", "ctrl+p", "?", "t", "q"} <= listed
        seen = await seen_by_scrolling(pilot)
        unseen = [f"{key} {meaning}" for key, meaning in lines
                  if not re.search(rf"{re.escape(key)}\s+{re.escape(meaning)}", seen)]
        assert unseen == [], f"never visible on the {name} keys screen at {size}: {unseen}"
        listed_on[name] = dict(lines)
        await press(pilot, "escape")

    async with app.run_test(size=size) as pilot:
        await walk(pilot, check)
    assert listed_on["summary"]["n"] == "learn 1 more new card today"
    assert listed_on["summary"]["b / escape"] == "back to the deck list"
    assert all(listed_on["rubric"][str(grade)] == f"grade {grade}: {meaning}"
               for grade, meaning in GRADE_MEANINGS.items())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_question_mark_lists_every_key_of_the_browser_screens(make_app: AppFactory,
                                                                    size: tuple[int, int]) -> None:
    """The card browser's table and a card's page: every key they bind is in `?`, and readable."""
    app = make_app()
    listed_on: dict[str, dict[str, str]] = {}

    async def check(name: str) -> None:
        bound = screen_keys(app)
        lines = await help_lines(pilot)
        listed = {token for cell, _ in lines for token in re.split(r" / | ", cell)}
        assert bound - listed == set(), f"keys of the {name} screen missing from `?`"
        seen = await seen_by_scrolling(pilot)
        unseen = [f"{key} {meaning}" for key, meaning in lines
                  if not re.search(rf"{re.escape(key)}\s+{re.escape(meaning)}", seen)]
        assert unseen == [], f"never visible on the {name} keys screen at {size}: {unseen}"
        listed_on[name] = dict(lines)
        await press(pilot, "escape")

    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "c")
        await wait_for_screen(pilot, BrowserScreen)
        await check("browser")
        await press(pilot, "enter")
        await wait_for_screen(pilot, CardPageScreen)
        await check("card page")
    for name in ("browser", "card page"):
        assert {"s", "b", "r", "u", "e"} <= set(listed_on[name]), name
    assert "o / O" in listed_on["browser"]


# ----- the command palette ---------------------------------------------------------------------------

async def palette_entries(pilot: Pilot[None]) -> list[str]:
    await press(pilot, "ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one("CommandList")
    await wait_until(pilot, lambda: options.option_count > 0, "the palette's commands")  # type: ignore[attr-defined]
    return [str(options.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
            for i in range(options.option_count)]  # type: ignore[attr-defined]


async def test_the_palette_has_one_help_entry_on_each_screen(make_app: AppFactory) -> None:
    app = make_app(limits=Limits(new_per_day=1))
    helps: dict[str, list[str]] = {}

    async def check(name: str) -> None:
        entries = await palette_entries(pilot)
        helps[name] = [entry for entry in entries if re.search(r"\bkeys?\b|\bhelp\b", entry, re.IGNORECASE)]
        await press(pilot, "escape")

    async with app.run_test(size=(120, 40)) as pilot:
        await walk(pilot, check)
    assert {name: len(entries) for name, entries in helps.items()} == dict.fromkeys(SCREENS, 1), helps


# ----- themes ------------------------------------------------------------------------------------------

def app_with_saved_theme(data_dir: Path, clock: FakeClock, store: ProgressStore) -> QuiztermApp:
    settings = load_settings(data_dir)
    return QuiztermApp(decks=[SYSTEMS], store=store, clock=clock, theme_name=settings.theme,
                       remember_theme=lambda name: save_setting(data_dir, "theme", name))


async def test_t_saves_the_theme_and_the_next_start_uses_it(data_dir: Path, clock: FakeClock) -> None:
    config = data_dir / "config.toml"
    config.write_text("# mine\nnew_per_day = 3  # three a day\n")
    with ProgressStore.open(data_dir, real_now=clock()) as store:
        app = app_with_saved_theme(data_dir, clock, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            assert not (data_dir / "config.toml").read_text().count("theme"), "starting saves nothing"
            await press(pilot, "escape", "t")
            assert app.theme == "quizterm-light"
        assert config.read_text() == '# mine\nnew_per_day = 3  # three a day\ntheme = "light"\n'
        again = app_with_saved_theme(data_dir, clock, store)
        async with again.run_test(size=SIZE) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            assert again.theme == "quizterm-light"
            await press(pilot, "escape", "t")
        assert config.read_text() == '# mine\nnew_per_day = 3  # three a day\ntheme = "dark"\n'


async def test_a_theme_picked_in_the_palette_is_saved_and_accepted(data_dir: Path, clock: FakeClock) -> None:
    with ProgressStore.open(data_dir, real_now=clock()) as store:
        app = app_with_saved_theme(data_dir, clock, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            await press(pilot, "ctrl+p")
            await type_text(pilot, "theme")
            await press(pilot, "enter")  # "Theme": the list of every theme
            await type_text(pilot, "gruvbox")
            await press(pilot, "enter")
            await wait_until(pilot, lambda: app.theme == "gruvbox", "the gruvbox theme")
        assert load_settings(data_dir).theme == "gruvbox"
        again = app_with_saved_theme(data_dir, clock, store)
        async with again.run_test(size=SIZE) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            assert again.theme == "gruvbox"


def test_every_theme_the_palette_offers_can_be_saved_and_read_back(data_dir: Path, clock: FakeClock) -> None:
    """The palette's theme list is the app's available themes: each one's setting round-trips config.toml
    (quizterm's own as "dark"/"light"), even with a Textual that offers themes config.py does not know."""
    with ProgressStore.open(data_dir, real_now=clock()) as store:
        app = app_with_saved_theme(data_dir, clock, store)
    assert {"quizterm-dark", "quizterm-light", "nord", "textual-light"} <= set(app.available_themes)
    for name in app.available_themes:
        save_setting(data_dir, "theme", setting_for_theme(name))
        assert theme_for_setting(load_settings(data_dir).theme) == name


async def test_a_config_broken_meanwhile_is_not_overwritten_and_the_user_is_told(
        data_dir: Path, clock: FakeClock) -> None:
    with ProgressStore.open(data_dir, real_now=clock()) as store:
        app = app_with_saved_theme(data_dir, clock, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            (data_dir / "config.toml").write_text("new_per_day = \n")  # the user is editing it
            await press(pilot, "escape", "t")
            await wait_until(pilot, lambda: any("theme not saved" in n.message for n in app._notifications),
                             "the warning")
            (warning,) = app._notifications
            assert "config.toml: not valid TOML" in warning.message and warning.severity == "error"
            assert app.is_running and app.theme == "quizterm-light"
    assert (data_dir / "config.toml").read_text() == "new_per_day = \n"

