"""Where the decks that ship with quizterm are.

The repository keeps them in `decks/` at the top level (easy to find and edit); the wheel puts the
same folder inside the package as `quizterm/bundled_decks` (see `force-include` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path


def bundled_decks_dir() -> Path:
    """The bundled decks folder: inside the installed package, else `<repo>/decks` in a checkout.

    The package's folder is found from this file, not with `importlib.resources.files`: that imports
    zipfile and its readers (~2.5 ms of every start-up), and decks inside a zip could not be read as
    files anyway.
    """
    installed = Path(__file__).parents[1] / "bundled_decks"  # as files("quizterm") names it
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "decks"
