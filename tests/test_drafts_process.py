"""The real program in a pseudo-terminal: keys typed before it is up are kept, and a kill -9 mid-answer
loses nothing that was typed a second before.

Slow-ish (two start-ups of the real command), so marked `slow`; the waits are bounded polls for a
condition, never a speed assertion.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DECK = """\
title: One card
cards:
  - id: survives
    question: What survives a kill -9?
    short_answer: Every committed transaction.
"""
DEADLINE_S = 60.0


class Terminal:
    """`python -m quizterm ...` on an 80x24 pseudo-terminal, its output drained by a thread."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "QUIZTERM_DATA_DIR": ""}
        env.pop("QUIZTERM_DEBUG", None)
        argv = [sys.executable, "-m", "quizterm", *args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: its terminal gets a size, then it becomes quizterm
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._reader.join(timeout=5)
        os.close(self.fd)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def draft_rows(data_dir: Path) -> list[tuple[str, str, str]]:
    path = data_dir / "progress.sqlite3"
    if not path.exists():
        return []
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute("SELECT card_id, answer, saved_at FROM drafts").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        conn.close()


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[list[str], Path]]:
    deck = tmp_path / "one.yaml"
    deck.write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    yield ["drill", str(deck), "--data-dir", str(data), "--now", "2031-03-04T10:00"], data


def test_a_draft_typed_before_the_screen_is_up_survives_kill_9_and_comes_back(
        setup: tuple[list[str], Path]) -> None:
    args, data = setup
    text = "typed at once, before the first screen; q u 5 are text"
    started = datetime.now(UTC)
    first = Terminal(*args)
    try:
        first.type(text)  # at once: quizterm has not even loaded its decks yet
        wait_for(lambda: [answer for _, answer, _ in draft_rows(data)] == [text], "the draft in the database")
    finally:
        first.kill()
    [(card, answer, saved_at)] = draft_rows(data)
    assert (card, answer) == ("survives", text)
    assert started <= datetime.fromisoformat(saved_at) <= datetime.now(UTC), \
        "stamped by the real clock, not by --now (2031)"

    second = Terminal(*args)
    try:
        wait_for(lambda: b"Reveal rubric" in second.output, "the question screen")
        wait_for(lambda: b"before the first screen" in second.output, "the draft back in the box")
    finally:
        second.kill()
