"""The keys of the current screen, on one screen (`?`).

Each screen lists its own keys (`QuizScreen.help_keys`), beside its bindings, so the list says what works
where `?` was pressed, with the summary's numbers filled in; the keys that work everywhere follow.
A test checks that every key a screen binds is listed.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

EVERYWHERE: list[tuple[str, str]] = [
    ("ctrl+q", "quit from anywhere, also from the answer box"),
    ("ctrl+p", "command palette: every action by name, every theme"),
    ("tab / shift+tab", "move the focus to the next / previous part"),
    ("ctrl+c / super+c", "copy the text selected with the mouse"),
]


def keys_text(sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> Content:
    """Sections of (key, meaning) lines; a line without a meaning is a sub-heading."""
    lines: list[Content] = []
    for title, keys in sections:
        for key, meaning in [(title, ""), *keys]:
            if not meaning:
                lines.append(Content.styled(("\n" if lines else "") + key, "bold $text-primary"))
            else:
                lines.append(Content.assemble((f"  {key:<16}  ", "bold $text-accent"), meaning))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, title: str, keys: Sequence[tuple[str, str]]) -> None:
        """`title` and `keys`: the screen `?` was pressed on (none for a screen without keys of its own)."""
        super().__init__()
        self._sections = [(title, keys)] if keys else []
        self._sections.append(("Everywhere", EVERYWHERE))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            mark = getattr(self.app, "simulated_time_mark", lambda: "")()  # it covers the key bar at 80×24
            yield Label(Content("Keys  (escape closes · arrows scroll)" + (f"  ·  {mark}" if mark else "")),
                        id="help-title")
            yield Static(keys_text(self._sections), id="help-keys")
