"""`quizterm validate PATH... [--strict] [--errors-only]`: every problem of every deck, one located line each."""

from __future__ import annotations

import argparse
from typing import TextIO

NAME = "validate"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="check deck files and report every problem",
                            description="Check deck files; every problem is one line FILE:LINE:COL.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("-q", "--errors-only", action="store_true",
                        help="list errors alone (the summary still counts warnings)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.deck.validate import run_validate

    return run_validate(args.paths, strict=args.strict, errors_only=args.errors_only, out=out)
