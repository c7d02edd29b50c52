"""The bottom line: the keys that work on the current screen, drawn as one line of text.

Textual's Footer builds a widget per key and recomposes itself after every bindings change, which
was the largest single cost of showing the first card. This draws the same information (the screen's
active, shown bindings and the command palette key) as a single Static, updated on the same signal.

It is on every full screen, so it also carries the "simulated time: …" mark while `--now` is in effect,
at its right end, before anything else is cut: the keys give way to it, never the other way round.
"""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
MARK_STYLE = "bold $text-warning"


class KeyBar(Static):
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._redraw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._redraw()

    def _redraw(self) -> None:
        parts: list[Content] = []
        seen_actions: set[str] = set()
        palette_key = self.app.COMMAND_PALETTE_BINDING
        for key, (_, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == palette_key or not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            dim = "" if enabled else " dim"
            parts.append(Content.assemble((f" {self.app.get_key_display(binding)} ", KEY_STYLE + dim),
                                          (f"{binding.description} ", DESCRIPTION_STYLE + dim)))
        line = Content(" ").join(parts)
        right = Content("")
        if self.app.ENABLE_COMMAND_PALETTE:
            right = Content.assemble((" ^p ", KEY_STYLE), ("palette ", DESCRIPTION_STYLE))
        mark = self._simulated_mark()
        if mark:
            right = Content.assemble((f" {mark} ", MARK_STYLE), " ", right)
            room = max(0, self.size.width - right.cell_length - 1)
            if line.cell_length > room:
                line = line.truncate(room, ellipsis=True)
        if right.cell_length:
            gap = max(1, self.size.width - line.cell_length - right.cell_length)
            line = Content.assemble(line, " " * gap, right)
        self.update(line)

    def _simulated_mark(self) -> str:
        mark = getattr(self.app, "simulated_time_mark", None)
        return mark() if callable(mark) else ""

    def on_resize(self) -> None:
        self._redraw()
