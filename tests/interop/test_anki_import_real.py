"""Packages written by the real Anki, read by quizterm's importer: current (zstd `collection.anki21b` beside
the stub `collection.anki2`) and legacy (`collection.anki21`) packages and collection packages, and the
plain-text note export; basic and cloze notes, HTML and math, nested decks, tags."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from quizterm.interop.anki_import import import_anki_package, import_anki_text
from quizterm.interop.ids import card_id
from quizterm.interop.imported import NO_PROGRESS, Imported
from tests.interop.anki_helpers import export_to
from tests.interop.real_anki import collection, export_package, import_package

BASIC_FRONT = 'What does <b>dropout</b> do at inference? \\(p = 0.5\\)'
BASIC_BACK = 'Nothing: it is <i>off</i>.<br>Weights were scaled <span style="color: red">during training</span>'
CLOZE = "Adam keeps {{c1::a running mean}} and {{c2::a running variance::what else?}} of gradients"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One Anki collection, and every kind of file Anki writes from it."""
    folder = tmp_path_factory.mktemp("anki")
    made: dict[str, Path] = {}
    with collection(folder / "source") as col:
        deck = col.decks.id("Interview::Deep learning")
        basic = col.new_note(col.models.by_name("Basic"))
        basic["Front"], basic["Back"] = BASIC_FRONT, BASIC_BACK
        basic.tags = ["dl", "regularisation"]
        col.add_note(basic, deck)
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"], cloze["Back Extra"] = CLOZE, "See <a href=\"https://arxiv.org/abs/1412.6980\">the paper</a>"
        col.add_note(cloze, deck)
        made["current.apkg"] = export_package(col, folder / "current.apkg", legacy=False)
        made["legacy.apkg"] = export_package(col, folder / "legacy.apkg", legacy=True)
        made["notes.txt"] = folder / "notes.txt"
        col.export_note_csv(out_path=str(made["notes.txt"]), limit=None, with_html=True, with_tags=True,
                            with_deck=True, with_notetype=True, with_guid=True)
        made["plain.txt"] = folder / "plain.txt"
        col.export_note_csv(out_path=str(made["plain.txt"]), limit=None, with_html=False, with_tags=False,
                            with_deck=False, with_notetype=False, with_guid=False)
    for legacy in (False, True):
        name = "legacy.colpkg" if legacy else "current.colpkg"
        with collection(folder / "source") as col:  # Anki closes a collection once it has exported it whole
            col.export_collection_package(str(folder / name), include_media=True, legacy=legacy)
        made[name] = folder / name
    return made


def read(path: Path) -> Imported:
    return (import_anki_text if path.suffix == ".txt" else import_anki_package)(path, NO_PROGRESS)


def test_anki_writes_the_formats_the_importer_expects(packages: dict[str, Path]) -> None:
    names = {name: set(zipfile.ZipFile(path).namelist()) for name, path in packages.items() if name.endswith("pkg")}
    assert {"collection.anki21b", "collection.anki2"} <= names["current.apkg"]
    assert {"collection.anki21", "collection.anki2"} <= names["legacy.apkg"]
    assert "collection.anki21b" in names["current.colpkg"] and "collection.anki21" in names["legacy.colpkg"]


@pytest.mark.parametrize("name", ["current.apkg", "legacy.apkg", "current.colpkg", "legacy.colpkg", "notes.txt"])
def test_every_format_gives_the_same_cards(packages: dict[str, Path], name: str) -> None:
    imported = read(packages[name])
    basic, cloze = imported.cards
    assert basic.question == "What does dropout do at inference? $p = 0.5$"
    assert basic.short_answer == "Nothing: it is off.\nWeights were scaled during training"
    assert basic.tags == ("dl", "regularisation")
    assert cloze.question == "Adam keeps [...] and [what else?] of gradients"
    assert cloze.short_answer == "Adam keeps a running mean and a running variance of gradients"
    assert cloze.breakdown == "See [the paper](https://arxiv.org/abs/1412.6980)"
    assert imported.title == "Deep learning" and imported.notices == []
    reference = read(packages["current.apkg"])
    assert [card.id for card in imported.cards] == [card.id for card in reference.cards]  # ids from the GUIDs


def test_plain_text_export_without_html_or_guids(packages: dict[str, Path]) -> None:
    basic, cloze = read(packages["plain.txt"]).cards
    assert basic.question == "What does dropout do at inference? $p = 0.5$"
    assert basic.short_answer.startswith("Nothing: it is off.")
    assert cloze.question == "Adam keeps [...] and [what else?] of gradients"
    assert basic.id == card_id(basic.question)  # no GUID column: the id comes from the question


def test_quizterm_notes_survive_a_trip_through_anki(tmp_path: Path) -> None:
    """Exported, imported into Anki, exported by Anki in its current format, imported back: the same cards."""
    original = read(export_to(tmp_path / "quizterm.apkg"))
    with collection(tmp_path / "anki") as col:
        import_package(col, tmp_path / "quizterm.apkg")
        export_package(col, tmp_path / "from-anki.apkg", legacy=False)
    again = read(tmp_path / "from-anki.apkg")
    assert again.cards == original.cards
