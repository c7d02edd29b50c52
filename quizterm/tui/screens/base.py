"""The base of quizterm's full screens: typed access to the app they send intents to."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.screen import Screen

if TYPE_CHECKING:
    from quizterm.tui.app import QuiztermApp


UNDO_KEY = ("u", "undo the last grade and return to that card's rubric")
SHARED_KEYS: list[tuple[str, str]] = [
    ("t", "light or dark theme (saved for the next start)"),
    ("?", "this list"),
    ("q", "quit (every grade is already saved)"),
]
"""The single keys every screen has (outside a text box), listed by `?` after the screen's own."""


class QuizScreen(Screen[None]):
    DRILL: ClassVar[bool] = False
    """True for the screens of a running drill (question, rubric, summary), which replace each other."""

    HELP_TITLE: ClassVar[str] = ""
    """The screen's name at the head of its keys in `?`."""

    def help_keys(self) -> list[tuple[str, str]]:
        """Every key this screen binds, with what it does now, for `?`; a meaning of "" is a sub-heading."""
        return list(SHARED_KEYS)

    @property
    def quiz_app(self) -> QuiztermApp:
        """The running QuiztermApp (imported lazily: the app module imports the screens)."""
        from quizterm.tui.app import QuiztermApp

        assert isinstance(self.app, QuiztermApp)
        return self.app
