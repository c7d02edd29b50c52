"""A progress bar for long imports and exports: Rich's, on a terminal; nothing when output is redirected.

The bar goes to the error stream, so what a command prints on standard output stays clean for a pipe,
and it is transient: once the step is done only the command's own summary line is left. Rich is
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


class BarProgress:
    """One Rich task per step; a step's bar replaces the one before it."""

    def __init__(self, bar: RichProgress) -> None:
        self._bar = bar
        self._task: TaskID | None = None

    def start(self, what: str, total: int | None) -> None:
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(what, total=total)

    def advance(self, units: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, units)


@contextmanager
def progress_for(stream: TextIO) -> Iterator[Progress]:
    """A bar drawn on `stream` while the block runs, when `stream` is a terminal; else no progress shown."""
    isatty = getattr(stream, "isatty", None)
    if not (callable(isatty) and isatty()):
        yield NO_PROGRESS
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        yield BarProgress(bar)
