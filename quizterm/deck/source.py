"""Reading a deck file's bytes into text, refusing what YAML must never see.

The YAML parsers report bad bytes as byte offsets (or not at all), so encoding, binary data and control
characters are checked here first, on the raw bytes, and reported at a line and column. The checks run
in C (`bytes.translate`, `bytes.find`, `re` with a literal prefix) so valid files pay almost nothing.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from quizterm.deck.problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Deck files larger than this are refused: 20 MiB holds about 8,000 cards with full breakdowns."""

# YAML forbids C0 controls except tab, LF and CR, and DEL; they are single bytes in UTF-8.
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C0 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# C1 controls (U+0080..U+009F) except NEL, which YAML reads as a line break; 8-bit CSI can drive a terminal.
_C1 = re.compile(rb"\xc2[\x80-\x84\x86-\x9f]")
_NONCHARS = re.compile(rb"\xef\xbf[\xbe\xbf]")  # U+FFFE and U+FFFF
_BINARY_SNIFF = 8000  # like git: a NUL byte this early means binary data, not text


@dataclass(frozen=True, slots=True)
class Source:
    """A deck file's text (without a BOM) and the file identity it was read under (for the cache)."""

    text: str
    size: int
    mtime_ns: int


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as editors count them) of byte `offset` in `data`."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    if start == 0 and data.startswith(codecs.BOM_UTF8):
        start = len(codecs.BOM_UTF8)
    col = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, col


def read_source(path: Path, display: str) -> Source | list[Problem]:
    """The text of the deck file at `path`, or the problems that keep it from being YAML text."""
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return [Problem(display, 1, 1, "", "not a regular file; give a deck file (.yaml) or a folder")]
            if info.st_size > MAX_FILE_BYTES:
                return [_too_large(display, info.st_size)]
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return [Problem(display, 1, 1, "", f"cannot read the file: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:  # the file grew while we read it
        return [_too_large(display, len(data))]
    problems = check_bytes(data, display)
    if problems:
        return problems
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return Source(text, info.st_size, info.st_mtime_ns)


def _too_large(display: str, size: int) -> Problem:
    return Problem(display, 1, 1, "", f"the file is too large ({size / 2**20:.1f} MiB; the limit is "
                   f"{MAX_FILE_BYTES // 2**20} MiB); split it into several deck files")


def check_bytes(data: bytes, display: str) -> list[Problem]:
    """Problems with the raw bytes: another encoding, binary data, invalid UTF-8, control characters."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return [Problem(display, 1, 1, "", "the file is UTF-32 encoded; save it as UTF-8")]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return [Problem(display, 1, 1, "", "the file is UTF-16 encoded; save it as UTF-8")]
    nul = data.find(b"\0")
    if 0 <= nul < _BINARY_SNIFF:
        line, col = position(data, nul)
        return [Problem(display, line, col, "", "a NUL byte: this is a binary file, not a YAML deck; "
                        "deck files are UTF-8 text")]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position(data, exc.start)
        return [Problem(display, line, col, "", f"byte 0x{data[exc.start]:02x} is not valid UTF-8 "
                        "(is the file in another encoding?); save the file as UTF-8")]
    offsets: list[int] = []
    if len(data.translate(None, _C0_BYTES)) != len(data):
        offsets += (m.start() for m in _C0.finditer(data))
    if b"\xc2" in data:
        offsets += (m.start() for m in _C1.finditer(data))
    offsets += (m.start() for m in _NONCHARS.finditer(data))
    problems = []
    for offset in sorted(offsets):
        code = ord(data[offset:offset + 3].decode("utf-8", "ignore")[:1])
        line, col = position(data, offset)
        what = "control character" if code < 0xFFFE else "non-character"
        problems.append(Problem(display, line, col, "", f"{what} U+{code:04X} is not allowed in a deck file "
                                "(control characters could drive the terminal); remove it"))
    return problems
