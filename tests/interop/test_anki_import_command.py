"""`quizterm import` of Anki files: the round trip of the bundled decks, warnings, and nothing written on error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from quizterm.cli import main
from quizterm.deck.bundled import bundled_decks_dir
from quizterm.deck.loader import load_decks


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_bundled_decks_survive_export_and_import(tmp_path: Path) -> None:
    package = tmp_path / "bundled.apkg"
    assert run("export", "anki", "-o", str(package))[0] == 0
    deck = tmp_path / "back.yaml"
    code, out, err = run("import", str(package), "-o", str(deck))
    assert (code, err) == (0, ""), err
    original = [card for loaded in load_decks([bundled_decks_dir()]).decks for card in loaded.cards]
    assert out.startswith(f"{len(original)} cards added to {deck}")
    assert run("validate", str(deck))[0] == 0
    (back,) = load_decks([deck]).require_valid()
    assert [(card.id, card.question, card.short_answer) for card in back.cards] == [
        (card.id, card.question, card.short_answer) for card in original]
    assert [card.key_points for card in back.cards] == [card.key_points for card in original]
    assert back.title == "bundled"  # several Anki decks: the package's name; each card is tagged with its deck
    assert "statistics-and-experimentation-interview" in back.cards[-1].tags


def test_warnings_name_the_note(tmp_path: Path) -> None:
    from tests.interop.test_anki_import import genanki_package

    package = genanki_package(tmp_path / "media.apkg", [("basic", ['Name this <img src="x.png">', "A heart"], []),
                                                        ("basic", ["Empty back", ""], [])])
    code, out, err = run("import", str(package), "-o", str(tmp_path / "deck.yaml"))
    lines = err.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith(f"{package}: note ") and lines[0].endswith(
        ": warning: media not imported (x.png): the card shows each file's name in brackets")
    assert out.startswith("1 card added to ") and out.rstrip().endswith("2 warnings above")


def test_a_hostile_package_writes_nothing(tmp_path: Path) -> None:
    package = tmp_path / "bad.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("../../escape", b"x")
        archive.writestr("collection.anki2", b"x")
    code, out, err = run("import", str(package), "-o", str(tmp_path / "deck.yaml"))
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert "a path leading out of the package" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.apkg"]


def test_text_exports_are_recognised_by_their_name(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("#separator:tab\n#html:true\nWhat is <i>ReLU</i>?\tmax(0, x)\n", encoding="utf-8")
    code, out, _ = run("import", str(source), "-o", str(tmp_path / "deck.yaml"))
    assert code == 0 and out.startswith("1 card added")
    (deck,) = load_decks([tmp_path / "deck.yaml"]).require_valid()
    assert (deck.cards[0].question, deck.cards[0].short_answer) == ("What is ReLU?", "max(0, x)")
