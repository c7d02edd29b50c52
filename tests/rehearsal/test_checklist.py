"""The rubric's checklist as a value: pre-marked by the matcher, toggled, restored by text, and the grade it
suggests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizterm.deck.cards import Card, KeyPoint
from quizterm.rehearsal.checklist import Checklist, FollowUpAnswer
from quizterm.rehearsal.grading import suggested_grade

from .sample import DROPOUT, GOOD_ANSWER, PLAIN

POINTS = tuple(point.text for point in DROPOUT.key_points)


def test_the_matcher_pre_marks_the_points_the_answer_makes_with_its_words() -> None:
    marks = Checklist.for_answer(DROPOUT, GOOD_ANSWER)
    assert marks.points == POINTS
    assert marks.mentioned == (True, False, True)
    assert marks.evidence == ("at inference dropout is turned off", "", "batchnorm switches to the running mean and "
                              "variance")
    assert marks.mistakes == DROPOUT.common_mistakes and marks.made == (False, False)
    assert marks.suggested == 3  # round(5 × 2/3) = 3


def test_an_empty_answer_marks_nothing_and_suggests_zero() -> None:
    marks = Checklist.for_answer(DROPOUT, "")
    assert marks.mentioned == (False, False, False) and marks.suggested == 0


def test_toggles_move_the_suggestion_points_up_and_mistakes_down() -> None:
    marks = Checklist.for_answer(DROPOUT, GOOD_ANSWER).toggle(1)  # the point the matcher missed
    assert marks.mentioned_points == POINTS and marks.suggested == 5
    marks = marks.toggle(3)  # the first mistake: "I made this"
    assert marks.made_mistakes == (DROPOUT.common_mistakes[0],) and marks.suggested == 4
    assert [marks.is_marked(i) for i in range(marks.items)] == [True, True, True, True, False]


def test_a_follow_up_counts_as_one_more_point() -> None:
    marks = Checklist.for_answer(DROPOUT, GOOD_ANSWER).toggle(1)
    asked = marks.with_follow_up(FollowUpAnswer("What is inverted dropout?", "scale at train time", answered=False))
    assert asked.suggested == 4  # 5 × 3/4 = 3.75
    answered = marks.with_follow_up(FollowUpAnswer("What is inverted dropout?", "", answered=True))
    assert answered.suggested == 5


def test_a_card_without_key_points_suggests_nothing_but_its_mistakes_can_be_marked() -> None:
    assert Checklist.for_answer(PLAIN, "an array").suggested is None
    with_mistake = Card(id="m", deck="d", question="q", short_answer="a", common_mistakes=("Wrong.",))
    marks = Checklist.for_answer(with_mistake, "").toggle(0)
    assert marks.made_mistakes == ("Wrong.",) and marks.suggested is None and marks.items == 1


def test_restored_marks_follow_the_text_not_the_position() -> None:
    """The deck was edited after the grade: a point reworded in case and punctuation only keeps its mark, a
    point removed is dropped, a point added is unmarked; evidence is the matcher's on the same answer."""
    edited = Card(id="dropout", deck="dl", question=DROPOUT.question, short_answer="x",
                  key_points=(KeyPoint("New point about weight decay"), KeyPoint("dropout is TURNED OFF at inference!"),
                              DROPOUT.key_points[2]),
                  common_mistakes=DROPOUT.common_mistakes)
    marks = Checklist.restored(edited, GOOD_ANSWER, mentioned=[POINTS[0], POINTS[1]],
                               mistakes=[DROPOUT.common_mistakes[1]],
                               follow_ups=[FollowUpAnswer("q?", "a", answered=True)])
    assert marks.mentioned == (False, True, False)
    assert marks.made == (False, True)
    assert marks.evidence[2] != "", "the matcher still finds the third point, though the grade had it unmarked"
    assert marks.follow_ups == (FollowUpAnswer("q?", "a", answered=True),)


def test_marks_must_match_the_items() -> None:
    with pytest.raises(ValueError):
        Checklist(points=("a",), mentioned=(), evidence=())


@given(st.lists(st.integers(min_value=0, max_value=4), max_size=20),
       st.lists(st.booleans(), max_size=3))
def test_the_suggestion_is_always_the_formula_of_the_counts(toggles: list[int], follow_ups: list[bool]) -> None:
    marks = Checklist.for_answer(DROPOUT, GOOD_ANSWER)
    for item in toggles:
        marks = marks.toggle(item)
    for answered in follow_ups:
        marks = marks.with_follow_up(FollowUpAnswer("q", "", answered))
    assert marks.suggested == suggested_grade(3, sum(marks.mentioned), sum(marks.made),
                                              follow_ups_asked=len(follow_ups), follow_ups_answered=sum(follow_ups))
    again = marks
    for item in toggles:
        again = again.toggle(item).toggle(item)
    assert again == marks, "toggling twice changes nothing"
