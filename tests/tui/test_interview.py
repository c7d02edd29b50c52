"""`quizterm interview` in the UI: a whole round through the drill's screens (typing, the follow-up asked
before the rubric, grades real and practice), the report screen, and its snapshots at 80x24 and 120x40."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizterm.deck.cards import Card
from quizterm.rehearsal.interview_session import InterviewSession
from quizterm.scheduler.day import study_day
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.follow_up import FollowUpScreen
from quizterm.tui.screens.interview_report import InterviewReportScreen
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.widgets.answer_box import AnswerBox
from quizterm.tui.widgets.grade_bar import GradeBar

from .cards import CACHE_CARD, CHECK_ANSWER, CHECK_CARD, FOLLOW_UPS, NOW, REHEARSAL, TIMED_CARD, FakeClock
from .helpers import card_id, press, screen_text, type_text, wait_for_screen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Factory = Callable[..., QuiztermApp]
EARLIER = NOW - timedelta(days=3)


def seen_before(store: ProgressStore) -> None:
    """The cache card was graded 5 three days ago and again two days ago: due in 4 days, so not due today."""
    for offset in (3, 2):
        moment = NOW - timedelta(days=offset)
        store.record_grade(card_id=CACHE_CARD.id, deck="systems", grade=5, moment=moment, day=study_day(moment))


@pytest.fixture
def interview_app(data_dir: Path, clock: FakeClock) -> Iterator[Factory]:
    stores: list[ProgressStore] = []

    def factory(*, questions: int = 3, minutes: float | None = None, seen: bool = True) -> QuiztermApp:
        store = ProgressStore.open(data_dir, real_now=clock())
        stores.append(store)
        if seen:
            seen_before(store)
            store._session = None  # the seed is an earlier sitting: undo must not reach it

        def the_round(cards: list[Card]) -> DrillSession:
            return InterviewSession(cards=cards, store=store, clock=clock, questions=questions, minutes=minutes)

        return QuiztermApp(decks=[REHEARSAL], store=store, clock=clock, session_factory=the_round)

    yield factory
    for store in stores:
        store.close()


async def answer(pilot: Pilot[None], text: str) -> None:
    screen = await wait_for_screen(pilot, QuestionScreen)
    screen.query_one(AnswerBox).insert(text)
    await press(pilot, "ctrl+s")


async def test_a_whole_round_follow_up_before_the_rubric_real_and_practice_grades_then_the_report(
        interview_app: Factory, data_dir: Path) -> None:
    app = interview_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        # nothing is due: the weak pool's turn comes first (the cache card, seen and not due: practice), then
        # the new cards (real reviews), in deck order
        assert card_id(app) == CACHE_CARD.id
        assert "interview: question 1 of 3 · practice: moves no schedule" in screen_text(app)
        await answer(pilot, "")
        await wait_for_screen(pilot, RubricScreen)  # no follow-ups on this card: straight to the rubric
        await press(pilot, "2")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == CHECK_CARD.id
        assert "interview: question 2 of 3 · a real review" in screen_text(app)
        await answer(pilot, CHECK_ANSWER)
        follow_up = await wait_for_screen(pilot, FollowUpScreen)  # the probe comes before the rubric is seen
        assert isinstance(follow_up, FollowUpScreen) and follow_up.follow_up == FOLLOW_UPS[0]
        assert CHECK_CARD.short_answer not in screen_text(app)
        await type_text(pilot, "no, 5 q")
        await press(pilot, "ctrl+s", "y")
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert isinstance(rubric, RubricScreen)
        grade_bar = str(rubric.query_one(GradeBar).render())
        assert "grade 3, as suggested  (2 of 4 points · 1 of 1 follow-up)" in grade_bar  # round(5 × 3/5) = 3
        await press(pilot, "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == TIMED_CARD.id and "0:30 left of 0:30" in screen_text(app)
        await answer(pilot, "bias and variance")
        await wait_for_screen(pilot, RubricScreen)
        await press(pilot, "5")
        report = await wait_for_screen(pilot, InterviewReportScreen)
        assert isinstance(report, InterviewReportScreen)
        text = screen_text(app)
        assert "Round complete: 3 of 3 questions answered." in text
        assert "Coverage        2 of 6 key points (33%)" in text
        assert "2 real reviews, 1 practice (no schedule moved)" in text
        assert "missed: Activations are scaled by 1/(1-p) during training" in text
        assert "time 0:00 of 3:00 · grade 3 (suggested 3) · review" in text
        assert "points 2/4 · mistakes 0 · follow-ups 1/1" in text
    with ProgressStore.open(data_dir, real_now=NOW) as store:
        assert [entry.kind for entry in store.card_log(CACHE_CARD.id)] == ["grade", "grade", "practice"]
        assert store.state(CACHE_CARD.id).due == study_day(NOW) + timedelta(days=4)  # unmoved by the practice
        assert store.history(CHECK_CARD.id)[0].details.suggested == 3
        assert store.state(TIMED_CARD.id).due is not None  # a new card, introduced for real


async def test_escape_skips_the_follow_up_and_u_on_the_report_takes_the_last_grade_back(interview_app: Factory) -> None:
    app = interview_app(questions=1, seen=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer(pilot, "")
        await wait_for_screen(pilot, FollowUpScreen)
        await press(pilot, "escape")
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert isinstance(rubric, RubricScreen) and rubric.checklist.follow_ups == ()
        await press(pilot, "1")
        await wait_for_screen(pilot, InterviewReportScreen)
        await press(pilot, "u")
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert card_id(app) == CHECK_CARD.id
        await press(pilot, "3")
        await wait_for_screen(pilot, InterviewReportScreen)
        assert "grade 3" in screen_text(app)


async def test_keys_typed_before_the_first_screen_go_into_the_first_answer(interview_app: Factory) -> None:
    app = interview_app(questions=1, seen=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"early")
        screen = await wait_for_screen(pilot, QuestionScreen)
        await pilot.pause()
        assert screen.query_one(AnswerBox).text == "early"


async def on_report(pilot: Pilot[None]) -> None:
    await answer(pilot, "")
    await wait_for_screen(pilot, RubricScreen)
    await press(pilot, "2")
    await answer(pilot, CHECK_ANSWER)
    await wait_for_screen(pilot, FollowUpScreen)
    await press(pilot, "ctrl+s", "n")
    await wait_for_screen(pilot, RubricScreen)
    await press(pilot, "space", "down", "down", "down", "down", "space", "enter")  # a point and a mistake
    await wait_for_screen(pilot, InterviewReportScreen)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_report_screen(snap_compare: Callable[..., bool], interview_app: Factory, size: tuple[int, int]) -> None:
    assert snap_compare(interview_app(questions=2), terminal_size=size, run_before=on_report)
