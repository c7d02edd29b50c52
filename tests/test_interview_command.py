"""`quizterm interview` from the command line: options checked before anything starts, the round run (the
TUI replaced by a stand-in that answers as a user would), and the `--report` file: written, appended to,
written after quitting early, and its Markdown content."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.rehearsal.interview_session import InterviewSession
from quizterm.tui.app import QuiztermApp

DECK = """\
title: Interview deck
time_limit: 120
cards:
  - id: first
    question: "What is *overfitting*?"
    short_answer: Fitting noise.
    key_points:
      - The model fits noise in the training data
      - It generalises worse to new data
    follow_ups:
      - question: How do you detect it?
        answer: Validation loss rises.
  - id: second
    question: What is a | pipe?
    short_answer: A character.
  - id: third
    question: What is a tensor?
    short_answer: An array.
"""


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def answering(grades: list[int]) -> Callable[[QuiztermApp], None]:
    """A stand-in for `QuiztermApp.run`: the session grades the round's first len(grades) questions, marking
    the first key point and answering the follow-up of a card that has one, then the user quits."""

    def run(app: QuiztermApp) -> None:
        app.session = app._new_session(app.decks, app.tags)  # as the first screen does
        session = app.session
        assert isinstance(session, InterviewSession)
        for grade in grades:
            card = session.current()
            assert card is not None
            marks = session.checklist(card, "")
            if marks.points:
                marks = marks.toggle(0)
            if probe := session.next_follow_up(card):
                from quizterm.rehearsal.checklist import FollowUpAnswer

                answer = FollowUpAnswer(probe.question, "it rises", True)
                session.answer_follow_up(card, answer)
                marks = marks.with_follow_up(answer)
            session.grade(card, grade, answer="typed", seconds=42.0, checklist=marks)

    return run


def run_interview(monkeypatch: pytest.MonkeyPatch, grades: list[int], *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(QuiztermApp, "run", answering(grades))
    out, err = io.StringIO(), io.StringIO()
    code = main(["interview", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_round_writes_its_report_and_a_second_round_appends_to_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, deck: Path) -> None:
    report = tmp_path / "rounds.md"
    data = str(tmp_path / "data")
    (tmp_path / "data").mkdir()
    code, out, err = run_interview(monkeypatch, [4, 3, 5], str(deck), "--data-dir", data, "--minutes", "3",
                                   "--report", str(report), "--now", "2026-12-01T10:00")
    assert (code, err) == (0, "")
    assert out == (f"Report written to {report}.\n3 of 3 questions answered. Coverage: 1 of 2 key points (50%); "
                   "3 real, 0 practice.\n")
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Interview round, 2026-12-01 10:00\n\n3 of 3 questions answered.\n")
    assert "| 1 | first | 0:42 of 1:00 | 1/2 | 0 | 1/1 | 4 (suggested 3) | review |" in text
    assert "## 1. What is \\*overfitting\\*?" in text and "## 2. What is a \\| pipe?" in text
    # half an hour later: the card graded 3 is today's same-day repeat (a real grade), the others are not
    # due (practice grades); the report goes under the first one
    code, out, _ = run_interview(monkeypatch, [5, 4], str(deck), "--data-dir", data, "--questions", "2",
                                 "--report", str(report), "--now", "2026-12-01T10:30")
    assert code == 0 and out.startswith(f"Report appended to {report}.\n2 of 2 questions answered.")
    assert out.endswith("1 real, 1 practice.\n")
    appended = report.read_text(encoding="utf-8")
    assert appended.startswith(text) and "\n\n# Interview round, 2026-12-01 10:30\n" in appended
    assert "- Card: second (deck), review" in appended
    assert "practice: a practice grade, no schedule moved" in appended


def test_fewer_cards_than_asked_for_run_what_there_is_and_say_so(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, deck: Path) -> None:
    report = tmp_path / "r.md"
    (tmp_path / "d").mkdir()
    code, _, _ = run_interview(monkeypatch, [], str(deck), "--data-dir", str(tmp_path / "d"), "--report", str(report))
    assert code == 0
    text = report.read_text(encoding="utf-8")
    assert "Ended early: 0 of 3 questions answered." in text  # quit before the first answer: still a report
    assert "Only 3 questions of the 6 asked for: no other card is due, seen before, or new within today" in text


def test_nothing_to_ask_is_one_line_and_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         deck: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "config.toml").write_text("new_per_day = 0\n", encoding="utf-8")
    code, out, err = run_interview(monkeypatch, [], str(deck), "--data-dir", str(tmp_path / "d"),
                                   "--report", str(tmp_path / "r.md"))
    assert (code, out) == (1, "")
    assert err.startswith("quizterm: error: nothing to ask: no card of these decks is due") and err.count("\n") == 1
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--questions", "51"], "argument --questions: expected 1 to 50 questions, not 51"),
    (["--minutes", "0"], "argument --minutes: expected more than 0 and at most 600 minutes, not 0"),
    (["--minutes", "nan"], "argument --minutes: expected more than 0 and at most 600 minutes, not nan"),
    (["--report", "deck.yaml"], "a report is Markdown; give a file name ending in .md"),
    (["--tag", "nope"], "--tag nope: no card has tag 'nope'"),
])
def test_bad_options_are_one_usage_error_before_the_round(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           deck: Path, args: list[str], message: str) -> None:
    (tmp_path / "d").mkdir()
    code, out, err = run_interview(monkeypatch, [4], str(deck), "--data-dir", str(tmp_path / "d"), *args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
