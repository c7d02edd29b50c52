"""The card browser and fast typing: a search typed in one burst, even before the browser is on screen,
reaches the search box whole, and none of its letters is taken as an action (s suspends, b buries, r
resets, e edits, o sorts: all common letters of a search)."""

from __future__ import annotations

from textual.widgets import Input

from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.browser.table import BrowserScreen
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.widgets.card_table import CardTable

from .cards import BINARY_SEARCH
from .conftest import AppFactory
from .helpers import screen_text, wait_for_screen, wait_until
from .keys import burst

SIZE = (100, 30)


def search_box(app: QuiztermApp) -> Input:
    return app.screen.query_one("#card-search", Input)


def shown_ids(app: QuiztermApp) -> list[str]:
    return [row.id for row in app.screen.query_one(CardTable).rows]


async def test_c_then_a_search_in_one_burst_reaches_the_search_box(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["c", "slash", *"binary"])
        await wait_for_screen(pilot, BrowserScreen)
        await wait_until(pilot, lambda: search_box(app).value == "binary", "the search typed ahead")
        assert shown_ids(app) == [BINARY_SEARCH.id]
        assert search_box(app).has_focus
        assert not app.store.states(), "a letter of the search was taken as an action"


async def test_a_search_burst_in_the_open_browser_is_text_not_actions(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await pilot.press("c")
        await wait_for_screen(pilot, BrowserScreen)
        burst(app, ["slash", *"sbre binary"])
        await wait_until(pilot, lambda: search_box(app).value == "sbre binary", "the whole search")
        assert not app.store.states(), "a letter of the search was taken as an action"
        assert isinstance(app.screen, BrowserScreen) and "Reset the progress" not in screen_text(app)


async def test_keys_before_the_browser_that_are_not_a_search_are_ignored(make_app: AppFactory) -> None:
    """`s` pressed before the table could be seen must not suspend whatever card happens to be first."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["c", "s", "b"])
        await wait_for_screen(pilot, BrowserScreen)
        await pilot.pause()
        assert not app.store.states()
        assert search_box(app).value == ""


async def test_a_search_typed_ahead_stops_at_enter(make_app: AppFactory) -> None:
    """Enter ends the search as it would on screen; what follows it was pressed blind and is dropped."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["c", "slash", *"binary", "enter", "s"])
        await wait_for_screen(pilot, BrowserScreen)
        await wait_until(pilot, lambda: search_box(app).value == "binary", "the search typed ahead")
        await wait_until(pilot, lambda: isinstance(app.focused, CardTable), "the table focused after enter")
        assert not app.store.states()


async def test_s_then_keys_in_one_burst_opens_stats_and_ignores_the_keys_with_a_notice(make_app: AppFactory) -> None:
    """The stats screen takes no typing: keys pressed before it appeared are dropped, and it says so."""
    from quizterm.tui.screens.stats import StatsScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["s", "down", "c", "q"])
        await wait_for_screen(pilot, StatsScreen)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, StatsScreen)
        assert any("Ignored 3 keys" in str(n.message) for n in app._notifications)


async def test_enter_then_an_answer_in_one_burst_reaches_the_first_question(make_app: AppFactory) -> None:
    from quizterm.tui.screens.question import QuestionScreen

    from .keys import box

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["enter", *"sb quick"])
        await wait_for_screen(pilot, QuestionScreen)
        await wait_until(pilot, lambda: box(app).text == "sb quick", "the answer typed ahead")


async def test_a_tag_filter_typed_in_one_burst_is_all_in_the_filter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["slash", *"cs algo"])
        await wait_until(pilot, lambda: app.screen.query_one("#tag-filter", Input).value == "cs algo",
                         "the whole filter")
        assert isinstance(app.screen, DeckListScreen)


async def test_c_then_a_search_in_one_burst_from_the_summary(make_app: AppFactory) -> None:
    from quizterm.scheduler.queue import Limits
    from quizterm.tui.screens.summary import SummaryScreen

    from .helpers import grade_current, press

    app = make_app(limits=Limits(new_per_day=1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "enter")  # all decks
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, SummaryScreen)
        burst(app, ["c", "slash", *"binary"])
        await wait_for_screen(pilot, BrowserScreen)
        await wait_until(pilot, lambda: search_box(app).value == "binary", "the search typed ahead")
        assert len(app.store.states()) == 1  # the graded card only: no letter acted on a card


async def test_a_correction_in_a_search_burst_is_applied_and_keys_after_enter_act_on_the_table(
        make_app: AppFactory) -> None:
    """Backspace is one of the search box's bindings: it is applied in order even when enter follows at once,
    and `s` typed right after enter suspends the card found (it is not typed into the search)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await pilot.press("c")
        await wait_for_screen(pilot, BrowserScreen)
        burst(app, ["slash", *"binarx", "backspace", "y", "enter", "s"])
        await wait_until(pilot, lambda: app.store.state(BINARY_SEARCH.id).suspended, "the found card suspended")
        assert search_box(app).value == "binary" and isinstance(app.focused, CardTable)
        burst(app, ["slash", "end", "backspace", "escape", "s"])  # end: off the text selected on focus
        await wait_until(pilot, lambda: not app.store.state(BINARY_SEARCH.id).suspended, "unsuspended")
        assert search_box(app).value == "binar" and isinstance(app.focused, CardTable)


async def test_c_and_s_typed_right_after_slash_on_the_deck_list_are_tags(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["slash", "c", "s", "enter", "c"])
        await wait_for_screen(pilot, BrowserScreen)  # the last c, after enter left the filter
        assert app.screen_stack[-2].query_one("#tag-filter", Input).value == "cs"


async def test_a_correction_in_a_tag_filter_burst_is_applied_in_order(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        burst(app, ["slash", *"algx", "backspace", "o", "left", "left", "delete", "g"])
        await wait_until(pilot, lambda: app.screen.query_one("#tag-filter", Input).value == "algo",
                         "the corrected filter")
