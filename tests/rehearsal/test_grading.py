"""The suggested grade: one formula, exact, with follow-ups counting as checklist items."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizterm.rehearsal.grading import suggested_grade


@pytest.mark.parametrize(("points", "mentioned", "mistakes", "expected"), [
    (4, 4, 0, 5), (4, 3, 0, 4), (4, 2, 0, 3),  # 2.5 rounds half up
    (4, 1, 0, 1), (4, 0, 0, 0), (6, 5, 1, 3), (3, 3, 2, 3), (3, 1, 2, 0), (8, 8, 9, 0),
])
def test_without_follow_ups_it_is_the_issue_formula(points: int, mentioned: int, mistakes: int,
                                                    expected: int) -> None:
    assert suggested_grade(points, mentioned, mistakes) == expected


def test_a_card_without_key_points_has_no_suggestion() -> None:
    assert suggested_grade(0, 0) is None
    assert suggested_grade(0, 0, 2, follow_ups_asked=1, follow_ups_answered=1) is None


def test_a_follow_up_counts_like_one_more_point() -> None:
    assert suggested_grade(4, 4, follow_ups_asked=1, follow_ups_answered=1) == 5
    assert suggested_grade(4, 4, follow_ups_asked=1, follow_ups_answered=0) == 4  # 5 × 4/5
    assert suggested_grade(4, 3, follow_ups_asked=2, follow_ups_answered=2) == 4  # 5 × 5/6 = 4.17
    assert suggested_grade(4, 2, follow_ups_asked=2, follow_ups_answered=0) == 2  # 5 × 2/6 = 1.67


@pytest.mark.parametrize("bad", [
    {"points": 3, "mentioned": 4}, {"points": -1, "mentioned": 0}, {"points": 3, "mentioned": 1, "mistakes": -1},
    {"points": 3, "mentioned": 1, "follow_ups_asked": 1, "follow_ups_answered": 2},
])
def test_impossible_counts_are_refused(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        suggested_grade(**bad)


checklists = st.integers(1, 8).flatmap(lambda points: st.tuples(
    st.just(points), st.integers(0, points), st.integers(0, 6), st.integers(0, 3)).flatmap(
    lambda t: st.tuples(*map(st.just, t), st.integers(0, t[3]))))


@given(checklists)
def test_always_a_grade_from_0_to_5(marks: tuple[int, int, int, int, int]) -> None:
    points, mentioned, mistakes, asked, answered = marks
    grade = suggested_grade(points, mentioned, mistakes, follow_ups_asked=asked, follow_ups_answered=answered)
    assert grade is not None and 0 <= grade <= 5


@given(checklists)
def test_one_more_point_never_lowers_it_and_one_more_mistake_never_raises_it(
        marks: tuple[int, int, int, int, int]) -> None:
    points, mentioned, mistakes, asked, answered = marks
    grade = suggested_grade(points, mentioned, mistakes, follow_ups_asked=asked, follow_ups_answered=answered)
    assert grade is not None
    if mentioned < points:
        better = suggested_grade(points, mentioned + 1, mistakes, follow_ups_asked=asked,
                                 follow_ups_answered=answered)
        assert better is not None and better >= grade
    worse = suggested_grade(points, mentioned, mistakes + 1, follow_ups_asked=asked, follow_ups_answered=answered)
    assert worse is not None and worse <= grade


@given(checklists)
def test_everything_made_and_no_mistake_is_5_and_nothing_made_is_0(marks: tuple[int, int, int, int, int]) -> None:
    points, _, _, asked, _ = marks
    assert suggested_grade(points, points, follow_ups_asked=asked, follow_ups_answered=asked) == 5
    assert suggested_grade(points, 0, follow_ups_asked=asked) == 0
