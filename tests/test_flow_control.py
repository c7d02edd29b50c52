"""`ctrl+s` typed while quizterm starts reveals the rubric instead of vanishing into the terminal.

Until Textual puts the terminal in raw mode (a few hundred milliseconds of imports and deck loading), the
terminal's own line discipline reads the keys, and with flow control on (IXON, the default) it takes
`ctrl+s` as "stop output" and drops it: an answer typed at once with `ctrl+s` after it stayed unrevealed,
although every letter reached the box. quizterm turns flow control off for its run and back on after.
"""

from __future__ import annotations

import os
import termios
import time
from pathlib import Path

import pytest

from quizterm.flow_control import flow_control_off

from .test_drafts_process import Terminal, draft_rows, wait_for


def ixon(fd: int) -> bool:
    return bool(termios.tcgetattr(fd)[0] & termios.IXON)


def canonical(fd: int) -> bool:
    return bool(termios.tcgetattr(fd)[3] & termios.ICANON)


def test_flow_control_is_off_inside_and_restored_after() -> None:
    master, slave = os.openpty()
    try:
        attrs = termios.tcgetattr(slave)
        attrs[0] |= termios.IXON
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        with open(slave, closefd=False) as stream, flow_control_off(stream):
            assert not ixon(slave)
            assert canonical(slave), "nothing else of the terminal's mode changes"
        assert ixon(slave)
    finally:
        os.close(master)
        os.close(slave)


def test_not_a_terminal_is_left_alone(tmp_path: Path) -> None:
    with (tmp_path / "f").open("w") as stream, flow_control_off(stream):
        pass  # no error: a file or a pipe has no flow control


@pytest.mark.slow
def test_ctrl_s_typed_before_the_first_screen_reveals_the_rubric(tmp_path: Path) -> None:
    deck = tmp_path / "one.yaml"
    deck.write_text("title: One card\ncards:\n  - id: early\n    question: What is typed early?\n"
                    "    short_answer: Everything, ctrl+s included.\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    terminal = Terminal("drill", str(deck), "--data-dir", str(data))
    try:
        # The moment flow control is off but the terminal is not raw yet: the line discipline still
        # reads keys, as it does for everything typed while quizterm imports and loads its decks.
        deadline = time.monotonic() + 60
        while ixon(terminal.fd) or not canonical(terminal.fd):
            assert canonical(terminal.fd), "the terminal went raw with flow control still on"
            assert time.monotonic() < deadline, "flow control never turned off"
            time.sleep(0.001)
        terminal.type("typed at once\x13")  # \x13 is ctrl+s
        wait_for(lambda: b"Everything, ctrl+s included." in terminal.output, "the rubric")
        wait_for(lambda: [answer for _, answer, _ in draft_rows(data)] == ["typed at once"], "the answer kept")
    finally:
        terminal.kill()
