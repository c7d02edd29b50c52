"""`run_validate`: every problem line, then one summary line, and the exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from quizterm.deck.validate import run_validate
from quizterm.errors import UsageError
from tests.deck.conftest import write_deck


def validate(paths: list[str], strict: bool = False) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = run_validate(paths, strict=strict, out=out)
    return status, out.getvalue().splitlines()


def test_valid_decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_deck(Path("a.yaml"), "x", "y")
    write_deck(Path("b.yaml"), "z")
    assert validate(["."]) == (0, ["2 decks, 3 cards: valid"])


def test_errors_and_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_deck(Path("a.yaml"), "x")
    Path("b.yaml").write_text("title: yes\ncards:\n  - id: y\n    question: q\n    short_answer: s\n"
                              "    breakdown: b\n    theory: t\n    common_mistakes: [m]\n    key_points: [p, q]\n",
                              encoding="utf-8")
    Path("c.yaml").write_text("title: C\ncards: []\n", encoding="utf-8")
    status, output = validate(["."])
    assert status == 1
    assert output == [
        "b.yaml:1:8: error: title: expected text, got a boolean (YAML reads yes as true); put it in quotes: \"yes\"",
        "b.yaml:3:5: warning: cards[0]: no interview_tips; the rubric will not give interview tips",
        "c.yaml:2:8: error: cards: a deck needs at least one card; add one under 'cards:'",
        "2 errors, 1 warning in 2 of 3 files",
    ]


def test_warnings_pass_unless_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("title: A\ncards:\n  - id: y\n    question: q\n    short_answer: s\n"
                              "    breakdown: b\n    theory: t\n    common_mistakes: [m]\n    key_points: [p, q]\n",
                              encoding="utf-8")
    warning = "a.yaml:3:5: warning: cards[0]: no interview_tips; the rubric will not give interview tips"
    assert validate(["a.yaml"]) == (0, [warning, "1 deck, 1 card: valid (1 warning)"])
    assert validate(["a.yaml"], strict=True) == (1, [warning, "1 warning in 1 of 1 file (warnings fail with --strict)"])


def test_a_missing_path_propagates_as_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        validate([str(tmp_path / "missing")])


def test_the_cache_is_used_and_warnings_still_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("title: A\ncards:\n  - id: y\n    question: q\n    short_answer: s\n", encoding="utf-8")
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        assert run_validate(["a.yaml"], strict=False, out=out, cache_dir=tmp_path / "cache") == 0
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert outputs[0].endswith("1 deck, 1 card: valid (5 warnings)\n")
    assert list((tmp_path / "cache").glob("*.pickle"))
