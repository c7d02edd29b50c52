"""The two lines above every drill screen: which deck and tags, then session progress and this card's time
(on a timed card, the time left while answering and the time used once revealed)."""

from __future__ import annotations

import math

from textual.content import Content
from textual.widgets import Static

from quizterm.scheduler.queue import QueueCounts

WARN_SECONDS = 10  # the countdown turns to the warning colour for its last seconds


def progress_text(counts: QueueCounts) -> str:
    if counts.heading:
        return counts.heading
    if counts.practice:
        # short: the card's clock follows on the same line, and a cram at 80 columns must show both
        return f"cram, practice only · {counts.done} done · {counts.left} left · again {counts.again}"
    return (f"{counts.done} done · {counts.left} left  "
            f"(new {counts.new} · due {counts.due} · again {counts.again})")


def clock_text(seconds: float) -> str:
    """`1:05` for 65 seconds (whole seconds, rounded down)."""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def countdown_text(left: float) -> str:
    """The time left as a countdown shows it: rounded up, so it reads 0:00 only once the time is up."""
    return clock_text(math.ceil(max(0.0, left)))


class SessionBar(Static):
    """One widget for both lines (each is cut with an ellipsis rather than wrapped, so progress is never
    pushed out of view): every widget on a drill screen costs start-up and screen-change time."""

    def __init__(self, deck_title: str, tags: tuple[str, ...], counts: QueueCounts, *, id: str | None = None):
        self._where = deck_title + ("  ·  " + " ".join(f"#{t}" for t in tags) if tags else "")
        self._progress = progress_text(counts)
        self._shown: Content | None = None
        super().__init__(self._lines(Content(self._progress)), id=id)

    def _lines(self, progress: Content) -> Content:
        return Content.assemble((self._where, "$text-primary"), "\n", progress.stylize_before("$text-muted"))

    def _show(self, *parts: str | tuple[str, str]) -> None:
        content = self._lines(Content.assemble(self._progress, "  ·  ", *parts))
        if content != self._shown:  # a countdown ticks more often than it changes
            self._shown = content
            self.update(content)

    def set_elapsed(self, seconds: float, *, limit: int | None = None, time_up: bool = False) -> None:
        """The time spent on this card; against its limit on a timed card."""
        if limit is None:
            self._show(f"{clock_text(seconds)} on this card")
        elif time_up:
            self._show(("time's up", "bold $text-warning"), f" · {clock_text(limit)} used of {clock_text(limit)}")
        else:
            self._show(f"{clock_text(seconds)} used of {clock_text(limit)}")

    def set_countdown(self, left: float, limit: int) -> None:
        """The time left to answer a timed card, in the warning colour for its last seconds."""
        style = "bold $text-warning" if left <= WARN_SECONDS else "bold $text-accent"
        self._show((f"{countdown_text(left)} left", style), f" of {clock_text(limit)}")
