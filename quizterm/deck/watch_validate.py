"""`quizterm validate --watch`: validate, then validate again on every change, until Ctrl-C.

For an author's split terminal: the editor in one pane, this in the other. Each run is the same report
`quizterm validate` prints, after a line naming the files that changed. A path that disappears meanwhile
is reported and watching goes on (an editor may be renaming it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from quizterm.deck.validate import run_validate
from quizterm.errors import QuiztermError


def watch_validate(paths: Sequence[str], *, strict: bool, errors_only: bool, out: TextIO, err: TextIO,
                   stop: threading.Event | None = None, changes: Iterable[set[Path]] | None = None) -> int:
    """Validate `paths` now and after each batch of `changes` (by default, the files changing on disk);
    returns 0 when watching stops (`stop` set, or Ctrl-C)."""
    run_validate(paths, strict=strict, errors_only=errors_only, out=out)
    out.flush()
    if changes is None:
        from quizterm.deck.watch import watch

        changes = watch([Path(path) for path in paths], stop or threading.Event())
    print(f"watching {', '.join(paths)} for changes (Ctrl-C stops)", file=err)
    err.flush()
    try:
        for changed in changes:
            names = ", ".join(_shown(path) for path in sorted(changed))
            print(f"--- changed: {names}", file=out)
            try:
                run_validate(paths, strict=strict, errors_only=errors_only, out=out)
            except QuiztermError as exc:
                print(f"quizterm: error: {exc}", file=out)
            out.flush()
    except KeyboardInterrupt:
        pass
    return 0


def _shown(path: Path) -> str:
    """The path relative to the current folder when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
