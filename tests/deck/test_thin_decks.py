"""Thin decks (question and short answer only) are valid decks: warnings never make a deck invalid.

Errors and warnings are capped per file separately, and counted separately, so a real error is never
hidden behind a hundred "no breakdown" warnings.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.commands.common import load_valid_decks
from quizterm.deck.deckfile import MAX_PROBLEMS
from quizterm.deck.loader import load_decks
from quizterm.deck.validate import run_validate
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore
from tests.deck.conftest import lines


def thin_deck(path: Path, cards: int, *, tail: str = "") -> Path:
    """A deck whose cards have a question and a short answer only: five warnings per card."""
    body = "".join(f"  - id: c{i}\n    question: Question {i}?\n    short_answer: Answer {i}.\n"
                   for i in range(cards))
    path.write_text(f"title: Thin\ncards:\n{body}{tail}", encoding="utf-8")
    return path


def validate(*args: str, strict: bool = False, errors_only: bool = False) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = run_validate(list(args), strict=strict, errors_only=errors_only, out=out)
    return status, out.getvalue().splitlines()


def test_a_thin_deck_of_thirty_cards_is_valid(tmp_path: Path) -> None:
    deck = thin_deck(tmp_path / "thin.yaml", 30)
    result = load_decks([deck])
    assert not result.errors
    assert [len(d.cards) for d in result.require_valid()] == [30]
    status, output = validate(str(deck))
    assert status == 0
    assert output[-1] == "1 deck, 30 cards: valid (150 warnings)"


def test_warnings_are_capped_on_their_own_and_the_cap_line_is_a_warning(tmp_path: Path) -> None:
    deck = thin_deck(tmp_path / "thin.yaml", 30)
    found = lines(load_decks([deck]))
    assert len(found) == MAX_PROBLEMS + 1
    assert all(": warning: " in line for line in found)
    # Card 20 starts at line 63: its five warnings are the 101st to 105th.
    assert found[-1] == (f"{deck}:63:5: warning: 50 more warnings not shown (at most {MAX_PROBLEMS} "
                         "warnings are listed per file)")
    assert (load_decks([deck]).error_count, load_decks([deck]).warning_count) == (0, 150)


def test_an_error_after_many_warnings_is_reported(tmp_path: Path) -> None:
    deck = thin_deck(tmp_path / "thin.yaml", 30, tail="  - id: last\n    question: no\n    short_answer: x\n")
    status, output = validate(str(deck))
    assert status == 1
    error = (f"{deck}:94:15: error: cards[30].question: expected text, got a boolean (YAML reads no as false); "
             'put it in quotes: "no"')
    assert error in output
    assert output[-1] == "1 error, 155 warnings in 1 of 1 file"


def test_errors_are_capped_on_their_own_and_counted_in_full(tmp_path: Path) -> None:
    body = "".join(f"  - id: c{i}\n    question: no\n    short_answer: x\n" for i in range(150))
    deck = tmp_path / "bad.yaml"
    deck.write_text(f"title: Bad\ncards:\n{body}", encoding="utf-8")
    result = load_decks([deck])
    errors = [line for line in lines(result) if ": error: " in line]
    warnings = [line for line in lines(result) if ": warning: " in line]
    assert len(errors) == MAX_PROBLEMS + 1 and len(warnings) == MAX_PROBLEMS + 1
    assert errors[-1] == (f"{deck}:304:15: error: 50 more errors not shown (at most {MAX_PROBLEMS} errors are "
                          "listed per file): fix those and run again")
    assert (result.error_count, result.warning_count) == (150, 750)
    assert validate(str(deck))[1][-1] == "150 errors, 750 warnings in 1 of 1 file"


def test_errors_only_shows_errors_alone(tmp_path: Path) -> None:
    deck = thin_deck(tmp_path / "thin.yaml", 3, tail="  - id: last\n    question: no\n    short_answer: x\n")
    status, output = validate(str(deck), errors_only=True)
    assert status == 1
    assert output == [
        f"{deck}:13:15: error: cards[3].question: expected text, got a boolean (YAML reads no as false); "
        'put it in quotes: "no"',
        "1 error, 20 warnings in 1 of 1 file",
    ]


def test_errors_only_on_a_valid_thin_deck_prints_the_summary_alone(tmp_path: Path) -> None:
    deck = thin_deck(tmp_path / "thin.yaml", 3)
    assert validate(str(deck), errors_only=True) == (0, ["1 deck, 3 cards: valid (15 warnings)"])


def test_strict_warnings_are_failures_so_errors_only_still_shows_them(tmp_path: Path) -> None:
    deck = thin_deck(tmp_path / "thin.yaml", 1)
    status, output = validate(str(deck), strict=True, errors_only=True)
    assert status == 1
    assert len(output) == 6 and output[-1] == "5 warnings in 1 of 1 file (warnings fail with --strict)"


@pytest.mark.parametrize("flag", ["--errors-only", "-q"])
def test_the_command_line_flag(flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = thin_deck(tmp_path / "thin.yaml", 2)
    assert main(["validate", flag, str(deck)]) == 0
    assert capsys.readouterr().out == "1 deck, 2 cards: valid (10 warnings)\n"


def test_ten_thousand_thin_cards_validate_and_load_for_a_drill(tmp_path: Path) -> None:
    deck = thin_deck(tmp_path / "big.yaml", 10_000)
    status, output = validate(str(deck), errors_only=True)
    assert (status, output) == (0, ["1 deck, 10,000 cards: valid (50,000 warnings)"])
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    err = io.StringIO()
    for _ in ("cold", "from the cache"):  # exactly what `quizterm drill` does
        loaded, broken = load_valid_decks([deck], data_dir, err, defer_cache_writes=True, compact=True)
        loaded.write_cache()
        assert broken == []
        assert loaded.problems == []  # a drill shows no warnings, so it never reads the 50,000 (capped to 101)
        assert [len(d.cards) for d in loaded.decks] == [10_000]
        assert loaded.decks[0].cards[-1].short_answer == "Answer 9999."
    assert err.getvalue() == ""
    assert list((data_dir / "deck-cache").glob("*.pickle"))
    cached = load_decks([deck], cache_dir=data_dir / "deck-cache")  # as `validate --data-dir` reads it
    assert (cached.error_count, cached.warning_count, len(cached.problems)) == (0, 50_000, MAX_PROBLEMS + 1)
    assert {problem.path for problem in cached.problems} == {str(deck)}
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    with ProgressStore.open(data_dir, real_now=now) as store:
        session = DrillSession(cards=loaded.decks[0].cards, store=store, clock=lambda: now)
        first = session.current()
        assert first is not None and first.id == "c0"
        session.grade(first, 5)
        assert store.states()["c0"].reps == 1
