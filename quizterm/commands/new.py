"""`quizterm new FILE.yaml [--title T]` starts a deck; `quizterm new FILE.yaml --card` adds a card to fill in.

A new deck is commented, starts with the `$schema` line (the schema is written beside it when missing)
and holds one example card; it passes `quizterm validate --strict`. `--card` adds a skeleton after the
deck's last card, with a fresh id, and leaves every other byte of the file as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from quizterm.errors import QuiztermError, UsageError

NAME = "new"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="start a deck file, or add a card skeleton to one",
                            description="Write a new deck file with one example card; with --card, add a card "
                                        "skeleton with a fresh id to an existing deck.")
    parser.add_argument("file", metavar="FILE.yaml", help="the deck file")
    parser.add_argument("--card", action="store_true", help="add a card skeleton to the existing deck FILE")
    parser.add_argument("--title", help="the new deck's title (default: from the file name)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.interop.output import check_output, write_atomically, write_schema_beside
    from quizterm.interop.skeleton import fresh_id, ids_beside, new_deck_text

    path = Path(args.file)
    check_output(path)
    taken = ids_beside(path)
    if args.card:
        return _add_card(path, taken, args, out)
    if path.exists():
        raise UsageError(f"{path}: already exists; add a card to it with 'quizterm new {path} --card'")
    card_id = fresh_id(path, taken)
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    title = args.title or (words[:1].upper() + words[1:]) or "My deck"
    write_atomically(path, new_deck_text(path, title, card_id))
    schema = write_schema_beside(path)
    also = f"; schema written to {schema}" if schema else ""
    print(f"wrote {path} with an example card ({card_id}){also}", file=out)
    return 0


def _add_card(path: Path, taken: set[str], args: argparse.Namespace, out: TextIO) -> int:
    from quizterm.interop.output import append_to_deck, deck_errors
    from quizterm.interop.skeleton import fresh_id, skeleton_card

    if not path.exists():
        raise UsageError(f"{path}: no such deck; start one with 'quizterm new {path}'")
    if args.title:
        raise UsageError("--title names a new deck; it cannot go with --card")
    card_id = fresh_id(path, taken)
    known = len(deck_errors(path, str(path)))  # an unfinished deck may have errors; adding a card adds none
    try:
        written = append_to_deck(path, [skeleton_card(card_id)], known_errors=known)
    except QuiztermError as exc:
        raise QuiztermError(f"{exc}; the card was not added") from None
    print(f"added card {card_id} at {path}:{written.first_line}; replace its TODO text", file=out)
    return 0
