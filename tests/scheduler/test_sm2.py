"""SM-2 against vectors worked out by hand from the rules in issue 3, plus invariants over random histories.

Every expected number below was computed on paper (EF in hundredths, intervals as ceilings), never
with the code under test.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.scheduler.sm2 import MAX_INTERVAL, MIN_EF_CENTI, CardState, check_grade, schedule

DAY = date(2026, 1, 1)


def run(grades: Iterable[int], state: CardState | None = None, day: date = DAY) -> list[CardState]:
    """Grade a card once per review, each review on the day the card falls due."""
    states = []
    current = state or CardState()
    for grade in grades:
        current = schedule(current, grade, day)
        assert current.due is not None
        day = current.due
        states.append(current)
    return states


def intervals(states: list[CardState]) -> list[int]:
    return [s.interval for s in states]


def efs(states: list[CardState]) -> list[int]:
    return [s.ef_centi for s in states]


def test_new_card_defaults() -> None:
    state = CardState()
    assert (state.reps, state.ef_centi, state.interval, state.due, state.lapses) == (0, 250, 0, None, 0)
    assert state.is_new
    assert state.ef == 2.5


def test_run_of_fives() -> None:
    # ef: 2.6, 2.7, ... ; 6*2.8=16.8 -> 17; 17*2.9=49.3 -> 50; 50*3.0=150 exactly; 150*3.1=465 exactly;
    # 465*3.2=1488 exactly; 1488*3.3=4910.4 -> 4911
    states = run([5] * 8)
    assert efs(states) == [260, 270, 280, 290, 300, 310, 320, 330]
    assert intervals(states) == [1, 6, 17, 50, 150, 465, 1488, 4911]
    assert [s.reps for s in states] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_run_of_fives_due_dates() -> None:
    # 2026-01-01 +1, +6, +17, +50 (Jan 25 + 6 + 28 + 16), +150 (Mar 16 -> Aug 13)
    states = run([5] * 5)
    assert [s.due for s in states] == [date(2026, 1, 2), date(2026, 1, 8), date(2026, 1, 25),
                                       date(2026, 3, 16), date(2026, 8, 13)]


def test_run_of_fours_keeps_ef() -> None:
    # EF stays 2.5: 6*2.5=15; 15*2.5=37.5 -> 38; 38*2.5=95; 95*2.5=237.5 -> 238; 595; 1487.5 -> 1488
    states = run([4] * 8)
    assert efs(states) == [250] * 8
    assert intervals(states) == [1, 6, 15, 38, 95, 238, 595, 1488]


def test_run_of_threes_reaches_the_floor_and_stays() -> None:
    # EF -0.14 each time: 2.36 ... 1.38, then 1.24 is floored to 1.3 and stays there.
    # 6*2.08=12.48 -> 13; 13*1.94=25.22 -> 26; 26*1.8=46.8 -> 47; 47*1.66=78.02 -> 79;
    # 79*1.52=120.08 -> 121; 121*1.38=166.98 -> 167; 167*1.3=217.1 -> 218; 218*1.3=283.4 -> 284;
    # 284*1.3=369.2 -> 370
    states = run([3] * 11)
    assert efs(states) == [236, 222, 208, 194, 180, 166, 152, 138, 130, 130, 130]
    assert intervals(states) == [1, 6, 13, 26, 47, 79, 121, 167, 218, 284, 370]


def test_lapse_and_recovery() -> None:
    # 5,5,5: ef 2.8, interval 17; the 1 restarts (reps 1, interval 1) with EF unchanged;
    # then 5 -> 6 days (reps was 1), 5 -> 6*3.0 = 18 exactly, 4 -> 18*3.0 = 54
    states = run([5, 5, 5, 1, 5, 5, 4])
    assert intervals(states) == [1, 6, 17, 1, 6, 18, 54]
    assert efs(states) == [260, 270, 280, 280, 290, 300, 300]
    assert [s.reps for s in states] == [1, 2, 3, 1, 2, 3, 4]
    assert [s.lapses for s in states] == [0, 0, 0, 1, 1, 1, 1]


def test_lapse_on_two_then_threes() -> None:
    # 4,4,4: 1, 6, 15; 2 restarts with EF 2.5 unchanged; 3 -> ef 2.36, 6 days;
    # 3 -> ef 2.22, 6*2.22=13.32 -> 14
    states = run([4, 4, 4, 2, 3, 3])
    assert intervals(states) == [1, 6, 15, 1, 6, 14]
    assert efs(states) == [250, 250, 250, 250, 236, 222]
    assert [s.lapses for s in states] == [0, 0, 0, 1, 1, 1]


@pytest.mark.parametrize("grade", [0, 1, 2])
def test_lapse_leaves_ef_unchanged_for_every_failing_grade(grade: int) -> None:
    before = CardState(reps=4, ef_centi=198, interval=40, due=date(2026, 3, 1), lapses=2)
    after = schedule(before, grade, date(2026, 3, 1))
    assert after == CardState(reps=1, ef_centi=198, interval=1, due=date(2026, 3, 2), lapses=3)


def test_repeated_lapses_count_each_time() -> None:
    # 5 schedules the new card; each later failure is a lapse; 5 after them gives 6 days (reps 1)
    states = run([5, 0, 0, 5])
    assert [s.lapses for s in states] == [0, 1, 2, 2]
    assert intervals(states) == [1, 1, 1, 6]
    assert efs(states) == [260, 260, 260, 270]


def test_failing_a_new_card_is_not_a_lapse() -> None:
    # a card never learned cannot lapse; after it, 4 -> 6 days (reps is 1), 4 -> 6*2.5 = 15
    states = run([0, 4, 4])
    assert [s.lapses for s in states] == [0, 0, 0]
    assert intervals(states) == [1, 6, 15]
    assert [s.reps for s in states] == [1, 2, 3]
    assert efs(states) == [250, 250, 250]


def test_ef_floor() -> None:
    # 1.40 - 0.14 = 1.26 -> 1.3; 10*1.3 = 13 exactly
    assert schedule(CardState(reps=3, ef_centi=140, interval=10), 3, DAY) == CardState(
        reps=4, ef_centi=130, interval=13, due=date(2026, 1, 14))
    # exactly onto the floor: 1.44 - 0.14 = 1.30; 7*1.3 = 9.1 -> 10
    assert schedule(CardState(reps=3, ef_centi=144, interval=7), 3, DAY).ef_centi == 130
    assert schedule(CardState(reps=3, ef_centi=144, interval=7), 3, DAY).interval == 10
    # on the floor, 4 keeps it, 5 lifts it: 13*1.4 = 18.2 -> 19
    floor = CardState(reps=4, ef_centi=130, interval=13)
    assert schedule(floor, 4, DAY).ef_centi == 130
    assert schedule(floor, 4, DAY).interval == 17  # 13*1.3 = 16.9 -> 17
    assert schedule(floor, 5, DAY).ef_centi == 140
    assert schedule(floor, 5, DAY).interval == 19


def test_whole_number_products_are_not_rounded_up() -> None:
    # float 50 * 3.0 or 6 * 2.5 must not become 151 or 16
    assert schedule(CardState(reps=4, ef_centi=290, interval=50), 5, DAY).interval == 150  # EF 3.0
    assert schedule(CardState(reps=2, ef_centi=250, interval=6), 4, DAY).interval == 15
    assert schedule(CardState(reps=5, ef_centi=200, interval=7), 4, DAY).interval == 14
    assert schedule(CardState(reps=5, ef_centi=250, interval=10), 4, DAY).interval == 25
    assert schedule(CardState(reps=5, ef_centi=230, interval=10), 5, DAY).interval == 24  # EF 2.4


def test_ef_is_updated_before_the_interval() -> None:
    # 20 * 2.5 = 50 with the old EF; 20 * 2.6 = 52 with the new one (the rule: EF first)
    assert schedule(CardState(reps=3, ef_centi=250, interval=20), 5, DAY).interval == 52
    # 20 * 2.36 = 47.2 -> 48 with the new EF after a 3
    assert schedule(CardState(reps=3, ef_centi=250, interval=20), 3, DAY).interval == 48


def test_overdue_card_is_scheduled_from_the_day_reviewed() -> None:
    state = CardState(reps=2, ef_centi=250, interval=6, due=date(2026, 1, 10))
    late = schedule(state, 4, date(2026, 1, 20))
    assert late.interval == 15  # lateness does not change the interval
    assert late.due == date(2026, 2, 4)  # Jan 20 + 15
    lapsed = schedule(state, 1, date(2026, 3, 1))
    assert lapsed.due == date(2026, 3, 2)


def test_due_crosses_a_leap_day() -> None:
    assert schedule(CardState(), 4, date(2028, 2, 28)).due == date(2028, 2, 29)
    assert schedule(CardState(reps=1, ef_centi=250, interval=1), 4, date(2028, 2, 28)).due == date(2028, 3, 5)


@pytest.mark.parametrize("bad", [6, -1, True, False, 2.0, 4.5, "5", None])
def test_grade_validation(bad: object) -> None:
    with pytest.raises(ValueError, match="0 to 5"):
        check_grade(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        schedule(CardState(), bad, DAY)  # type: ignore[arg-type]


@pytest.mark.parametrize("grade", [0, 1, 2, 3, 4, 5])
def test_valid_grades(grade: int) -> None:
    assert check_grade(grade) == grade


def test_schedule_does_not_mutate() -> None:
    state = CardState(reps=3, ef_centi=250, interval=15, due=DAY)
    schedule(state, 5, DAY)
    assert state == CardState(reps=3, ef_centi=250, interval=15, due=DAY)


# ---- properties over random histories ----

histories = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 400)), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(histories, st.dates(date(2000, 1, 1), date(2040, 1, 1)))
def test_invariants_over_random_histories(history: list[tuple[int, int]], start: date) -> None:
    state = CardState()
    day = start
    for grade, gap in history:
        day = day + timedelta(days=gap)  # reviews may be early, on time or overdue
        after = schedule(state, grade, day)

        assert after.ef_centi >= MIN_EF_CENTI
        assert after.ef_centi % 2 == 0
        assert after.interval >= 1
        assert after.due == day + timedelta(days=after.interval)
        if grade < 3:
            assert (after.reps, after.interval, after.ef_centi) == (1, 1, state.ef_centi)
            assert after.lapses == state.lapses + (0 if state.is_new else 1)
            nxt = schedule(after, 3 + grade, day + timedelta(days=1))
            assert nxt.interval == 6  # a lapse always restarts at 1 then 6
        else:
            assert after.reps == state.reps + 1
            assert after.lapses == state.lapses
            if state.reps >= 2:
                # EF >= 1.3 and a ceiling: always grows, until the 100-year cap
                assert after.interval > state.interval or after.interval == MAX_INTERVAL
            if grade >= 4:
                assert after.ef_centi >= state.ef_centi
        state = after


def test_schedule_never_overflows_the_calendar() -> None:
    """Wave 1 let `--now` previews grade a card on many days in a row: intervals multiplied past year 9999
    and `schedule` raised OverflowError. Replay must never raise: intervals stop at MAX_INTERVAL days and
    a due date past the calendar's end is its last day."""
    state = CardState()
    for offset in range(40):
        state = schedule(state, 5, date(2026, 1, 1) + timedelta(days=offset))
    assert state.interval == MAX_INTERVAL
    assert state.due == date(2026, 1, 1) + timedelta(days=39 + MAX_INTERVAL)
    huge = CardState(reps=9, ef_centi=250, interval=1_740_767, due=date(6800, 1, 1))
    assert schedule(huge, 4, date(2026, 1, 1)).interval == MAX_INTERVAL
    assert schedule(CardState(reps=3, interval=100), 5, date(9999, 12, 1)).due == date.max
    assert schedule(CardState(), 0, date.max).due == date.max
