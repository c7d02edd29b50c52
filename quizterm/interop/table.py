"""CSV and TSV tables into cards: one row per card, a header row naming quizterm's fields.

Columns (in any order, names in any case, spaces or `-` for `_`): `question` and `short_answer`
(or `answer`) are required; `id`, `breakdown`, `theory`, `common_mistakes`, `interview_tips`,
`key_points`, `sources`, `tags` and `time_limit` are optional. A list field holds one item per line of
its cell (a line break inside a quoted cell, as spreadsheets write them); `tags` are separated by spaces
or commas. Without an `id` column (or with an empty cell) a card's id is a slug of its question and a
short hash. A CSV file's separator is `,` or `;` (whichever the header uses), a TSV file's a tab.

Cells are text and stay text: a cell that looks like a spreadsheet formula (`=HYPERLINK(…)`) is never
evaluated, only reported, and SQL or markup in a cell is just characters on a card.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from quizterm.deck.cards import KeyPoint
from quizterm.errors import QuiztermError
from quizterm.interop.ids import card_id
from quizterm.interop.imported import Imported, ImportedCard, Progress
from quizterm.interop.source_text import MAX_FIELD_CHARS, check_field, read_text
from quizterm.interop.text import RefusedText, clean_text

TEXT_FIELDS = ("id", "question", "short_answer", "breakdown", "theory")
LIST_FIELDS = ("common_mistakes", "interview_tips", "key_points", "sources")
FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, "tags", "time_limit")
ALIASES = {"answer": "short_answer"}
REQUIRED = ("question", "short_answer")
_FORMULA = re.compile(r"^(?:[=@]\S|[+\-]\s*[A-Za-z_][\w.]*\s*[(|!])")


def read_csv(path: Path, progress: Progress) -> Imported:
    return _read(path, progress, (",", ";"), "a CSV file")


def read_tsv(path: Path, progress: Progress) -> Imported:
    return _read(path, progress, ("\t",), "a TSV file")


def column_name(header: str) -> str:
    """A header cell as a field name: `Short answer` → `short_answer`."""
    name = re.sub(r"[\s-]+", "_", header.strip().lower())
    return ALIASES.get(name, name)


def _read(path: Path, progress: Progress, separators: tuple[str, ...], what: str) -> Imported:
    text = read_text(path, what)
    first_line = text.split("\n", 1)[0]
    separator = max(separators, key=lambda sep: sum(column_name(cell) in FIELDS for cell in first_line.split(sep)))
    imported = Imported()
    rows = _rows(text, separator, path)
    header_line, header = next(rows, (1, []))
    columns = [column_name(cell) for cell in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise QuiztermError(f"{path}:1: the header row must name the columns {', '.join(REQUIRED)} (and may name "
                            f"{', '.join(n for n in FIELDS if n not in REQUIRED)}); missing: {', '.join(missing)}")
    for index, name in enumerate(columns):
        if name not in FIELDS:
            imported.notice(f"line {header_line}", f"column {header[index]!r} is not a card field; ignored")
        elif columns.index(name) != index:
            raise QuiztermError(f"{path}:1: column {name!r} appears twice in the header")
    progress.start("reading rows", text.count("\n") + 1)
    done = header_line
    for line, row in rows:
        progress.advance(line - done)
        done = line
        if not any(cell.strip() for cell in row):
            continue
        card = _card(path, f"line {line}", dict(zip(columns, row, strict=False)), imported)
        if card is not None:
            imported.cards.append(card)
    return imported


def _rows(text: str, separator: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on."""
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS + 1)  # the csv module refuses longer fields itself
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = str(exc)
                if "field larger than field limit" in message:
                    message = f"a cell is over {MAX_FIELD_CHARS:,} characters long; is this really one card?"
                raise QuiztermError(f"{path}:{start}: {message}; nothing written") from None
            yield start, row
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(limit)


def _card(path: Path, where: str, row: dict[str, str], imported: Imported) -> ImportedCard | None:
    try:
        cells = {name: clean_text(value) for name, value in row.items() if name in FIELDS}
    except RefusedText as exc:
        raise QuiztermError(f"{path}:{where.removeprefix('line ')}: {exc}") from None
    for name, value in cells.items():
        check_field(value, path, where, name)
        if _FORMULA.match(value):
            imported.notice(where, f"{name} {value[:40]!r} looks like a spreadsheet formula; imported as text "
                            "(quizterm never evaluates it)")
    question, short = cells.get("question", ""), cells.get("short_answer", "")
    if not question or not short:
        imported.notice(where, f"no {'question' if not question else 'short_answer'}; row skipped")
        return None
    time_limit = None
    if cells.get("time_limit"):
        try:
            time_limit = int(cells["time_limit"])
        except ValueError:
            imported.notice(where, f"time_limit {cells['time_limit']!r} is not a whole number of seconds; dropped")

    def items(name: str) -> tuple[str, ...]:
        return tuple(item.strip() for item in cells.get(name, "").split("\n") if item.strip())

    return ImportedCard(
        id=cells.get("id") or card_id(question), question=question, short_answer=short,
        breakdown=cells.get("breakdown", ""), theory=cells.get("theory", ""),
        common_mistakes=items("common_mistakes"), interview_tips=items("interview_tips"),
        key_points=tuple(KeyPoint(point) for point in items("key_points")), sources=items("sources"),
        tags=tuple(tag for tag in re.split(r"[\s,]+", cells.get("tags", "")) if tag), time_limit=time_limit,
        where=where)
