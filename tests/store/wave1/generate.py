"""Write the wave-1 progress databases the v3 migration test reads, with the code of main at c866466.

Run it against that commit, not against the current tree (the point is files the old code wrote):

    git worktree add --detach /tmp/qz-c866466 c866466
    PYTHONPATH=/tmp/qz-c866466 python tests/store/wave1/generate.py tests/store/wave1
    git worktree remove /tmp/qz-c866466

Each "run" below is what one `quizterm drill --now MOMENT` did: open the store at that moment and grade
(and sometimes undo) through the store's own calls, with the study day the drill derives from the moment.
`--now` moments go back and forth in time, as a user previewing days does: a later simulated day graded
before an earlier real one, two moments of one day written in reverse, same-day repeats, undos.
Deterministic: the same code writes the same rows.
"""

from __future__ import annotations

import os
import random
import sys
import time as time_module
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from quizterm.deck.cards import Card
from quizterm.scheduler.queue import Limits
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore

START = date(2026, 11, 1)


def moment(days: int, at: time) -> datetime:
    return datetime.combine(START + timedelta(days=days), at, tzinfo=UTC)


def run(data_dir: Path, when: datetime, script: list[tuple[str, int] | None]) -> None:
    """One drill run at `when`: each (card, grade) is a grade a few seconds later, None an undo."""
    with ProgressStore.open(data_dir, now=when) as store:
        for step, item in enumerate(script):
            at = when + timedelta(seconds=7 * step)
            if item is None:
                store.undo_last()
                continue
            card, grade = item
            deck = "second" if card.endswith("-moved") and at.day % 2 else "first"
            store.record_grade(card_id=card, deck=deck, grade=grade, moment=at, day=study_day_utc(at),
                               answer=f"typed {card} at {at:%H:%M:%S}",
                               seconds=float(step % 40))


def study_day_utc(at: datetime) -> date:
    """The study day as a drill at 04:00 UTC start would derive it (`study_day` in a UTC zone): the files
    must not depend on the zone of the machine that writes them."""
    return (at - timedelta(hours=4)).date()


def handmade(data_dir: Path) -> None:
    """One card per case, named after it."""
    run(data_dir, moment(10, time(9)), [("later-day-first", 5), ("moments-reversed", 3)])
    run(data_dir, moment(3, time(9)), [("later-day-first", 4), ("undone-then-regraded", 2), None,
                                       ("undone-then-regraded", 5)])
    run(data_dir, moment(12, time(20)), [("moments-reversed", 5), ("drilled", 1), ("drilled", 3),
                                         ("drilled", 5), ("in-order", 4)])
    run(data_dir, moment(12, time(9)), [("moments-reversed", 1), ("only-undone", 4), None,
                                        ("before-midnight-start", 4)])
    run(data_dir, moment(13, time(2)), [("before-midnight-start", 2), ("card-moved", 4)])  # still day 12
    run(data_dir, moment(20, time(9)), [("later-day-first", 2), ("moments-reversed", 4), ("card-moved", 5),
                                        ("in-order", 3), ("in-order", 5)])
    run(data_dir, moment(15, time(9)), [("later-day-first", 5), ("drilled", 0), None])


def randomised(data_dir: Path, seed: int, cards: int, runs: int) -> None:
    rng = random.Random(seed)
    names = [f"c{i:03d}" + ("-moved" if i % 7 == 0 else "") for i in range(cards)]
    for _ in range(runs):
        when = moment(rng.randint(0, 60), time(rng.randint(0, 23), rng.randint(0, 59)))
        script: list[tuple[str, int] | None] = []
        for _ in range(rng.randint(1, 30)):
            if script and rng.random() < 0.12:
                script.append(None)
            else:
                script.append((rng.choice(names), rng.choices(range(6), (5, 8, 12, 30, 30, 15))[0]))
        run(data_dir, when, script)


def in_order(data_dir: Path, seed: int, cards: int, days: int) -> None:
    """A user who never went back in time and drilled what the queue offered: one or two drills a day,
    each later than the one before, through the drill session itself (undos included)."""
    rng = random.Random(seed)
    deck = [Card(id=f"c{i:03d}", deck="first", question="q", short_answer="a", tags=()) for i in range(cards)]
    for offset in range(days):
        for hour in sorted(rng.sample(range(5, 24), rng.randint(1, 2))):
            ticks = iter(range(10_000))
            start = moment(offset, time(hour))

            def clock(start: datetime = start, ticks: Iterator[int] = ticks) -> datetime:
                return start + timedelta(seconds=7 * next(ticks))

            with ProgressStore.open(data_dir, now=start) as store:
                session = DrillSession(cards=deck, store=store, clock=clock, limits=Limits(new_per_day=4))
                for _ in range(rng.randint(1, 15)):
                    card = session.current()
                    if card is None:
                        break
                    if rng.random() < 0.1:
                        session.undo()
                        continue
                    session.grade(card, rng.choices(range(6), (3, 6, 10, 30, 35, 16))[0], answer="typed",
                                  seconds=float(rng.randint(1, 60)))


def main(out: Path) -> None:
    os.environ["TZ"] = "UTC"  # the drill session's study day follows the machine's zone: make it UTC
    time_module.tzset()
    for name, fill in (("handmade", handmade), ("in-order", lambda d: in_order(d, seed=5, cards=60, days=60)),
                       ("random", lambda d: randomised(d, seed=1, cards=80, runs=150))):
        data_dir = out / name
        data_dir.mkdir(parents=True, exist_ok=False)
        fill(data_dir)
        target = out / f"{name}.sqlite3"
        (data_dir / "progress.sqlite3").replace(target)
        for leftover in sorted(data_dir.rglob("*"), reverse=True):
            leftover.unlink() if leftover.is_file() else leftover.rmdir()
        data_dir.rmdir()
        print(target, target.stat().st_size)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
