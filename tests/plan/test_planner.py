"""The planner's rules on exact examples, and its invariants over random decks and dates (hypothesis)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.plan.forecast import fsrs_follow, good_memory, sm2_follow
from quizterm.plan.planner import PlanCard, choose_window, first_window_length, plan_days
from quizterm.scheduler.fsrs import PARAMETERS, FsrsScheduler, FsrsState
from quizterm.scheduler.sm2 import CardState

TODAY = date(2026, 12, 1)
SM2 = sm2_follow({}, TODAY, 10_000)


def unseen(n: int, prefix: str = "n") -> list[PlanCard]:
    return [PlanCard(f"{prefix}{i}", None) for i in range(n)]


def test_the_window_is_a_fifth_of_the_days_and_at_least_two() -> None:
    assert [first_window_length(days) for days in (1, 5, 10, 11, 21, 100)] == [2, 2, 2, 3, 5, 20]


def test_new_cards_are_spread_evenly_before_the_window() -> None:
    plan = plan_days(unseen(300), days=21, window=16, follow=SM2)
    per_day = [sum(1 for day in plan.intro_day.values() if day == d) for d in range(21)]
    assert per_day[:16] == [19] * 12 + [18] * 4 and sum(per_day[16:]) == 0
    assert plan.new_today == 19  # ceil(300 / 16)
    # SM-2 brings each back the next day and 6 days later; the window review is their second or third
    assert plan.load[0] == 19 and plan.load[1] == 38 and plan.load[7] == 57
    assert plan.plan_due == {} and plan.one_review_only == 0 and plan.balanced


def test_todays_count_does_not_change_as_cards_are_introduced() -> None:
    """A restart later in the day gives the same count: the cards introduced today are part of it."""
    before = plan_days(unseen(300), days=21, window=16, follow=SM2)
    after = plan_days(unseen(290), days=21, window=16, follow=SM2, introduced_today=10)
    assert before.new_today == after.new_today == 19
    assert sum(1 for day in after.intro_day.values() if day == 0) == 9


def test_the_configured_new_card_limit_paces_the_forecast_when_it_is_higher() -> None:
    """The drill introduces at least the configured number of new cards a day (the floor the plan only
    raises): the forecast follows that pace, so `plan` shows the load the drill will really bring."""
    plan = plan_days(unseen(14), days=14, window=11, follow=SM2, new_floor=20)
    assert set(plan.intro_day.values()) == {0} and plan.new_today == 14 and plan.load[0] == 14
    paced = plan_days(unseen(50), days=14, window=11, follow=SM2, new_floor=20)
    per_day = [sum(1 for day in paced.intro_day.values() if day == d) for d in range(14)]
    assert per_day[:4] == [20, 20, 10, 0] and paced.new_today == 20
    later = plan_days(unseen(45), days=14, window=11, follow=SM2, new_floor=20, introduced_today=5)
    assert sum(1 for day in later.intro_day.values() if day == 0) == 15 and later.new_today == 20
    assert plan_days(unseen(300), days=21, window=16, follow=SM2, new_floor=10).new_today == 19  # plan's pace wins


def test_a_card_due_after_the_date_gets_a_day_in_the_window() -> None:
    cards = [PlanCard("late", 40), PlanCard("soon", 3), PlanCard("done", 40, done=True)]
    plan = plan_days(cards, days=10, window=8, follow=sm2_follow({"soon": CardState(3, 250, 10, None)}, TODAY, 10))
    assert plan.plan_due == {"late": 8}  # "soon" is asked on day 3 by its scheduler; "done" is left alone
    # soon's next review (25 days later) is after the date, so the forecast gives it a window review too:
    # "late" took day 8, the least loaded (the earlier on a tie), so it goes on day 9
    assert plan.load == (0, 0, 0, 1, 0, 0, 0, 0, 1, 1)


def test_a_card_graded_today_is_not_brought_back_today() -> None:
    plan = plan_days([PlanCard("a", 30, graded_today=True)], days=5, window=0, follow=SM2, reviewed_today=1)
    assert plan.plan_due == {"a": 1} and plan.load[0] == 1


def test_a_card_buried_past_the_date_cannot_be_placed() -> None:
    plan = plan_days([PlanCard("a", 30, earliest=9)], days=5, window=3, follow=SM2)
    assert plan.plan_due == {} and plan.unplaced == 1


def test_one_day_left_introduces_everything_today_with_one_review_only() -> None:
    plan = plan_days([*unseen(5), PlanCard("old", 30)], days=1, window=0, follow=SM2)
    assert plan.new_today == 5 and set(plan.intro_day.values()) == {0}
    assert plan.one_review_only == 5 and plan.plan_due == {"old": 0} and plan.load == (6,)


def test_inside_the_window_new_cards_still_get_two_reviews() -> None:
    """Once the window has begun, new cards go in up to the last day whose follow-up fits."""
    plan = plan_days(unseen(6), days=4, window=0, follow=SM2)  # SM-2's follow-up is the next day
    assert max(plan.intro_day.values()) == 2 and plan.new_today == 2 and plan.one_review_only == 0
    fsrs_plan = plan_days(unseen(6), days=4, window=0, follow=fsrs_follow({}, FsrsScheduler(), TODAY, 4))
    assert max(fsrs_plan.intro_day.values()) == 1  # FSRS brings a first Good back after 2 days


def test_a_mature_deck_gets_a_wider_window_to_stay_even() -> None:
    cards = [PlanCard(f"m{i}", 90) for i in range(500)]
    window = choose_window(cards, days=21, follow=SM2)
    plan = plan_days(cards, days=21, window=window, follow=SM2)
    assert window == 7  # 14 days: 500 / 14 = 35.7 <= 1.5 x 500 / 21
    assert plan.balanced and plan.peak == 36 and set(plan.plan_due.values()) == set(range(7, 21))


def test_a_new_deck_keeps_the_shortest_window() -> None:
    assert choose_window(unseen(300), days=21, follow=SM2) == 16
    assert choose_window(unseen(3), days=1, follow=SM2) == 0
    assert choose_window(unseen(3), days=2, follow=SM2) == 1  # one day to introduce, one to review


def test_fsrs_good_review_restated_matches_the_package() -> None:
    scheduler = fsrs.Scheduler(parameters=PARAMETERS, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for stability, difficulty, elapsed in ((2.3065, 2.118, 2), (10.0, 5.5, 7), (0.5, 9.9, 1), (120.0, 1.0, 300)):
        card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, difficulty=difficulty,
                         due=start, last_review=start)
        reviewed, _ = scheduler.review_card(card, fsrs.Rating.Good, start + timedelta(days=elapsed))
        assert good_memory(stability, difficulty, elapsed) == pytest.approx(
            (reviewed.stability, reviewed.difficulty), rel=1e-12)


def test_fsrs_follow_uses_the_cards_memory() -> None:
    memories = {"a": FsrsState(10.0, 5.0, TODAY - timedelta(days=9))}
    follow = fsrs_follow(memories, FsrsScheduler(), TODAY, 200)
    first = follow("a", 1)  # reviewed 10 days after its last review
    stability, _ = good_memory(10.0, 5.0, 10)
    assert first[0] == 1 + FsrsScheduler().interval_for(stability)
    assert follow(None, 0)[0] == 2  # a first Good: stability 2.3065 -> 2 days


# -- properties -------------------------------------------------------------------------------------

@st.composite
def decks(draw: st.DrawFn) -> tuple[list[PlanCard], int]:
    days = draw(st.integers(1, 45))
    kinds = draw(st.lists(st.tuples(st.sampled_from(["new", "due", "late", "done", "today"]),
                                     st.integers(-10, 90), st.integers(0, 3)), max_size=80))
    cards = []
    for i, (kind, due, buried) in enumerate(kinds):
        if kind == "new":
            cards.append(PlanCard(f"c{i}", None))
        elif kind == "today":
            cards.append(PlanCard(f"c{i}", max(1, due), graded_today=True))
        else:
            cards.append(PlanCard(f"c{i}", due, earliest=buried, done=kind == "done"))
    return cards, days


def states_for(cards: list[PlanCard]) -> dict[str, CardState]:
    return {c.card_id: CardState(2, 250, 6, TODAY + timedelta(days=c.due)) for c in cards if c.due is not None}


@settings(max_examples=150, deadline=None)
@given(decks(), st.booleans(), st.integers(0, 30))
def test_plan_invariants(deck: tuple[list[PlanCard], int], use_fsrs: bool, new_floor: int) -> None:
    cards, days = deck
    follow = (fsrs_follow({}, FsrsScheduler(), TODAY, days) if use_fsrs else sm2_follow(states_for(cards), TODAY, days))
    window = choose_window(cards, days=days, follow=follow, new_floor=new_floor)
    assert 0 <= window <= max(0, days - 1)
    if any(c.due is None for c in cards) and days >= 2:
        assert window >= 1  # a day to introduce new cards before the window
    plan = plan_days(cards, days=days, window=window, follow=follow, new_floor=new_floor)
    by_id = {c.card_id: c for c in cards}
    for card_id, day in plan.plan_due.items():
        card = by_id[card_id]
        assert window <= day <= days - 1, "a planned card's plan_due is never after the day before the date"
        assert card.due is not None and card.due >= days and not card.done  # only cards the scheduler leaves too late
        assert day >= card.earliest and (day >= 1 or not card.graded_today)
    for card in cards:  # every reviewed card not done gets its window review (or is counted as unplaceable)
        if card.due is not None and card.due >= days and not card.done:
            assert card.card_id in plan.plan_due or max(window, card.earliest, int(card.graded_today)) >= days
    unseen_cards = [c for c in cards if c.due is None]
    assert sorted(plan.intro_day) == sorted(c.card_id for c in unseen_cards)
    assert all(0 <= day < days for day in plan.intro_day.values())
    if unseen_cards:
        paced = math.ceil(len(unseen_cards) / (max(window, 1) if window >= 1 else
                                               max(1, days - 1 - follow(None, 0)[0] + 1) if follow(None, 0) else 1))
        assert plan.new_today == (min(len(unseen_cards), new_floor) if new_floor > paced else paced)
        assert sum(1 for day in plan.intro_day.values() if day == 0) == min(len(unseen_cards), plan.new_today)
    assert len(plan.load) == days and sum(plan.load) >= len(plan.plan_due) + len(unseen_cards)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 120), st.integers(0, 400), st.integers(5, 60), st.integers(0, 200))
def test_loads_stay_within_one_and_a_half_times_the_mean(new: int, late: int, days: int, spread: int) -> None:
    """Where it is feasible - nothing already due piles onto a day before the plan starts - no day carries
    more than 1.5x the mean: a deck of new cards and cards due after the date, any size, 5 to 60 days."""
    cards = unseen(new) + [PlanCard(f"l{i}", days + (i * 7919) % (spread + 1)) for i in range(late)]
    follow = sm2_follow({}, TODAY, days)
    plan = plan_days(cards, days=days, window=choose_window(cards, days=days, follow=follow), follow=follow)
    assert plan.balanced, plan.load
