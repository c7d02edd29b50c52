"""`quizterm check DECK_FILE --card ID --answer TEXT [--json]`: which key points an answer makes.

For deck authors tuning their key points and aliases: the matcher's verdict on one typed answer, the
words that made each point, and the grade the checklist would suggest if nothing were toggled. Nothing
is read from or written to the progress database.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from quizterm.errors import QuiztermError

if TYPE_CHECKING:
    from quizterm.deck.cards import Card

NAME = "check"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="show which key points an answer makes, and the suggested grade",
                            description="Run the key-point matcher on one answer to one card: which key "
                                        "points it mentions and the grade they suggest.")
    parser.add_argument("deck", metavar="DECK_FILE", help="the deck file holding the card")
    parser.add_argument("--card", required=True, metavar="ID", help="the card's id")
    parser.add_argument("--answer", required=True, metavar="TEXT",
                        help="the answer as a candidate would type it; '-' reads it from standard input")
    parser.add_argument("--json", action="store_true", help="print one JSON object (see README)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from quizterm.rehearsal.grading import suggested_grade
    from quizterm.rehearsal.matcher import match

    card = _card(args.deck, args.card, err)
    if not card.key_points:
        raise QuiztermError(f"card {args.card!r} has no key_points, so there is nothing to check; add 2–8 "
                            "key points to it (see README, 'Writing decks')")
    answer = sys.stdin.read() if args.answer == "-" else args.answer
    results = match(answer, card.key_points, card.question)
    made = sum(result.mentioned for result in results)
    grade = suggested_grade(len(results), made)
    if args.json:
        report: dict[str, Any] = {
            "card": card.id,
            "key_points": [{"text": point.text, "mentioned": result.mentioned}
                           for point, result in zip(card.key_points, results, strict=True)],
            "suggested_grade": grade,
        }
        print(json.dumps(report, ensure_ascii=False), file=out)
        return 0
    print(f"{card.id}: {made} of {len(results)} key points mentioned", file=out)
    for point, result in zip(card.key_points, results, strict=True):
        print(f"  [{'x' if result.mentioned else ' '}] {point.text}", file=out)
        if result.mentioned:
            print(f"        by: {result.evidence}", file=out)
    print(f"suggested grade: {grade} (5 × {made}/{len(results)}, rounded half up, no mistakes marked)", file=out)
    return 0


def _card(path: str, card_id: str, err: TextIO) -> Card:
    """The card `card_id` of the deck file at `path`; a broken deck prints its located errors first."""
    import difflib

    from quizterm.deck.loader import load_decks
    from quizterm.deck.problems import DeckError, printable

    result = load_decks([path])
    try:
        decks = result.require_valid()
    except DeckError as exc:
        for problem in exc.problems:
            print(problem.format(), file=err)
        raise
    cards = {card.id: card for deck in decks for card in deck.cards}
    if card_id in cards:
        return cards[card_id]
    close = difflib.get_close_matches(card_id, list(cards), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f" (it has {len(cards)} cards)"
    raise QuiztermError(f"no card {printable(card_id)!r} in {printable(path)}{hint}")
