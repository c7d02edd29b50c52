"""Reading many changed deck files on more than one core.

The first start after a large collection changed spends about a second composing and validating YAML,
all of it building Python objects under one GIL. Deck files are independent, so when there is enough to
read, worker processes take files from the front of the list while this process takes them from the
back; results keep file order, so the outcome is exactly that of reading them one by one.

A worker is a fresh interpreter (never a fork: forking a process that may have threads can deadlock the
child) fed jobs over a pipe by a thread here, which keeps two jobs in flight so the worker never waits for
this process's GIL. Its errors go nowhere: anything that stops a worker (it cannot start, it dies, a bug
in it) leaves its files to this process, where the same file raises the same way it would have alone.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from quizterm.deck.deckfile import FileResult

MIN_BYTES = 4 * 1024 * 1024
"""Less than this is read in this process: a worker spends about a quarter of a second importing yaml and
pydantic before its first file, about as long as reading 4 MB of decks takes here."""

MAX_WORKERS = 3
"""Worker processes at most; each is an interpreter with yaml and pydantic (about 50 MB at its peak)."""

IN_FLIGHT = 2
"""Jobs sent to a worker ahead of its results."""

Job = tuple[Path, str]
"""A deck file to read and how problems name it."""

FEEDER_THREAD = "quizterm-deck-worker"
"""The name of each thread that runs a worker process; it ends once its worker has exited."""

_WORKER = ("import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
           "from quizterm.deck.parallel import serve; serve()")


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows
        return os.cpu_count() or 1


def planned_workers(sizes: Sequence[int], *, min_bytes: int = MIN_BYTES, cores: int | None = None) -> int:
    """How many worker processes to start for files of these sizes (0: read them all here)."""
    if len(sizes) < 2 or sum(sizes) < min_bytes or not sys.executable or getattr(sys, "frozen", False):
        return 0  # (a frozen app's executable is not a Python that runs `-c`)
    available = usable_cores() if cores is None else cores
    return max(0, min(available - 1, MAX_WORKERS, len(sizes) - 1))


class _Jobs:
    """The files still to read: workers take from the front, this process from the back."""

    def __init__(self, count: int) -> None:
        self.lock = threading.Lock()
        self.front = 0
        self.back = count
        self.results: list[FileResult | None] = [None] * count

    def take_front(self) -> int | None:
        with self.lock:
            if self.front >= self.back:
                return None
            self.front += 1
            return self.front - 1

    def take_all(self) -> None:
        with self.lock:
            self.front = self.back

    def take_back(self) -> int | None:
        with self.lock:
            if self.front >= self.back:
                return None
            self.back -= 1
            return self.back


class _Feeder(threading.Thread):
    """Runs one worker process: sends it jobs from the front, stores what it returns."""

    def __init__(self, jobs: Sequence[Job], shared: _Jobs) -> None:
        super().__init__(name=FEEDER_THREAD, daemon=True)
        self.jobs, self.shared = jobs, shared
        self.finished = threading.Event()

    def run(self) -> None:
        process: subprocess.Popen[bytes] | None = None
        try:
            process = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
            assert process.stdin is not None and process.stdout is not None
            self._feed(process.stdin, process.stdout)
        except Exception:  # it could not start, died or spoke nonsense: this process reads its unfinished files
            pass
        finally:
            self.finished.set()
            if process is not None:
                for stream in (process.stdin, process.stdout):
                    if stream is not None:
                        with contextlib.suppress(OSError):
                            stream.close()
                process.wait()  # its stdin is closed, so it is on its way out

    def _feed(self, to_worker: IO[bytes], from_worker: IO[bytes]) -> None:
        pickle.dump(sys.path, to_worker)
        in_flight = 0
        for _ in range(IN_FLIGHT):
            in_flight += self._send(to_worker)
        while in_flight:
            index, result = pickle.load(from_worker)
            self.shared.results[index] = result  # None: the worker failed on it, so it is read here
            in_flight -= 1
            in_flight += self._send(to_worker)

    def _send(self, to_worker: IO[bytes]) -> int:
        index = self.shared.take_front()
        if index is None:
            return 0
        path, display = self.jobs[index]
        pickle.dump((index, path, display), to_worker, protocol=pickle.HIGHEST_PROTOCOL)
        to_worker.flush()
        return 1


def load_files(jobs: Sequence[Job], *, compact: bool, workers: int) -> list[FileResult]:
    """`load_file` for each job, in order; with `workers` > 0, shared with that many worker processes.

    Decks read by a worker are always compact, whatever `compact` says: their rubrics then cross the pipe
    in a fifth of the bytes, which saves this process more time (unpickling under its GIL) than it costs
    the worker to compress them. Cards behave the same either way.
    """
    shared = _Jobs(len(jobs))
    feeders = [_Feeder(jobs, shared) for _ in range(workers)]
    for feeder in feeders:
        feeder.start()
    try:
        while (index := shared.take_back()) is not None:
            shared.results[index] = _load(*jobs[index], compact)
    finally:  # also on Ctrl+C: workers get no more files, and this process waits for none of them
        shared.take_all()
    for feeder in feeders:
        feeder.finished.wait()
    return [result if result is not None else _load(*jobs[index], compact)
            for index, result in enumerate(shared.results)]


def wait_for_workers(timeout: float | None = None) -> bool:
    """Wait until every worker process started so far has exited (`load_files` returns before that);
    True if they all have. For measuring their CPU time and memory, and for tests."""
    for thread in threading.enumerate():
        if thread.name == FEEDER_THREAD:
            thread.join(timeout)
    return not any(thread.name == FEEDER_THREAD for thread in threading.enumerate())


def _load(path: Path, display: str, compact: bool) -> FileResult:
    from quizterm.deck.deckfile import load_file  # yaml and pydantic: only where files are read

    return load_file(path, display, compact)


def serve() -> None:
    """A worker's loop: `(index, path, display)` jobs in on stdin, `(index, FileResult | None)` out on stdout
    (decks compact), until stdin ends. A file it fails on comes back as None and is read again by the parent."""
    from quizterm.deck.deckfile import load_file

    into, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            index, path, display = pickle.load(into)
        except EOFError:
            return
        result: FileResult | None
        try:
            result = load_file(path, display, compact=True)
        except Exception:
            result = None
        pickle.dump((index, result), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
