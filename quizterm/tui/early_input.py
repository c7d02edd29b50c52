"""Keys and pastes that arrive before the screen they are meant for can take them.

Textual takes each key off the app's queue and hands it to whatever is focused at that moment, or to the
screen itself when nothing is. A screen that is current but not yet mounted has nothing focused: its
keys go to the screen and up to the bindings (so `q` typed while quizterm starts quit, and the rest of
an answer typed early was lost), and a grade digit pressed right after `ctrl+s` hit the rubric's grade
binding before the rubric was on screen.

`EarlyInput` is the app's side of `QuizScreen.Ready`: while the current quiz screen is not ready, the
app's `on_event` hands every key and paste here instead of to Textual; when the screen is ready they are
delivered in order as far as the screen says they are safe (`QuizScreen.typed_ahead`: all of them for a
screen that takes typing, a search typed ahead for the browser) and the rest dropped with a notice (they
were pressed before the user could see what they would do).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from textual import events
from textual.screen import Screen

from quizterm.tui.screens.base import QuizScreen
from quizterm.words import plural

Deliver = Callable[[events.Event], Awaitable[None]]


class EarlyInput:
    """The keys held for a screen that is on its way, in the order they came."""

    def __init__(self) -> None:
        self._held: list[events.Event] = []

    def hold(self, stack: Sequence[Screen[object]], event: events.Event) -> bool:
        """Keep `event` (True) when it is input that the current screen (top of `stack`) cannot take yet.

        With no screen at all the first one is on its way: its input is held too.
        """
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return False
        screen = stack[-1] if stack else None
        if screen is None or (isinstance(screen, QuizScreen) and not screen.input_ready):
            self._held.append(event)
            return True
        return False

    async def ready(self, message: QuizScreen.Ready, stack: Sequence[Screen[object]],
                    deliver: Deliver) -> str | None:
        """`message.screen` can take input: hand it what is held, if it is on top of `stack` (not covered,
        nor gone with the app quitting). Returns a notice for the user, if any.

        Runs in the app's queue, so every key taken before this call was held, every one after it is
        delivered normally: the order is kept. Input held while another screen covers the ready one (the
        "too small" notice) stays held until the ready screen is back on top.
        """
        message.screen.input_ready = True
        if not stack or stack[-1] is not message.screen or not self._held:
            return None
        held, self._held = self._held, []
        taken = message.screen.typed_ahead(held)
        for event in held[:taken]:
            await deliver(event)
        if taken < len(held):
            return f"Ignored {plural(len(held) - taken, 'key')} pressed before this screen appeared."
        return None
