"""Several study days, one app per day on the same data directory: the UI asks what SM-2 says is due.

Hand-computed schedule (SM-2, EF in hundredths; see quizterm/scheduler/sm2.py):
  day 0  cap 5 -> EF 260, I 1, due day 1      cache 3 -> EF 236, I 1, due day 1 (then a drill 4)
  day 1  cap 5 -> EF 270, I 6, due day 7      cache 2 -> lapse: reps 1, I 1, due day 2 (then a drill 5)
  day 2  cache 4 -> EF 236, I 6, due day 8
  day 3  nothing due; the next card is cap on day 7
  day 7  cap 5 -> EF 280, I ceil(6 * 2.8) = 17, due day 24
  day 8  cache 3 -> EF 222, I ceil(6 * 2.22) = 14, due day 22 (then a drill 4: below 4 comes back)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from textual.widgets import OptionList

from quizterm.scheduler.day import study_day
from quizterm.scheduler.sm2 import CardState
from quizterm.store.progress import ProgressStore
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.screens.summary import SummaryScreen

from .cards import NOW, SYSTEMS, FakeClock
from .conftest import AppFactory
from .helpers import card_id, grade_current, press, screen_text, type_text, wait_for_screen

SIZE = (80, 24)
DAY0 = study_day(NOW)


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


async def drill_day(make_app: AppFactory, clock: FakeClock, n: int, grades: list[tuple[str, int]],
                    progress: str | None = None) -> str:
    """Run day `n`: the cards must come in the order of `grades`, each gets its grade; returns the summary."""
    clock.now = NOW + timedelta(days=n)
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        for i, (expected, grade) in enumerate(grades):
            await wait_for_screen(pilot, QuestionScreen)
            assert card_id(app) == expected, f"day {n}, card {i + 1}"
            if i == 0 and progress is not None:
                assert progress in screen_text(app), f"day {n} starts with {progress}"
            await grade_current(pilot, grade)
        await wait_for_screen(pilot, SummaryScreen)
        return screen_text(app)


async def test_a_week_of_drills_follows_sm2(
        make_app: AppFactory, clock: FakeClock, second_store: Callable[[], ProgressStore]) -> None:
    store = second_store()

    def state(card: str) -> CardState:
        return store.states()[card]

    await drill_day(make_app, clock, 0, [("cap", 5), ("cache", 3), ("cache", 4)],
                    progress="0 done · 2 left  (new 2 · due 0 · again 0)")
    assert state("cap") == CardState(reps=1, ef_centi=260, interval=1, due=day(1))
    assert state("cache") == CardState(reps=1, ef_centi=236, interval=1, due=day(1))

    text = await drill_day(make_app, clock, 0, [])  # the same day again: a card graded 5 is not due today
    assert "Nothing is due today." in text
    assert re.search(r"Next cards\s+2 due tomorrow", text)

    await drill_day(make_app, clock, 1, [("cap", 5), ("cache", 2), ("cache", 5)],
                    progress="0 done · 2 left  (new 0 · due 2 · again 0)")
    assert state("cap") == CardState(reps=2, ef_centi=270, interval=6, due=day(7))
    assert state("cache") == CardState(reps=1, ef_centi=236, interval=1, due=day(2), lapses=1)

    await drill_day(make_app, clock, 2, [("cache", 4)], progress="0 done · 1 left  (new 0 · due 1 · again 0)")
    assert state("cache") == CardState(reps=2, ef_centi=236, interval=6, due=day(8), lapses=1)

    text = await drill_day(make_app, clock, 3, [])
    assert "Nothing is due today." in text
    assert re.search(rf"Next cards\s+1 due on {day(7).isoformat()} \(in 4 days\)", text)

    await drill_day(make_app, clock, 7, [("cap", 5)])
    assert state("cap") == CardState(reps=3, ef_centi=280, interval=17, due=day(24))

    await drill_day(make_app, clock, 8, [("cache", 3), ("cache", 4)])  # below 4: asked again
    assert state("cache") == CardState(reps=3, ef_centi=222, interval=14, due=day(22), lapses=1)

    assert [(r.day, r.grade, r.scheduling) for r in store.history("cache")] == [
        (day(0), 3, True), (day(0), 4, False), (day(1), 2, True), (day(1), 5, False),
        (day(2), 4, True), (day(8), 3, True), (day(8), 4, False),
    ]


async def test_the_previous_attempt_is_shown_on_a_later_day(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "C or A")
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        assert not app.screen.query("#previous"), "a new card has no previous attempt"
        await press(pilot, "3")
        await wait_for_screen(pilot, QuestionScreen)

    clock.now = NOW + timedelta(days=1)
    app = make_app([SYSTEMS])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cap"
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        text = screen_text(app)
        assert "Previous attempt · grade 3" in text
        assert f"{day(0).isoformat()} 12:00" in text
        assert "C or A" in text


async def test_the_deck_list_counts_the_cards_due_on_a_later_day(make_app: AppFactory, clock: FakeClock) -> None:
    await drill_day(make_app, clock, 0, [("cap", 5), ("cache", 4)])
    clock.now = NOW + timedelta(days=1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        options = app.screen.query_one(OptionList)
        rows = [" ".join(str(options.get_option_at_index(i).prompt).split()) for i in range(options.option_count)]
        assert rows[0] == "All decks 2 decks 5 cards · 2 due · 3 new today"
        assert rows[2] == "Systems design Distributed systems basics 2 cards · 2 due · 0 new today"
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cap", "due reviews come before new cards"
        assert "0 done · 5 left  (new 3 · due 2 · again 0)" in screen_text(app)
