"""Problems found in deck files, in the one-line `FILE:LINE:COL: error: WHERE: MESSAGE` form.

Editors and CI annotate that form, so every check in `quizterm.deck` reports through `Problem`, and
nothing a deck author wrote can reach the terminal unescaped: `format()` escapes control characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from quizterm.errors import QuiztermError

Severity = Literal["error", "warning"]

# C0 and C1 control characters (and DEL) can drive a terminal; newlines would break the one-line form.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""`text` with every control character written as an escape (`\x1b`, `\n`), safe to print."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) at one place in one deck file.

    `line` and `col` are 1-based; `where` is the path inside the deck (`cards[3].short_answer`) or ""
    when the problem is about the file as a whole or its YAML syntax. A line that stands for problems
    left out (a file's problems of one severity are listed up to a cap) has `hidden` set to how many.
    """

    path: str
    line: int
    col: int
    where: str
    message: str
    severity: Severity = "error"
    hidden: int = 0

    @property
    def weight(self) -> int:
        """How many problems this line counts for: itself, or the `hidden` ones it stands for."""
        return self.hidden or 1

    def format(self) -> str:
        """The problem as one line: `FILE:LINE:COL: error: WHERE: MESSAGE` (no `WHERE: ` when empty)."""
        where = f"{printable(self.where)}: " if self.where else ""
        return f"{printable(self.path)}:{self.line}:{self.col}: {self.severity}: {where}{printable(self.message)}"


def duplicate_id(path: str, index: int, line: int, col: int, card_id: str, first: str) -> Problem:
    """The error for a card id used a second time (`first` is `FILE:LINE:COL` of the first use)."""
    return Problem(path, line, col, f"cards[{index}].id", f"duplicate id {card_id!r}, first defined at "
                   f"{first}; ids must be unique across all decks: give one of the cards another id")


def count(n: int, noun: str) -> str:
    """`n` and `noun`, plural when needed: `1 error`, `2 errors`, `10,000 cards`."""
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"


def tally(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings) among `problems`, counting the ones a cap line stands for."""
    errors = warnings = 0
    for problem in problems:
        if problem.severity == "error":
            errors += problem.weight
        else:
            warnings += problem.weight
    return errors, warnings


def capped(problems: list[Problem], limit: int) -> list[Problem]:
    """`problems` in file order, at most `limit` of each severity, each cut marked by one line.

    Errors and warnings are capped apart, so warnings (which never make a deck invalid) can never push
    an error out of the list; the cut line counts what it leaves out.
    """
    problems.sort(key=lambda p: (p.line, p.col))
    kept: list[Problem] = []
    shown = {"error": 0, "warning": 0}
    first_cut: dict[str, Problem] = {}
    for problem in problems:
        if shown[problem.severity] < limit:
            shown[problem.severity] += 1
            kept.append(problem)
        else:
            first_cut.setdefault(problem.severity, problem)
    for severity, cut in first_cut.items():
        left = sum(p.weight for p in problems if p.severity == severity) - limit
        plural = "" if left == 1 else "s"
        advice = ": fix those and run again" if severity == "error" else ""
        kept.append(Problem(cut.path, cut.line, cut.col, "", f"{left:,} more {severity}{plural} not shown "
                            f"(at most {limit} {severity}s are listed per file){advice}", cut.severity, left))
    kept.sort(key=lambda p: (p.line, p.col))
    return kept


class DeckError(QuiztermError):
    """Deck files are invalid: `str()` is one summary line, `problems` holds every problem found."""

    problems: list[Problem]
    summary: str

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        files = {p.path for p in self.problems}
        errors, warnings = tally(self.problems)
        parts = [count(errors, "error")] if errors else []
        if warnings:
            parts.append(count(warnings, "warning"))
        self.summary = f"{', '.join(parts)} in {count(len(files), 'deck file')}"
        """The counts alone, for when every problem has been printed already."""
        summary = self.summary
        if self.problems:
            summary += f"; first: {self.problems[0].format()}"
        if len(self.problems) > 1:
            summary += " (`quizterm validate` lists them all)"
        super().__init__(summary)
