"""Where the decks that ship with quizterm are.

The repository keeps them in `decks/` at the top level (easy to find and edit); the wheel puts the
same folder inside the package as `quizterm/bundled_decks` (see `force-include` in pyproject.toml).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_decks_dir() -> Path:
    """The bundled decks folder: inside the installed package, else `<repo>/decks` in a checkout."""
    installed = files("quizterm") / "bundled_decks"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "decks"
