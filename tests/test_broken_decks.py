"""A deck folder with one broken file: the other decks are drilled and counted, the broken one is named.

A broken file named on the command line still stops the command with its located errors, and every
error is printed once (not again in the summary line).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.commands import drill
from quizterm.deck.loader import load_decks
from quizterm.deck.problems import DeckError
from tests.deck.conftest import write_deck

BROKEN = "title: Broken\ncards:\n  - id: bad\n    question: no\n    short_answer: s\n    tags: [Not A Tag]\n"
FIRST = ("cards[0].question: expected text, got a boolean (YAML reads no as false); put it in quotes: \"no\"")


def folder_with_a_broken_deck(root: Path) -> Path:
    folder = root / "decks"
    write_deck(folder / "alpha.yaml", "a1", "a2", title="Alpha")
    write_deck(folder / "beta.yaml", "b1", title="Beta")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_broken_decks_found_in_a_folder_are_set_aside(tmp_path: Path) -> None:
    folder = folder_with_a_broken_deck(tmp_path)
    result = load_decks([folder])
    [broken] = result.broken_in_folders()
    assert [deck.key for deck in result.decks] == ["alpha", "beta"]
    assert (broken.path, broken.errors) == (folder / "broken.yaml", 2)
    assert broken.first.format() == f"{folder / 'broken.yaml'}:4:15: error: {FIRST}"


def test_a_broken_deck_named_directly_is_not_set_aside(tmp_path: Path) -> None:
    folder = folder_with_a_broken_deck(tmp_path)
    with pytest.raises(DeckError) as caught:
        load_decks([folder / "alpha.yaml", folder / "broken.yaml"]).broken_in_folders()
    assert [p.path for p in caught.value.problems] == [str(folder / "broken.yaml")] * 2


def test_a_folder_where_no_deck_is_valid_stops(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "one.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "two.yaml").write_text("title: T\ncards: []\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_decks([folder]).broken_in_folders()
    assert {p.path for p in caught.value.problems} == {str(folder / "one.yaml"), str(folder / "two.yaml")}


def test_stats_counts_the_valid_decks_and_names_the_broken_one(tmp_path: Path) -> None:
    folder = folder_with_a_broken_deck(tmp_path)
    status, out, err = run("stats", "--json", str(folder), "--data-dir", str(tmp_path))
    assert status == 0
    assert sorted({card["deck"] for card in json.loads(out)["cards"]}) == ["alpha", "beta"]
    broken = folder / "broken.yaml"
    assert err.splitlines() == [f"quizterm: warning: not counted: {broken}:4:15: error: {FIRST} (2 errors in "
                                f"this deck; `quizterm validate {broken}` lists them)"]


@pytest.mark.parametrize("command", ["stats", "drill"])
def test_a_broken_deck_named_directly_stops_with_each_error_printed_once(command: str, tmp_path: Path) -> None:
    broken = folder_with_a_broken_deck(tmp_path) / "broken.yaml"
    status, out, err = run(command, str(broken), "--data-dir", str(tmp_path))
    assert status == 1
    assert out == ""
    assert err.splitlines() == [
        f"{broken}:4:15: error: {FIRST}",
        f"{broken}:6:12: error: cards[0].tags[0]: 'Not A Tag' is not a valid tag: use lowercase letters, digits, "
        "'-', '_' and '.', starting with a letter or digit, e.g. 'not-a-tag'",
        "quizterm: error: 2 errors in 1 deck file, listed above",
    ]


def test_drill_gets_the_valid_decks_and_the_broken_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The drill command hands the app both; the deck list shows them (see tests/tui/test_broken_decks.py)."""
    from quizterm.tui.app import QuiztermApp

    seen: dict[str, object] = {}

    def fake_run(app: QuiztermApp) -> None:
        seen["decks"] = [deck.key for deck in app.decks]
        seen["broken"] = [broken.path.name for broken in app.broken]
        seen["deck list"] = app.has_deck_list

    monkeypatch.setattr(QuiztermApp, "run", fake_run)
    folder = folder_with_a_broken_deck(tmp_path)
    (folder / "beta.yaml").unlink()  # one valid deck left: the deck list still shows, to show the broken one
    status, out, err = run(drill.NAME, str(folder), "--data-dir", str(tmp_path))
    assert (status, out, err) == (0, "", "")
    assert seen == {"decks": ["alpha"], "broken": ["broken.yaml"], "deck list": True}
