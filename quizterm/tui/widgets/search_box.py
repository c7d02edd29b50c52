"""A one-line text box (the browser's search, the deck list's tag filter) that applies keys in the order
they were typed.

Textual's `Input` inserts characters when their key comes off its own queue, but its editing bindings
(backspace, delete, arrows, home, ctrl+w...) run only once the key has bubbled back up to the app, after
characters already queued behind it: typed in one burst, `binx`, backspace, `y` became `binx` (the `y`
inserted, then deleted). As the answer box does (answer_box.py), this box runs its own bindings when their
key comes off its queue.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class SearchBox(Input):
    async def _on_key(self, event: events.Key) -> None:
        """The box's own bindings, run now, in the order the keys came (not later from the app).

        Textual calls this before Input's own handler, which inserts characters: a key handled here
        (prevented) goes no further.
        """
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
