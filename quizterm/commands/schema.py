"""`quizterm schema`: the JSON Schema of a deck file, for editor autocompletion."""

from __future__ import annotations

import argparse
from typing import TextIO

NAME = "schema"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser(NAME, help="print the JSON Schema of a deck file",
                   description="Print the JSON Schema of a deck file (for editor autocompletion).")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.deck.schema import schema_text

    out.write(schema_text())
    return 0
