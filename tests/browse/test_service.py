"""The browser's service: actions are events in the log, undone newest first; an edited deck is read again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizterm.browse.service import CardService
from quizterm.deck.cards import Card, Deck
from quizterm.deck.loader import load_decks
from quizterm.errors import QuiztermError
from quizterm.scheduler.queue import SessionQueue
from quizterm.store.progress import ProgressStore

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CARDS = [Card(id=i, deck="d", question=f"Question {i}", short_answer="a") for i in ("a", "b")]


@pytest.fixture
def service(tmp_path: Path) -> CardService:
    store = ProgressStore.open(tmp_path, real_now=NOW)
    ticks = iter(range(10_000))
    return CardService(store, lambda: NOW + timedelta(seconds=next(ticks)), day_start_hour=0)


def queue_ids(service: CardService) -> list[str]:
    return SessionQueue.build(CARDS, service.store.states(), [], service.today()).upcoming()


def test_suspend_bury_reset_and_undo_each_newest_first(service: CardService) -> None:
    a, b = CARDS
    service.store.record_grade(card_id="b", deck="d", grade=4, moment=NOW - timedelta(days=2),
                               day=NOW.date() - timedelta(days=2))
    assert queue_ids(service) == ["b", "a"]
    assert service.toggle_suspend(a).message.startswith("Suspended a")
    assert service.toggle_bury(b).message == "Buried b until tomorrow (2026-12-02)."
    assert queue_ids(service) == []
    assert [row.state for row in service.rows(CARDS)] == ["suspended", "buried"]
    assert service.toggle_bury(b).message.startswith("Unburied b")
    assert service.reset(b).message.startswith("Reset b")
    assert [row.state for row in service.rows(CARDS)] == ["suspended", "new"]
    assert [item.kind for item in service.history("b")] == ["grade", "bury", "bury", "reset"]
    undone = [service.undo() for _ in range(5)]
    assert [d.message if d else None for d in undone] == [
        "Undid the reset of b.", "Undid the bury of b.", "Undid the bury of b.", "Undid the suspend of a.", None]
    assert queue_ids(service) == ["b", "a"]
    assert service.toggle_suspend(a).message.startswith("Suspended")
    assert service.toggle_suspend(a).message.startswith("Unsuspended a")


def write_deck(path: Path, question: str, card_id: str = "a") -> None:
    path.write_text(f"title: D\ncards:\n  - id: {card_id}\n    question: {question}\n    short_answer: s\n")


def test_reload_reads_the_edited_file_and_refuses_a_broken_one(service: CardService, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    write_deck(path, "Old")
    (deck,) = load_decks([path]).decks
    other = Deck(key="other", title="O", path=tmp_path / "other.yaml",
                 cards=(Card(id="taken", deck="other", question="q", short_answer="a"),))
    write_deck(path, "New question")
    assert service.reload(deck, [deck, other]).cards[0].question == "New question"
    path.write_text("title: D\ncards: [\n")
    with pytest.raises(QuiztermError, match=r"d\.yaml:\d+:\d+: error: .*the browser keeps the cards as they were"):
        service.reload(deck, [deck, other])
    write_deck(path, "Q", card_id="taken")
    with pytest.raises(QuiztermError, match="card id 'taken' is also in deck 'other'"):
        service.reload(deck, [deck, other])


def test_under_fsrs_the_browser_shows_fsrs_due_dates_and_intervals(service: CardService) -> None:
    from quizterm.scheduler.fsrs import FsrsScheduler

    a, _ = CARDS
    for days, g in ((6, 4), (2, 5)):
        service.store.record_grade(card_id="a", deck="d", grade=g, moment=NOW - timedelta(days=days),
                                   day=NOW.date() - timedelta(days=days))
    sm2 = service.row(a)
    assert (sm2.interval, sm2.ef_centi) == (6, 260)
    service.store.scheduler = fsrs = FsrsScheduler()
    memory = service.store.records()["a"].memory
    for row in (service.row(a), service.rows(CARDS)[0]):
        assert (row.due, row.interval) == (fsrs.due(memory), fsrs.interval(memory)) != (sm2.due, sm2.interval)
        assert (row.ef_centi, row.lapses, row.reviews) == (sm2.ef_centi, sm2.lapses, sm2.reviews)
