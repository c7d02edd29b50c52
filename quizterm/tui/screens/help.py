"""Every key, on one screen (`?`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from quizterm.scheduler.sm2 import GRADE_MEANINGS

KEYS: list[tuple[str, str]] = [
    ("Question", ""),
    ("ctrl+s", "reveal the rubric (also the Reveal button)"),
    ("escape", "leave the answer box, so single-key shortcuts work"),
    ("i / enter", "back into the answer box"),
    ("ctrl+z", "in an empty answer box: undo the last grade"),
    ("Rubric", ""),
    *((str(g), f"grade {g}: {GRADE_MEANINGS[g]}") for g in range(5, -1, -1)),
    ("↑ ↓ pgup pgdn", "scroll the rubric"),
    ("Anywhere outside the answer box", ""),
    ("u", "undo the last grade and return to that card's rubric"),
    ("t", "switch between the light and dark theme"),
    ("?", "this list"),
    ("q", "quit (every grade is already saved)"),
    ("ctrl+q", "quit from anywhere"),
    ("ctrl+p", "command palette: every action by name"),
    ("Deck list", ""),
    ("enter", "start the selected deck"),
    ("/", "filter by tag"),
]


def keys_text() -> Content:
    lines: list[Content] = []
    for key, meaning in KEYS:
        if not meaning:
            lines.append(Content.styled(("\n" if lines else "") + key, "bold $text-primary"))
        else:
            lines.append(Content.assemble((f"  {key:<16}", "bold $text-accent"), meaning))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            mark = getattr(self.app, "simulated_time_mark", lambda: "")()  # it covers the key bar at 80×24
            yield Label(Content("Keys  (escape closes · arrows scroll)" + (f"  ·  {mark}" if mark else "")),
                        id="help-title")
            yield Static(keys_text())
