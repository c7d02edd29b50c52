"""The card browser with Pilot: every key and action, from the deck list and from the summary."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from quizterm.deck.loader import load_decks
from quizterm.scheduler.queue import Limits
from quizterm.scheduler.sm2 import CardState
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.browser.card_page import CardPageScreen
from quizterm.tui.screens.browser.confirm import ConfirmScreen
from quizterm.tui.screens.browser.table import BrowserScreen
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.summary import SummaryScreen
from quizterm.tui.widgets.card_table import CardTable

from .cards import BINARY_SEARCH, NOW, FakeClock
from .conftest import AppFactory
from .helpers import grade_current, press, screen_text, type_text, wait_for_screen, wait_until

SIZE = (100, 30)


def table(app: QuiztermApp) -> CardTable:
    return app.screen.query_one(CardTable)


def shown_ids(app: QuiztermApp) -> list[str]:
    return [row.id for row in table(app).rows]


async def open_browser(pilot: Pilot[None]) -> BrowserScreen:
    await wait_for_screen(pilot, DeckListScreen)
    await press(pilot, "c")  # "All decks" is highlighted
    screen = await wait_for_screen(pilot, BrowserScreen)
    assert isinstance(screen, BrowserScreen)
    return screen


async def search(pilot: Pilot[None], text: str) -> None:
    await press(pilot, "slash")
    await type_text(pilot, text)
    await press(pilot, "enter")  # back to the table


def history(app: QuiztermApp, card_id: str = BINARY_SEARCH.id) -> None:
    """Two days ago a graded attempt with key points, then a practice grade."""
    store = app.store
    store.record_grade(card_id=card_id, deck="algo", grade=2, moment=NOW - timedelta(days=2),
                       day=NOW.date() - timedelta(days=2), answer="It is linear, I think", seconds=41,
                       points=("halves the range", "needs sorted input"), mentioned=("halves the range",))
    store.record_practice(card_id=card_id, deck="algo", grade=5, moment=NOW - timedelta(days=1),
                          day=NOW.date() - timedelta(days=1), answer="O(log n), sorted input", seconds=12)


async def test_c_finds_a_card_by_a_word_of_its_question_and_its_page_shows_every_attempt(
        make_app: AppFactory) -> None:
    app = make_app()
    history(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        assert len(shown_ids(app)) == 5
        await search(pilot, "COMPLEXITY")
        assert shown_ids(app) == [BINARY_SEARCH.id]
        assert "1 of 5 cards" in screen_text(app)
        await press(pilot, "enter")
        page = await wait_for_screen(pilot, CardPageScreen)
        text = str(page.query_one("#history").render())
        assert "It is linear, I think" in text and "O(log n), sorted input" in text
        assert "grade 2" in text and "41 s to reveal" in text and "practice grade 5" in text
        assert "key points marked: 1 of 2" in text and "✓ halves the range" in text
        assert BINARY_SEARCH.short_answer in str(page.query_one("#short-answer").render())
        await press(pilot, "escape")
        await wait_for_screen(pilot, BrowserScreen)
        await press(pilot, "escape")
        await wait_for_screen(pilot, DeckListScreen)


async def test_suspend_leaves_the_drill_and_the_deck_lists_counts_and_unsuspend_brings_it_back(
        make_app: AppFactory) -> None:
    app = make_app(limits=Limits(new_per_day=20))
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await search(pilot, "binary")
        await press(pilot, "s")
        assert app.store.state(BINARY_SEARCH.id).suspended
        assert table(app).current is not None and table(app).current.state == "suspended"
        await press(pilot, "escape")
        await wait_for_screen(pilot, DeckListScreen)
        assert "4 new today" in screen_text(app)  # all decks: 5 cards, one suspended
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert BINARY_SEARCH.id not in app._session().queue.upcoming()
        assert len(app._session().queue.upcoming()) == 4
    async with make_app().run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await search(pilot, "binary")
        await press(pilot, "s")
        assert not pilot.app.store.state(BINARY_SEARCH.id).suspended  # type: ignore[attr-defined]


async def test_bury_reset_and_undo(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app()
    history(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await search(pilot, "binary")
        await press(pilot, "b")
        assert app.store.state(BINARY_SEARCH.id).buried_until == NOW.date() + timedelta(days=1)
        await press(pilot, "u")
        assert app.store.state(BINARY_SEARCH.id).buried_until is None
        await press(pilot, "r")
        await wait_for_screen(pilot, ConfirmScreen)  # type: ignore[arg-type]
        assert "Its 2 attempts stay in the log" in screen_text(app)
        await press(pilot, "n")
        assert app.store.state(BINARY_SEARCH.id).due is not None  # kept
        await press(pilot, "r")
        await wait_for_screen(pilot, ConfirmScreen)  # type: ignore[arg-type]
        await press(pilot, "y")
        await wait_for_screen(pilot, BrowserScreen)
        assert app.store.state(BINARY_SEARCH.id) == CardState()
        assert table(app).current is not None and table(app).current.state == "new"
        assert len(app.store.card_log(BINARY_SEARCH.id)) == 3  # the past is kept: 2 attempts and the reset
        await press(pilot, "u")
        assert app.store.state(BINARY_SEARCH.id).due is not None
        await press(pilot, "u", "u")  # the bury was undone already: nothing left
        assert any("Nothing to undo" in n.message for n in app._notifications)


async def test_actions_on_the_card_page_show_there_and_in_the_table(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await search(pilot, "binary")
        await press(pilot, "enter")
        page = await wait_for_screen(pilot, CardPageScreen)
        await press(pilot, "s")
        assert "suspended" in str(page.query_one("#card-facts").render())
        assert "suspended" in str(page.query_one("#history").render())
        await press(pilot, "backspace")
        await wait_for_screen(pilot, BrowserScreen)
        assert table(app).current is not None and table(app).current.state == "suspended"


async def test_sorting_by_keys_and_by_the_header(make_app: AppFactory) -> None:
    app = make_app()
    app.store.record_grade(card_id="binary-search", deck="algo", grade=4, moment=NOW, day=NOW.date())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_browser(pilot)
        deck_order = shown_ids(app)
        await press(pilot, "o")  # id
        assert shown_ids(app) == sorted(deck_order) and screen.view.sort == "id"
        await press(pilot, "O")
        assert shown_ids(app) == sorted(deck_order, reverse=True)
        await pilot.click(CardTable, offset=(50, 0))  # the question's header
        assert screen.view.sort == "question"
        await press(pilot, "o")  # due: the one scheduled card first
        assert screen.view.sort == "due" and shown_ids(app)[0] == "binary-search"
        assert "sorted by due ↑" in screen_text(app)


async def test_escape_from_the_search_goes_to_the_table_and_keys_there_are_text(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "sbr")  # typed, not suspend / bury / reset
        assert app.screen.query_one(Input).value == "sbr" and not app.store.states()
        await press(pilot, "escape")
        assert isinstance(app.focused, CardTable) and isinstance(app.screen, BrowserScreen)


async def test_c_from_the_summary_browses_the_drilled_decks(make_app: AppFactory) -> None:
    app = make_app(limits=Limits(new_per_day=1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "down", "down", "enter")  # Systems design
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, SummaryScreen)
        await press(pilot, "c")
        await wait_for_screen(pilot, BrowserScreen)
        assert {row.deck for row in table(app).rows} == {"systems"}
        assert "Cards · Systems design" in screen_text(app)
        await press(pilot, "escape")
        await wait_for_screen(pilot, SummaryScreen)


# ----- e: the deck file in $EDITOR -------------------------------------------------------------------

DECK_TEXT = """\
title: Mine
cards:
  - id: first
    question: The first question
    short_answer: one
  - id: second
    question: The second question
    short_answer: two
