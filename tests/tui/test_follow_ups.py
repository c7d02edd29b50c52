"""`f` on the rubric: a follow-up question in its own answer box (issue 11, "Follow-up questions")."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import replace

from textual.pilot import Pilot
from textual.widgets import Static

from quizterm.store.progress import ProgressStore
from quizterm.tui.screens.follow_up import FollowUpScreen
from quizterm.tui.screens.help import HelpScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.widgets.answer_box import AnswerBox
from quizterm.tui.widgets.checklist import ChecklistView
from quizterm.tui.widgets.grade_bar import GradeBar

from .cards import CHECK_CARD, FOLLOW_UPS, REHEARSAL, TIMED_CARD
from .conftest import AppFactory
from .helpers import press, screen_text, type_text, wait_for_screen
from .keys import burst
from .test_checklist import marks, reveal

SIZE = (120, 40)
FIRST, SECOND = FOLLOW_UPS
TYPED = "q y n 0 5 ?\n[b] f"


def follow_ups_logged(store: ProgressStore, card_id: str = "dropout") -> list[tuple[str, str, bool]]:
    rows = store._db().execute("SELECT data, answer FROM events WHERE kind = 'follow_up' AND cancelled = 0 "
                               "AND card_id = ? ORDER BY n", (card_id,))
    return [(json.loads(data)["question"], answer, json.loads(data)["answered"]) for data, answer in rows]


def follow_up_lines(rubric: RubricScreen) -> list[str]:
    """The follow-ups listed in the checklist (whole, however they wrap on screen), under their heading."""
    view = rubric.query_one(ChecklistView)
    text = "\n".join(str(line) for line in view.drawn(1000).lines)
    return text[text.index("Follow-up questions\n") + len("Follow-up questions\n"):].splitlines()


async def ask(pilot: Pilot[None]) -> FollowUpScreen:
    await press(pilot, "f")
    screen = await wait_for_screen(pilot, FollowUpScreen)
    assert isinstance(screen, FollowUpScreen)
    return screen


async def test_every_key_is_text_then_the_answer_and_y_bring_the_rubric_back_with_its_marks(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        await press(pilot, "down", "space")  # a mark made before the follow-up
        follow_up = await ask(pilot)
        assert FIRST.question in screen_text(app)
        await type_text(pilot, TYPED)
        assert follow_up.query_one(AnswerBox).text == TYPED, "digits, enter, q, y, n and ? are text"
        assert FIRST.answer not in screen_text(app)
        await press(pilot, "ctrl+s")
        assert FIRST.answer in screen_text(app) and "Did you answer it?  y: yes  ·  n: no" in screen_text(app)
        await press(pilot, "y")
        assert app.screen is rubric, "the same rubric, not a new one"
        assert marks(rubric) == ([True, True, True, False, False, False], 1)
        assert follow_up_lines(rubric) == [f"answered {FIRST.question}"]
        assert "grade 4, as suggested  (3 of 4 points · 1 of 1 follow-up)" in str(rubric.query_one(GradeBar).render())
        assert follow_ups_logged(other) == [(FIRST.question, TYPED, True)]
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
    assert other.history("dropout")[0].details.suggested == 4  # 5 × 4/5


async def test_n_marks_it_missed_and_the_next_f_asks_the_least_recently_asked(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        asked = []
        for verdict in ("n", "y", "n"):
            follow_up = await ask(pilot)
            asked.append(follow_up.follow_up.question)
            await press(pilot, "ctrl+s", verdict)
            await wait_for_screen(pilot, RubricScreen)
        assert asked == [FIRST.question, SECOND.question, FIRST.question]
        assert [(q, a) for q, _, a in follow_ups_logged(other)] == [(FIRST.question, False), (SECOND.question, True),
                                                                    (FIRST.question, False)]
        assert follow_up_lines(rubric) == [f"missed   {FIRST.question}", f"answered {SECOND.question}",
                                           f"missed   {FIRST.question}"], "card text stays text"
        assert rubric.query_one(ChecklistView).checklist.suggested == 2  # 5 × 3/7 = 2.1


async def test_escape_before_the_answer_goes_back_and_logs_nothing(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        await ask(pilot)
        await type_text(pilot, "not sure")
        await press(pilot, "escape")
        assert app.screen is rubric
        assert follow_ups_logged(other) == [] and "Follow-up questions" not in screen_text(app)


async def test_keys_typed_while_the_follow_up_appears_are_typed_into_its_box(make_app: AppFactory) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        await reveal(pilot)
        burst(app, ["f", *"4 then enter", "\n", "5"])
        follow_up = await wait_for_screen(pilot, FollowUpScreen)
        await pilot.pause()
        assert follow_up.query_one(AnswerBox).text == "4 then enter\n5"


async def test_y_or_n_pressed_with_ctrl_s_before_the_answer_shows_is_ignored(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    """Saying you had the answer before it is on screen is the self-deception the follow-up is there to
    catch: a `y` in the same burst as `ctrl+s` is dropped with the notice, as a digit after the question's
    `ctrl+s` is, and a `y` pressed once the answer shows counts."""
    app = make_app([REHEARSAL])
    other = second_store()
    async with app.run_test(size=SIZE) as pilot:
        await reveal(pilot)
        follow_up = await ask(pilot)
        burst(app, [*"my answer", "ctrl+s"])
        while not follow_up.revealed:  # the answer is in place, not yet painted: a key now was pressed blind
            await asyncio.sleep(0)
        burst(app, ["y"])
        await pilot.pause()
        assert app.screen is follow_up and follow_up.revealed
        assert follow_up.query_one(AnswerBox).text == "my answer"
        assert follow_ups_logged(other) == []
        await press(pilot, "n")
        assert isinstance(app.screen, RubricScreen)
        assert follow_ups_logged(other) == [(FIRST.question, "my answer", False)]


async def test_a_card_without_follow_ups_says_so(make_app: AppFactory) -> None:
    app = make_app([replace(REHEARSAL, cards=(TIMED_CARD,))])
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot, "bias and variance")
        await press(pilot, "f")
        assert app.screen is rubric
        assert [n.message for n in app._notifications] == ["This card has no follow-up questions."]


async def test_undo_brings_back_the_follow_ups_of_that_rubric(make_app: AppFactory) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        await reveal(pilot)
        await ask(pilot)
        await press(pilot, "ctrl+s", "n")
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "1")
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "escape", "u")
        again = await wait_for_screen(pilot, RubricScreen)
        assert isinstance(again, RubricScreen)
        assert again.query_one(ChecklistView).checklist.follow_ups[0].question == FIRST.question
        assert follow_up_lines(again) == [f"missed   {FIRST.question}"]


async def test_question_mark_lists_every_key_of_the_follow_up_screen(make_app: AppFactory) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        follow_up = await ask(pilot)
        await press(pilot, "ctrl+s", "question_mark")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        text = str(help_screen.query_one("#help-keys", Static).render())
        cells = [m[1] for m in (re.match(r"  (\S.*?)\s{2,}\S", line) for line in text.splitlines()) if m]
        listed = {token for cell in cells for token in re.split(r" / | ", cell)}
        bound = {{"question_mark": "?"}.get(key, key) for key, active in follow_up.active_bindings.items()
                 if active.node in (follow_up, app)}
        assert bound - listed == set()
        await press(pilot, "escape")
        assert app.screen is follow_up
        assert CHECK_CARD.question in screen_text(app)
