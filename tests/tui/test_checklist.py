"""The rubric's checklist, key by key and click by click: what it pre-marks, what each key does, what a grade
logs, and what undo brings back (issue 11, "The rubric screen becomes a checklist")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.containers import VerticalScroll
from textual.pilot import Pilot

from quizterm.deck.cards import Card
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.widgets.answer_box import AnswerBox
from quizterm.tui.widgets.checklist import ChecklistView
from quizterm.tui.widgets.grade_bar import GradeBar

from .cards import CACHE_CARD, CHECK_ANSWER, CHECK_CARD, REHEARSAL, SOURCES, SYSTEMS
from .conftest import AppFactory
from .helpers import press, screen_text, wait_for_screen, wait_until
from .keys import burst

SIZE = (120, 40)
POINTS = tuple(point.text for point in CHECK_CARD.key_points)
MISTAKES = CHECK_CARD.common_mistakes


async def reveal(pilot: Pilot[None], answer: str = CHECK_ANSWER) -> RubricScreen:
    """Type `answer` (at once) into the question on screen and reveal its rubric."""
    screen = await wait_for_screen(pilot, QuestionScreen)
    screen.query_one(AnswerBox).insert(answer)
    await press(pilot, "ctrl+s")
    rubric = await wait_for_screen(pilot, RubricScreen)
    assert isinstance(rubric, RubricScreen)
    return rubric


def marks(rubric: RubricScreen) -> tuple[list[bool], int]:
    """Each item's mark and the cursor's place."""
    view = rubric.query_one(ChecklistView)
    return [view.checklist.is_marked(i) for i in range(view.checklist.items)], view.cursor


def grade_line(app: QuiztermApp) -> str:
    return str(app.screen.query_one(GradeBar).render()).splitlines()[-1]


async def test_the_points_the_answer_makes_are_pre_marked_and_enter_saves_the_suggested_grade(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        assert marks(rubric) == ([True, False, True, False, False, False], 0)
        text = screen_text(app)
        assert "[x] Dropout is turned off at inference" in text
        assert "“at inference dropout is turned off”" in text, "the words that made the point"
        assert "[ ] Activations are scaled by 1/(1-p) during training" in text
        assert "enter  grade 3, as suggested  (2 of 4 points)" in grade_line(app)
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
    [review] = other.history("dropout")
    assert review.grade == 3 and review.answer == CHECK_ANSWER
    details = review.details
    assert (details.points, details.mentioned, details.mistakes) == (POINTS, (POINTS[0], POINTS[2]), ())
    assert (details.suggested, details.accepted) == (3, True)


async def test_arrows_and_k_j_move_space_toggles_and_a_digit_grades_with_the_marks(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        await press(pilot, "down", "space")  # the point the matcher missed
        assert marks(rubric) == ([True, True, True, False, False, False], 1)
        await press(pilot, "j", "j", "j", "j", "space")  # the second mistake ("I made this")
        assert marks(rubric) == ([True, True, True, False, False, True], 5)
        assert "I made this: Mistake [@click=app.quit]x[/]" in screen_text(app), "card text stays text"
        await press(pilot, "j", "j")  # the last item: the cursor stays there
        assert marks(rubric)[1] == 5
        await press(pilot, "up", "k", "space")  # the fourth point
        assert marks(rubric) == ([True, True, True, True, False, True], 3)
        await press(pilot, "k", "space")
        assert marks(rubric) == ([True, True, False, True, False, True], 2)
        assert "grade 3, as suggested  (3 of 4 points · 1 mistake)" in grade_line(app)  # round(3.75) − 1
        await press(pilot, "5")
        await wait_for_screen(pilot, QuestionScreen)
    details = other.history("dropout")[0].details
    assert details.mentioned == (POINTS[0], POINTS[1], POINTS[3])
    assert details.mistakes == (MISTAKES[1],)
    assert (details.suggested, details.accepted) == (3, False)


async def click_item(pilot: Pilot[None], view: ChecklistView, item: int, *, line: int = 0, column: int = 6) -> None:
    """Click line `line` of item `item` of the checklist, `column` cells into its content."""
    start, _ = view.item_lines(item)
    gutter = view.content_region.offset - view.region.offset
    await pilot.click(view, offset=(gutter.x + column, gutter.y + start + line))
    await pilot.pause()


async def test_a_click_toggles_the_item_clicked(make_app: AppFactory) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        view = rubric.query_one(ChecklistView)
        await click_item(pilot, view, 3)
        assert marks(rubric) == ([True, False, True, True, False, False], 3)
        await click_item(pilot, view, 0, line=1, column=2)  # the line of its evidence toggles it too
        assert marks(rubric) == ([False, False, True, True, False, False], 0)
        await click_item(pilot, view, 5)  # a mistake
        assert marks(rubric) == ([False, False, True, True, False, True], 5)
        assert app.focused is view


async def test_page_keys_scroll_the_rubric_and_leave_the_marks(make_app: AppFactory) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=(80, 24)) as pilot:
        rubric = await reveal(pilot)
        scroller = rubric.query_one("#rubric", VerticalScroll)
        assert scroller.scroll_y == 0, "the rubric opens at its top, the question in view"
        await press(pilot, "pagedown")
        assert scroller.scroll_y > 0
        await press(pilot, "pageup")
        assert scroller.scroll_y == 0
        assert marks(rubric) == ([True, False, True, False, False, False], 0)


async def test_moving_the_cursor_scrolls_its_item_into_view(make_app: AppFactory) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=(80, 24)) as pilot:
        rubric = await reveal(pilot)
        view = rubric.query_one(ChecklistView)
        scroller = rubric.query_one("#rubric", VerticalScroll)

        def shown(item: int) -> bool:
            start, end = view.item_lines(item)
            visible = scroller.scrollable_content_region
            return visible.y <= view.content_region.y + start and view.content_region.y + end <= visible.bottom

        assert not shown(5)
        await press(pilot, *["down"] * 5)
        assert shown(5)
        await press(pilot, *["up"] * 5)
        assert shown(0)


async def test_a_card_without_key_points_has_no_suggestion_and_enter_says_to_press_a_digit(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([replace(SYSTEMS, cards=(CACHE_CARD,))])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot, "TTLs")
        assert not rubric.query(ChecklistView), "no key points, no mistakes, no follow-ups: no checklist"
        assert "no suggested grade: this card has no key points; press 0–5" in grade_line(app)
        await press(pilot, "enter")
        assert app.screen is rubric and other.review_count() == 0
        assert [n.message for n in app._notifications] == [
            "No suggested grade: this card has no key points. Press 0–5 to grade it."]
        await press(pilot, "4")
        await wait_until(pilot, lambda: other.review_count() == 1, "the grade")
    details = other.history("cache")[0].details
    assert details.points == () and details.suggested is None and not details.accepted


async def test_arrows_scroll_a_rubric_without_a_checklist(make_app: AppFactory) -> None:
    app = make_app([replace(SYSTEMS, cards=(CACHE_CARD,))])
    async with app.run_test(size=(80, 24)) as pilot:
        rubric = await reveal(pilot, "\n".join(f"line {n}" for n in range(30)))  # a rubric taller than the screen
        scroller = rubric.query_one("#rubric", VerticalScroll)
        await press(pilot, "down", "j")
        assert scroller.scroll_y == 2
        await press(pilot, "k")
        assert scroller.scroll_y == 1


async def test_undo_lands_back_on_the_rubric_with_the_marks_as_they_were(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        await press(pilot, "space", "down", "down", "down", "down", "space")  # unmark the first, mistake 1 made
        marked = marks(rubric)[0]
        assert marked == [False, False, True, False, True, False]
        await press(pilot, "2")
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "escape", "u")
        again = await wait_for_screen(pilot, RubricScreen)
        assert isinstance(again, RubricScreen) and again is not rubric and again.card.id == "dropout"
        assert marks(again) == (marked, 0)
        assert "“at inference dropout is turned off”" in screen_text(app), "the matcher's words, though unmarked"
        await press(pilot, "enter")  # 5 × 1/4 = 1.25 → 1, − 1 mistake
        await wait_for_screen(pilot, QuestionScreen)
    [regraded] = other.history("dropout")  # the undone grade is cancelled
    assert (regraded.grade, regraded.details.accepted, regraded.details.mistakes) == (0, True, (MISTAKES[0],))


async def test_sources_are_shown_as_plain_text(make_app: AppFactory) -> None:
    app = make_app([REHEARSAL])
    opened: list[str] = []
    app.open_url = lambda url, *, new_tab=True: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        sources = rubric.query_one("#sources")
        rubric.query_one("#rubric", VerticalScroll).scroll_to_widget(sources, animate=False)
        await pilot.pause()
        text = screen_text(app)
        for source in SOURCES:
            assert f"• {source}" in text
        await pilot.click(sources, offset=(10, 1))
        await pilot.pause()
        assert opened == [] and app.is_running and app.screen is rubric


async def test_the_collector_paused_for_a_reveal_runs_again(make_app: AppFactory) -> None:
    """The garbage collector waits while a rubric is put on screen, then runs again; quitting at once after
    ctrl+s (before the rubric is ready) does not leave it paused."""
    import gc

    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        await reveal(pilot)
        assert gc.isenabled()
        await press(pilot, "3")
        await wait_for_screen(pilot, QuestionScreen)
        burst(app, ["ctrl+s", "ctrl+q"])
    assert gc.isenabled()


async def test_a_card_edited_on_disk_keeps_the_marks_of_the_points_it_still_has(make_app: AppFactory) -> None:
    """Live reload lays the rubric out again (`show_card`): a point reworded in case only keeps its mark, a new
    point is unmarked, the mistakes marked stay marked."""
    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        await press(pilot, "down", "space", "down", "down", "down", "space")  # point 2 and mistake 1 marked
        edited = Card(id=CHECK_CARD.id, deck=CHECK_CARD.deck, question=CHECK_CARD.question, short_answer="Edited.",
                      common_mistakes=MISTAKES, follow_ups=CHECK_CARD.follow_ups,
                      key_points=(POINTS[1].upper(), "A brand new point", *CHECK_CARD.key_points[2:]))
        rubric.show_card(edited)
        await wait_until(pilot, lambda: rubric.query_one(ChecklistView).checklist.points[1] == "A brand new point",
                         "the rubric laid out again")
        assert marks(rubric) == ([True, False, True, False, True, False], 0)
        assert "grade 2, as suggested  (2 of 4 points · 1 mistake)" in grade_line(app)  # 5 × 2/4 = 2.5 → 3, − 1