"""


@pytest.fixture
def own_deck(tmp_path: Path) -> Path:
    path = tmp_path / "decks" / "mine.yaml"
    path.parent.mkdir()
    path.write_text(DECK_TEXT)
    return path


def fake_editor(tmp_path: Path, script: str) -> Path:
    """An executable that records its arguments in args.txt, then runs `script` on the file it was given."""
    editor = tmp_path / "fake-editor"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/args.txt"\nfor f; do :; done\n{script}\n')
    editor.chmod(0o755)
    return editor


async def edit_second(make_app: AppFactory, deck: Path) -> QuiztermApp:
    (loaded,) = load_decks([deck]).decks
    app = make_app([loaded])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        app.open_browser(app.decks)
        await wait_for_screen(pilot, BrowserScreen)
        await press(pilot, "down", "e")
        await pilot.pause()
    return app


async def test_e_opens_the_editor_at_the_card_and_the_deck_is_read_again(
        make_app: AppFactory, own_deck: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = fake_editor(tmp_path, "sed -i 's/The second question/The second question, edited/' \"$f\"")
    monkeypatch.setenv("VISUAL", f"{editor} --wait")  # not a +N editor: the file alone
    monkeypatch.setenv("EDITOR", "nano")
    (loaded,) = load_decks([own_deck]).decks
    app = make_app([loaded])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        app.open_browser(app.decks)
        await wait_for_screen(pilot, BrowserScreen)
        await press(pilot, "down", "enter")
        await wait_for_screen(pilot, CardPageScreen)
        await press(pilot, "e")
        await wait_until(pilot, lambda: "edited" in screen_text(app), "the edited question on the page")
        assert (tmp_path / "args.txt").read_text().splitlines() == ["--wait", str(own_deck)]
        await press(pilot, "escape")
        await wait_for_screen(pilot, BrowserScreen)
        assert table(app).current is not None and table(app).current.question == "The second question, edited"
        assert app.card("second") is not None and app.decks[0].cards[1].question.endswith("edited")


async def test_e_passes_plus_line_to_vi_likes_and_a_broken_edit_keeps_the_cards(
        make_app: AppFactory, own_deck: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vi = fake_editor(tmp_path, 'printf "cards: [\\n" >> "$f"').rename(tmp_path / "vi")
    monkeypatch.setenv("VISUAL", str(vi))
    app = await edit_second(make_app, own_deck)
    assert (tmp_path / "args.txt").read_text().splitlines() == ["+6", str(own_deck)]
    errors = [n for n in app._notifications if n.title == "Deck not read again"]
    assert errors and "the browser keeps the cards as they were" in errors[0].message
    assert app.decks[0].cards[1].question == "The second question"


async def test_e_on_a_bundled_deck_or_without_an_editor_says_what_to_do(
        make_app: AppFactory, own_deck: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = await edit_second(make_app, own_deck)
    assert any("set $VISUAL or $EDITOR" in n.message for n in app._notifications)
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, "")))
    monkeypatch.setattr("quizterm.browse.editor.installed_package_dir", lambda: own_deck.parent)
    app = await edit_second(make_app, own_deck)
    assert any("bundled deck, inside the installed quizterm: copy the decks first" in n.message
               for n in app._notifications)
    assert not (tmp_path / "args.txt").exists()
