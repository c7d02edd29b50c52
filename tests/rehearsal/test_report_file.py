"""`--report FILE.md`: refused paths are refused before the round, an existing file is appended to (never
overwritten), and the write is whole or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.errors import QuiztermError, UsageError
from quizterm.rehearsal.report_file import check_report_path, write_report


@pytest.mark.parametrize(("name", "message"), [
    ("folder", "is a folder; give the Markdown file to write"),
    ("missing/report.md", "no such folder"),
    ("deck.yaml", "a report is Markdown; give a file name ending in .md"),
    ("binary.md", "exists and is not UTF-8 text"),
])
def test_a_path_that_cannot_take_a_report_is_one_usage_error(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "binary.md").write_bytes(b"\xff\xfe\x00not text")
    with pytest.raises(UsageError, match=message) as caught:
        check_report_path(tmp_path / name)
    assert "\n" not in str(caught.value)


def test_a_new_file_gets_the_report_and_an_existing_one_keeps_its_text_above_the_new_report(tmp_path: Path) -> None:
    path = tmp_path / "rounds.md"
    check_report_path(path)
    assert write_report(path, "# Round 1\n") is False
    path.write_text(path.read_text() + "my notes, no newline at the end", encoding="utf-8")
    check_report_path(path)
    assert write_report(path, "# Round 2\n") is True
    assert path.read_text(encoding="utf-8") == "# Round 1\nmy notes, no newline at the end\n\n# Round 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rounds.md"]  # no temporary file left behind


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "rounds.md"
    path.write_text("kept\n", encoding="utf-8")

    def refuse(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(QuiztermError, match=r"could not write the report \(No space left on device\)"):
        write_report(path, "# Round\n")
    assert path.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rounds.md"]
