"""The interview-plan simulation of `python -m benchmarks` (section "plan"), also runnable alone:

    python -m benchmarks.plan_sim          # prints the table (about a minute on 2 cores)

300 new cards, an interview in 21 days, a simulated candidate who drills every day until the queue is
empty. The candidate's memory follows the FSRS model (default parameters, the `fsrs` package through
quizterm's scheduler): a card's first showing is recalled with probability `FIRST_RECALL`, every later
review with FSRS's retrievability of the candidate's memory on that day; a seeded random generator draws
each outcome. Recalled: grade 4 (5 or 3 one time in ten each); forgotten: grade 1. Same-day repeats are
recalled (the answer was just seen). Three runs share the seed: plain SM-2 (no plan), SM-2 with the plan,
FSRS with the plan; each uses the real store, drill session and queue, at the default limits (20 new cards,
200 reviews a day, the floor the plan raises).

Reported per run: cards never seen by the date, cards with fewer than two successful scheduling reviews
(grade >= 3), the busiest day's reviews over the mean (scheduling reviews, new cards included, over the 21
study days), and the mean predicted recall on the day (readiness, plan/readiness.py; unseen cards count
as 0).
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

CARDS = 300
DAYS = 21
SEED = 20261126
FIRST_RECALL = 0.75  # the candidate knows three cards in four well enough when first shown
START = date(2026, 12, 1)
TARGET_RATIO = 1.5


@dataclass(frozen=True)
class SimResult:
    name: str
    unseen: int
    under_two: int
    peak: int
    mean_load: float
    recall: float
    loads: tuple[int, ...]

    @property
    def ratio(self) -> float:
        return self.peak / self.mean_load if self.mean_load else 0.0

    @property
    def meets_target(self) -> bool:
        return self.unseen == 0 and self.under_two == 0 and self.ratio <= TARGET_RATIO


def simulate(name: str, *, scheduler: str, plan: bool, cards: int = CARDS, days: int = DAYS,
             seed: int = SEED) -> SimResult:
    """One run (see the module docstring): `scheduler` "sm2" or "fsrs", with or without the plan."""
    from quizterm.deck.cards import Card
    from quizterm.plan.plans import Plan
    from quizterm.plan.readiness import readiness
    from quizterm.plan.view import Planning, window_for
    from quizterm.scheduler.base import make_scheduler
    from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
    from quizterm.scheduler.queue import Limits
    from quizterm.session import DrillSession
    from quizterm.store.progress import ProgressStore

    rng = random.Random(seed)
    deck = [Card(id=f"card-{i:03d}", deck="sim", question=f"Question {i}?", short_answer="A.") for i in range(cards)]
    interview = START + timedelta(days=days)
    model = FsrsScheduler()
    memory: dict[str, FsrsState] = {}  # the candidate's own memory of each card
    successes: Counter[str] = Counter()
    loads: list[int] = []

    def recalled(card_id: str, day: date) -> bool:
        state = memory.get(card_id)
        chance = FIRST_RECALL if state is None else model.retrievability(state, day)
        return rng.random() < chance

    ram = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="qz-plan-sim-", dir=ram if ram.is_dir() else None) as folder:
        data = Path(folder)
        with ProgressStore.open(data, real_now=_noon(START), scheduler=make_scheduler(scheduler)) as store:
            plans = []
            if plan:
                window = window_for(deck, ("sim",), interview, START, store, Limits().new_per_day)
                plans = [Plan(date=interview, decks=("sim",), set_on=START, window_from=window)]
            for offset in range(days):
                today = START + timedelta(days=offset)
                session = DrillSession(cards=deck, store=store, clock=lambda today=today: _noon(today),
                                       plan=Planning(deck, plans, Limits().new_per_day) if plans else None)
                shown_today: set[str] = set()
                while (card := session.current()) is not None:
                    if card.id in shown_today:
                        grade = 4  # a same-day repeat: just seen
                    else:
                        shown_today.add(card.id)
                        ok = recalled(card.id, today)
                        draw = rng.random()
                        grade = (5 if draw < 0.1 else 3 if draw < 0.2 else 4) if ok else 1
                        memory[card.id] = model.review(memory.get(card.id, FsrsState()), grade, today)
                        successes[card.id] += grade >= 3
                    session.grade(card, grade)
                loads.append(sum(1 for event in store.grades_on(today) if event.scheduling))
            ready = readiness([card.id for card in deck], store.memories(), interview)
    seen = set(memory)
    return SimResult(name=name, unseen=cards - len(seen),
                     under_two=sum(1 for card in deck if successes[card.id] < 2),
                     peak=max(loads), mean_load=sum(loads) / len(loads), recall=ready.mean, loads=tuple(loads))


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


RUNS = (("plain SM-2", "sm2", False), ("SM-2 + plan", "sm2", True), ("FSRS + plan", "fsrs", True))


def run_all(seed: int = SEED) -> list[SimResult]:
    return [simulate(name, scheduler=scheduler, plan=plan, seed=seed) for name, scheduler, plan in RUNS]


def table(results: list[SimResult]) -> list[str]:
    lines = ["| run | never seen by the date | < 2 successful reviews | busiest day / mean | mean predicted "
             "recall on the day | target met |", "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.name} | {r.unseen} | {r.under_two} | {r.peak} / {r.mean_load:.1f} = {r.ratio:.2f} | "
                     f"{r.recall:.1%} | {'yes' if r.meets_target else 'no'} |")
    return lines


def section(results: list[SimResult], seed: int) -> str:
    loads = "\n".join(f"- {r.name}: {' '.join(map(str, r.loads))}" for r in results)
    return "\n".join([
        "## Interview plan: simulation",
        "",
        f"{CARDS} new cards, an interview in {DAYS} days, a simulated candidate drilling every day (seed {seed}; "
        "`benchmarks/plan_sim.py` says exactly how the candidate answers). Target with the plan: 0 never seen, "
        f"0 under two successful reviews, busiest day ≤ {TARGET_RATIO}× the mean. Regenerate alone with "
        "`python -m benchmarks.plan_sim`.",
        "",
        *table(results),
        "",
        "Scheduling reviews per day (new cards included), day 1 to the day before the interview:",
        "",
        loads,
        "",
    ])


def main() -> None:
    results = run_all()
    print("\n".join(table(results)))
    for r in results:
        print(f"{r.name}: {' '.join(map(str, r.loads))}")


if __name__ == "__main__":
    main()
