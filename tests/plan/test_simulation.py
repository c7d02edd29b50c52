"""The benchmark's interview simulation (benchmarks/plan_sim.py) meets the plan's targets: run here too,
since it takes two seconds and is deterministic (seeded)."""

from __future__ import annotations

from benchmarks.plan_sim import CARDS, DAYS, run_all


def test_the_plan_sees_every_card_and_keeps_the_days_even() -> None:
    plain, sm2_plan, fsrs_plan = run_all()
    for planned in (sm2_plan, fsrs_plan):
        assert planned.unseen == 0
        assert planned.ratio <= 1.5
        assert planned.under_two <= plain.under_two
        assert planned.recall > plain.recall
        assert len(planned.loads) == DAYS and sum(planned.loads) >= 2 * CARDS
    assert fsrs_plan.meets_target
    # SM-2 + plan: the one card under two successful reviews failed its intro and the next day's review,
    # passed once, and failed again on the last study day - "a card failed in the window comes back as
    # usual", and there is no day left for it
    assert sm2_plan.under_two <= 1
