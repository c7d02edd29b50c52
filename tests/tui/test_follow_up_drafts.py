"""A follow-up's half-typed answer is kept like the card's own: a draft, back when that follow-up is asked.

Found by reading the code: `ctrl+q` in a follow-up box ended the app and the text was gone (the quit kept
only the question screen's answer), and `escape` dropped it. Drafts are read back through their own
connection, so these pass only if the text was committed to the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from quizterm.store.drafts import DraftStore, follow_up_draft_key
from quizterm.store.progress import ProgressStore
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.widgets.answer_box import AnswerBox

from .cards import CHECK_CARD, FOLLOW_UPS, REHEARSAL, FakeClock
from .conftest import AppFactory
from .helpers import press, type_text, wait_for_screen, wait_until
from .keys import burst
from .test_checklist import reveal
from .test_follow_ups import ask, follow_ups_logged

SIZE = (120, 40)
FIRST = FOLLOW_UPS[0]
KEY = follow_up_draft_key(CHECK_CARD.id, FIRST.question)


@pytest.fixture
def drafts(second_store: Callable[[], ProgressStore], clock: FakeClock) -> Iterator[DraftStore]:
    path = second_store().path
    with DraftStore.open(path, clock=clock) as store:
        yield store


def draft_text(drafts: DraftStore, key: str) -> str | None:
    draft = drafts.get(key)
    return None if draft is None else draft.answer


def test_a_follow_up_key_never_names_a_card() -> None:
    """Card ids are slugs (no line breaks), so a follow-up's draft can never take a card's place."""
    assert "\n" in KEY and KEY.startswith(CHECK_CARD.id)
    assert follow_up_draft_key(CHECK_CARD.id, "other question") != KEY


async def test_ctrl_q_in_a_follow_up_keeps_its_text_and_the_same_follow_up_shows_it_again(
        make_app: AppFactory, drafts: DraftStore) -> None:
    typed = "the first half of my follow-up answer, typed fast"
    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        await reveal(pilot)
        await ask(pilot)
        burst(app, [*typed, "ctrl+q"])
        await wait_until(pilot, lambda: not app.is_running, "ctrl+q to quit")
    assert draft_text(drafts, KEY) == typed
    assert app.kept_draft, "the farewell says a half-typed answer was kept"

    again = make_app([REHEARSAL])
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        await wait_for_screen(pilot, RubricScreen)
        follow_up = await ask(pilot)
        assert follow_up.follow_up == FIRST
        assert follow_up.query_one(AnswerBox).text == typed


async def test_escape_with_text_keeps_it_says_so_and_logs_nothing(
        make_app: AppFactory, drafts: DraftStore, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        rubric = await reveal(pilot)
        await ask(pilot)
        await type_text(pilot, "not sure")
        await press(pilot, "escape")
        assert app.screen is rubric
        await wait_until(pilot, lambda: any("kept as a draft" in n.message for n in app._notifications), "the notice")
        assert draft_text(drafts, KEY) == "not sure"
        assert follow_ups_logged(second_store()) == []
        follow_up = await ask(pilot)
        assert follow_up.query_one(AnswerBox).text == "not sure"


async def test_answering_the_follow_up_clears_its_draft(make_app: AppFactory, drafts: DraftStore) -> None:
    app = make_app([REHEARSAL])
    async with app.run_test(size=SIZE) as pilot:
        await reveal(pilot)
        await ask(pilot)
        await type_text(pilot, "typed then judged")
        await press(pilot, "ctrl+s")
        assert draft_text(drafts, KEY) == "typed then judged", "kept until it is judged"
        await press(pilot, "n")
        await wait_for_screen(pilot, RubricScreen)
    assert draft_text(drafts, KEY) is None
