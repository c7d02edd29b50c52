"""`quizterm export anki [PATH...] -o FILE.apkg`: decks to an Anki package, to study them in Anki too."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from quizterm.errors import UsageError

NAME = "export"
FORMATS = ("anki",)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        NAME, help="export decks to another program's format (anki)",
        description="Export decks to an Anki package: one Anki deck per deck (under 'quizterm::'), one "
                    "note per card. Exporting again and importing into Anki updates the notes, keeping "
                    "their review history.")
    parser.add_argument("format", choices=FORMATS, help="the format to write")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="deck files or folders (default: ./decks if there is one, else the bundled decks)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.apkg", help="the package to write")


def check_output(path: Path) -> None:
    """Refuse an output that is not an `.apkg` file in an existing folder (overwriting one is fine: it is
    what exporting again means)."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give the package to write, e.g. {path / 'quizterm.apkg'}")
    if path.suffix.lower() != ".apkg":
        raise UsageError(f"{path}: an Anki package's name must end in .apkg")
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent}: no such folder; create it first")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path}: not a regular file")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.commands.common import default_deck_paths, load_valid_decks, wall_clock
    from quizterm.commands.progress_bar import progress_for
    from quizterm.deck.problems import count, printable
    from quizterm.interop.anki_export import export_anki

    output = Path(args.output)
    check_output(output)
    loaded, broken = load_valid_decks(args.paths or default_deck_paths(), None, err)
    for deck in broken:
        print(f"quizterm: warning: not exported: {deck.first.format()} ({count(deck.errors, 'error')} in this "
              f"deck; `quizterm validate {printable(str(deck.path))}` lists them)", file=err)
    with progress_for(err) as progress:
        # The real time: Anki updates a note it has only from a newer one (never --now: export has none).
        summary = export_anki(loaded.decks, output, timestamp=wall_clock().timestamp(), progress=progress)
    decks = "deck" if summary.decks == 1 else "decks"
    notes = "note" if summary.notes == 1 else "notes"
    print(f"wrote {printable(str(output))}: {summary.decks} {decks}, {summary.notes} {notes} "
          "(import it in Anki with File > Import; importing again updates these notes)", file=out)
    return 0
