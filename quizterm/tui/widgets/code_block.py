"""Code blocks that fold long lines, so every character is on screen at any width.

Textual's fence keeps each code line on one row and scrolls sideways only with a mouse and without a
scrollbar: at 80 columns the tail of a long line was out of reach. Here a line wider than the block
continues on the next rows, each continuation marked `↪ ` (as vim's `showbreak` does), so a folded line
is never mistaken for a new one. Nothing is dropped: spaces at a fold stay at the end of the row.
"""

from __future__ import annotations

from contextlib import suppress

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets._markdown import MarkdownFence

CONTINUATION = "↪ "
CONTINUATION_STYLE = "$text-muted"
TAB_SIZE = 4


def fold_line(text: str, width: int) -> list[tuple[int, int]]:
    """Where to cut one line so each row fits: `(start, end)` offsets; later rows have room for the mark.

    A row ends after the last space in its second half when there is one (so words stay whole), else
    at the width; every row holds at least one character, so a narrow block still makes progress.
    """
    rows: list[tuple[int, int]] = []
    start, room = 0, max(width, 1)
    while start < len(text) or not rows:
        end, used = start, 0
        while end < len(text) and used + cell_len(text[end]) <= room:
            used += cell_len(text[end])
            end += 1
        if end == start and end < len(text):
            end += 1  # a wide character in a one-cell row: show it anyway
        if end < len(text):
            space = text.rfind(" ", start, end)
            if space >= start + (end - start) // 2:
                end = space + 1
        rows.append((start, end))
        start = end
        room = max(width - len(CONTINUATION), 1)
    return rows


def fold_code(code: Content, width: int) -> list[Content]:
    """Every row of `code` at `width` cells: its lines, long ones folded with a `↪ ` at each continuation."""
    rows: list[Content] = []
    for line in code.expand_tabs(TAB_SIZE).split("\n", allow_blank=True):
        if line.cell_length <= width:
            rows.append(line)
            continue
        for index, (start, end) in enumerate(fold_line(line.plain, width)):
            row = line[start:end]
            rows.append(Content.assemble((CONTINUATION, CONTINUATION_STYLE), row) if index else row)
    return rows


class FoldedCode(Widget):
    """The highlighted code, folded to the widget's width (recomputed when the width changes)."""

    DEFAULT_CSS = """
    FoldedCode {
        width: 1fr;
        height: auto;
        padding: 1 2;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, code: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._code = code
        self._rows: tuple[int, list[Content]] = (-1, [])

    def update(self, code: Content) -> None:
        self._code = code
        self._rows = (-1, [])
        self.refresh(layout=True)

    def rows(self, width: int) -> list[Content]:
        if self._rows[0] != width:
            self._rows = (width, fold_code(self._code, width))
        return self._rows[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows(width))

    def render(self) -> Content:
        return Content("\n").join(self.rows(self.content_size.width))


class CodeFence(MarkdownFence):
    """Textual's fence (same highlighting and theme handling), showing its code folded, not clipped."""

    DEFAULT_CSS = """
    CodeFence {
        overflow: hidden hidden;
    }
    CodeFence:ansi > FoldedCode {
        padding: 1 0;
    }
    """

    def compose(self) -> ComposeResult:
        yield FoldedCode(self._highlighted_code, id="code-content")

    def set_content(self, content: Content) -> None:
        self._content = content
        with suppress(NoMatches):
            self.query_one("#code-content", FoldedCode).update(content)
