"""The two lines above every drill screen: which deck and tags, then session progress and this card's time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quizterm.scheduler.queue import QueueCounts


def progress_text(counts: QueueCounts) -> str:
    return (f"{counts.done} done · {counts.left} left  "
            f"(new {counts.new} · due {counts.due} · again {counts.again})")


class SessionBar(Vertical):
    """Each line is cut with an ellipsis rather than wrapped, so progress is never pushed out of view."""

    def __init__(self, deck_title: str, tags: tuple[str, ...], counts: QueueCounts, *, id: str | None = None):
        super().__init__(id=id)
        self._where = deck_title + ("  ·  " + " ".join(f"#{t}" for t in tags) if tags else "")
        self._progress = progress_text(counts)

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(self._where, "$text-primary"), id="where")
        yield Static(Content.styled(self._progress, "$text-muted"), id="progress")

    def set_elapsed(self, seconds: float) -> None:
        minutes, secs = divmod(int(seconds), 60)
        text = f"{self._progress}  ·  {minutes}:{secs:02d} on this card"
        self.query_one("#progress", Static).update(Content.styled(text, "$text-muted"))
