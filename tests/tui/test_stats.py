"""The stats screen with Pilot: `s` from the deck list and the summary, the palette entry, the deck
choice, scrolling to the last chart, and what it shows for a recorded history."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.containers import VerticalScroll

from quizterm.scheduler.queue import Limits
from quizterm.tui.charts import Chart
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.help import HelpScreen
from quizterm.tui.screens.stats import SECTIONS, StatsScreen
from quizterm.tui.screens.summary import SummaryScreen

from .cards import HOSTILE_LINE, SYSTEMS
from .conftest import AppFactory
from .helpers import grade_current, press, screen_text, type_text, wait_for_screen, wait_until
from .stats_history import PRACTICE, STATS_DECKS, record_history


def title(app: object) -> str:
    return screen_text(app).splitlines()[0]  # type: ignore[arg-type]


async def test_s_on_the_deck_list_shows_the_highlighted_deck_and_escape_returns(make_app: AppFactory,
                                                                                data_dir: Path) -> None:
    record_history(data_dir)
    app = make_app(STATS_DECKS)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "s")
        stats = await wait_for_screen(pilot, StatsScreen)
        assert title(app).startswith(" Stats — All decks  (1 of 4")
        assert isinstance(stats, StatsScreen) and stats.insights.total.cards == 29
        await press(pilot, "escape")
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "down", "down", "down", "s")  # the practice deck (All, Algorithms, Systems, Practice)
        stats = await wait_for_screen(pilot, StatsScreen)
        assert title(app).startswith(" Stats — Practice [b]set[/b]  (4 of 4")  # the title verbatim
        assert isinstance(stats, StatsScreen) and stats.insights.total.cards == 24
        assert stats.insights.total.suspended == 1
        await press(pilot, "s")  # s closes it too
        await wait_for_screen(pilot, DeckListScreen)


async def test_the_deck_choice_goes_round_with_the_arrows(make_app: AppFactory, data_dir: Path) -> None:
    record_history(data_dir)
    app = make_app(STATS_DECKS)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "s")
        stats = await wait_for_screen(pilot, StatsScreen)
        assert isinstance(stats, StatsScreen)
        seen = []
        for key in ("right", "right", "right", "right", "left", "left_square_bracket", "right_square_bracket"):
            await press(pilot, key)
            seen.append((stats.choice.title, stats.insights.total.cards))
        assert seen == [("Algorithms", 3), ("Systems design", 2), ("Practice [b]set[/b]", 24), ("All decks", 29),
                        ("Practice [b]set[/b]", 24), ("Systems design", 2), ("Practice [b]set[/b]", 24)]
        counts = str(stats.query_one("#counts", Chart).render())
        assert "Practice [b]set[/b]" in counts and "Algorithms" not in counts


async def test_every_chart_can_be_scrolled_into_view_at_80x24(make_app: AppFactory, data_dir: Path) -> None:
    record_history(data_dir)
    app = make_app(STATS_DECKS)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "s")
        stats = await wait_for_screen(pilot, StatsScreen)
        body = stats.query_one("#stats-body", VerticalScroll)
        assert body.has_focus and body.max_scroll_y > 0
        seen = screen_text(app)
        for _ in range(40):
            await press(pilot, "pagedown")
            seen += screen_text(app)
        assert body.scroll_y == body.max_scroll_y
        for _, section in SECTIONS:
            assert section[:30] in seen, section
        assert HOSTILE_LINE[:20] in seen  # the hostile question among the hardest cards, verbatim
        await press(pilot, "home")
        assert body.scroll_y == 0


async def test_s_on_the_summary_shows_the_decks_just_drilled(make_app: AppFactory) -> None:
    app = make_app(limits=Limits(new_per_day=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "down", "down", "enter")  # Systems design
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, SummaryScreen)
        await press(pilot, "s")
        stats = await wait_for_screen(pilot, StatsScreen)
        assert isinstance(stats, StatsScreen) and stats.choice.decks == (SYSTEMS,)
        assert stats.insights.heatmap.counts == {app.clock().date(): 1}
        assert stats.insights.heatmap.current_streak == 1
        await press(pilot, "escape")
        await wait_for_screen(pilot, SummaryScreen)


async def test_the_palette_opens_stats(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await type_text(pilot, "stats")
        await wait_until(pilot, lambda: "Stats" in screen_text(app), "the Stats entry")
        await press(pilot, "enter")
        stats = await wait_for_screen(pilot, StatsScreen)
        assert isinstance(stats, StatsScreen) and stats.choice.title == "All decks"


async def test_question_mark_lists_the_stats_keys(make_app: AppFactory) -> None:
    app = make_app([PRACTICE])  # one deck: no deck list, the drill starts; stats from the palette's action
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_stats()
        await wait_for_screen(pilot, StatsScreen)
        assert "another deck" not in screen_text(app)  # one deck: no choice offered in the title
        await press(pilot, "question_mark")
        await wait_for_screen(pilot, HelpScreen)
        text = screen_text(app)
        for key in ("← → / [ ]", "↑ ↓ / pgup pgdn", "escape / b / s", "?", "q"):
            assert f"  {key} " in text, key


STARTUP = """
import asyncio, sys, tempfile
from pathlib import Path
from tests.tui.cards import DECKS, FakeClock
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp

async def main():
    with tempfile.TemporaryDirectory() as folder, ProgressStore.open(Path(folder), real_now=FakeClock()()) as store:
        app = QuiztermApp(decks=DECKS, store=store, clock=FakeClock())
        async with app.run_test(size=(80, 24)) as pilot:
            await asyncio.sleep(1.0)  # the first screen, then the preload of the other screens
            before = sorted(m for m in sys.modules if m.startswith(("quizterm.insights", "quizterm.tui.charts",
                                                                     "quizterm.tui.screens.stats")))
            await pilot.press("s")
            await pilot.pause()
            after = "quizterm.tui.screens.stats" in sys.modules
            print(before, after)

asyncio.run(main())
"""


def test_nothing_of_the_stats_screen_loads_before_s(tmp_path: Path) -> None:
    """Start-up pays nothing for stats: its modules are imported by the first `s`, not by the preload."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, cwd=root, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[] True"
