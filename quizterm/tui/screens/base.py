"""The base of quizterm's full screens: typed access to the app they send intents to, and readiness.

A screen becomes the app's current screen before it is mounted, focused and painted, and keys keep
arriving meanwhile (typed while quizterm starts, or right after `ctrl+s` or a grade). Textual would hand
them to the half-built screen, where `q` quits and digits grade. So the app holds every key and paste
while the current quiz screen is not ready (see `quizterm.tui.early_input`), and each screen says when it
is: the question once its answer box has the focus (the held keys are then typed into it, in order), the
others once they are painted (held keys were pressed before anything could be seen and are ignored).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.message import Message
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

    TAKES_TYPING: ClassVar[bool] = False
    """True when keys held for this screen are text to type into it, not commands to drop."""

    input_ready = False
    """Set by the app, in its own queue, when it handles `Ready`: keys it takes later come after the held
    ones."""

    class Ready(Message):
        """The screen can take keys now (posted to the app)."""

        def __init__(self, screen: QuizScreen) -> None:
            super().__init__()
            self.screen = screen

    def typed_ahead(self, held: list[events.Event]) -> int:
        """How many of the keys held for this screen (from the first) to hand it; the rest are dropped.

        A screen that takes typing takes them all; other screens none, unless they know which keys pressed
        blind are still safe (the browser: a search typed ahead).
        """
        return len(held) if self.TAKES_TYPING else 0

    def help_keys(self) -> list[tuple[str, str]]:
        """Every key this screen binds, with what it does now, for `?`; a meaning of "" is a sub-heading."""
        return list(SHARED_KEYS)

    @property
    def quiz_app(self) -> QuiztermApp:
        """The running QuiztermApp (imported lazily: the app module imports the screens)."""
        from quizterm.tui.app import QuiztermApp

        assert isinstance(self.app, QuiztermApp)
        return self.app

    def announce_ready(self) -> None:
        """Tell the app this screen can take keys (again): it releases what it held meanwhile."""
        self.app.post_message(self.Ready(self))

    def on_mount(self) -> None:
        # Called after a subclass's own on_mount (Textual runs one handler per class in the MRO).
        if not self.TAKES_TYPING:
            self.call_after_refresh(self.announce_ready)

    def on_screen_resume(self) -> None:
        # Back on top (e.g. the "too small" notice went away): keys held meanwhile are for this screen.
        if self.input_ready:
            self.announce_ready()


def is_drill(screen: Screen[object]) -> bool:
    """A screen of a running drill (`QuizScreen.DRILL`)."""
    return bool(getattr(screen, "DRILL", False))


def top_drill_screen(stack: Sequence[Screen[object]]) -> Screen[object] | None:
    """The drill screen nearest the top of `stack` (beneath a help or "too small" screen, say), None when
    no drill is running."""
    return next((screen for screen in reversed(stack) if is_drill(screen)), None)
