"""The multi-line box where the candidate types the answer they would give in an interview.

Keys reach it through its own message queue, and that is where they can be lost or reordered. Textual's
app takes each key off the app's queue, runs any *priority* binding at once, and forwards every other key
to the focused widget's queue. So when `ctrl+s` (a priority binding) is taken off the app's queue, the
keys typed just before it may still wait in this box's queue: reading `text` then misses them (a fast
burst lost its tail). And the box's own editing bindings (backspace, arrows, home, ctrl+z...) are not run
in this queue at all: Textual lets the key bubble back up to the app and runs them from there, after the
characters already queued behind them (`ab`, backspace, `c` became `ab`).

The box therefore keeps its key stream in order itself: its own bindings run when their key comes off
its queue, and `after_queued_keys` runs a callback behind every key forwarded to it so far (what
revealing, quitting and undoing use before they read the text).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class AnswerBox(TextArea):
    """A TextArea whose `ctrl+z`, when there is nothing to undo in the box, undoes the last grade instead.

    A mis-pressed grade is usually noticed on the next card, while the box is still empty.
    """

    # A line feed is a new line too: Enter sends CR, but a program typing (tmux send-keys, a paste
    # without bracketed paste) sends LF, which Textual reads as ctrl+j and TextArea drops.
    BINDINGS = [Binding("ctrl+j", "new_line", "New line", show=False)]

    class UndoGradeRequested(Message):
        """ctrl+z in an empty answer box."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        """`text` is a restored draft; the cursor starts after it, so typing continues the answer."""
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         compact=True)
        if text:
            self.move_cursor(self.document.end)

    def after_queued_keys(self, callback: Callable[[], object]) -> None:
        """Run `callback` once every key (and paste) forwarded to this box so far is in its text.

        A callback message queued behind them: the box handles its queue in order. A box whose queue is
        already closed (its screen is going away) takes no more keys, so the callback runs at once.
        """
        if not self.call_later(callback):
            callback()

    async def _on_key(self, event: events.Key) -> None:
        """The box's own bindings, run now, in the order the keys came (not later from the app).

        Textual calls this before TextArea's own handler, which inserts characters: a key handled here
        (prevented) goes no further. A box made read-only has had its answer taken: the keys still queued
        for it were typed after that, for a screen that is gone, and are dropped here rather than bubbling
        up to act on the next screen.
        """
        if self.read_only:
            event.stop()
            event.prevent_default()
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return

    def action_new_line(self) -> None:
        self._replace_via_keyboard("\n", *self.selection)  # as Enter does: undoable, refused if read-only

    def action_undo(self) -> None:
        if not self.text:
            self.post_message(self.UndoGradeRequested())
            return
        super().action_undo()
