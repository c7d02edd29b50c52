"""The terminal's flow control (`ctrl+s` / `ctrl+q` as XOFF / XON), off while quizterm runs.

Until Textual puts the terminal in raw mode, which takes a few hundred milliseconds of imports and deck
loading, the terminal's line discipline reads what is typed; with flow control on (IXON, the usual
default) it takes `ctrl+s` as "stop output" and drops the key. The letters of an answer typed at once
still reach the first question's box, but the `ctrl+s` after them was lost. Turning IXON off first thing
makes that `ctrl+s` a key like the others; the terminal's own setting is put back when quizterm ends
(Textual restores the mode it found, which is ours, so the outer restore is what counts).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO


@contextlib.contextmanager
def flow_control_off(stream: TextIO | None = None) -> Iterator[None]:
    """Turn IXON off on `stream` (default: standard input) when it is a terminal, and back on after."""
    try:
        import termios
    except ImportError:  # not a POSIX terminal: nothing to do
        yield
        return
    try:
        fd = (sys.stdin if stream is None else stream).fileno()
        if not os.isatty(fd):
            raise OSError("not a terminal")
        before = termios.tcgetattr(fd)
    except (AttributeError, OSError, ValueError, termios.error):  # closed, replaced or not a terminal
        yield
        return
    if not before[0] & termios.IXON:
        yield
        return
    after = list(before)
    after[0] = before[0] & ~termios.IXON
    try:
        termios.tcsetattr(fd, termios.TCSANOW, after)
    except termios.error:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError, termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, before)
