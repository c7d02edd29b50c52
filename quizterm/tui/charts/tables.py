"""The stats screen's text figures: counts per deck, grades and time to reveal, hardest cards, key points
most often missed. Deck titles, questions and key points are card text: shown verbatim, cut to the width."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from quizterm.insights.cards import Counts, HardCard, MissedPoint
from quizterm.insights.grades import GradeFigures
from quizterm.scheduler.sm2 import GRADE_MEANINGS
from quizterm.tui.charts import flow, number
from quizterm.words import plural

COUNT_COLUMNS = (("cards", 6), ("new", 6), ("learning", 9), ("mature", 7), ("suspended", 10), ("leeches", 8))
GRADE_BAR = 20


def _cut(text: str, width: int) -> Content:
    """Card text on one line, cut with an ellipsis to `width` cells."""
    line = " ".join(text.split())
    return Content(line).truncate(max(width, 1), ellipsis=True)


def draw_counts(decks: Sequence[Counts], total: Counts, width: int) -> list[Content]:
    numbers = sum(w for _, w in COUNT_COLUMNS)
    name_width = max(8, width - numbers - 1)
    if width - numbers - 1 < 8:  # too narrow for every column: drop the names' room to the minimum
        name_width = 8
    head = Content.styled(f"{'deck':<{name_width}} " + "".join(f"{name:>{w}}" for name, w in COUNT_COLUMNS),
                          "bold $text-muted")
    rows = [head]
    for counts in (*decks, total) if len(decks) > 1 else (total,):
        values = (counts.cards, counts.new, counts.learning, counts.mature, counts.suspended, counts.leeches)
        cells = "".join(f"{number(v):>{w}}" for v, (_, w) in zip(values, COUNT_COLUMNS, strict=True))
        name = _cut(counts.title or counts.key, name_width)
        style = "bold" if counts is total else ""
        rows.append(Content.assemble(name, " " * (name_width - name.cell_length + 1), (cells, style)))
    return rows


def draw_grades(grades: GradeFigures, width: int) -> list[Content]:
    total = grades.total
    if total == 0:
        return [Content.styled("no grades yet", "$text-muted")]
    rows = []
    bar_width = max(5, min(GRADE_BAR, width - 40))
    for grade in range(5, -1, -1):
        count = grades.counts[grade]
        bar = "█" * round(bar_width * count / total)
        style = "$text-success" if grade >= 3 else "$text-error"
        line = Content.assemble(f"{grade} ", (f"{bar:<{bar_width}}", style),
                                f" {number(count):>9} {count / total:>4.0%}  ", (GRADE_MEANINGS[grade], "$text-muted"))
        rows.append(line.truncate(width, ellipsis=True))
    median = grades.median_seconds
    rows += flow([f"{number(total)} {'grade' if total == 1 else 'grades'} in all (drills included)",
                  "median time to reveal: " + ("–" if median is None else f"{median} s")], width)
    return rows


def draw_hardest(cards: Sequence[HardCard], width: int) -> list[Content]:
    if not cards:
        return [Content.styled("no card has lapsed yet", "$text-muted")]
    rows = []
    for hard in cards:
        head = f"{plural(hard.lapses, 'lapse'):>10}  EF {hard.ef:.2f}  "
        ident = hard.card.id + "  "
        rows.append(Content.assemble((head, "bold"), (ident, "$text-muted"),
                                     _cut(hard.card.question, width - len(head) - len(ident))))
    return rows


def draw_missed(points: Sequence[MissedPoint], width: int) -> list[Content]:
    if not points:
        return [Content.styled("no key point missed yet (grades record them once a card has key points)",
                               "$text-muted")]
    rows = []
    heads = [f"missed {missed.missed} of {missed.asked}" for missed in points]
    column = max(len(head) for head in heads) + 2
    for missed, head in zip(points, heads, strict=True):
        head = f"{head:<{column}}"
        ident = f"  ({missed.card.id})"
        text = _cut(missed.point, max(width - len(head) - len(ident), 10))
        rows.append(Content.assemble((head, "bold"), text, (ident, "$text-muted")).truncate(width, ellipsis=True))
    return rows
