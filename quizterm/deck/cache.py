"""A cache of validated decks, so starting a drill does not parse YAML or import pydantic.

One entry per deck file (pickles, with a CRC-32), named after its resolved path and checked against the
file's identity (size, mtime_ns) and quizterm's version and `FORMAT_VERSION` before use. Only decks
without errors are stored. Anything wrong with an entry (missing, stale, damaged, unreadable) makes it a
miss, never an error; writes go to a temporary file first and are swapped in with `os.replace`.

The cache directory belongs to the user (it lives in quizterm's data directory); entries are pickles,
so it must not be writable by anyone else.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from quizterm import __version__
from quizterm.deck.cards import Deck
from quizterm.deck.problems import Problem

FORMAT_VERSION = 8
"""Bump when validation or the cached classes change in a way the package version does not capture."""

_LENGTH = 8
"""An entry is: the length of its meta pickle (8 bytes, little-endian); the meta pickle (header, CRC-32 of
the body); the body pickle (the CachedDeck). The header is checked before the body is read, the CRC
before it is unpickled (~1 ms for 10,000 cards)."""


@dataclass(frozen=True, slots=True)
class CachedDeck:
    """A validated deck with its warnings and where each card id is written (id, index, line, column).

    The warnings (paths left empty) are pickled apart, as bytes: only `validate` lists them, and a drill
    of 10,000 cards with a warning on every other card would otherwise unpickle 5,000 of them at each start.
    """

    deck: Deck
    warnings_pickle: bytes
    ids: tuple[tuple[str, int, int, int], ...]

    @classmethod
    def of(cls, deck: Deck, warnings: tuple[Problem, ...], ids: tuple[tuple[str, int, int, int], ...]) -> CachedDeck:
        return cls(deck, pickle.dumps(warnings, protocol=pickle.HIGHEST_PROTOCOL), ids)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        found: tuple[Problem, ...] = pickle.loads(self.warnings_pickle)
        return found


class DeckCache:
    """Validated decks stored in `directory`, keyed by file identity."""

    def __init__(self, directory: Path, *, defer_writes: bool = False) -> None:
        self.directory = directory
        self.defer_writes = defer_writes
        self._pending: list[tuple[Path, int, int, CachedDeck]] = []

    def _entry(self, resolved: Path) -> Path:
        # Two stdlib checksums make a 64-bit name without loading OpenSSL (hashlib costs ~3 ms of every
        # start); a collision only costs a miss, since each entry's header names its file in full.
        name = os.fsencode(resolved)
        return self.directory / f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}.pickle"

    @staticmethod
    def _header(resolved: Path, size: int, mtime_ns: int) -> tuple[object, ...]:
        return ("quizterm-deck-cache", FORMAT_VERSION, __version__, os.fspath(resolved), size, mtime_ns)

    def get(self, resolved: Path, size: int, mtime_ns: int) -> CachedDeck | None:
        """The cached deck for this file identity, or None."""
        try:
            data = self._entry(resolved).read_bytes()
            view = memoryview(data)
            meta_end = _LENGTH + int.from_bytes(view[:_LENGTH], "little")
            header, checksum = pickle.loads(view[_LENGTH:meta_end])
            if header != self._header(resolved, size, mtime_ns):
                return None  # stale: its body is never unpickled
            if zlib.crc32(view[meta_end:]) != checksum:
                return None  # damaged: a bad byte in a rubric block would otherwise fail only when shown
            entry = pickle.loads(view[meta_end:])
        except Exception:  # missing, unreadable or corrupt: rebuild it
            return None
        return entry if isinstance(entry, CachedDeck) else None

    def put(self, resolved: Path, size: int, mtime_ns: int, entry: CachedDeck) -> None:
        """Store `entry` for this file identity (or queue it, with `defer_writes`, until `flush`)."""
        if self.defer_writes:
            self._pending.append((resolved, size, mtime_ns, entry))
        else:
            self._write(resolved, size, mtime_ns, entry)

    def flush(self) -> None:
        """Write the queued entries. A drill calls it once its first screen is up: on a cold start,
        pickling 10,000 cards would otherwise delay that screen by about a tenth of a second."""
        pending, self._pending = self._pending, []
        for item in pending:
            self._write(*item)

    def _write(self, resolved: Path, size: int, mtime_ns: int, entry: CachedDeck) -> None:
        """Failing to write is not an error (the entry stays a miss)."""
        target = self._entry(resolved)
        temp: Path | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            entry = replace(entry, deck=entry.deck.compacted())  # rubrics compressed: a fraction of the bytes
            body = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            meta = pickle.dumps((self._header(resolved, size, mtime_ns), zlib.crc32(body)),
                                protocol=pickle.HIGHEST_PROTOCOL)
            with tempfile.NamedTemporaryFile(dir=self.directory, prefix=".tmp-", suffix=".pickle",
                                             delete=False) as handle:
                temp = Path(handle.name)
                handle.write(len(meta).to_bytes(_LENGTH, "little"))
                handle.write(meta)
                handle.write(body)
            temp.replace(target)  # atomic: readers see the old entry or the new
            temp = None
        except (OSError, pickle.PicklingError):
            pass
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    temp.unlink()
