"""Deck list, tag filter, summary, "learn more", help, quitting and small terminals, through Pilot."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from quizterm.deck.cards import Card, Deck
from quizterm.scheduler.queue import Limits
from quizterm.scheduler.sm2 import GRADE_MEANINGS
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.deck_list import DeckListScreen
from quizterm.tui.screens.help import HelpScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.screens.summary import SummaryScreen
from quizterm.tui.screens.too_small import TooSmallScreen
from quizterm.tui.themes import THEMES
from quizterm.tui.widgets.answer_box import AnswerBox

from .cards import SYSTEMS, FakeClock
from .conftest import AppFactory
from .helpers import card_id, grade_current, press, screen_text, type_text, wait_for_screen, wait_until

SIZE = (80, 24)


def deck_rows(app: QuiztermApp) -> list[str]:
    """Each option of the deck list as one line of plain text."""
    options = app.screen.query_one(OptionList)
    return [" ".join(str(options.get_option_at_index(i).prompt).split()) for i in range(options.option_count)]


# ----- deck list -----------------------------------------------------------------------------------

async def test_deck_list_shows_every_deck_with_its_counts_and_an_all_decks_entry(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        assert deck_rows(app) == [
            "All decks 2 decks 5 cards · 0 due · 5 new today",
            "Algorithms Searching, markup and Unicode 3 cards · 0 due · 3 new today",
            "Systems design Distributed systems basics 2 cards · 0 due · 2 new today",
        ]
        text = screen_text(app)
        for line in ("All decks", "Algorithms", "Searching, markup and Unicode", "3 cards  ·  0 due  ·  3 new today",
                     "Systems design", "Distributed systems basics"):
            assert line in text
        assert app.screen.query_one(OptionList).has_focus


async def test_enter_on_all_decks_drills_every_card(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "hostile"
        assert "0 done · 5 left  (new 5 · due 0 · again 0)" in screen_text(app)


async def test_a_chosen_deck_is_drilled_and_b_on_the_summary_goes_back_to_fresh_counts(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app()
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "down", "down", "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cap"
        assert "Systems design" in screen_text(app)
        await grade_current(pilot, 5)
        await grade_current(pilot, 4)
        await wait_for_screen(pilot, SummaryScreen)
        await press(pilot, "b")
        await wait_for_screen(pilot, DeckListScreen)
        assert deck_rows(app) == [
            "All decks 2 decks 5 cards · 0 due · 3 new today",
            "Algorithms Searching, markup and Unicode 3 cards · 0 due · 3 new today",
            "Systems design Distributed systems basics 2 cards · 0 due · 0 new today",
        ]
        assert app.session is None
        assert other.review_count() == 2


async def test_tag_filter_narrows_the_counts_and_the_drill(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "slash")
        tag_input = app.screen.query_one(Input)
        assert tag_input.has_focus, "/ focuses the tag filter"
        await type_text(pilot, "search")
        assert tag_input.value == "search"
        assert deck_rows(app) == [
            "All decks 2 decks 1 card · 0 due · 1 new today",
            "Algorithms Searching, markup and Unicode 1 card · 0 due · 1 new today",
            "Systems design Distributed systems basics 0 cards · 0 due · 0 new today",
        ]
        await press(pilot, "enter")
        assert app.screen.query_one(OptionList).has_focus, "enter in the filter goes back to the list"
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "binary-search"
        assert "0 done · 1 left" in screen_text(app)
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, SummaryScreen)


async def test_several_tags_match_any_of_them(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "slash")
        await type_text(pilot, "CACHING #unicode")
        assert deck_rows(app)[0] == "All decks 2 decks 2 cards · 0 due · 2 new today"


async def test_an_unknown_tag_in_the_filter_says_so_with_the_closest_tag(make_app: AppFactory) -> None:
    app = make_app(tags=("serch",))  # as the app receives them; `--tag` refuses an unknown tag before
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        assert "no card has tag 'serch'; did you mean 'search'?" in screen_text(app)
        await press(pilot, "slash", "ctrl+u")
        await type_text(pilot, "search alog")
        text = screen_text(app)
        assert "no card has tag 'alog'; did you mean 'algo'?" in text
        assert "serch" not in text
        await press(pilot, *["backspace"] * 4)
        assert "no card has" not in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_tag_of_a_long_tag_list_can_be_seen(make_app: AppFactory, size: tuple[int, int]) -> None:
    """The tag list used to be one line cut at the right edge: it wraps, and scrolls when longer still."""
    tags = [f"long-tag-number-{n:02d}" for n in range(40)]
    cards = tuple(Card(id=f"c{n}", deck="t", question="Q?", short_answer="A.", tags=(tag,))
                  for n, tag in enumerate(tags))
    app = make_app([Deck(key="t", title="Tagged", path=Path("t.yaml"), cards=cards), SYSTEMS])
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        seen = screen_text(app)
        assert "All decks" in seen, "the deck list keeps its room"
        await press(pilot, "slash", "tab")  # from the filter to the tag list
        for _ in range(12):
            await press(pilot, "down")
            seen += screen_text(app)
        missing = [tag for tag in [*tags, "systems", "caching"] if not re.search(rf"\b{tag}\b", seen)]
        assert missing == [], f"never visible at {size}: {missing}"


# ----- summary -------------------------------------------------------------------------------------

async def test_summary_shows_reviews_grades_time_and_what_is_due_next(
        make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        for grade in (3, 0, 4, 5):  # cap 3 and cache 0 come back; then cap 4, cache 5
            clock.advance(40)
            await grade_current(pilot, grade)
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
        assert "Session complete" in text
        assert re.search(r"Reviewed\s+2 cards, 4 grades\b", text), "two distinct cards, four grades"
        assert re.search(r"Time spent\s+2 min 40 s\b", text)
        expected = {5: 1, 4: 1, 3: 1, 2: 0, 1: 0, 0: 1}
        for grade, count in expected.items():
            line = rf"\b{grade} [█ ]*\s+{count}  {re.escape(GRADE_MEANINGS[grade])}"
            assert re.search(line, text), f"grade {grade} given {count} times"
        assert re.search(r"Due tomorrow\s+2\b", text)
        assert re.search(r"Next cards\s+2 due tomorrow", text)
        assert "Press n" not in text


async def test_summary_when_nothing_is_due_says_when_the_next_card_is(
        make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        await grade_current(pilot, 5)
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, SummaryScreen)
    again = make_app([SYSTEMS])  # the same day, a new run: nothing is left
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(again)
        assert "Nothing is due today." in text
        assert "Reviewed" not in text
        assert re.search(r"Next cards\s+2 due tomorrow", text)


async def test_n_on_the_summary_adds_new_cards_when_the_daily_limit_was_hit(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([SYSTEMS], limits=Limits(new_per_day=1))
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
        assert "1 new card waiting. Press n to learn 1 more today." in text, "n offers what is waiting, not 10"
        assert "More new cards" in text, "n is in the footer"
        await press(pilot, "n")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "cache"
        assert "1 done · 1 left  (new 1 · due 0 · again 0)" in screen_text(app)
        await grade_current(pilot, 4)
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
        assert "Press n" not in text
        assert "More new cards" not in text, "n is hidden when no new card is left"
        await press(pilot, "n")
        assert isinstance(app.screen, SummaryScreen)
    assert other.review_count() == 2


async def test_b_does_nothing_on_the_summary_without_a_deck_list(make_app: AppFactory) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        await grade_current(pilot, 5)
        await grade_current(pilot, 5)
        summary = await wait_for_screen(pilot, SummaryScreen)
        assert "Decks" not in screen_text(app)
        await press(pilot, "b")
        assert app.screen is summary and app.is_running


# ----- quitting --------------------------------------------------------------------------------------

async def test_q_outside_the_answer_box_quits_and_every_grade_is_kept(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")
    assert app.farewell == "1 grade saved. See you next time."
    assert [r.grade for r in second_store().history("cap")] == [5]


async def test_ctrl_q_quits_even_from_the_answer_box(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        await grade_current(pilot, 2)
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "half")
        assert app.screen.query_one(AnswerBox).has_focus
        await press(pilot, "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")
    assert [r.grade for r in second_store().history("cap")] == [2]


async def test_quitting_counts_the_grades_of_every_drill_of_the_run(make_app: AppFactory) -> None:
    """Earlier drills count too (the farewell once counted only the drill on screen), undone grades do not."""
    app = make_app(limits=Limits(new_per_day=1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "enter")  # all decks: one new card today
        await grade_current(pilot, 5)
        await wait_for_screen(pilot, SummaryScreen)
        await press(pilot, "u")  # undo the 5
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "4")
        await wait_for_screen(pilot, SummaryScreen)
        await press(pilot, "b")
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")
    assert app.farewell == "1 grade saved. See you next time."


async def test_q_on_the_deck_list_quits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")
    assert app.farewell == ""


# ----- help ------------------------------------------------------------------------------------------

async def test_question_mark_opens_the_keys_and_escape_closes_them(make_app: AppFactory) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "question_mark")
        await wait_for_screen(pilot, HelpScreen)
        assert "grade 5: perfect" in screen_text(app)
        await press(pilot, "5")  # the grade keys belong to the rubric underneath, not the help
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        await wait_until(pilot, lambda: app.screen is rubric, "the rubric again")


# ----- small terminals --------------------------------------------------------------------------------

async def test_a_too_small_terminal_shows_a_message_and_recovers_when_it_grows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        decks = await wait_for_screen(pilot, DeckListScreen)
        await pilot.resize_terminal(50, 15)
        await wait_for_screen(pilot, TooSmallScreen)
        assert "Enlarge the terminal to at least 60×18 (now 50×15)" in " ".join(screen_text(app).split())
        await pilot.resize_terminal(70, 17)  # wide enough, still too short
        await wait_until(pilot, lambda: "(now 70×17)" in " ".join(screen_text(app).split()), "the new size")
        assert isinstance(app.screen, TooSmallScreen)
        await press(pilot, "enter")  # keys do not reach the deck list underneath
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: app.screen is decks, "the deck list again")
        assert app.session is None, "enter did not start a drill while the list was hidden"
        assert "Enlarge" not in screen_text(app)


async def test_resizing_during_a_question_keeps_the_typed_answer(make_app: AppFactory) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        question = await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "AP")
        await pilot.resize_terminal(59, 24)
        await wait_for_screen(pilot, TooSmallScreen)
        await pilot.resize_terminal(60, 18)
        await wait_until(pilot, lambda: app.screen is question, "the question again")
        assert question.query_one(AnswerBox).text == "AP"


async def test_starting_in_a_small_terminal(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await wait_for_screen(pilot, TooSmallScreen)
        await pilot.resize_terminal(120, 40)
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)


async def test_u_after_switching_decks_shows_the_rubric_of_the_grade_it_undid(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    """`u` undoes the last grade *and returns to that card's rubric*, even if it was graded in another deck."""
    app = make_app()
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "down", "down", "enter")  # Systems design
        await grade_current(pilot, 5)
        await grade_current(pilot, 4)
        await wait_for_screen(pilot, SummaryScreen)
        await press(pilot, "b")
        await wait_for_screen(pilot, DeckListScreen)
        await press(pilot, "up", "enter")  # Algorithms
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "hostile"
        await press(pilot, "escape", "u")
        assert other.history("cache") == [], "the last grade (cache, in the other deck) was undone"
        await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == "cache", "so its rubric must be shown, not silently skipped"


