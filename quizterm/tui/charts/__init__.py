"""The stats screen's charts: each a function from a figure (quizterm.insights) and a width to lines of
`Content`, and `Chart`, the widget that draws one at its current width.

Drawn with plain text and theme colours (`$success`, `$primary`, ...), so each chart follows the light and
dark themes by itself; shapes and characters carry the meaning too (a legend with ranges, `◆` for today,
`▼` for the interview), not colour alone. Card text (questions, key points) is untrusted: it only ever
enters as `Content(text)`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

Draw = Callable[[int], list[Content]]


class Chart(Widget):
    """A chart drawn by `draw(width)`: as tall as the lines it returns at the width it gets."""

    DEFAULT_CSS = "Chart { height: auto; }"

    def __init__(self, draw: Draw, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._draw = draw
        self._cache: tuple[int, list[Content]] | None = None

    def redraw(self, draw: Draw) -> None:
        """Draw other figures (another deck chosen): the layout may change height."""
        self._draw = draw
        self._cache = None
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, self._draw(max(width, 1)))
        return self._cache[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))


def flow(parts: list[str], width: int, *, style: str = "") -> list[Content]:
    """`parts` joined by " · ", on as many lines of at most `width` cells as they need (a part is never
    split; one wider than the line is cut)."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return [Content.styled(line, style).truncate(width, ellipsis=True) for line in lines]


def number(value: int) -> str:
    """`12,345`."""
    return f"{value:,}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"
