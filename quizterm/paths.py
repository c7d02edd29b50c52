"""Where quizterm keeps its files: one data directory holding the progress database, backups,
the deck cache and `config.toml`.

Order: `--data-dir DIR`, then `$QUIZTERM_DATA_DIR`, then the platform's user data directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from quizterm.errors import QuiztermError

ENV_VAR = "QUIZTERM_DATA_DIR"


def resolve_data_dir(option: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The data directory to use, created when it is the platform default.

    A directory the user named explicitly must already exist: a typo must not scatter progress into
    a new empty folder.
    """
    env = os.environ if environ is None else environ
    named = option if option is not None else env.get(ENV_VAR) or None
    if named is not None:
        path = Path(named).expanduser()
        source = "--data-dir" if option is not None else f"${ENV_VAR}"
        if not path.exists():
            raise QuiztermError(f"{path}: data directory ({source}) does not exist; create it (mkdir -p {path})"
                                " or point to another one")
        if not path.is_dir():
            raise QuiztermError(f"{path}: data directory ({source}) is not a directory")
        return path
    import platformdirs

    path = Path(platformdirs.user_data_dir("quizterm", appauthor=False))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QuiztermError(f"{path}: cannot create the data directory ({exc.strerror}); "
                            f"use --data-dir or ${ENV_VAR}") from None
    return path
