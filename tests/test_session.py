"""The drill session's summary: exact counts of what was done and of what `n` would add."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizterm.deck.cards import Card
from quizterm.scheduler.day import study_day
from quizterm.scheduler.queue import Limits
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
CARDS = [Card(id=f"c{n}", deck="d", question=f"Q{n}?", short_answer=f"A{n}.") for n in range(14)]


def _session(store: ProgressStore, cards: list[Card], new_per_day: int) -> DrillSession:
    return DrillSession(cards=cards, store=store, clock=lambda: NOW, limits=Limits(new_per_day=new_per_day))


def _grade_all(session: DrillSession, grades: dict[str, list[int]]) -> None:
    """Grade the queue's cards in order with the grades given per card, until the queue is empty."""
    while (card := session.current()) is not None:
        session.grade(card, grades[card.id].pop(0))


def test_the_summary_counts_cards_and_grades_apart(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        session = _session(store, CARDS[:3], new_per_day=3)
        # c0 fails twice before 4; c1 fails once; c2 passes: 3 cards, 6 grades
        _grade_all(session, {"c0": [1, 3, 4], "c1": [2, 5], "c2": [4]})
        summary = session.summary()
    assert (summary.reviewed, summary.graded) == (3, 6)
    assert summary.grades == {0: 0, 1: 1, 2: 1, 3: 1, 4: 2, 5: 1}


def test_n_offers_the_new_cards_actually_waiting_up_to_ten(tmp_path: Path) -> None:
    (tmp_path / "few").mkdir()
    with ProgressStore.open(tmp_path / "few", real_now=NOW) as store:
        few = _session(store, CARDS[:4], new_per_day=1)
        _grade_all(few, {"c0": [5]})
        assert (few.summary().new_available, few.summary().more_new) == (3, 3)
        assert few.learn_more() == 3

    (tmp_path / "many").mkdir()
    with ProgressStore.open(tmp_path / "many", real_now=NOW) as store:
        many = _session(store, CARDS, new_per_day=1)
        _grade_all(many, {"c0": [5]})
        assert (many.summary().new_available, many.summary().more_new) == (13, 10)
        assert many.learn_more() == 10
        _grade_all(many, {card.id: [5] for card in CARDS[1:11]})
        # 11 new cards graded today: a limit raised to 1 + 10 + 10 leaves room for 10 more, 3 are left
        assert (many.summary().new_available, many.summary().more_new) == (3, 3)


def test_n_offers_nothing_when_the_new_cards_today_already_exceed_the_raised_limit(tmp_path: Path) -> None:
    """Another terminal graded 12 new cards today: raising the limit from 1 to 11 adds none."""
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        for n, card in enumerate(CARDS[:12]):
            store.record_grade(card_id=card.id, deck="d", grade=5, moment=NOW + timedelta(seconds=n),
                               day=study_day(NOW, 4))
        session = _session(store, CARDS, new_per_day=1)
        summary = session.summary()
    assert (summary.new_available, summary.more_new) == (2, 0)


def test_suspended_and_buried_cards_stay_out_of_the_session(tmp_path: Path) -> None:
    """Recorded through the store (as the browser will): the queue, the counts and the offer leave them out;
    undo of a grade puts the card back as it was, and a card unburied on its day comes back."""
    today = study_day(NOW, 4)
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        store.suspend(card_id="c1", deck="d", moment=NOW, day=today)
        store.bury(card_id="c2", deck="d", until=today + timedelta(days=1), moment=NOW, day=today)
        session = _session(store, CARDS[:5], new_per_day=10)
        assert session.queue.upcoming() == ["c0", "c3", "c4"]
        session.grade(session.queue.current() or CARDS[0], 1)  # c0 fails: it comes back at the end
        assert session.queue.upcoming() == ["c3", "c4", "c0"]
        undone = session.undo()
        assert undone is not None and undone.card_id == "c0"
        assert session.queue.upcoming() == ["c0", "c3", "c4"]
        assert session.summary().new_available == 3
        tomorrow = DrillSession(cards=CARDS[:5], store=store, clock=lambda: NOW + timedelta(days=1))
        assert tomorrow.queue.upcoming() == ["c0", "c2", "c3", "c4"]
