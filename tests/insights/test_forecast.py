"""The due forecast: what is due on which of the next 30 days, young and mature apart."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from quizterm.insights.forecast import due_on, forecast
from quizterm.scheduler.sm2 import CardState

TODAY = date(2026, 11, 26)


def due(offset: int, reps: int = 1, **flags: object) -> CardState:
    return CardState(reps=reps, interval=1, due=TODAY + timedelta(days=offset), **flags)  # type: ignore[arg-type]


def test_overdue_cards_join_today_and_hidden_cards_move_or_leave() -> None:
    states = [due(-3), due(0, reps=3), due(1), due(1, reps=5), due(29), due(30), CardState(),
              due(2, suspended=True), due(1, buried_until=TODAY + timedelta(days=4))]
    fc = forecast(states, TODAY)
    assert len(fc.days) == 30 and fc.days[0].day == TODAY and fc.days[-1].day == TODAY + timedelta(days=29)
    assert [(d.young, d.mature) for d in fc.days[:5]] == [(1, 1), (1, 1), (0, 0), (0, 0), (1, 0)]
    assert (fc.days[29].young, fc.overdue, fc.total) == (1, 1, 6)
    assert fc.interview_index is None


def test_the_interview_date_is_marked_inside_the_window() -> None:
    assert forecast([], TODAY, interview=TODAY + timedelta(days=12)).interview_index == 12
    assert forecast([], TODAY, interview=TODAY + timedelta(days=30)).interview_index is None
    assert forecast([], TODAY, interview=TODAY - timedelta(days=1)).interview_index is None


def test_a_card_buried_past_its_due_date_is_due_when_it_comes_back() -> None:
    assert due_on(due(1, buried_until=TODAY + timedelta(days=3))) == TODAY + timedelta(days=3)
    assert due_on(due(5, buried_until=TODAY + timedelta(days=3))) == TODAY + timedelta(days=5)
    assert due_on(due(5, suspended=True)) is None and due_on(CardState()) is None


@given(st.lists(st.tuples(st.integers(-40, 60), st.integers(1, 6), st.booleans())))
def test_every_visible_card_due_within_the_window_is_counted_once(cards: list[tuple[int, int, bool]]) -> None:
    states = [due(offset, reps=reps, suspended=suspended) for offset, reps, suspended in cards]
    fc = forecast(states, TODAY)
    assert fc.total == sum(1 for offset, _, suspended in cards if offset < 30 and not suspended)
    assert sum(d.mature for d in fc.days) == sum(1 for o, r, s in cards if o < 30 and not s and r >= 3)
    assert fc.overdue == sum(1 for offset, _, suspended in cards if offset < 0 and not suspended)
