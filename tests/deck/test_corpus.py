"""The corpus of broken decks: each file in `corpus/` and the exact lines `load_decks` must report.

`corpus/CASE.yaml` (or the folder `corpus/CASE/`) is loaded with the corpus as the working directory;
`corpus/CASE.expected` holds the exact problem lines, in order (empty for a valid deck).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.deck.loader import load_decks
from tests.deck.conftest import lines

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(path.stem for path in CORPUS.glob("*.expected"))
# Cases whose message is libyaml's own wording: the pure-Python parser says it differently.
LIBYAML_WORDING = {"colon_in_text", "misindented_key"}


def target(case: str) -> str:
    return f"{case}.yaml" if (CORPUS / f"{case}.yaml").exists() else case


def expected(case: str) -> list[str]:
    return (CORPUS / f"{case}.expected").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exactly_the_expected_lines(case: str, yaml_backend: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if yaml_backend == "pure" and case in LIBYAML_WORDING:
        pytest.skip("libyaml's wording")
    monkeypatch.chdir(CORPUS)
    result = load_decks([target(case)])
    assert lines(result) == expected(case)
    assert bool(result.errors) == any(": error: " in line for line in expected(case))


def test_every_case_has_a_deck_file_or_folder() -> None:
    for case in CASES:
        assert (CORPUS / target(case)).exists(), case
    for path in CORPUS.glob("*.yaml"):
        assert (CORPUS / f"{path.stem}.expected").exists(), f"{path.name} has no .expected file"


def test_valid_cases_load_their_decks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    result = load_decks(["valid.yaml", "unicode.yaml", "warnings.yaml"])
    assert not result.errors
    assert [deck.key for deck in result.decks] == ["valid", "unicode", "warnings"]
    assert result.decks[1].title == "Собеседование по ML 日本語 🎲"
    assert result.decks[1].cards[0].short_answer == "推論時にはドロップアウトは無効になります。"


@pytest.mark.timeout(30)  # a hang guard; speed is measured in benchmarks/
def test_the_alias_bomb_fails_fast(yaml_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    result = load_decks(["alias_bomb.yaml"])
    assert result.errors and not result.decks


def test_all_problems_of_all_files_come_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    result = load_decks(["."])
    files = {problem.path for problem in result.errors}
    broken = {target(case) for case in CASES if any(": error: " in line for line in expected(case))}
    # Found through the folder, the paths start with the folder's name as given.
    broken = (broken - {"dup_across"}) | {"dup_across/b.yaml"}
    assert {Path(path).as_posix() for path in files} == broken
