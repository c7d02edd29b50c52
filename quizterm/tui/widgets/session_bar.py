"""The two lines above every drill screen: which deck and tags, then session progress and this card's time."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quizterm.scheduler.queue import QueueCounts


def progress_text(counts: QueueCounts) -> str:
    return (f"{counts.done} done · {counts.left} left  "
            f"(new {counts.new} · due {counts.due} · again {counts.again})")


class SessionBar(Static):
    """One widget for both lines (each is cut with an ellipsis rather than wrapped, so progress is never
    pushed out of view): every widget on a drill screen costs start-up and screen-change time."""

    def __init__(self, deck_title: str, tags: tuple[str, ...], counts: QueueCounts, *, id: str | None = None):
        self._where = deck_title + ("  ·  " + " ".join(f"#{t}" for t in tags) if tags else "")
        self._progress = progress_text(counts)
        super().__init__(self._lines(self._progress), id=id)

    def _lines(self, progress: str) -> Content:
        return Content.assemble((self._where, "$text-primary"), "\n", (progress, "$text-muted"))

    def set_elapsed(self, seconds: float) -> None:
        minutes, secs = divmod(int(seconds), 60)
        self.update(self._lines(f"{self._progress}  ·  {minutes}:{secs:02d} on this card"))
