"""The Anki importers: a package (`.apkg`, `.colpkg`) or Anki's plain-text note export (`.txt`).

Both read notes (`anki_collection.RawNote`) and hand them to `anki_notes.cards_from_notes`. Any problem
with the source as a whole (a damaged or hostile package, a note too big to be a card) raises a
`QuiztermError` before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from quizterm.interop.anki_collection import AnkiCollection, CollectionError
from quizterm.interop.anki_notes import cards_from_notes
from quizterm.interop.anki_package import extracted_collection
from quizterm.interop.imported import Imported, Progress


def import_anki_package(path: Path, progress: Progress) -> Imported:
    """The notes of an Anki package as cards (see `anki_notes`)."""
    label = str(path)
    with extracted_collection(path) as (database, member), AnkiCollection(database, label) as collection:
        if member == "collection.anki2" and collection.is_stub():
            raise CollectionError(f"{label}: holds only the placeholder a newer Anki writes for older versions, "
                                  "without the real collection; export it again from Anki")
        return cards_from_notes(collection.notes(), path, collection.count, progress)


def import_anki_text(path: Path, progress: Progress) -> Imported:
    """The notes of Anki's "Notes in Plain Text" export as cards (see `anki_text`)."""
    from quizterm.interop.anki_text import read_notes

    notes = read_notes(path)
    return cards_from_notes(notes, path, len(notes), progress)
