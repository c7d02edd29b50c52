"""`quizterm check`: the matcher on one answer to one card, for deck authors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizterm.cli import main

DECK = """\
title: Check
cards:
  - id: batchnorm-small-batches
    question: Dropout, BatchNorm and fine-tuning with small batches
    short_answer: BatchNorm statistics are noisy on small batches; freeze it or use GroupNorm.
    key_points:
      - Small batches make BatchNorm statistics noisy
      - point: Freeze BatchNorm when fine-tuning with small batches
        aliases: [keep BN in eval mode]
      - Replace BatchNorm with GroupNorm or LayerNorm
      - Dropout is disabled at inference
  - id: bare-card
    question: A card without key points
    short_answer: Nothing to match.
"""
ANSWER = "With a tiny batch the BN stats get noisy, so I keep BN in eval mode."


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "check.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def check(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(["check", *args], out, err)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def test_json_names_every_point_and_the_suggested_grade(deck: Path) -> None:
    code, out, err = check(str(deck), "--card", "batchnorm-small-batches", "--answer", ANSWER, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "card": "batchnorm-small-batches",
        "key_points": [
            {"text": "Small batches make BatchNorm statistics noisy", "mentioned": True},
            {"text": "Freeze BatchNorm when fine-tuning with small batches", "mentioned": True},
            {"text": "Replace BatchNorm with GroupNorm or LayerNorm", "mentioned": False},
            {"text": "Dropout is disabled at inference", "mentioned": False},
        ],
        "suggested_grade": 3,  # 5 × 2/4 = 2.5, rounded half up
    }


def test_text_ticks_the_points_and_shows_the_words_that_made_them(deck: Path) -> None:
    code, out, _ = check(str(deck), "--card", "batchnorm-small-batches", "--answer", ANSWER)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "batchnorm-small-batches: 2 of 4 key points mentioned"
    assert lines[1] == "  [x] Small batches make BatchNorm statistics noisy"
    assert lines[2].strip().startswith("by: ") and "noisy" in lines[2]
    assert "  [ ] Replace BatchNorm with GroupNorm or LayerNorm" in lines
    assert lines[-1].startswith("suggested grade: 3 ")


def test_answer_dash_reads_standard_input(deck: Path) -> None:
    code, out, _ = check(str(deck), "--card", "batchnorm-small-batches", "--answer", "-", "--json",
                         stdin="Dropout is switched off at inference.\n")
    assert code == 0
    assert [p["mentioned"] for p in json.loads(out)["key_points"]] == [False, False, False, True]
    assert json.loads(out)["suggested_grade"] == 1


def test_an_empty_answer_mentions_nothing(deck: Path) -> None:
    code, out, _ = check(str(deck), "--card", "batchnorm-small-batches", "--answer", "", "--json")
    assert code == 0 and json.loads(out)["suggested_grade"] == 0


def test_unknown_card_says_which_id_was_meant(deck: Path) -> None:
    code, out, err = check(str(deck), "--card", "batchnorm-small-batch", "--answer", "x")
    assert (code, out) == (1, "")
    assert err.strip() == (f"quizterm: error: no card 'batchnorm-small-batch' in {deck}; "
                           "did you mean 'batchnorm-small-batches'?")


def test_a_card_without_key_points_says_so(deck: Path) -> None:
    code, _, err = check(str(deck), "--card", "bare-card", "--answer", "x")
    assert code == 1
    assert err.startswith("quizterm: error: card 'bare-card' has no key_points") and err.count("\n") == 1


def test_a_broken_deck_prints_its_located_errors_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("title: Broken\ncards:\n  - id: x\n    question: q\n    short_answr: a\n", encoding="utf-8")
    code, _, err = check(str(path), "--card", "x", "--answer", "x")
    assert code == 1
    assert f"{path}:5:5: error:" in err and "Traceback" not in err


def test_usage_errors_exit_2(tmp_path: Path, deck: Path) -> None:
    assert check(str(tmp_path / "missing.yaml"), "--card", "x", "--answer", "x")[0] == 2
    assert check(str(deck), "--answer", "x")[0] == 2  # --card is required


def test_the_installed_command(deck: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "quizterm", "check", str(deck), "--card",
                             "batchnorm-small-batches", "--answer", "-", "--json"], input=ANSWER,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["suggested_grade"] == 3
