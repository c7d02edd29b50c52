"""`quizterm validate`: every problem in every deck, one line each, then a one-line summary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from quizterm.deck.loader import LoadResult, load_decks
from quizterm.deck.problems import count


def run_validate(paths: Sequence[str], *, strict: bool, out: TextIO, errors_only: bool = False,
                 cache_dir: Path | None = None) -> int:
    """Print the problems of the decks under `paths` and a summary; 0 if valid, 1 if not.

    Warnings fail only when `strict`; `errors_only` leaves out the lines of warnings that do not fail
    (the summary still counts them). A missing path raises `UsageError` (the CLI exits with 2).
    """
    result = load_decks(paths, cache_dir=cache_dir)
    for problem in result.problems:
        if strict or not errors_only or problem.severity == "error":
            print(problem.format(), file=out)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    print(summary(result, strict), file=out)
    return 1 if failed else 0


def summary(result: LoadResult, strict: bool) -> str:
    """`3 decks, 27 cards: valid` or `2 errors, 1 warning in 1 of 3 files`."""
    errors, warnings = result.error_count, result.warning_count
    files = len(result.files)
    if not errors and not (strict and warnings):
        cards = sum(len(deck.cards) for deck in result.decks)
        line = f"{count(len(result.decks), 'deck')}, {count(cards, 'card')}: valid"
        return line + (f" ({count(warnings, 'warning')})" if warnings else "")
    failing = {p.path for p in result.problems if strict or p.severity == "error"}
    parts = [count(errors, "error")] if errors else []
    if warnings:
        parts.append(count(warnings, "warning"))
    line = f"{', '.join(parts)} in {len(failing)} of {count(files, 'file')}"
    return line + (" (warnings fail with --strict)" if strict and not errors else "")
