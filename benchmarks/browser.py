"""The card browser at 10,000 cards: opening it and one search keystroke, against the deck list's start.

One process per run, in a 120x40 pty as a user's terminal: quizterm starts on the 50 generated 10k decks
with the million-review history (the baseline: launch until the deck list shows), then, once the deck
list takes keys, `c` (until the browser's status line "10,000 cards ·" shows: the open), then `/` and,
once the search box has the focus, one letter (until the status line shows "… of 10,000 cards": the
keystroke). Each time ends at the read that completed its marker, as pty_run.py reads a start-up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.decks import SET_10K
from benchmarks.figures import Figure
from benchmarks.pty_run import _OVERLAP, COLUMNS, LINES, LaunchError, _tail, strip_ansi, terminal_env

SETTLE = 0.8  # seconds after a screen shows before its keys are sent: keys sent earlier are ignored by design
OPENED = "10,000 cards ·"
SEARCHED = "of 10,000 cards"


class Session:
    """A program in a pty that can be typed at and read from, until `close`."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> None:
        self.start = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
                os.chdir(cwd)
                os.execve(argv[0], list(argv), terminal_env(env))
            finally:
                os._exit(127)
        self.raw = bytearray()

    def wait_for(self, marker: str, *, after: int = 0, timeout: float = 60.0) -> float:
        """Read until `marker` shows in output written after byte `after`; the moment it completed."""
        wanted = marker.encode()
        deadline = time.perf_counter() + timeout
        while True:
            if wanted in strip_ansi(bytes(self.raw[max(after, len(self.raw) - _OVERLAP):])):
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise LaunchError(f"{marker!r} not seen within {timeout:.0f} s; screen text: {_tail(self.raw)}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise LaunchError(f"exited before showing {marker!r}; screen text: {_tail(self.raw)}")
                self.raw += chunk

    def drain(self, seconds: float) -> None:
        """Keep reading (so the program never blocks on a full pty) for `seconds`."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if select.select([self.fd], [], [], left)[0]:
                with contextlib.suppress(OSError):
                    self.raw += os.read(self.fd, 1 << 16)

    def send(self, keys: str) -> tuple[float, int]:
        """Type `keys`; when, and how much output came before them."""
        mark = len(self.raw)
        os.write(self.fd, keys.encode())
        return time.perf_counter(), mark

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def one_run(argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> tuple[float, float, float]:
    """(deck list start, browser open, one search keystroke), in seconds."""
    session = Session(argv, env, cwd)
    try:
        started = session.wait_for(SET_10K.deck_marker) - session.start
        session.drain(SETTLE)
        sent, mark = session.send("c")
        opened = session.wait_for(OPENED, after=mark) - sent
        session.drain(SETTLE)
        session.send("/")
        session.drain(SETTLE)
        sent, mark = session.send("a")
        searched = session.wait_for(SEARCHED, after=mark) - sent
        return started, opened, searched
    finally:
        session.close()


def browser(b: Any, log: Callable[[str], None]) -> list[Figure]:
    """The section: `b` is run.py's Bench (its data, environment and scratch space)."""
    from benchmarks.run import _line

    folder = b.data.decks[SET_10K.name]
    data_dir = b.data_dir("browser-10k", copy_of=b.data.history)
    b.fill_deck_cache([folder], data_dir)
    argv = [sys.executable, "-m", "quizterm", str(folder), "--data-dir", str(data_dir), "--now", "2026-11-26"]
    one_run(argv, b.env, b.cwd)  # warm-up: bytecode, the OS file cache
    runs = [one_run(argv, b.env, b.cwd) for _ in range(b.runs)]
    start = [r[0] for r in runs]
    how = (f"one process per run ({len(runs)} runs) in a 120x40 pty, 10,000 cards in 50 files with the "
           f"{b.data.reviews:,}-review history, deck cache warm; baseline: launch until the deck list shows (the "
           f"warm start-up row, measured in the same processes); keys sent {SETTLE} s after each screen shows")
    figures = [
        Figure("Card browser opens, 10,000 cards × 1M reviews", "deck list start, same size", "s", start,
               [r[1] for r in runs],
               "Pressing c on the deck list shows the browser's table of 10,000 cards after {s}, {r} the deck "
               "list's own start-up ({b}).",
               how + "; timed: from writing `c` until the status line “10,000 cards ·” is on screen.",
               max_ratio=1.2),
        Figure("Card browser, one search keystroke, 10,000 cards", "deck list start, same size", "s", start,
               [r[2] for r in runs],
               "One letter typed in the browser's search shows the narrowed table after {s} ({r} the deck "
               "list's start-up).",
               how + "; timed: from writing `a` into the empty search box until “… of 10,000 cards” is on screen.",
               max_ratio=1.2),
    ]
    for figure in figures:
        log(_line(figure))
    return figures
