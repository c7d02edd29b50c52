"""The interview plan and cram in the UI: the deck list's days left, a cram run through the drill's screens
(practice grades in the store, nothing scheduled), snapshots at 80x24 and 120x40."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizterm.deck.cards import Card
from quizterm.plan.cram import CramSession
from quizterm.plan.plans import Plan
from quizterm.plan.view import Planning
from quizterm.scheduler.day import study_day
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.screens.summary import SummaryScreen

from .cards import DECKS, NOW, FakeClock
from .helpers import card_id, grade_current, screen_text, wait_for_screen

TODAY = study_day(NOW)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Factory = Callable[..., QuiztermApp]


@pytest.fixture
def plan_app(data_dir: Path, clock: FakeClock) -> Iterator[Factory]:
    stores: list[ProgressStore] = []

    def factory(*, plans: Sequence[Plan] = (), cram: bool = False) -> QuiztermApp:
        store = ProgressStore.open(data_dir, real_now=clock())
        stores.append(store)
        cards = [card for deck in DECKS for card in deck.cards]

        def crammer(chosen: Sequence[Card]) -> DrillSession:
            return CramSession(cards=chosen, store=store, clock=clock)

        return QuiztermApp(decks=DECKS, store=store, clock=clock, plan=Planning(cards, plans) if plans else None,
                           session_factory=crammer if cram else None)

    yield factory
    for store in stores:
        store.close()


def algo_plan(days: int) -> Plan:
    return Plan(date=TODAY + timedelta(days=days), decks=("algo",), set_on=TODAY, window_from=TODAY)


async def test_the_deck_list_shows_days_left(plan_app: Factory) -> None:
    app = plan_app(plans=[algo_plan(12), Plan(TODAY + timedelta(days=1), ("systems",), TODAY, TODAY)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        text = screen_text(app)
        assert "interview tomorrow" in text  # the earliest plan, on the "all decks" row too
        assert text.count("interview in 12 days") == 1 and text.count("interview tomorrow") == 2


async def test_cram_through_the_drill_screens_records_practice_grades(plan_app: Factory, data_dir: Path) -> None:
    app = plan_app(cram=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)  # no deck list: cram starts at once on every card
        assert "cram, practice only · 0 done · 5 left · again 0" in screen_text(app)
        first = card_id(app)
        await grade_current(pilot, 1)
        await wait_for_screen(pilot, QuestionScreen)
        for _ in range(4):
            await grade_current(pilot, 5)
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == first  # practised below 4: it comes back at the end
        await grade_current(pilot, 4)
        await wait_for_screen(pilot, SummaryScreen)
    with ProgressStore.open(data_dir, real_now=NOW) as store:
        assert store.review_count() == 0  # nothing graded ...
        assert all(state.is_new for state in store.states().values())  # ... nothing scheduled
        assert [entry.kind for entry in store.card_log(first)] == ["practice", "practice"]  # type: ignore[union-attr]


async def on_deck_list(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, DeckListScreen)


async def on_cram_rubric(pilot: Pilot[None]) -> None:
    await wait_for_screen(pilot, QuestionScreen)
    await pilot.press("ctrl+s")
    await wait_for_screen(pilot, RubricScreen)


@pytest.mark.parametrize("size", SIZES)
def test_deck_list_with_a_plan(snap_compare: Callable[..., bool], plan_app: Factory, size: tuple[int, int]) -> None:
    assert snap_compare(plan_app(plans=[algo_plan(12)]), terminal_size=size, run_before=on_deck_list)


@pytest.mark.parametrize("size", SIZES)
def test_cram_rubric(snap_compare: Callable[..., bool], plan_app: Factory, size: tuple[int, int]) -> None:
    assert snap_compare(plan_app(cram=True), terminal_size=size, run_before=on_cram_rubric)


async def test_the_stats_forecast_marks_the_interview(plan_app: Factory) -> None:
    """The stats screen's due forecast gets the date of the plan the shown decks follow (the earliest)."""
    from quizterm.tui.screens.stats import StatsScreen

    app = plan_app(plans=[algo_plan(12), Plan(TODAY + timedelta(days=20), ("algo", "systems"), TODAY, TODAY)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await pilot.press("s")  # all decks: algo follows its plan of 12 days, systems the one of 20
        stats = await wait_for_screen(pilot, StatsScreen)
        assert isinstance(stats, StatsScreen)
        assert stats.insights.forecast.interview == TODAY + timedelta(days=12)
        assert stats.insights.forecast.interview_index == 12
    assert app.interview_date([DECKS[1]]) == TODAY + timedelta(days=20)
    assert plan_app().interview_date(DECKS) is None


def test_the_cram_progress_line_leaves_room_for_the_clock_at_80_columns() -> None:
    """The session bar cuts its line at the screen's width: at 80 columns (2 of padding) a cram's progress
    and the card's clock must both be seen, even with three-digit counts."""
    from quizterm.scheduler.queue import QueueCounts
    from quizterm.tui.widgets.session_bar import progress_text

    line = progress_text(QueueCounts(new=0, due=300, again=120, done=999, practice=True)) + "  ·  10:00 on this card"
    assert "practice" in line and len(line) <= 78, line
