"""Anki's "Notes in Plain Text" export (`.txt`): its `#key:value` header lines, then one note per row.

Anki 2.1.55+ starts the file with headers saying how to read it: `#separator:` (a name such as `tab`,
`comma`, `semicolon`, `space`, `pipe`, `colon`, or the character itself), `#html:true|false`, and which
columns hold the GUID, note type, deck and tags (`#guid column:1`, counted from 1). Rows are CSV with that
separator (quotes around a field holding it, a quote or a line break). An older export has no headers:
tab-separated, and HTML when a field looks like it.

Plain-text fields (`#html:false`) are escaped into HTML first, so both kinds of file go through the same
conversion as a package's notes.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from quizterm.errors import QuiztermError
from quizterm.interop.anki_collection import MAX_NOTE_CHARS, NoteType, RawNote
from quizterm.interop.anki_html import escape_text
from quizterm.interop.anki_notetype import FIELDS, NOTE_TYPE_NAME
from quizterm.interop.source_text import read_text

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_LOOKS_LIKE_HTML = re.compile(r"<(br|div|p|b|i|u|span|img|ul|ol|li|a|pre|code|sub|sup|font)\b[^>]*>|&(nbsp|lt|gt|amp);",
                              re.IGNORECASE)


def read_notes(path: Path) -> list[RawNote]:
    """The file's notes; raises `QuiztermError` for a file that is not such an export."""
    label = str(path)
    text = read_text(path, "Anki's text export")
    lines = text.splitlines(keepends=True)
    headers, start = _headers(lines)
    separator = _separator(headers.get("separator", "tab"), label)
    body = "".join(lines[start:])
    rows = list(_rows(body, separator, start))
    is_html = _is_html(headers.get("html"), rows)
    columns = {key: _column(headers, key, label) for key in ("guid", "notetype", "deck", "tags")}
    notes = []
    for line, row in rows:
        notes.append(_note(row, line, columns, headers, is_html, label))
    return notes


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    index = 0
    for index, line in enumerate(lines):  # noqa: B007  (index is the first body line after the loop)
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].rstrip("\r\n").partition(":")
        headers[key.strip().lower()] = value
    else:
        index = len(lines)
    return headers, index


def _separator(value: str, label: str) -> str:
    name = value.strip().lower()
    if name in SEPARATORS:
        return SEPARATORS[name]
    if len(value) == 1:
        return value
    raise QuiztermError(f"{label}: unknown #separator {value!r} (Anki writes tab, comma, semicolon, space, pipe or "
                        "colon)")


def _rows(body: str, separator: str, first_line: int) -> list[tuple[int, list[str]]]:
    reader = csv.reader(body.splitlines(keepends=True), delimiter=separator, quotechar='"', strict=False)
    rows = []
    previous = 0
    try:
        for row in reader:
            line = first_line + previous + 1
            previous = reader.line_num
            if row and any(cell.strip() for cell in row):
                rows.append((line, row))
    except csv.Error as exc:
        raise QuiztermError(f"line {first_line + previous + 1}: cannot read this row ({exc})") from None
    return rows


def _is_html(header: str | None, rows: list[tuple[int, list[str]]]) -> bool:
    if header is not None:
        return header.strip().lower() == "true"
    return any(_LOOKS_LIKE_HTML.search(cell) for _, row in rows[:200] for cell in row)


def _column(headers: dict[str, str], key: str, label: str) -> int | None:
    value = headers.get(f"{key} column")
    if value is None:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise QuiztermError(f"{label}: #{key} column:{value} is not a column number (counted from 1)")
    return int(value) - 1


def _note(row: list[str], line: int, columns: dict[str, int | None], headers: dict[str, str], is_html: bool,
          label: str) -> RawNote:
    where = f"line {line}"
    if sum(len(cell) for cell in row) > MAX_NOTE_CHARS:
        raise QuiztermError(f"{label}: {where}: refused: more than {MAX_NOTE_CHARS:,} characters in one note; not an "
                            "interview card")

    def cell(key: str) -> str:
        index = columns[key]
        return row[index] if index is not None and index < len(row) else ""

    special = {index for index in columns.values() if index is not None}
    fields = [value for index, value in enumerate(row) if index not in special]
    if not is_html:
        fields = [escape_text(value) for value in fields]
    type_name = cell("notetype") or headers.get("notetype", "")
    if type_name == NOTE_TYPE_NAME and len(fields) >= len(FIELDS):
        note_type = NoteType(type_name, FIELDS)
        fields = fields[:len(FIELDS)]
    else:
        names = headers.get("columns", "").rstrip("\r\n").split(_column_separator(headers))
        if len(names) == len(row):
            names = [name for index, name in enumerate(names) if index not in special]
        else:
            names = [f"Field {index + 1}" for index in range(len(fields))]
        note_type = NoteType(type_name, tuple(names), cloze=type_name.lower().startswith("cloze"))
    tags = (*cell("tags").split(), *headers.get("tags", "").split())
    deck = cell("deck") or headers.get("deck", "")
    return RawNote(where, cell("guid"), note_type, tuple(fields), tags, deck)


def _column_separator(headers: dict[str, str]) -> str:
    return SEPARATORS.get(headers.get("separator", "tab").strip().lower(), headers.get("separator", "\t"))
