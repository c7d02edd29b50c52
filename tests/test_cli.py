"""The installed `quizterm` command: exit codes, one-line errors, no tracebacks.

These run the real console script (or `python -m quizterm`) in a subprocess, as a user would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.store.daily_backup import DailyBackup
from quizterm.store.progress import ProgressStore

ROOT = Path(__file__).resolve().parents[1]


def quizterm(*args: str, cwd: Path | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command as installed when it is on PATH, else as `python -m quizterm`."""
    exe = shutil.which("quizterm")
    argv = [exe, *args] if exe else [sys.executable, "-m", "quizterm", *args]
    full_env = {**os.environ, "QUIZTERM_DATA_DIR": "", **(env or {})}
    full_env.pop("QUIZTERM_DEBUG", None)
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd or ROOT, env=full_env, timeout=60)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, fragment: str) -> None:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("quizterm: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = quizterm("--version")
    assert result.returncode == 0
    assert result.stdout.strip().startswith("quizterm ")


def test_python_dash_m_works_too() -> None:
    result = subprocess.run([sys.executable, "-m", "quizterm", "--version"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("quizterm ")


def test_unknown_option_is_a_usage_error() -> None:
    assert_one_line_error(quizterm("stats", "--bogus"), 2, "unrecognized arguments: --bogus")


def test_bad_now_is_a_usage_error(tmp_path: Path) -> None:
    assert_one_line_error(quizterm("stats", "--now", "yesterday", "--data-dir", str(tmp_path)), 2,
                          "--now 'yesterday' is not an ISO date")


def test_missing_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert_one_line_error(quizterm("doctor", "--data-dir", str(missing)), 1, f"{missing}: data directory")
    assert not missing.exists()


def test_env_var_names_the_data_dir(tmp_path: Path) -> None:
    missing = tmp_path / "from-env"
    assert_one_line_error(quizterm("doctor", env={"QUIZTERM_DATA_DIR": str(missing)}), 1, "$QUIZTERM_DATA_DIR")


def test_doctor_on_a_fresh_dir_is_healthy(tmp_path: Path) -> None:
    result = quizterm("doctor", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_doctor_takes_no_now(tmp_path: Path) -> None:
    """Doctor acts only for safety, by the real clock: a `--now` there would be a promise it cannot keep."""
    assert_one_line_error(quizterm("doctor", "--now", "2026-11-26", "--data-dir", str(tmp_path)), 2,
                          "unrecognized arguments: --now")


def test_doctor_restore_without_backup(tmp_path: Path) -> None:
    assert_one_line_error(quizterm("doctor", "--restore-backup", "--data-dir", str(tmp_path)), 1,
                          "there is no backup to restore")


def test_doctor_restores_the_newest_backup_and_keeps_the_damaged_file(tmp_path: Path) -> None:
    day1 = datetime(2026, 11, 25, 12).astimezone()
    with ProgressStore.open(tmp_path, real_now=day1) as store:
        store.record_grade(card_id="a", deck="d", grade=5, moment=day1, day=day1.date())
    DailyBackup(tmp_path).run(datetime(2026, 11, 26, 12).astimezone())  # holds the grade above
    db = tmp_path / "progress.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    broken = quizterm("stats", "--data-dir", str(tmp_path), "--now", "2026-11-26", str(ROOT / "decks"))
    assert_one_line_error(broken, 1, "damaged")
    assert "quizterm doctor --restore-backup" in broken.stderr
    result = quizterm("doctor", "--restore-backup", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("progress.sqlite3.damaged-")]
    assert [p.read_bytes() for p in aside] == [b"this is not a database" * 100]
    with ProgressStore.open(tmp_path, real_now=datetime(2026, 11, 26, 14).astimezone()) as store:
        assert store.review_count() == 1


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A bug still reaches the user as one line, with the way to see the traceback."""
    import quizterm.commands.schema as schema

    def boom(*_: object) -> int:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(schema, "run", boom)
    monkeypatch.delenv("QUIZTERM_DEBUG", raising=False)
    assert main(["schema"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: kaboom" in err and "QUIZTERM_DEBUG=1" in err


def test_an_unknown_tag_is_named_with_the_closest_one(tmp_path: Path) -> None:
    """A --tag no card has used to start an empty drill ("Nothing is due today"); now it is a usage error."""
    deck = tmp_path / "algo.yaml"
    deck.write_text("title: Algorithms\ncards:\n  - id: bs\n    question: Binary search?\n    short_answer: O(log n).\n"
                    "    tags: [algo, search]\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    result = quizterm("drill", str(deck), "--tag", "search", "--tag", "#ALOG", "--data-dir", str(tmp_path / "data"))
    assert_one_line_error(result, 2, "--tag alog: no card has tag 'alog'; did you mean 'algo'?")


def test_any_theme_the_palette_offers_is_a_theme_option_and_others_are_usage_errors(tmp_path: Path) -> None:
    result = quizterm("drill", "--theme", "blue", "--data-dir", str(tmp_path))
    assert_one_line_error(result, 2, "--theme: theme must be one of dark, light, ansi-dark, ")
    assert result.stderr.rstrip().endswith("not 'blue'")


@pytest.mark.parametrize(("value", "fragment"), [
    ("0", "argument --timed: expected 1 to 3600 seconds, not 0"),
    ("3601", "expected 1 to 3600 seconds, not 3601"),
    ("90s", "argument --timed: expected whole seconds such as 120, not '90s'"),
])
def test_timed_takes_whole_seconds_from_1_to_3600(tmp_path: Path, value: str, fragment: str) -> None:
    import io

    err = io.StringIO()
    assert main(["drill", "--timed", value, "--data-dir", str(tmp_path)], out=io.StringIO(), err=err) == 2
    [line] = err.getvalue().splitlines()
    assert line.startswith("quizterm: error: ") and fragment in line
