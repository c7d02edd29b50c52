"""A cache of validated decks, so starting a drill does not parse YAML or import pydantic.

One pickle per deck file, named after its resolved path and checked against the file's identity (size,
mtime_ns) and quizterm's version and `FORMAT_VERSION` before use. Only decks without errors are
stored. Anything wrong with an entry (missing, stale, corrupt, unreadable) makes it a miss, never an
error; writes go to a temporary file first and are swapped in with `os.replace`.

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

FORMAT_VERSION = 4
"""Bump when validation or the cached classes change in a way the package version does not capture."""


@dataclass(frozen=True, slots=True)
class CachedDeck:
    """A validated deck with its warnings and where each card id is written (id, index, line, column)."""

    deck: Deck
    warnings: tuple[Problem, ...]
    ids: tuple[tuple[str, int, int, int], ...]


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
            header, entry = pickle.loads(data)
        except Exception:  # missing, unreadable or corrupt: rebuild it
            return None
        if header != self._header(resolved, size, mtime_ns) or not isinstance(entry, CachedDeck):
            return None
        return entry

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
            data = pickle.dumps((self._header(resolved, size, mtime_ns), entry), protocol=pickle.HIGHEST_PROTOCOL)
            with tempfile.NamedTemporaryFile(dir=self.directory, prefix=".tmp-", suffix=".pickle",
                                             delete=False) as handle:
                temp = Path(handle.name)
                handle.write(data)
            temp.replace(target)  # atomic: readers see the old entry or the new
            temp = None
        except (OSError, pickle.PicklingError):
            pass
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    temp.unlink()
