"""A progress bar for long imports and exports: Rich's, on a terminal; nothing when output is redirected.

The bar goes to the error stream, so what a command prints on standard output stays clean for a pipe,
and it is transient: once the step is done only the command's own summary line is left. It appears only
for a step of at least `LARGE` units (a small import is done before a bar could be read). Rich is
imported only when a bar is shown (the domain never imports it; see tests/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from quizterm.interop.imported import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

LARGE = 500
"""Units of work (rows, notes, questions) from which a step gets a bar."""


class BarProgress:
    """One Rich task per step; a step's bar replaces the one before it. The bar starts with the first
    large step; a step of unknown size only continues a bar already shown."""

    def __init__(self, stream: TextIO, large: int = LARGE) -> None:
        self._stream = stream
        self._large = large
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None

    def start(self, what: str, total: int | None) -> None:
        if self._bar is None:
            if total is None or total < self._large:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            self._bar = RichProgress(*columns, console=Console(file=self._stream), transient=True)
            self._bar.start()
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(what, total=total)

    def advance(self, units: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, units)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


@contextmanager
def progress_for(stream: TextIO) -> Iterator[Progress]:
    """A bar drawn on `stream` while the block runs, when `stream` is a terminal; else no progress shown."""
    isatty = getattr(stream, "isatty", None)
    if not (callable(isatty) and isatty()):
        yield NO_PROGRESS
        return
    progress = BarProgress(stream)
    try:
        yield progress
    finally:
        progress.stop()
