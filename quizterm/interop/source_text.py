"""Reading a text source (Markdown, CSV, TSV) safely: size, binary data and encoding checked first.

Sources come from anywhere (a repository, a spreadsheet export), so nothing is assumed: a file over
`MAX_SOURCE_BYTES` is refused before it is read whole, a NUL byte means binary data, UTF-16 is taken when
its byte-order mark says so (spreadsheets export "Unicode text" that way), and anything else must be
UTF-8, or the error names the line and column of the first bad byte.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from quizterm.deck.source import position
from quizterm.errors import QuiztermError, UsageError

MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""Larger sources are refused: the deck written from one would be over the 20 MiB a deck file may hold."""
MAX_FIELD_CHARS = 100_000
"""One card text longer than this (about 30 pages) is not a card: the source is refused, naming the place."""


def read_text(path: Path, what: str) -> str:
    """The text of the source at `path` (`what` names its format in errors, e.g. "a Markdown file")."""
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UsageError(f"{path}: not a regular file; give {what}")
            if info.st_size > MAX_SOURCE_BYTES:
                raise QuiztermError(f"{path}: too large ({info.st_size / 2**20:.1f} MiB; at most "
                                    f"{MAX_SOURCE_BYTES // 2**20} MiB can be imported); split it into smaller files")
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise QuiztermError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise QuiztermError(f"{path}: too large (it grew while being read); split it into smaller files")
    return decode(data, path, what)


def decode(data: bytes, path: Path, what: str) -> str:
    """`data` as text: UTF-8 (with or without a BOM), or UTF-16 with a BOM; else a located error."""
    for bom, codec in ((codecs.BOM_UTF32_LE, None), (codecs.BOM_UTF32_BE, None),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            if codec is None:
                raise QuiztermError(f"{path}: UTF-32 text; save it as UTF-8")
            try:
                return data.decode(codec)  # the codec reads the BOM and drops it
            except UnicodeDecodeError:
                raise QuiztermError(f"{path}: starts like UTF-16 text but is not; save it as UTF-8") from None
    nul = data.find(b"\0", 0, 8000)
    if nul >= 0:
        raise QuiztermError(f"{path}: binary data (a NUL byte at line {position(data, nul)[0]}), not {what}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position(data, exc.start)
        raise QuiztermError(f"{path}:{line}:{col}: byte 0x{data[exc.start]:02x} is not UTF-8 (is the file in "
                            "another encoding, such as Windows-1252?); save it as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text


def check_field(text: str, path: Path, where: str, field: str) -> None:
    """Refuse a field too long to be a card's text (see `MAX_FIELD_CHARS`)."""
    if len(text) > MAX_FIELD_CHARS:
        place = f"{path}:{where.removeprefix('line ')}" if where.startswith("line ") else f"{path}: {where}"
        raise QuiztermError(f"{place}: {field} is {len(text):,} characters long (at most "
                            f"{MAX_FIELD_CHARS:,}); is this really one card? Nothing written")
