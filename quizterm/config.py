"""User settings: `<data dir>/config.toml`, overridden by command-line options.

A missing file means the defaults. A broken file is an error naming the file and the key, never
silently ignored: a user who set `new_per_day = 5` must not get 20 new cards because of a typo.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from quizterm.errors import QuiztermError

CONFIG_NAME = "config.toml"
THEMES = ("dark", "light")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a user can tune; each field is also a `config.toml` key."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4
    theme: str = "dark"

    def with_overrides(self, **overrides: Any) -> Settings:
        """These settings with every non-None override applied (validated)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for key, value in given.items():
            _check(key, value, "the command line")
        return replace(self, **given)


def _check(key: str, value: object, source: str) -> None:
    if key == "theme":
        if value not in THEMES:
            raise QuiztermError(f"{source}: theme must be one of {', '.join(THEMES)}, not {value!r}")
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise QuiztermError(f"{source}: {key} must be a whole number, not {value!r}")
    if key == "day_start_hour" and not 0 <= value <= 23:
        raise QuiztermError(f"{source}: day_start_hour must be from 0 to 23, not {value}")
    if key in ("new_per_day", "reviews_per_day") and value < 0:
        raise QuiztermError(f"{source}: {key} cannot be negative ({value})")


def load_settings(data_dir: Path) -> Settings:
    """Read `config.toml` from the data directory; defaults when it does not exist."""
    path = data_dir / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise QuiztermError(f"{path}: cannot read the settings ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise QuiztermError(f"{path}: not valid TOML ({exc}); fix or delete the file") from None
    known = {f.name for f in fields(Settings)}
    for key, value in data.items():
        if key not in known:
            raise QuiztermError(f"{path}: unknown setting {key!r}; known: {', '.join(sorted(known))}")
        _check(key, value, str(path))
    return Settings(**data)
