"""Fixtures for the TUI tests: a fake clock, a real store in tmp_path, and an app factory.

Nothing here reads the real time: the app gets `FakeClock` as its clock, and the question screen's
`time.monotonic` (its elapsed-time indicator) is redirected to the same fake clock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from quizterm.deck.cards import Deck
from quizterm.deck.loader import BrokenDeck
from quizterm.scheduler.queue import Limits
from quizterm.store.drafts import DraftStore
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens import question as question_module

from .cards import DECKS, NOW, FakeClock

AppFactory = Callable[..., QuiztermApp]


@pytest.fixture(autouse=True)
def utc_zone() -> Iterator[None]:
    """Study days and the "previous attempt" time use the local zone: pin it so snapshots match anywhere."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The fake clock; also drives the question screen's elapsed time (only that module's `time`)."""
    fake = FakeClock()
    monkeypatch.setattr(question_module, "time", SimpleNamespace(monotonic=fake.monotonic))
    return fake


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def make_app(data_dir: Path, clock: FakeClock) -> Iterator[AppFactory]:
    """Build a QuiztermApp on a real store (and drafts) in `data_dir`; every store it opened is closed afterwards."""
    stores: list[ProgressStore | DraftStore] = []

    def factory(decks: Sequence[Deck] = DECKS, *, limits: Limits | None = None,
                tags: tuple[str, ...] = (), broken: Sequence[BrokenDeck] = (),
                simulated: bool = False, live_reload: bool = False, timed: int | None = None) -> QuiztermApp:
        store = ProgressStore.open(data_dir, real_now=clock())
        drafts = DraftStore.open(store.path, clock=clock)
        stores.extend((store, drafts))
        return QuiztermApp(decks=decks, store=store, clock=clock, limits=limits or Limits(), tags=tags,
                           broken=broken, simulated=simulated, drafts=drafts, live_reload=live_reload,
                           timed=timed)

    yield factory
    for store in stores:
        store.close()


@pytest.fixture
def second_store(data_dir: Path) -> Iterator[Callable[[], ProgressStore]]:
    """Open a fresh, independent connection to the same data directory (what another terminal sees)."""
    stores: list[ProgressStore] = []

    def opener() -> ProgressStore:
        store = ProgressStore.open(data_dir, real_now=NOW)
        stores.append(store)
        return store

    yield opener
    for store in stores:
        store.close()
