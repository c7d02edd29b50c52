"""Run a terminal program in a pseudo-terminal until a marker shows, as a user would see it.

The program gets a 120x40 pty (TIOCSWINSZ, plus COLUMNS/LINES and TERM=xterm-256color) as its
controlling terminal. Its output is read as it comes; ANSI escape sequences are stripped (Textual
interleaves text with cursor moves and colours) and the plain text is searched for the marker. The
time is from just before the fork to the read that completed the marker; the peak resident memory is
`VmHWM` from /proc at that moment. Then the whole process group is killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

COLUMNS, LINES = 120, 40
# CSI (colours, cursor moves, modes), OSC (titles, clipboard), DCS/APC strings, and two-byte escapes.
_ANSI = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P_^X][^\x1b]*\x1b\\"
    rb"|\x1b[()*+][0-~]"
    rb"|\x1b[ -~]"
)
_OVERLAP = 4096  # bytes searched again before each new chunk: a marker or escape split by a read is found


def strip_ansi(data: bytes) -> bytes:
    return _ANSI.sub(b"", data)


class LaunchError(RuntimeError):
    """The program exited or timed out before showing the marker."""


@dataclass(frozen=True, slots=True)
class Launch:
    seconds: float  # fork -> marker visible
    peak_rss_kib: int  # VmHWM when the marker showed


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise LaunchError(f"no VmHWM for pid {pid}")


def terminal_env(base: Mapping[str, str]) -> dict[str, str]:
    env = dict(base)
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    for name in ("NO_COLOR", "TEXTUAL", "TEXTUAL_DRIVER", "TEXTUAL_HEADLESS"):
        env.pop(name, None)
    return env


def launch(argv: Sequence[str], marker: str, *, env: Mapping[str, str], cwd: Path,
           timeout: float = 120.0) -> Launch:
    """Run `argv` in a pty until `marker` is on screen; kill it; return the time and peak memory."""
    wanted = marker.encode()
    full_env = terminal_env(env)
    winsize = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a new session whose controlling terminal is the pty
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, winsize)
            os.chdir(cwd)
            os.execve(argv[0], list(argv), full_env)
        finally:
            os._exit(127)
    raw = bytearray()
    try:
        deadline = start + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise LaunchError(f"{marker!r} not seen within {timeout:.0f} s; screen text: "
                                  f"{_tail(raw)}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # EIO: the child closed the terminal (it exited)
                chunk = b""
            if not chunk:
                raise LaunchError(f"exited before showing {marker!r}; screen text: {_tail(raw)}")
            begin = max(0, len(raw) - _OVERLAP)
            raw += chunk
            if wanted in strip_ansi(bytes(raw[begin:])):
                seconds = time.perf_counter() - start
                return Launch(seconds=seconds, peak_rss_kib=peak_rss_kib(pid))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        os.close(fd)


def _tail(raw: bytearray) -> str:
    plain = strip_ansi(bytes(raw[-20_000:]))
    return " ".join(plain[-600:].decode("utf-8", "replace").split())
