"""Finding deck files, building plain decks, and the checks that span files."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.deck.cards import Card
from quizterm.deck.loader import find_deck_files, load_decks
from quizterm.deck.problems import DeckError
from quizterm.errors import UsageError
from tests.deck.conftest import deck_text, lines, write_deck


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        find_deck_files([tmp_path / "nope.yaml"])
    assert str(caught.value) == f"{tmp_path / 'nope.yaml'}: no such file or directory"
    assert caught.value.exit_code == 2
    with pytest.raises(UsageError):
        load_decks([tmp_path / "nope"])


def test_a_folder_without_decks_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError, match="no deck files"):
        find_deck_files([tmp_path])


def test_folders_are_searched_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    for name in ["b.yaml", "a.yml", "sub/c.yaml", "sub/deeper/d.YAML", ".hidden/e.yaml", "sub/.f.yaml",
                 "notes.md", "a0/z.yaml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [path.relative_to(tmp_path).as_posix() for path in find_deck_files([tmp_path])]
    assert found == ["a.yml", "a0/z.yaml", "b.yaml", "sub/c.yaml", "sub/deeper/d.YAML"]


def test_a_file_named_twice_is_loaded_once_and_paths_stay_as_given(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_deck(Path("decks/ml.yaml"), "a")
    Path("custom.txt").write_text(deck_text("b"))
    found = find_deck_files(["decks", "decks/ml.yaml", "./decks/../decks/ml.yaml", "custom.txt"])
    assert [str(path) for path in found] == [str(Path("decks/ml.yaml")), "custom.txt"]


def test_decks_become_plain_dataclasses(tmp_path: Path) -> None:
    path = tmp_path / "ml-basics.yaml"
    path.write_text("title: ML basics\ndescription: Basics.\ntags: [ml, basics]\ncards:\n"
                    "  - id: minimal\n    question: '  Q?  '\n    short_answer: |\n      A.\n"
                    "    tags: [basics, extra, extra]\n", encoding="utf-8")
    result = load_decks([path])
    assert not result.errors
    [deck] = result.decks
    assert (deck.key, deck.title, deck.description, deck.tags, deck.path) == (
        "ml-basics", "ML basics", "Basics.", ("ml", "basics"), path)
    assert deck.cards == (Card(id="minimal", deck="ml-basics", question="Q?", short_answer="A.", breakdown="",
                               theory="", common_mistakes=(), interview_tips=(),
                               tags=("ml", "basics", "extra")),)
    assert result.files == [path]


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_deck(Path("a.yaml"), "x", "y")
    write_deck(Path("b.yaml"), "z", "x")
    result = load_decks(["a.yaml", "b.yaml"])
    assert lines(result) == [
        "b.yaml:11:9: error: cards[1].id: duplicate id 'x', first defined at a.yaml:3:9; "
        "ids must be unique across all decks: give one of the cards another id"]
    assert [deck.key for deck in result.decks] == ["a"]


def test_two_decks_with_one_name_are_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_deck(Path("one/ml.yaml"), "a")
    write_deck(Path("two/ml.yaml"), "b")
    assert lines(load_decks(["one", "two"])) == [
        f"{Path('two/ml.yaml')}:1:1: error: deck name 'ml' is already used by {Path('one/ml.yaml')} "
        "(a deck's name is its file name); rename one of the files"]


def test_require_valid_returns_decks_or_raises_with_every_problem(tmp_path: Path) -> None:
    good = write_deck(tmp_path / "good.yaml", "a")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: no\ncards: []\n", encoding="utf-8")
    assert [deck.key for deck in load_decks([good]).require_valid()] == ["good"]
    with pytest.raises(DeckError) as caught:
        load_decks([good, bad]).require_valid()
    assert len(caught.value.problems) == 2
    assert caught.value.exit_code == 1
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"2 errors in 1 deck file; first: {bad}:1:8: error: title: expected text")


def test_warnings_fail_only_when_strict(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.yaml"
    sparse.write_text("title: T\ncards:\n  - id: a\n    question: q\n    short_answer: s\n    theory: t\n"
                      "    common_mistakes: [m]\n    interview_tips: [i]\n    key_points: [p, q]\n", encoding="utf-8")
    result = load_decks([sparse])
    assert lines(result) == [f"{sparse}:3:5: warning: cards[0]: no breakdown; the rubric will not show a full "
                             "breakdown"]
    assert len(result.require_valid()) == 1
    with pytest.raises(DeckError, match="1 warning in 1 deck file"):
        result.require_valid(strict=True)


def test_bundled_decks_dir_in_a_checkout_is_the_repository_decks_folder() -> None:
    from quizterm.deck.bundled import bundled_decks_dir

    assert bundled_decks_dir() == Path(__file__).resolve().parents[2] / "decks"
    assert (bundled_decks_dir() / "deck.schema.json").is_file()


def test_deck_modules_do_not_import_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, quizterm.deck.loader, quizterm.deck.deckfile, quizterm.deck.validate, "
            "quizterm.deck.schema, quizterm.deck.bundled; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip() == "False"

