"""Folding code lines (quizterm.tui.widgets.code_block): nothing is lost, every row fits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from quizterm.tui.widgets.code_block import CONTINUATION, fold_code


def unfold(rows: list[str]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        if row.startswith(CONTINUATION) and lines:
            lines[-1] += row.removeprefix(CONTINUATION)
        else:
            lines.append(row)
    return lines


WIDTH = st.integers(min_value=4, max_value=100)
CODE_TEXT = st.text(alphabet=st.sampled_from("ab  ·β闭🧠\t[]/$\\"), max_size=300)


@given(text=CODE_TEXT, width=WIDTH)
def test_folding_keeps_every_character_and_fits_the_width(text: str, width: int) -> None:
    rows = fold_code(Content(text), width)
    assert unfold([row.plain for row in rows]) == text.expandtabs(4).split("\n")
    assert all(row.cell_length <= width for row in rows)


def test_folding_breaks_after_a_space_and_marks_the_continuation() -> None:
    line = "v = β2·v + (1 − β2)·g²           # second moment, β2 ≈ 0.999 (0.95 is common for LLMs)"
    rows = [row.plain for row in fold_code(Content(line), 60)]
    assert rows == ["v = β2·v + (1 − β2)·g²           # second moment, β2 ≈ ",
                    "↪ 0.999 (0.95 is common for LLMs)"]


def test_a_line_without_spaces_is_cut_at_the_width() -> None:
    rows = [row.plain for row in fold_code(Content("x" * 25), 10)]
    assert rows == ["x" * 10, "↪ " + "x" * 8, "↪ " + "x" * 7]


def test_short_lines_and_blank_lines_are_kept_as_they_are() -> None:
    assert [row.plain for row in fold_code(Content("a\n\n  b  "), 10)] == ["a", "", "  b  "]
