"""The rubric's Markdown parser: math spans kept as written, link targets written after their text."""

from __future__ import annotations

import pytest

from quizterm.tui.markdown_parser import rubric_parser


@pytest.mark.parametrize(("source", "shown"), [
    (r"set $\{x_1\}$ at $1\%$", [("code_inline", r"$\{x_1\}$"), ("code_inline", r"$1\%$")]),
    ("costs $5 and $10 a month", []),
    ("pay $5 for $x$", [("code_inline", "$x$")]),
    (r"an escaped \$x\$ is text", []),
    ("`$x$` is code", [("code_inline", "$x$")]),
    ("$$a + b$$ inline", [("code_inline", "$$a + b$$")]),
])
def test_inline_math_spans_are_kept_as_written(source: str, shown: list[tuple[str, str]]) -> None:
    [_, inline, _] = rubric_parser().parse(source)
    assert [(t.type, t.content) for t in inline.children or [] if t.type != "text"] == shown


def test_math_blocks_become_verbatim_fences() -> None:
    source = "$$\n\\frac{a}{b} \\% \\{c\\}\n$$\n\n$$x^2$$ (eq 1)\n"
    fences = [t for t in rubric_parser().parse(source) if t.type == "fence"]
    assert [(t.info, t.content) for t in fences] == [("latex", "$$\n\\frac{a}{b} \\% \\{c\\}\n$$\n"),
                                                     ("latex", "$$x^2$$ (eq 1)\n")]
