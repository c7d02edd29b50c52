"""Loading decks from files and folders: the entry point the CLI and the drill use.

A path is a deck file or a folder searched recursively. Every file is checked and every problem is
collected (`load_decks` never raises for bad content), then checks that need all files at once run:
a card id or a deck name used twice. With a cache directory, unchanged valid files come from the cache
and neither yaml nor pydantic is imported (`deckfile.py` is imported only on a miss). Many changed
files are read by worker processes as well as this one (`parallel.py`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizterm.deck.cache import CachedDeck, DeckCache
from quizterm.deck.cards import Deck
from quizterm.deck.problems import DeckError, Problem, duplicate_id, tally
from quizterm.errors import UsageError

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class BrokenDeck:
    """A deck file with errors, found by searching a folder: shown to the user, never drilled."""

    path: Path
    errors: int
    """Every error of the file, also those left out of its list by the cap."""
    first: Problem
    """The first error, as `quizterm validate` prints it."""


@dataclass
class LoadResult:
    """The valid decks and every problem found, in file order (warnings included).

    A file with any error contributes no deck. `files` are the deck files that were read; `named` those
    of them that were named directly rather than found in a folder.
    """

    decks: list[Deck]
    problems: list[Problem]
    files: list[Path] = field(default_factory=list)
    cache: DeckCache | None = field(default=None, compare=False, repr=False)
    named: frozenset[Path] = frozenset()

    def write_cache(self) -> None:
        """Write cache entries deferred by `load_decks(..., defer_cache_writes=True)`; safe to call always."""
        if self.cache is not None:
            self.cache.flush()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        """Every error, also those left out of a file's list by the cap."""
        return tally(self.problems)[0]

    @property
    def warning_count(self) -> int:
        """Every warning, also those left out of a file's list by the cap."""
        return tally(self.problems)[1]

    def require_valid(self, strict: bool = False) -> list[Deck]:
        """The decks, or `DeckError` if any file has errors (or warnings, when `strict`)."""
        failing = [p for p in self.problems if strict or p.severity == "error"]
        if failing:
            raise DeckError(failing)
        return self.decks

    def broken_in_folders(self) -> list[BrokenDeck]:
        """The broken deck files to set aside, so that the valid decks of a folder can still be used.

        Only a file found in a folder is set aside, and only while some deck is valid: a broken file named
        directly, or a folder with no valid deck, raises `DeckError` with the errors that stop the command.
        """
        errors = [p for p in self.problems if p.severity == "error"]
        if not errors:
            return []
        stopping = [p for p in errors if Path(p.path) in self.named] if self.decks else errors
        if stopping:
            raise DeckError(stopping)
        broken: dict[str, list[Problem]] = {}
        for problem in errors:
            broken.setdefault(problem.path, []).append(problem)
        return [BrokenDeck(Path(path), tally(found)[0], found[0]) for path, found in broken.items()]


def find_deck_files(paths: Sequence[str | Path]) -> list[Path]:
    """The deck files named by `paths`: files as given, folders searched for `*.yaml`/`*.yml`.

    Folders are searched recursively in sorted order, skipping hidden files and folders; a file
    reached twice is listed once. A path that does not exist, or a folder without decks, is a
    `UsageError`.
    """
    return [file for file, _, _ in _find(paths)]


def _find(paths: Sequence[str | Path]) -> list[tuple[Path, Path, bool]]:
    """`find_deck_files`, each file with its resolved path (which the cache is keyed by) and whether it
    was named directly (a file named directly and also found in a folder counts as named)."""
    found: dict[Path, tuple[Path, Path, bool]] = {}
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise UsageError(f"{given}: no such file or directory")
        named = not path.is_dir()
        files = [path] if named else _search(path)
        if not files:
            raise UsageError(f"{given}: no deck files (*.yaml, *.yml) in this folder")
        for file in files:
            identity = file.resolve()
            if identity not in found:
                found[identity] = (file, identity, named)
            elif named:
                first = found[identity][0]
                found[identity] = (first, identity, True)
    return list(found.values())


