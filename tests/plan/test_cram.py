"""Cram: weakest first, practice grades that move nothing and count nowhere, repeats and undo in the sitting."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from quizterm.cli import main
from quizterm.deck.cards import Card, Deck
from quizterm.plan.cram import CramQueue, CramSession, weakest_first
from quizterm.plan.readiness import readiness
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.queue import Limits
from quizterm.session import DrillSession
from quizterm.stats import compute_stats
from quizterm.store.progress import ProgressStore

from .test_plan_flow import noon, write_deck

DAY0 = date(2026, 12, 1)
CARDS = [Card(id=f"c{i}", deck="d", question=f"Q{i}?", short_answer="A.") for i in range(6)]


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def grade(store: ProgressStore, card: str, g: int, n: int, **details: object) -> None:
    store.record_grade(card_id=card, deck="d", grade=g, moment=noon(day(n)), day=day(n), **details)  # type: ignore[arg-type]


def history(store: ProgressStore) -> None:
    """c0 strong; c1 weak (failed); c2 and c3 tie (same history), c3 missed more key points; c4 and c5 tie
    too, c5 with more lapses; every card but the new one graded on days 0..2."""
    for card, grades in {"c0": (5, 5, 5), "c1": (4, 1, 2)}.items():
        for n, g in enumerate(grades):
            grade(store, card, g, n)
    grade(store, "c2", 4, 0, points=["p1", "p2", "p3"], mentioned=["p1", "p2", "p3"])
    grade(store, "c3", 4, 0, points=["p1", "p2", "p3"], mentioned=["p1"])
    grade(store, "c4", 4, 0)
    grade(store, "c5", 4, 0)
    for card in ("c4", "c5"):
        grade(store, card, 2 if card == "c5" else 4, 1)  # c5 lapses, c4 does not ...


def test_weakest_first_orders_by_recall_then_missed_points_then_lapses(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=noon(DAY0)) as store:
        history(store)
        states, memories = store.states(), store.memories()
        today = day(5)
        order = [card.id for card in weakest_first([*CARDS, Card(id="new", deck="d", question="q", short_answer="a")],
                                                   states, memories, today, store)]
        recalls = {c.card_id: c.recall for c in readiness([c.id for c in CARDS], memories, today).weakest}
        assert order[0] == "new"  # never reviewed: recall 0
        assert order.index("c3") < order.index("c2")  # same recall, c3 missed two key points
        assert recalls["c2"] == recalls["c3"]
        ranked = [card for card in order if card in recalls]
        assert [recalls[c] for c in ranked] == sorted(recalls[c] for c in ranked)
        assert order[-1] == "c0"
        assert [card.id for card in weakest_first(CARDS, states, memories, today, store, limit=2)] == order[1:3]


def test_lapses_break_a_tie_of_recall_and_points(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=noon(DAY0)) as store:
        grade(store, "c4", 4, 0)
        grade(store, "c5", 1, 0)  # a failed first grade is no lapse; give c5 one by a reset-free path:
        grade(store, "c5", 4, 1)
        grade(store, "c5", 2, 2)
        states = store.states()
        assert states["c5"].lapses == 1 and states["c4"].lapses == 0
        memories = {"c4": store.memories()["c4"], "c5": store.memories()["c4"]}  # the same memory: a tie
        order = [card.id for card in weakest_first(CARDS[4:], states, memories, day(5), store)]
        assert order == ["c5", "c4"]


def test_suspended_and_buried_cards_are_not_crammed(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=noon(DAY0)) as store:
        store.suspend(card_id="c0", deck="d", moment=noon(DAY0), day=DAY0)
        store.bury(card_id="c1", deck="d", until=day(3), moment=noon(DAY0), day=DAY0)
        chosen = weakest_first(CARDS, store.states(), store.memories(), day(1), store)
        assert [card.id for card in chosen] == ["c2", "c3", "c4", "c5"]


def test_the_cram_queue_repeats_failed_cards_and_undoes_exactly() -> None:
    queue = CramQueue(CARDS[:3])
    queue.record(CARDS[0], 2)
    queue.record(CARDS[1], 5)
    assert queue.upcoming() == ["c2", "c0"] and queue.counts.again == 1 and queue.counts.done == 2
    queue.undo()
    assert queue.upcoming() == ["c1", "c2", "c0"]
    queue.record(CARDS[1], 4)
    queue.record(CARDS[2], 4)
    queue.record(CARDS[0], 4)
    assert queue.current() is None and len(queue) == 0


def test_cram_grades_move_nothing_and_count_nowhere(tmp_path: Path) -> None:
    """Every consumer of grades ignores practice grades: states (due, interval, EF, reps, lapses), FSRS
    memory and readiness, today's limits and repeats, retention, leeches; the card's history shows them."""
    with ProgressStore.open(tmp_path, real_now=noon(DAY0)) as store:
        history(store)
        today = day(5)
        before_records, before_memories = store.records(), store.memories()
        decks_stats = compute_stats([_deck()], store, now=noon(today), today=today, leech=LeechRule(1))
        cram = CramSession(cards=CARDS, store=store, clock=lambda: noon(today))
        graded = 0
        while (card := cram.current()) is not None and graded < 20:
            cram.grade(card, 0 if graded < 6 else 5, answer="practice")
            graded += 1
        assert graded == 12  # six cards failed once, then each recalled
        assert store.records() == before_records and store.memories() == before_memories
        assert store.grades_on(today) == []  # no limit, no repeat, nothing for the queue
        after = compute_stats([_deck()], store, now=noon(today), today=today, leech=LeechRule(1))
        assert after == decks_stats  # retention, lapses, leeches, due counts, reviews: all the same
        assert readiness([c.id for c in CARDS], store.memories(), today) == readiness(
            [c.id for c in CARDS], before_memories, today)
        log = store.card_log("c0")
        assert [entry.kind for entry in log][-2:] == ["practice", "practice"]  # type: ignore[union-attr]
        drill = DrillSession(cards=CARDS, store=store, clock=lambda: noon(today), limits=Limits(new_per_day=0))
        assert drill.counts.again == 0  # a practice grade below 4 is no same-day repeat of the drill
        summary = cram.summary()
        assert summary.reviewed == 6 and summary.graded == 12 and summary.more_new == 0


def test_cram_undo_cancels_the_practice_grade(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=noon(DAY0)) as store:
        cram = CramSession(cards=CARDS[:2], store=store, clock=lambda: noon(DAY0))
        first = cram.current()
        assert first is not None
        cram.grade(first, 1, answer="typed")
        undone = cram.undo()
        assert undone is not None and undone.card_id == first.id and undone.answer == "typed"
        assert cram.current() == first and cram.counts.done == 0
        assert [e.kind for e in store.card_log(first.id)] == []  # type: ignore[union-attr]
        assert cram.undo() is None


def _deck() -> Deck:
    return Deck(key="d", title="D", path=Path("d.yaml"), cards=tuple(CARDS))


def test_cram_from_the_command_leaves_every_due_and_interval(tmp_path: Path) -> None:
    """`stats --json` before and after practice grades recorded as `quizterm cram` records them."""
    decks = tmp_path / "decks"
    decks.mkdir()
    deck = write_deck(decks, "alpha", 5)
    data = tmp_path / "data"
    data.mkdir()

    def stats() -> list[dict[str, object]]:
        out = io.StringIO()
        assert main(["stats", "--json", str(deck), "--data-dir", str(data), "--now", "2026-12-05"], out,
                    io.StringIO()) == 0
        return json.loads(out.getvalue())["cards"]  # type: ignore[no-any-return]

    with ProgressStore.open(data, real_now=noon(DAY0)) as store:
        for n in range(3):
            for i in range(5):
                store.record_grade(card_id=f"alpha-{i}", deck="alpha", grade=(5, 4, 3, 2, 1)[(i + n) % 5],
                                   moment=noon(day(n)), day=day(n))
    before = stats()
    with ProgressStore.open(data, real_now=noon(day(4))) as store:
        cards = [Card(id=f"alpha-{i}", deck="alpha", question="q", short_answer="a") for i in range(5)]
        cram = CramSession(cards=cards, store=store, clock=lambda: datetime(2026, 12, 5, 12, tzinfo=UTC))
        while (card := cram.current()) is not None:
            cram.grade(card, 5)
    after = stats()
    assert [(c["due"], c["interval"], c["reps"], c["ef"], c["lapses"], c["reviews"]) for c in after] == [
        (c["due"], c["interval"], c["reps"], c["ef"], c["lapses"], c["reviews"]) for c in before]
    assert after == before


def test_the_cram_summary_says_when_the_plan_brings_cards_back(tmp_path: Path) -> None:
    """After a cram, "next cards" are the effective due dates a drill would follow: the plan's."""
    from quizterm.plan.plans import Plan
    from quizterm.plan.view import Planning

    with ProgressStore.open(tmp_path, real_now=noon(DAY0)) as store:
        for n in range(3):
            grade(store, "c0", 5, n)  # due long after the interview
        plans = [Plan(date=day(10), decks=("d",), set_on=DAY0, window_from=day(7))]
        cram = CramSession(cards=CARDS[:1], store=store, clock=lambda: noon(day(5)), plan=Planning(CARDS, plans))
        assert store.states()["c0"].due is not None and store.states()["c0"].due > day(10)  # type: ignore[operator]
        cram.grade(CARDS[0], 5)
        summary = cram.summary()
        assert summary.next_due is not None and day(7) <= summary.next_due[0] < day(10)
