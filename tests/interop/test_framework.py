"""Ids for imported cards and the repairs `tidy` makes (each with a notice)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizterm.deck.cards import FollowUp, KeyPoint
from quizterm.interop.ids import card_id, is_card_id, slug, tag_for
from quizterm.interop.imported import Imported, ImportedCard
from quizterm.interop.tidy import tidy


def test_ids_are_a_slug_and_a_short_hash_of_the_question() -> None:
    assert card_id("What's the trade-off between bias and variance?") == card_id(
        "what's the  trade-off between BIAS and variance?")
    made = card_id("What's the trade-off between bias and variance?")
    assert made.startswith("what-s-the-trade-off-between-bias-and-") and len(made.rsplit("-", 1)[1]) == 8
    assert card_id("Что такое переобучение?").startswith("card-")
    assert card_id("Qu'est-ce que la régularisation ?").startswith("qu-est-ce-que-la-regularisation-")
    assert card_id("Question one?") != card_id("Question two?")
    assert slug("a" * 100) == "a" * 48 and tag_for("#Deep Learning") == "deep-learning"


@given(st.text())
def test_every_question_gets_a_valid_stable_id(question: str) -> None:
    made = card_id(question)
    assert is_card_id(made) and made == card_id(question) and len(made) <= 48 + 9


def card(n: int, **fields: object) -> ImportedCard:
    return ImportedCard(**{"id": f"c{n}", "question": f"Q{n}?", "short_answer": "A.", "where": f"line {n}",
                           **fields})  # type: ignore[arg-type]


def test_tidy_repairs_what_a_deck_would_refuse_and_says_so() -> None:
    imported = Imported([
        card(1, key_points=(KeyPoint("only one"),), tags=("Deep Learning", "!!", "deep-learning")),
        card(1),  # the same id again
        card(2, key_points=tuple(KeyPoint(f"point {i}") for i in range(10)), time_limit=5000),
        card(3, key_points=(KeyPoint("Same point."), KeyPoint("same  POINT"), KeyPoint("other", ("other",)))),
        card(4, id="Not An Id"),
        card(5, follow_ups=(FollowUp("Why?", "a"), FollowUp("why", "b"))),
    ], title="T")
    result = tidy(imported)
    assert [c.id for c in result.cards] == ["c1", "c2", "c3", "c5"]
    first, second, third, fifth = result.cards
    assert first.key_points == () and first.tags == ("deep-learning",)
    assert len(second.key_points) == 8 and second.time_limit is None
    assert third.key_points == (KeyPoint("Same point."), KeyPoint("other"))
    assert fifth.follow_ups == (FollowUp("Why?", "a"),)
    assert [(n.where, n.message.split(";")[0].split(" (")[0]) for n in result.notices] == [
        ("line 1", "a single key point"),
        ("line 1", "tag '!!' has no letters or digits a tag can hold"),
        ("line 1", "the same question as line 1"),
        ("line 2", "10 key points"),
        ("line 2", "time limit 5000 is outside 1..3600 seconds"),
        ("line 3", "key point 'same  POINT' repeats an earlier point or alias"),
        ("line 3", "alias 'other' repeats an earlier point or alias"),
        ("line 4", "id 'Not An Id' is not a valid card id"),
        ("line 5", "follow-up 'why' repeats an earlier one"),
    ]
