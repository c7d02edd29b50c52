"""`quizterm import SOURCE -o DECK.yaml [--title T] [--format F]`: cards from another format into a deck.

The source is read and checked whole before anything is written; the deck is then written through a
temporary file and a rename (`interop.output`), so a failure at any point leaves every file as it was.
Into an existing deck, only cards whose ids it (or a deck beside it) does not have yet are added, after
its last card; the rest of the file stays byte for byte.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizterm.errors import QuiztermError, UsageError

if TYPE_CHECKING:
    from quizterm.interop.imported import Imported, ImportedCard

NAME = "import"
MAX_NOTICES = 100
"""Warnings printed at most; a last line counts the rest."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from quizterm.interop.formats import FORMATS

    known = "; ".join(f"{fmt.name} ({', '.join(fmt.suffixes)})" for fmt in FORMATS)
    parser = sub.add_parser(NAME, help=f"import cards ({', '.join(fmt.name for fmt in FORMATS)}) into a deck file",
                            description="Import cards into a deck file (created, or added to). Formats: "
                                        f"{known}.")
    parser.add_argument("source", metavar="SOURCE", help="the file to import")
    parser.add_argument("-o", "--output", required=True, metavar="DECK.yaml",
                        help="the deck file to write; an existing deck gets the cards it does not have yet")
    parser.add_argument("--title", help="the new deck's title (default: the source's own title, else its name)")
    parser.add_argument("--format", choices=[fmt.name for fmt in FORMATS],
                        help="the source's format, when its file name does not say it")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.commands.progress_bar import progress_for
    from quizterm.interop.formats import format_for, importer_for
    from quizterm.interop.output import append_to_deck, check_output, write_new_deck
    from quizterm.interop.tidy import tidy

    source, deck = Path(args.source), Path(args.output)
    fmt = format_for(source, args.format)
    if not source.exists():
        raise UsageError(f"{source}: no such file")
    check_output(deck)
    with progress_for(err) as progress:
        imported = tidy(importer_for(fmt)(source, progress))
        if not imported.cards:
            _print_notices(imported, source, err)
            raise QuiztermError(f"{source}: no cards to import; nothing written")
        cards = _not_beside(imported, deck)
        if not cards and not deck.exists():
            _print_notices(imported, source, err)
            raise QuiztermError(f"{source}: no cards to import (every id is used by a deck beside {deck.name}); "
                                "nothing written")
        progress.start("writing the deck", None)
        if deck.exists():
            if args.title:
                imported.notice("", f"--title ignored: {deck} exists and keeps its own title")
            written = append_to_deck(deck, cards)
        else:
            title = args.title or imported.title or source.stem.replace("_", " ").replace("-", " ").strip()
            written = write_new_deck(deck, title or "Imported", cards, comments=(
                f"Imported from {source.name} by 'quizterm import'. Check it with: quizterm validate {deck.name}",))
    _print_notices(imported, source, err)
    parts = [f"{len(written.added)} {'card' if len(written.added) == 1 else 'cards'} added to {deck}"]
    if written.skipped:
        parts.append(f"{len(written.skipped)} already there, left as they are")
    if written.schema is not None:
        parts.append(f"schema written to {written.schema}")
    if imported.notices:
        parts.append(f"{len(imported.notices)} {'warning' if len(imported.notices) == 1 else 'warnings'} above")
    print("; ".join(parts), file=out)
    return 0


def _not_beside(imported: Imported, deck: Path) -> list[ImportedCard]:
    """The cards whose ids no other deck in the target's folder uses (ids are unique across decks); a
    notice for each one left out."""
    from quizterm.deck.loader import DECK_SUFFIXES, load_decks

    others = [path for path in sorted(deck.parent.iterdir()) if path.suffix.lower() in DECK_SUFFIXES
              and not path.name.startswith(".") and path.is_file() and path.resolve() != deck.resolve()]
    used: dict[str, str] = {}
    for other in load_decks(others).decks if others else []:
        used.update((card.id, other.path.name) for card in other.cards)
    kept = []
    for card in imported.cards:
        if card.id in used:
            imported.notice(card.where, f"id {card.id} is already used by {used[card.id]} beside the deck; "
                            "card skipped")
        else:
            kept.append(card)
    return kept


def _print_notices(imported: Imported, source: Path, err: TextIO) -> None:
    from quizterm.deck.problems import printable

    for notice in imported.notices[:MAX_NOTICES]:
        where = notice.where
        place = f"{source}:{where.removeprefix('line ')}" if where.startswith("line ") else (
            f"{source}: {where}" if where else str(source))
        print(printable(f"{place}: warning: {notice.message}"), file=err)
    if len(imported.notices) > MAX_NOTICES:
        print(f"... and {len(imported.notices) - MAX_NOTICES} more warnings", file=err)
