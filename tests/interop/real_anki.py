"""The real Anki (the `anki` package: Anki's own collection code) for tests, skipped only where it is missing.

Anki's backend is a Rust library; importing it costs about 0.7 s and opening a collection 0.1-0.5 s, so
only the tests that need it import this module, and each opens collections in its own temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

anki_collection = pytest.importorskip(
    "anki.collection",
    reason="the `anki` package (Anki's own collection code, a test dependency) is not installed here; "
           "`pip install -e '.[test]'` installs it")

Collection = anki_collection.Collection


@contextmanager
def collection(folder: Path, name: str = "collection.anki2") -> Iterator[anki_collection.Collection]:
    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / name))
    try:
        yield col
    finally:
        col.close()


def import_package(col: anki_collection.Collection, package: Path) -> anki_collection.ImportLogWithChanges:
    """Import a `.apkg` as Anki's File > Import does by default (notes updated when the incoming one is newer)."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(package),
                                       options=ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=True))
    return col.import_anki_package(request)


def export_package(col: anki_collection.Collection, path: Path, *, legacy: bool) -> Path:
    """Anki's own "Anki Deck Package" export of the whole collection (legacy: the 'support older Anki
    versions' box ticked)."""
    from anki.collection import ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy)
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path
