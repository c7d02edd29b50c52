"""`quizterm export anki`: what it writes, what it says, and what it refuses (one line, nothing written)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.deck.bundled import bundled_decks_dir

DECK = """\
title: Tiny
cards:
  - id: tiny-one
    question: What is one?
    short_answer: The first number.
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_exports_named_decks_and_says_what_it_wrote(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(DECK, encoding="utf-8")
    target = tmp_path / "tiny.apkg"
    code, out, err = run("export", "anki", str(tmp_path / "tiny.yaml"), "-o", str(target))
    assert (code, err) == (0, "")
    assert out.startswith(f"wrote {target}: 1 deck, 1 note (import it in Anki")
    assert zipfile.ZipFile(target).namelist() == ["collection.anki2", "media"]


def test_without_paths_the_bundled_decks_are_exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./decks here
    bundled = len(list(bundled_decks_dir().glob("*.yaml")))  # grows as decks are added: count, don't pin
    code, out, _ = run("export", "anki", "-o", "all.apkg")
    assert code == 0 and f": {bundled} decks, " in out


def test_a_broken_deck_in_a_folder_is_named_and_left_out(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("title: x\ncards: []\n", encoding="utf-8")
    code, out, err = run("export", "anki", str(tmp_path), "-o", str(tmp_path / "out.apkg"))
    assert code == 0 and ": 1 deck, 1 note" in out
    assert err.startswith("quizterm: warning: not exported: ") and "broken.yaml" in err


@pytest.mark.parametrize(("output", "fragment"), [
    ("out.txt", "an Anki package's name must end in .apkg"),
    ("missing/out.apkg", "no such folder; create it first"),
    (".", "is a folder; give the package to write"),
])
def test_bad_outputs_are_usage_errors(tmp_path: Path, output: str, fragment: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.yaml").write_text(DECK, encoding="utf-8")
    code, out, err = run("export", "anki", "tiny.yaml", "-o", output)
    assert code == 2 and out == "" and fragment in err and len(err.splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tiny.yaml"]


def test_a_broken_deck_named_directly_stops_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("title: x\ncards: []\n", encoding="utf-8")
    code, _, err = run("export", "anki", str(tmp_path / "broken.yaml"), "-o", str(tmp_path / "out.apkg"))
    assert code == 1 and "broken.yaml:" in err
    assert not (tmp_path / "out.apkg").exists()


def test_format_and_output_are_required(tmp_path: Path) -> None:
    assert run("export", "-o", str(tmp_path / "x.apkg"))[0] == 2
    code, _, err = run("export", "anki")
    assert code == 2 and "-o/--output" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_silent_elsewhere() -> None:
    from quizterm.commands.progress_bar import BarProgress, progress_for
    from quizterm.interop.imported import NO_PROGRESS

    with progress_for(io.StringIO()) as progress:
        assert progress is NO_PROGRESS
    terminal = _Terminal()
    with progress_for(terminal) as progress:
        assert isinstance(progress, BarProgress)
        progress.start("Exporting to Anki", 2000)
        progress.advance(2000)
    assert "Exporting to Anki" in terminal.getvalue()
