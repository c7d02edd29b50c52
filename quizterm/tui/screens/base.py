"""The base of quizterm's full screens: typed access to the app they send intents to."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.screen import Screen

if TYPE_CHECKING:
    from quizterm.tui.app import QuiztermApp


class QuizScreen(Screen[None]):
    DRILL: ClassVar[bool] = False
    """True for the screens of a running drill (question, rubric, summary), which replace each other."""

    @property
    def quiz_app(self) -> QuiztermApp:
        """The running QuiztermApp (imported lazily: the app module imports the screens)."""
        from quizterm.tui.app import QuiztermApp

        assert isinstance(self.app, QuiztermApp)
        return self.app
