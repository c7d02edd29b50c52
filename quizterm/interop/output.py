"""Writing deck files safely: the output path checked first, the text validated, then one atomic rename.

A deck is written to a temporary file beside its target, checked by the same loader `quizterm validate`
uses, and only then renamed over the target: an import that fails at any step (or is interrupted)
leaves the target, and everything else, as it was. Paths are resolved before they are checked, so a
path with `..` that ends inside the bundled decks is refused like any other path there.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from quizterm.deck.loader import DECK_SUFFIXES
from quizterm.deck.problems import Problem
from quizterm.errors import QuiztermError, UsageError
from quizterm.interop.appending import append_cards_text, find_cards_list
from quizterm.interop.imported import ImportedCard
from quizterm.interop.writer import SCHEMA_FILE, deck_text


def check_output(path: Path) -> None:
    """Refuse an output path that must not be written: a folder, a name a deck folder would skip, a folder
    that does not exist, or quizterm's bundled decks (an upgrade replaces them)."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give the deck file to write, e.g. {path / 'imported.yaml'}")
    if path.suffix.lower() not in DECK_SUFFIXES:
        raise UsageError(f"{path}: a deck file's name must end in .yaml or .yml")
    if path.name.startswith("."):
        raise UsageError(f"{path}: a hidden file is skipped when its folder is drilled; choose a name "
                         "without a leading '.'")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such folder; create it first")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path}: not a regular file")
    from quizterm.deck.bundled import bundled_decks_dir

    bundled = bundled_decks_dir().resolve()
    if path.resolve().is_relative_to(bundled):
        raise UsageError(f"{path}: is inside quizterm's bundled decks ({bundled}), which an upgrade replaces; "
                         "write your deck to a folder of your own")


def write_atomically(path: Path, text: str, *, check_deck: bool = True, known_errors: int = 0) -> None:
    """Write `text` to `path` through a temporary file and a rename. With `check_deck`, the text must be a
    valid deck (errors only; warnings are the author's business), or nothing is written; `known_errors`
    errors are tolerated (a deck being written by hand may be unfinished: adding a card must not be
    refused for that, only for adding an error)."""
    data = text.encode("utf-8")
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            temp.chmod(mode)
        if check_deck:
            _require_valid(temp, path, known_errors)
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def deck_errors(path: Path, display: str) -> list[Problem]:
    """The errors `quizterm validate` would list for the deck file at `path` (within this file alone)."""
    from quizterm.deck.deckfile import load_file

    return [problem for problem in load_file(path, display).problems if problem.severity == "error"]


def _require_valid(temp: Path, target: Path, known_errors: int) -> None:
    errors = deck_errors(temp, str(target))
    if len(errors) > known_errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise QuiztermError(f"nothing written: the deck would not be valid: {errors[0].format()}{more}")


def write_schema_beside(deck: Path) -> Path | None:
    """Write `deck.schema.json` beside `deck` when the folder has none (the `$schema` line points at it);
    returns the file written, or None when one was there already."""
    from quizterm.deck.schema import schema_text

    schema = deck.parent / SCHEMA_FILE
    if schema.exists():
        return None
    write_atomically(schema, schema_text(), check_deck=False)
    return schema


@dataclass(frozen=True, slots=True)
class Written:
    """What writing a deck did: the cards added, the ids skipped (already in the deck), the schema file
    written beside it (None if there was one) and the line the first new card starts on."""

    added: list[ImportedCard]
    skipped: list[ImportedCard]
    schema: Path | None
    first_line: int


def write_new_deck(path: Path, title: str, cards: list[ImportedCard], *, description: str = "",
                   comments: tuple[str, ...] = ()) -> Written:
    """Write a new deck file holding `cards`, and the schema beside it when missing."""
    text = deck_text(title, cards, description=description, comments=comments)
    write_atomically(path, text)
    first_line = text.count("\n", 0, text.index("cards:\n")) + 2
    return Written(cards, [], write_schema_beside(path), first_line)


def append_to_deck(path: Path, cards: list[ImportedCard], *, known_errors: int = 0) -> Written:
    """Add the cards whose ids the deck does not have yet after its last card; the file's existing text
    stays byte for byte (see `appending.py`). Cards already there are skipped, not updated: the deck's copy
    may hold the author's edits, which an import must never overwrite. `known_errors`: see `write_atomically`."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise QuiztermError(f"{path}: not UTF-8 text; run 'quizterm validate {path}'") from None
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    where = find_cards_list(body, str(path))
    added = [card for card in cards if card.id not in where.ids]
    skipped = [card for card in cards if card.id in where.ids]
    if added:
        write_atomically(path, ("\ufeff" if bom else "") + append_cards_text(body, added, where),
                         known_errors=known_errors)
    return Written(added, skipped, None, where.line)
