"""Live reload without a UI: a deck read again, what changed in it, and the session's queue after it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizterm.deck.cards import Card
from quizterm.deck.loader import load_decks
from quizterm.deck.reload import DeckChange, ReloadRefused, diff_decks, read_again
from quizterm.deck.watch import Watcher, backend
from quizterm.scheduler.queue import Limits
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore
from tests.deck.conftest import deck_text

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _deck(path: Path, *ids: str) -> Path:
    path.write_text(deck_text(*ids))
    return path


def test_a_deck_read_again_and_what_changed(tmp_path: Path) -> None:
    path = _deck(tmp_path / "d.yaml", "a", "b", "c")
    old = load_decks([path], compact=True).decks[0]
    path.write_text(deck_text("a", "c", "d").replace("What is c?", "What is c, really?"))
    new = read_again(old, [])
    change = diff_decks(old, new)
    assert set(change.edited) == {"c"} and change.edited["c"].question == "What is c, really?"
    assert [card.id for card in change.added] == ["d"] and change.removed == {"b"}
    assert change.describe() == "1 card edited, 1 new, 1 removed"
    assert diff_decks(new, read_again(new, [])).empty
    assert DeckChange(retitled=True).describe() == "no card changed"


def test_a_broken_edit_or_a_taken_id_is_refused_with_its_located_problem(tmp_path: Path) -> None:
    path = _deck(tmp_path / "d.yaml", "a")
    other = load_decks([_deck(tmp_path / "o.yaml", "x")]).decks[0]
    old = load_decks([path]).decks[0]
    path.write_text(deck_text("a").replace("question: What is a?", "question: [unclosed"))
    with pytest.raises(ReloadRefused, match=r"^.*d\.yaml:\d+:\d+: error: "):
        read_again(old, [other])
    path.write_text(deck_text("a", "x"))
    with pytest.raises(ReloadRefused, match="card id 'x' is also in deck 'o'"):
        read_again(old, [other])
    path.unlink()
    with pytest.raises(ReloadRefused, match="no such file"):
        read_again(old, [other])


def card(n: int, question: str = "") -> Card:
    return Card(id=f"c{n}", deck="d", question=question or f"Q{n}?", short_answer=f"A{n}.")


def test_the_session_takes_edited_added_and_removed_cards(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        session = DrillSession(cards=[card(0), card(1), card(2)], store=store, clock=lambda: NOW,
                               limits=Limits(new_per_day=3))
        session.grade(card(0), 2)  # comes back today
        assert session.queue.upcoming() == ["c1", "c2", "c0"]
        session.use_cards([card(0, "Q0, edited?"), card(2), card(3)])  # c1 removed, c3 added
        assert session.queue.upcoming() == ["c2", "c3", "c0"]  # c1's new-card slot goes to c3
        session.use_cards([card(0, "Q0, edited?"), card(2), card(3), card(4)])
        assert session.queue.upcoming() == ["c2", "c3", "c0"]  # c4 waits: 3 new cards a day
        session.grade(card(2), 5)
        session.grade(card(3), 5)
        assert session.current() == card(0, "Q0, edited?") and session.counts.done == 3


@pytest.mark.parametrize("polling", [False, True])
def test_the_watcher_sees_a_saved_deck_and_leaves_no_thread(tmp_path: Path, polling: bool,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import quizterm.deck.watch as watch

    if polling:
        monkeypatch.setattr(watch, "backend", lambda: "polling")
        monkeypatch.setattr(watch, "POLL_SECONDS", 0.05)
    elif backend() != "watchfiles":
        pytest.skip("watchfiles is not installed here")
    path = _deck(tmp_path / "d.yaml", "a")
    _deck(tmp_path / "other.yaml", "b")
    seen: list[set[Path]] = []
    event = threading.Event()
    watcher = Watcher([path], lambda changed: (seen.append(changed), event.set()))
    watcher.start()
    ready = threading.Event()
    ready.wait(0.3)  # the watch is set up
    (tmp_path / "other.yaml").write_text(deck_text("b", "c"))  # not watched
    temp = tmp_path / ".d.yaml.swp"
    temp.write_text(deck_text("a", "z"))
    temp.replace(path)  # as editors save: a new file renamed over the old one
    assert event.wait(10), "no change seen"
    watcher.stop()
    assert not watcher.running
    assert seen and set().union(*seen) == {path.resolve()}
    assert not [t for t in threading.enumerate() if t.name == "quizterm-deck-watch"]


@pytest.mark.parametrize("polling", [False, True])
def test_a_save_before_the_watch_starts_is_caught_up_with(tmp_path: Path, polling: bool,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import quizterm.deck.watch as watch

    if polling:
        monkeypatch.setattr(watch, "backend", lambda: "polling")
        monkeypatch.setattr(watch, "POLL_SECONDS", 0.05)
    elif backend() != "watchfiles":
        pytest.skip("watchfiles is not installed here")
    path = _deck(tmp_path / "d.yaml", "a")
    read_as = {path.resolve(): watch.signature(path)}
    path.write_text(deck_text("a", "b"))  # saved after the deck was read, before anything watches it
    seen: list[set[Path]] = []
    event = threading.Event()
    watcher = Watcher([path], lambda changed: (seen.append(changed), event.set()), since=read_as)
    watcher.start()
    assert event.wait(10), "the earlier save was not reported"
    watcher.stop()
    assert seen[0] == {path.resolve()}
