"""The one-line problem format and the pydantic models it reports on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from quizterm.deck.models import DeckModel
from quizterm.deck.problems import DeckError, Problem


def test_format_with_and_without_where() -> None:
    assert Problem("d.yaml", 3, 5, "cards[0].id", "bad").format() == "d.yaml:3:5: error: cards[0].id: bad"
    assert Problem("d.yaml", 1, 1, "", "empty", "warning").format() == "d.yaml:1:1: warning: empty"


def test_format_escapes_control_characters_everywhere() -> None:
    line = Problem("a\x1b.yaml", 1, 2, "k\x07", "x\ny\x9b").format()
    assert line == "a\\x1b.yaml:1:2: error: k\\x07: x\\ny\\x9b"


def test_deck_error_is_one_summary_line() -> None:
    problems = [Problem("a.yaml", 1, 1, "", "first"), Problem("b.yaml", 2, 2, "x", "second", "warning")]
    error = DeckError(problems)
    assert str(error) == ("1 error, 1 warning in 2 deck files; first: a.yaml:1:1: error: first "
                          "(`quizterm validate` lists them all)")
    assert error.problems == problems


def test_models_are_strict_and_never_echo_the_input() -> None:
    huge = "x" * 100_000
    with pytest.raises(ValidationError) as caught:
        DeckModel.model_validate({"title": 1, "cards": [{"id": "a", "question": huge, "short_answer": huge,
                                                         "breakdown": ["not", "text"], "extra": huge}]})
    assert huge not in str(caught.value)
    assert len(str(caught.value)) < 2000
    kinds = {(error["type"], error["loc"]) for error in caught.value.errors(include_input=False)}
    assert kinds == {("string_type", ("title",)), ("string_type", ("cards", 0, "breakdown")),
                     ("extra_forbidden", ("cards", 0, "extra"))}
