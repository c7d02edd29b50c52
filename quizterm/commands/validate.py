"""`quizterm validate PATH... [--strict] [--errors-only] [--watch]`: every problem of every deck, one located line
each; with `--watch`, again on every change."""

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
    parser.add_argument("--watch", action="store_true",
                        help="validate again on every change to the decks, until Ctrl-C (which exits 0)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.deck.validate import run_validate

    if args.watch:
        from quizterm.deck.watch_validate import watch_validate

        try:
            return watch_validate(args.paths, strict=args.strict, errors_only=args.errors_only, out=out, err=err)
        except KeyboardInterrupt:  # Ctrl-C during a run: stopping is what the user asked for
            return 0

    return run_validate(args.paths, strict=args.strict, errors_only=args.errors_only, out=out)
