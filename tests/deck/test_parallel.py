"""Reading changed decks with worker processes gives exactly what reading them one by one gives."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import IO

import pytest

from quizterm.deck import parallel
from quizterm.deck.deckfile import FileResult, load_file
from quizterm.deck.loader import find_deck_files, load_decks
from quizterm.deck.parallel import MAX_WORKERS, MIN_BYTES, load_files, planned_workers, wait_for_workers
from tests.deck.conftest import lines, write_deck

CORPUS = Path(__file__).parent / "corpus"


def test_planned_workers() -> None:
    big = [MIN_BYTES // 2, MIN_BYTES // 2]
    assert planned_workers(big, cores=2) == 1  # this process is the other reader
    assert planned_workers(big, cores=1) == 0
    assert planned_workers([MIN_BYTES], cores=8) == 0  # one file cannot be shared
    assert planned_workers([10, 10, 10], cores=8) == 0  # too little to pay for starting a worker
    assert planned_workers([10, 10, 10], cores=8, min_bytes=0) == 2  # at most one file each
    assert planned_workers([MIN_BYTES] * 50, cores=64) == MAX_WORKERS


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_give_the_corpus_exactly_as_one_process_does(workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    alone = load_decks(["."])
    shared = load_decks(["."], parallel_from=0)
    assert planned_workers([1] * len(alone.files), min_bytes=0, cores=workers + 1) == workers
    assert lines(shared) == lines(alone) and lines(alone)
    assert shared.decks == alone.decks and shared.decks
    jobs = [(path, str(path)) for path in find_deck_files(["."])]
    by_workers = load_files(jobs, compact=True, workers=workers)
    assert [r.problems for r in by_workers] == [r.problems for r in load_files(jobs, compact=True, workers=0)]
    assert [r.deck for r in by_workers] == [r.deck for r in load_files(jobs, compact=False, workers=0)]
    assert all(r.deck.cards and all(c.compact for c in r.deck.cards) for r in by_workers if r.deck)


@pytest.fixture
def workers_go_first(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """This process reads nothing until a worker has been sent its first file (with small files it would
    otherwise read them all before a worker starts). Returns the indexes sent to workers."""
    sent: list[int] = []
    first = threading.Event()
    real_send, real_load = parallel._Feeder._send, parallel._load

    def send(self: parallel._Feeder, to_worker: IO[bytes]) -> int:
        index = self.shared.front
        count = real_send(self, to_worker)
        if count:
            sent.append(index)
        first.set()
        return count

    def load(path: Path, display: str, compact: bool) -> FileResult:
        first.wait(timeout=30)
        return real_load(path, display, compact)

    monkeypatch.setattr(parallel._Feeder, "_send", send)
    monkeypatch.setattr(parallel, "_load", load)
    return sent


def test_a_duplicate_id_across_files_read_by_different_processes_is_found(tmp_path: Path,
                                                                           workers_go_first: list[int]) -> None:
    for number in range(8):
        write_deck(tmp_path / f"d{number}.yaml", f"card-{number}", "shared" if number in (0, 7) else f"x-{number}")
    result = load_decks([tmp_path], parallel_from=0)
    assert workers_go_first[0] == 0  # d0 was read by a worker, d7 here
    assert [p.format() for p in result.errors] == [
        f"{tmp_path}/d7.yaml:11:9: error: cards[1].id: duplicate id 'shared', "
        f"first defined at {tmp_path}/d0.yaml:11:9; ids must be unique across all decks: "
        "give one of the cards another id"]


def many_decks(folder: Path, count: int = 6) -> list[tuple[Path, str]]:
    return [(path, str(path)) for path in (write_deck(folder / f"d{n}.yaml", f"a{n}", f"b{n}") for n in range(count))]


@pytest.mark.parametrize("executable", [None, "", "/nonexistent/python", "/bin/true", "/bin/cat"])
def test_a_worker_that_cannot_start_or_speaks_nonsense_leaves_its_files_to_this_process(
        executable: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = many_decks(tmp_path)
    expected = load_files(jobs, compact=True, workers=0)
    crashed: list[object] = []
    monkeypatch.setattr(threading, "excepthook", crashed.append)  # a feeder must never die with a traceback
    # no Python at all; cannot start; exits at once; echoes its input back
    monkeypatch.setattr(sys, "executable", executable)
    assert [r.deck for r in load_files(jobs, compact=True, workers=2)] == [r.deck for r in expected]
    assert crashed == []
    assert planned_workers([MIN_BYTES] * 3, cores=4) == (0 if not executable else 2)


def test_a_file_a_worker_fails_on_is_read_again_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    workers_go_first: list[int]) -> None:
    jobs = many_decks(tmp_path)
    expected = [load_file(path, display) for path, display in jobs]
    real_send = parallel._Feeder._send

    def send_a_broken_job(self: parallel._Feeder, to_worker: IO[bytes]) -> int:
        if self.shared.front == 0:  # the worker's loader raises on a path that is not a path
            self.jobs = [(123, "broken"), *jobs[1:]]  # type: ignore[list-item]
        return real_send(self, to_worker)

    monkeypatch.setattr(parallel._Feeder, "_send", send_a_broken_job)
    results = load_files(jobs, compact=False, workers=1)
    assert workers_go_first[0] == 0
    assert [r.deck for r in results] == [r.deck for r in expected]


def test_workers_are_gone_once_loading_returns(tmp_path: Path) -> None:
    load_files(many_decks(tmp_path), compact=True, workers=2)
    assert wait_for_workers(timeout=30)  # each feeder waits for its worker to exit after its input closed
