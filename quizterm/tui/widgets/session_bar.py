"""The line above every drill screen: which deck, how far the session is, how long this card took."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quizterm.scheduler.queue import QueueCounts


def progress_text(counts: QueueCounts) -> str:
    return (f"{counts.done} done · {counts.left} left  "
            f"(new {counts.new} · due {counts.due} · again {counts.again})")


class SessionBar(Static):
    """Deck and tags on the left, session progress and the elapsed time on the right."""

    def __init__(self, deck_title: str, tags: tuple[str, ...], counts: QueueCounts, *, id: str | None = None):
        super().__init__(id=id)
        self._where = deck_title + ("  ·  " + " ".join(f"#{t}" for t in tags) if tags else "")
        self._progress = progress_text(counts)
        self._elapsed = ""

    def on_mount(self) -> None:
        self._refresh_content()

    def set_elapsed(self, seconds: float) -> None:
        minutes, secs = divmod(int(seconds), 60)
        self._elapsed = f"  ·  {minutes}:{secs:02d} on this card"
        self._refresh_content()

    def _refresh_content(self) -> None:
        right = self._progress + self._elapsed
        self.update(Content.assemble((self._where, "$text-primary"), "\n", (right, "$text-muted")))
