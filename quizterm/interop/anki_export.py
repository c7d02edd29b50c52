"""Export decks to an Anki package (`.apkg`): one Anki deck per quizterm deck, one note per card.

genanki builds the collection (a legacy `collection.anki2`, which every Anki since 2.1 imports); the
package is then zipped here rather than by `genanki.Package.write_to_file`, which leaves its temporary
database behind and writes straight over the target. Here the package is written beside the target and
renamed over it only when complete, so an interrupted export never leaves half a file.

The time of the export is an argument: Anki updates a note it already has only when the incoming note is
newer, so the command passes the real time.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizterm.deck.cards import Card, Deck
from quizterm.interop import anki_html as render
from quizterm.interop.anki_notetype import (
    BACK,
    BASE_CSS,
    FIELDS,
    FRONT,
    NOTE_TYPE_ID,
    NOTE_TYPE_NAME,
    PARENT_DECK,
    anki_deck_name,
    deck_id,
    note_guid,
)
from quizterm.interop.imported import Progress

if TYPE_CHECKING:
    import genanki


PACKAGE_MODE = 0o644
"""A package is for sharing (another program, a phone): readable by others, like any file a program saves."""


@dataclass(frozen=True, slots=True)
class ExportSummary:
    decks: int
    notes: int


def note_fields(card: Card) -> list[str]:
    """A card's sections as the note type's fields (see `FIELDS`), as field HTML."""
    key_points = "".join(
        f'<li><span class="qt-point">{render.escape_text(point.text)}</span>'
        f"{render.escape_list(point.aliases, 'qt-aliases')}</li>" for point in card.key_points)
    follow_ups = "".join(f"<dt>{render.escape_text(probe.question)}</dt><dd>{render.escape_text(probe.answer)}</dd>"
                         for probe in card.follow_ups)
    fields = [
        render.escape_text(card.id),
        render.escape_text(card.question),
        render.escape_text(card.short_answer),
        render.markdown_html(card.breakdown),
        render.markdown_html(card.theory),
        render.escape_list(card.common_mistakes, "qt-mistakes"),
        render.escape_list(card.interview_tips, "qt-tips"),
        f'<ul class="qt-key-points">{key_points}</ul>' if key_points else "",
        f'<dl class="qt-follow-ups">{follow_ups}</dl>' if follow_ups else "",
        render.escape_list(card.sources, "qt-sources"),
        render.escape_text(" ".join(card.tags)),
    ]
    assert len(fields) == len(FIELDS)
    return fields


def note_type() -> genanki.Model:
    import genanki

    return genanki.Model(
        NOTE_TYPE_ID, NOTE_TYPE_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=BASE_CSS + render.code_css() + "\n",
        sort_field_index=FIELDS.index("Question"),
    )


def anki_deck_names(decks: Sequence[Deck]) -> list[str]:
    """Each deck's Anki deck name; two decks with the same title are told apart by their file names."""
    names = [anki_deck_name(deck.title) for deck in decks]
    return [f"{name} ({deck.key})" if names.count(name) > 1 else name for name, deck in zip(names, decks, strict=True)]


def export_anki(decks: Sequence[Deck], output: Path, *, timestamp: float, progress: Progress) -> ExportSummary:
    """Write `decks` as an Anki package at `output` (replacing it only once the package is complete)."""
    import genanki

    model = note_type()
    anki_decks = [genanki.Deck(deck_id(PARENT_DECK), PARENT_DECK)]
    total = sum(len(deck.cards) for deck in decks)
    progress.start("Exporting to Anki", total)
    for deck, name in zip(decks, anki_deck_names(decks), strict=True):
        anki_deck = genanki.Deck(deck_id(name), name, description=render.escape_text(deck.description))
        for card in deck.cards:
            anki_deck.add_note(genanki.Note(model=model, fields=note_fields(card), tags=list(card.tags),
                                            guid=note_guid(card.id)))
            progress.advance()
        anki_decks.append(anki_deck)
    write_package(genanki.Package(anki_decks), output, timestamp)
    return ExportSummary(decks=len(decks), notes=total)


def write_package(package: genanki.Package, output: Path, timestamp: float) -> None:
    with tempfile.TemporaryDirectory(prefix="quizterm-export-") as scratch:
        database = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(database)
        # A scratch file, zipped below: waiting for the disk after each of genanki's statements only costs time.
        connection.execute("pragma synchronous = off")
        connection.execute("pragma journal_mode = memory")
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        handle, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
        os.close(handle)
        temp = Path(temp_name)
        try:
            with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(database, "collection.anki2")
                archive.writestr("media", "{}")
            temp.chmod(PACKAGE_MODE)
            temp.replace(output)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
