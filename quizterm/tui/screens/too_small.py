"""Covers the app when the terminal is too small to lay out a card; goes away when it grows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self._min = (min_width, min_height)

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(self.message(), id="too-small")

    def message(self) -> Content:
        width, height = self.app.size
        return Content(f"Enlarge the terminal to at least {self._min[0]}×{self._min[1]} "
                       f"(now {width}×{height}). Your progress is saved; q quits.")

    def on_resize(self) -> None:
        self.query_one("#too-small", Static).update(self.message())
