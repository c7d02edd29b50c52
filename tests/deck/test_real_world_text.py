"""Real-world text is accepted or explained: Windows line breaks, text that YAML reads as a mapping,
keys at the wrong indentation.

Converters and `yaml.safe_dump` of Windows text write `"\\r\\n"` inside quoted strings; a list item with
': ' in it is a mapping to YAML; a key one space off makes a syntax error far from what to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizterm.deck.loader import load_decks
from tests.deck.conftest import lines

FULL = {"short_answer": "s", "breakdown": "b", "theory": "t", "common_mistakes": ["m"], "interview_tips": ["i"],
        "key_points": ["p", "q"]}


def dumped_deck(path: Path, **card: object) -> Path:
    """A deck written by `yaml.safe_dump`, as converters write them."""
    path.write_text(yaml.safe_dump({"title": "Dumped", "cards": [{"id": "a", **FULL, **card}]},
                                   allow_unicode=True), encoding="utf-8")
    return path


def test_windows_line_breaks_in_quoted_text_are_line_breaks(tmp_path: Path) -> None:
    deck = dumped_deck(tmp_path / "crlf.yaml", question="Line one\r\nline two", short_answer="one\rtwo",
                       common_mistakes=["a\r\n\r\nb", "c\r\r\nd"])
    assert '"Line one\\r\\nline two"' in deck.read_text(encoding="utf-8")  # what safe_dump writes
    result = load_decks([deck])
    assert lines(result) == []
    card = result.decks[0].cards[0]
    assert (card.question, card.short_answer, card.common_mistakes) == ("Line one\nline two", "one\ntwo",
                                                                        ("a\n\nb", "c\n\nd"))


def test_every_spelling_of_a_carriage_return_escape_is_a_line_break(tmp_path: Path) -> None:
    deck = tmp_path / "escapes.yaml"
    deck.write_text('title: "T\\x0d\\ntitle"\ncards:\n  - id: a\n    question: "q\\u000Dr"\n'
                    '    short_answer: "s\\U0000000dt"\n', encoding="utf-8")
    result = load_decks([deck])
    assert result.errors == []
    assert result.decks[0].title == "T\ntitle"
    assert (result.decks[0].cards[0].question, result.decks[0].cards[0].short_answer) == ("q\nr", "s\nt")


def test_other_control_escapes_are_still_refused(tmp_path: Path) -> None:
    deck = tmp_path / "esc.yaml"
    deck.write_text('title: T\ncards:\n  - id: a\n    question: "a\\r\\n\\e[31m"\n    short_answer: s\n',
                    encoding="utf-8")
    assert [p.format() for p in load_decks([deck]).errors] == [
        f"{deck}:4:21: error: cards[0].question: control character U+001B is not allowed in deck text "
        "(it could drive the terminal); remove it"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["a", "é", " ", "\n", "\r", "\r\n", "\t", ": ", "- ", "#", "\"", "'", "\\r"]),
                max_size=30).map("".join))
def test_dumped_windows_text_loads_as_the_same_text_with_unix_line_breaks(tmp_path: Path, text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    assume(expected)
    deck = dumped_deck(tmp_path / "deck.yaml", question=text)
    result = load_decks([deck])
    assert lines(result) == []
    assert result.decks[0].cards[0].question == expected


def test_a_list_item_with_colon_space_is_told_to_be_quoted(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: T\ncards:\n  - id: a\n    question: q\n    short_answer: s\n"
                    "    common_mistakes:\n      - Say which stage is for: retrieval → recall\n"
                    "    interview_tips:\n      - {Tip: one, Two: two}\n", encoding="utf-8")
    assert [p.format() for p in load_decks([deck]).errors] == [
        f"{deck}:7:9: error: cards[0].common_mistakes[0]: expected text, got a mapping (YAML reads the ': ' "
        "in it as key: value); put the whole text in quotes: \"Say which stage is for: retrieval → recall\"",
        f"{deck}:9:9: error: cards[0].interview_tips[0]: expected text, got a mapping (key: value lines); "
        "if it is text containing ': ', put the whole text in quotes",
    ]


def test_a_text_field_holding_a_key_of_the_card_is_told_about_indentation(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: T\ncards:\n  - id: a\n    question: q\n    short_answer:\n      breakdown: b\n",
                    encoding="utf-8")
    assert [p.format() for p in load_decks([deck]).errors] == [
        f"{deck}:6:7: error: cards[0].short_answer: expected text, got a mapping (key: value lines); "
        "'breakdown' is a key of a card: indent it like the card's other keys (column 5)"]


def test_a_card_key_at_the_top_level_is_told_about_indentation(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: T\ncards:\n  - id: a\n    question: q\n    short_answer: s\ntheory: t\n",
                    encoding="utf-8")
    assert [p.format() for p in load_decks([deck]).errors] == [
        f"{deck}:6:1: error: unknown key 'theory'; 'theory' is a key of a card: indent it like the card's "
        "other keys (column 5)"]


HEAD = "title: x\ncards:\n  - id: a\n    question: Q\n"
MISINDENTED = {
    "key one column left": (HEAD + "   short_answer: A\n", "5:4",
                            "; check the indentation: line this key up with 'question' on line 4 (column 5)"),
    "key after a block text": (HEAD + "    breakdown: |\n      Note: text\n   theory: T\n", "7:4",
                               "; check the indentation: line this key up with 'breakdown' on line 5 (column 5)"),
    "second card off": (HEAD + "    short_answer: A\n   - id: b\n", "6:4",
                        "; check the indentation: line this '- ' item up with the one on line 3 (column 3)"),
    "list item off": (HEAD + "    common_mistakes:\n      - one\n     - two\n", "7:6",
                      "; check the indentation: line this '- ' item up with the one on line 6 (column 7)"),
    "top-level key indented": ("cards:\n  - id: a\n    question: Q\n title: x\n", "4:2",
                               "; check the indentation: line this key up with 'cards' on line 1 (column 1)"),
    "key one column right": (HEAD + "     short_answer: A\n", "5:18",
                             "; if 'short_answer' is a key, line it up with 'question' on line 4 (column 5); if it is "
                             "text containing ': ', put the whole text in quotes"),
    "top-level key right": ("title: x\n  cards:\n  - id: a\n", "2:8",
                            "; if 'cards' is a key, line it up with 'title' on line 1 (column 1); if it is "
                            "text containing ': ', put the whole text in quotes"),
}


@pytest.mark.parametrize("case", MISINDENTED)
def test_a_misindented_key_gets_an_indentation_hint(case: str, tmp_path: Path, yaml_backend: str) -> None:
    text, where, hint = MISINDENTED[case]
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    [error] = [p.format() for p in load_decks([deck]).errors]
    assert error.startswith(f"{deck}:{where}: error: ")
    assert error.endswith(hint)


def test_colon_space_inside_text_keeps_the_quoting_hint_alone(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(HEAD.replace("Q\n", "What is it: x?\n"), encoding="utf-8")
    [error] = [p.format() for p in load_decks([deck]).errors]
    assert error.endswith("; if the text contains ': ', put it in quotes")
    assert "indent" not in error