async def test_t_outside_the_answer_box_toggles_the_theme(make_app: AppFactory) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert app.theme == "quizterm-dark"
        await press(pilot, "escape", "t")
        assert app.theme == "quizterm-light"
        await press(pilot, "t")
        assert app.theme == "quizterm-dark"


@pytest.mark.parametrize("name", ["dark", "light"])
async def test_the_chosen_theme_colours_the_first_screen(name: str, data_dir: Path, clock: FakeClock) -> None:
    """The dark theme is taken without Textual's theme watcher (see `_start_with_theme`): same colours."""
    with ProgressStore.open(data_dir, real_now=clock()) as store:
        app = QuiztermApp(decks=[SYSTEMS], store=store, clock=clock, theme_name=name)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            theme = THEMES[name]
            assert app.theme == theme.name and app.has_class(f"-theme-{theme.name}")
            assert app.has_class("-dark-mode") == theme.dark
            assert app.screen.styles.background.hex.lower() == theme.background.lower()
            await press(pilot, "escape", "t")
            other = THEMES["light" if name == "dark" else "dark"]
            assert app.screen.styles.background.hex.lower() == other.background.lower()


async def test_many_tags_never_push_the_progress_line_out_of_view(make_app: AppFactory) -> None:
    """At 80 columns a card with many tags keeps both session-bar lines: tags are cut, not wrapped."""
    tags = tuple(f"a-rather-long-tag-{n}" for n in range(8))
    card = Card(id="tagged", deck="t", question="Q?", short_answer="A.", tags=tags)
    app = make_app([Deck(key="t", title="Tagged", path=Path("t.yaml"), cards=(card,))])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        lines = screen_text(app).splitlines()
        assert lines[0].strip().startswith("Tagged  ·  #a-rather-long-tag-0")
        assert lines[0].rstrip().endswith("…")
        assert lines[1].strip().startswith("0 done · 1 left")
