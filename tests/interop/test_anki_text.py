"""Anki's plain-text note export (`.txt`): headers, quoting, HTML or not, quizterm's own note type, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.deck.cards import KeyPoint
from quizterm.errors import QuiztermError
from quizterm.interop.anki_export import note_fields
from quizterm.interop.anki_import import import_anki_text
from quizterm.interop.anki_notetype import NOTE_TYPE_NAME
from quizterm.interop.imported import NO_PROGRESS, Imported
from tests.interop.anki_helpers import rich_card


def read(tmp_path: Path, text: str | bytes) -> Imported:
    path = tmp_path / "notes.txt"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return import_anki_text(path, NO_PROGRESS)


def test_headers_quoting_and_columns(tmp_path: Path) -> None:
    imported = read(tmp_path, (
        "#separator:Semicolon\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
        'g1;Basic;Top::Sub;What is <b>AUC</b>?;"Area under; the ROC<br>curve";ml eval\n'
        'g2;Cloze;Top::Other;"The {{c1::ROC}} plots ""TPR"" vs FPR";;\n'))
    first, second = imported.cards
    assert (first.question, first.short_answer, first.tags) == ("What is AUC?", "Area under; the ROC\ncurve",
                                                                ("ml", "eval", "Sub"))
    assert (first.where, second.where) == ("line 7", "line 8")
    assert second.question == 'The [...] plots "TPR" vs FPR' and second.short_answer == 'The ROC plots "TPR" vs FPR'
    assert second.tags == ("Other",)  # several decks: each card is tagged with its own
    assert imported.title == "Top"


def test_plain_text_fields_are_not_html(tmp_path: Path) -> None:
    (card,) = read(tmp_path, "#separator:tab\n#html:false\nIs <b> a tag?\tNo, & it is text\n").cards
    assert (card.question, card.short_answer) == ("Is <b> a tag?", "No, & it is text")


def test_an_old_export_without_headers_is_tab_separated_and_html_when_it_looks_like_it(tmp_path: Path) -> None:
    imported = read(tmp_path, "Front one<br>two\tBack &amp; more\nQ2\tA2\n")
    assert [(card.question, card.short_answer) for card in imported.cards] == [
        ("Front one\ntwo", "Back & more"), ("Q2", "A2")]
    assert imported.cards[0].where == "line 1"


def test_quizterm_notes_in_a_text_export(tmp_path: Path) -> None:
    fields = note_fields(rich_card())
    row = "\t".join(['"' + field.replace('"', '""') + '"' for field in fields])
    (card,) = read(tmp_path, f"#separator:tab\n#html:true\n#notetype column:1\n{NOTE_TYPE_NAME}\t{row}\n").cards
    assert card.id == "bias-variance"
    assert card.key_points[0] == KeyPoint("Bias is error from wrong assumptions", ("underfitting error",))


def test_multi_line_quoted_fields_keep_their_line(tmp_path: Path) -> None:
    imported = read(tmp_path, '#separator:tab\n#html:false\n"Q one\nstill Q"\tA\nQ2\tA2\n')
    assert [(card.question, card.where) for card in imported.cards] == [("Q one\nstill Q", "line 3"), ("Q2", "line 5")]


@pytest.mark.parametrize(("content", "fragment"), [
    (b"Q\tcaf\xe9\n", ":1:6: byte 0xe9 is not UTF-8"),
    (b"SQLite format 3\x00binary", "binary data (a NUL byte at line 1), not Anki's text export"),
    ("#separator:weird\nQ\tA\n", "unknown #separator 'weird'"),
    ("#guid column:zero\nQ\tA\n", "#guid column:zero is not a column number"),
    ("#separator:tab\nQ\u001b[2J\tA\n", "line 2: control character U+001B"),
])
def test_unreadable_files_are_one_line_errors(tmp_path: Path, content: str | bytes, fragment: str) -> None:
    with pytest.raises(QuiztermError) as caught:
        read(tmp_path, content)
    assert fragment in str(caught.value) and "\n" not in str(caught.value)
