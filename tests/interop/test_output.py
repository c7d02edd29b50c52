"""Writing decks to disk: new decks with their schema, appending byte for byte, refusing bad targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.deck.bundled import bundled_decks_dir
from quizterm.deck.loader import load_decks
from quizterm.errors import QuiztermError, UsageError
from quizterm.interop.imported import ImportedCard
from quizterm.interop.output import append_to_deck, check_output, write_new_deck
from quizterm.interop.writer import SCHEMA_FILE, SCHEMA_LINE


def card(n: int, question: str = "") -> ImportedCard:
    return ImportedCard(id=f"card-{n}", question=question or f"Question {n}?", short_answer=f"Answer {n}.")


def cards_of(path: Path) -> list[tuple[str, str]]:
    result = load_decks([path])
    assert not result.errors, [p.format() for p in result.errors]
    return [(c.id, c.question) for c in result.decks[0].cards]


def test_a_new_deck_is_valid_and_gets_the_schema_beside_it(tmp_path: Path) -> None:
    deck = tmp_path / "imported.yaml"
    written = write_new_deck(deck, "Imported", [card(1), card(2, "What is 1: 2?\nSecond line")])
    assert deck.read_text().startswith(SCHEMA_LINE + "\ntitle: Imported\ncards:\n  - id: card-1\n")
    assert cards_of(deck) == [("card-1", "Question 1?"), ("card-2", "What is 1: 2?\nSecond line")]
    assert written.schema == tmp_path / SCHEMA_FILE and '"title": "quizterm deck"' in written.schema.read_text()
    assert written.first_line == 4
    (tmp_path / SCHEMA_FILE).write_text("{}")  # one already there is left alone
    assert write_new_deck(tmp_path / "other.yaml", "Other", [card(3)]).schema is None
    assert (tmp_path / SCHEMA_FILE).read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


EXISTING = """\
# My deck, written by hand  (comments and "quotes" stay as they are)
title: 'Mine'
cards:
-   id: mine-1   # the first one
    question: "Mine?"
    short_answer: >-
      Folded
      text.

# a comment after the last card
tags: [hand]   # and a key after the cards
"""


def test_appending_keeps_every_byte_already_there(tmp_path: Path) -> None:
    deck = tmp_path / "mine.yaml"
    deck.write_text(EXISTING)
    written = append_to_deck(deck, [card(1), ImportedCard(id="mine-1", question="Other?", short_answer="x"),
                                    card(2, "Multi\nline")])
    text = deck.read_text()
    head = EXISTING[:EXISTING.index("text.\n") + 6]
    assert text.startswith(head) and text.endswith(EXISTING[len(head):])
    assert text[len(head):-len(EXISTING[len(head):])] == (
        "- id: card-1\n  question: Question 1?\n  short_answer: Answer 1.\n"
        "- id: card-2\n  question: |-\n    Multi\n    line\n  short_answer: Answer 2.\n")
    assert [c.id for c in written.added] == ["card-1", "card-2"] and [c.id for c in written.skipped] == ["mine-1"]
    assert written.first_line == 9
    assert [i for i, _ in cards_of(deck)] == ["mine-1", "card-1", "card-2"]
    before = deck.read_bytes()
    again = append_to_deck(deck, [card(1), card(2)])  # importing again finds the same cards
    assert again.added == [] and deck.read_bytes() == before


@pytest.mark.parametrize(("original", "newline"), [
    ("\ufefftitle: T\r\ncards:\r\n  - id: a\r\n    question: Q?\r\n    short_answer: A.\r\n", "\r\n"),
    ("title: T\ncards:\n  - id: a\n    question: Q?\n    short_answer: A.", "\n"),  # no line end at the end
])
def test_appending_keeps_line_ends_bom_and_a_missing_last_line_end(tmp_path: Path, original: str,
                                                                   newline: str) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_bytes(original.encode())
    append_to_deck(deck, [card(1)])
    data = deck.read_bytes().decode()
    assert data.startswith(original)
    assert data[len(original):].lstrip("\n") == newline.join(
        ["  - id: card-1", "    question: Question 1?", "    short_answer: Answer 1.", ""])
    assert [i for i, _ in cards_of(deck)] == ["a", "card-1"]


def test_a_broken_deck_is_not_appended_to_and_stays_as_it_was(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    original = b"title: T\ncards:\n  - id: a\n    question: Q?\n    short_answer: A.\n    breakdwon: x\n"
    deck.write_bytes(original)
    with pytest.raises(QuiztermError, match=r"nothing written: .*d\.yaml:6:5: error: .*breakdwon"):
        append_to_deck(deck, [card(1)])
    assert deck.read_bytes() == original and [p.name for p in tmp_path.iterdir()] == ["d.yaml"]
    deck.write_bytes(b"title: T\ncards: [{id: a, question: Q, short_answer: A}]\n")
    with pytest.raises(QuiztermError, match="'cards' is not a block list"):
        append_to_deck(deck, [card(1)])
    deck.write_bytes(b"title: [unclosed\ncards:\n")
    with pytest.raises(QuiztermError, match=r"d\.yaml:\d+:\d+: error: .*fix it before adding cards"):
        append_to_deck(deck, [card(1)])


def test_targets_that_must_not_be_written_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        check_output(tmp_path)
    with pytest.raises(UsageError, match=r"must end in \.yaml or \.yml"):
        check_output(tmp_path / "deck.txt")
    with pytest.raises(UsageError, match="no such folder"):
        check_output(tmp_path / "missing" / "deck.yaml")
    with pytest.raises(UsageError, match="hidden file"):
        check_output(tmp_path / ".deck.yaml")
    bundled = bundled_decks_dir()
    sneaky = bundled / ".." / bundled.name / "mine.yaml"  # `..` is resolved before the check
    with pytest.raises(UsageError, match="bundled decks"):
        check_output(sneaky)
    check_output(tmp_path / "sub" / ".." / "fine.yaml") if (tmp_path / "sub").mkdir() is None else None


@pytest.mark.parametrize("name", sorted(p.name for p in bundled_decks_dir().glob("*.yaml")))
def test_appending_to_every_bundled_deck_keeps_it_and_stays_valid(tmp_path: Path, name: str) -> None:
    original = (bundled_decks_dir() / name).read_text(encoding="utf-8")
    deck = tmp_path / name
    deck.write_text(original, encoding="utf-8")
    new = ImportedCard(id="appended-card-1", question="Appended?", short_answer="Yes.\nOn two lines.")
    written = append_to_deck(deck, [new])
    text = deck.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    first = written.first_line - 1
    assert lines[first].lstrip().startswith("- id: appended-card-1") and len(lines) == len(original.splitlines()) + 5
    assert "".join(lines[:first] + lines[first + 5:]) == original
    assert cards_of(deck)[-1] == ("appended-card-1", "Appended?")
