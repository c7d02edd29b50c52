"""`quizterm schema [--events]`: the JSON Schema of a deck file (for editors), or of a journal line."""

from __future__ import annotations

import argparse
from typing import TextIO

NAME = "schema"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="print the JSON Schema of a deck file (or, with --events, of a sync journal "
                                       "line)",
                            description="Print the JSON Schema of a deck file (for editor autocompletion), or with "
                                        "--events that of one line of the sync journal (one event of the review log).")
    parser.add_argument("--events", action="store_true",
                        help="the schema of a journal line (quizterm sync) instead of a deck file")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.events:
        import json

        from quizterm.sync.wire import events_json_schema

        out.write(json.dumps(events_json_schema(), indent=2, ensure_ascii=False) + "\n")
        return 0
    from quizterm.deck.schema import schema_text

    out.write(schema_text())
    return 0
