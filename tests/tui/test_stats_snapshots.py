"""SVG snapshots of each chart of the stats screen at 80×24 and 120×40, in the dark and the light theme
where colour carries meaning (heatmap shades, young and mature series); the text figures in the dark one.

The history is `stats_history.record_history` (seeded); regenerate after a deliberate change with
`python -m pytest tests/tui/test_stats_snapshots.py --snapshot-update -n 0` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.stats import StatsScreen
from quizterm.tui.themes import THEMES

from .conftest import AppFactory
from .helpers import press, wait_for_screen
from .stats_history import STATS_DECKS, record_history

SnapCompare = Callable[..., bool]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
THEME_NAMES = [pytest.param("dark", id="dark"), pytest.param("light", id="light")]


def on_chart(section: str, theme: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Open stats on all decks, take `theme`, and scroll `section` to the top."""
    async def run(pilot: Pilot[None]) -> None:
        await wait_for_screen(pilot, DeckListScreen)
        pilot.app.theme = THEMES[theme].name
        await press(pilot, "s")
        stats = await wait_for_screen(pilot, StatsScreen)
        stats.query_one("#stats-body").scroll_to_widget(stats.query_one(f"#{section}"), animate=False, top=True)
        await pilot.pause()
    return run


@pytest.fixture
def stats_app(make_app: AppFactory, data_dir: Path) -> object:
    record_history(data_dir)
    return make_app(STATS_DECKS)


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("section", ["heatmap", "forecast", "retention"])
def test_chart(snap_compare: SnapCompare, stats_app: object, section: str, size: tuple[int, int], theme: str) -> None:
    assert snap_compare(stats_app, terminal_size=size, run_before=on_chart(section, theme))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("section", ["counts", "hardest"])
def test_text_figures(snap_compare: SnapCompare, stats_app: object, section: str, size: tuple[int, int]) -> None:
    """Counts and grades; hardest cards and the key points most often missed (the hostile question verbatim)."""
    assert snap_compare(stats_app, terminal_size=size, run_before=on_chart(section, "dark"))