def _search(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [Path(root, name) for name in names
                  if not name.startswith(".") and name.lower().endswith(DECK_SUFFIXES)]
    return sorted(files)


def load_decks(paths: Sequence[str | Path], *, cache_dir: Path | None = None, defer_cache_writes: bool = False,
               compact: bool = False, parallel_from: int | None = None, warnings: bool = True) -> LoadResult:
    """Load and check every deck under `paths`; problems are collected, never raised.

    With `defer_cache_writes`, new cache entries are written only by `LoadResult.write_cache()`. With
    `compact`, cards keep their rubrics compressed (what a drill holds for its whole run). When at least
    `parallel_from` bytes of files (default `parallel.MIN_BYTES`) are not in the cache, worker processes share
    the reading (`parallel.py`, imported only when a file is not in the cache: not by a warm start).
    Without `warnings`, the result holds errors only (for commands that never show warnings: a warm start
    then never reads the cached ones).
    Raises `UsageError` only for a path that does not exist or a folder without decks.
    """
    found = _find(paths)
    files = [file for file, _, _ in found]
    cache = DeckCache(cache_dir, defer_writes=defer_cache_writes) if cache_dir is not None else None
    result = LoadResult([], [], files, cache, frozenset(file for file, _, named in found if named))
    outcomes: list[_Outcome | None] = []
    misses: list[tuple[int, os.stat_result | None, Path]] = []
    for index, (path, resolved, _) in enumerate(found):
        outcome, info = _from_cache(path, resolved, cache, warnings)
        outcomes.append(outcome)
        if outcome is None:
            misses.append((index, info, resolved))
    if misses:
        from quizterm.deck.parallel import MIN_BYTES, load_files, planned_workers

        workers = planned_workers([info.st_size if info else 0 for _, info, _ in misses],
                                  min_bytes=MIN_BYTES if parallel_from is None else parallel_from)
        jobs = [(files[index], str(files[index])) for index, _, _ in misses]
        loads = load_files(jobs, compact=compact, workers=workers)
    else:
        loads = []
    for (index, info, resolved), loaded in zip(misses, loads, strict=True):
        outcomes[index] = (loaded.deck, loaded.problems if warnings else
                           [p for p in loaded.problems if p.severity == "error"], loaded.ids)
        if cache is not None and info is not None and loaded.deck is not None:
            kept = tuple(replace(w, path="") for w in loaded.problems)  # only warnings: the deck is valid
            same = {card.id: card.id for card in loaded.deck.cards}  # the cards' own strings: pickled once
            ids = tuple((same.get(card_id, card_id), index, line, col) for card_id, index, line, col in loaded.ids)
            cache.put(resolved, loaded.size, loaded.mtime_ns, CachedDeck.of(loaded.deck, kept, ids))
    first_id: dict[str, str] = {}
    first_name: dict[str, str] = {}
    for path, outcome in zip(files, outcomes, strict=True):
        assert outcome is not None
        deck, problems, ids = outcome
        display = str(path)
        shared: list[Problem] = []
        name = path.stem
        if name in first_name:
            shared.append(Problem(display, 1, 1, "", f"deck name {name!r} is already used by "
                                  f"{first_name[name]} (a deck's name is its file name); rename one of the files"))
        else:
            first_name[name] = display
        for card_id, index, line, col in ids:
            if card_id in first_id:
                shared.append(duplicate_id(display, index, line, col, card_id, first_id[card_id]))
            else:
                first_id[card_id] = f"{display}:{line}:{col}"
        if shared:
            deck = None
            problems = sorted([*problems, *shared], key=lambda p: (p.line, p.col))
        if deck is not None:
            result.decks.append(deck)
        result.problems += problems
    return result


_Outcome = tuple[Deck | None, list[Problem], tuple[tuple[str, int, int, int], ...]]
"""A file's deck (None if it has errors), its problems and its card ids."""


def _from_cache(path: Path, resolved: Path, cache: DeckCache | None,
                warnings: bool = True) -> tuple[_Outcome | None, os.stat_result | None]:
    """The file's outcome from the cache (None on a miss), with its stat when it has one."""
    try:
        info = path.stat()
    except OSError:
        return None, None  # reading it reports why
    if cache is None:
        return None, info
    hit = cache.get(resolved, info.st_size, info.st_mtime_ns)
    if hit is None or hit.deck.key != path.stem:
        return None, info
    display = str(path)
    kept = [replace(w, path=display) for w in hit.warnings] if warnings else []
    return (replace(hit.deck, path=path), kept, hit.ids), info
