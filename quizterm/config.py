"""User settings: `<data dir>/config.toml`, overridden by command-line options.

A missing file means the defaults. A broken file is an error naming the file and the key, never
silently ignored: a user who set `new_per_day = 5` must not get 20 new cards because of a typo.

quizterm writes the file too (the theme picked with `t` or the palette), one key at a time, through
tomlkit so that the user's comments, blank lines and other keys stay exactly as written. A file it cannot
parse is never rewritten: it stays the error it is, for the user to fix.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from quizterm.errors import QuiztermError, UsageError
from quizterm.scheduler.base import SCHEDULERS, AnyScheduler, make_scheduler
from quizterm.scheduler.fsrs import check_retention

CONFIG_NAME = "config.toml"

# Every theme the command palette offers, by the name it shows, plus "dark" and "light" for quizterm's own
# two (the names the README documents and `t` saves). Written out here because the domain never imports
# Textual: a test compares it with what Textual offers, and the app offers no theme missing from it, so a
# theme picked in the palette can always be saved and read back.
QUIZTERM_THEMES = ("dark", "light", "quizterm-dark", "quizterm-light")
TEXTUAL_THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe", "catppuccin-latte",
    "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki", "gruvbox", "monokai", "nord", "rose-pine",
    "rose-pine-dawn", "rose-pine-moon", "solarized-dark", "solarized-light", "textual-dark", "textual-light",
    "tokyo-night",
)
THEMES = QUIZTERM_THEMES + TEXTUAL_THEMES
LEECH_ACTIONS = ("flag", "suspend")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a user can tune; each field is also a `config.toml` key."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4
    theme: str = "dark"
    leech_lapses: int = 8  # lapses at which a card becomes a leech (see scheduler/leech.py)
    leech_action: str = "flag"  # "flag": marked only; "suspend": also taken out of the queue
    scheduler: str = "sm2"  # "sm2" or "fsrs" (scheduler/base.py); switching replays nothing, see there
    desired_retention: float = 0.9  # FSRS only: the recall probability its intervals aim at
    sync_dir: str | None = None  # a folder something else synchronises: a drill syncs with it (quizterm sync)
    sync_git: str | None = None  # ... or a git clone: a drill pulls and pushes it

    def make_scheduler(self) -> AnyScheduler:
        """The chosen scheduler, with its parameters."""
        return make_scheduler(self.scheduler, self.desired_retention)

    def sync_target(self, data_dir: Path) -> tuple[Path, bool] | None:
        """The sync folder a drill (and a bare `quizterm sync`) uses, and whether it is a git clone; None
        when neither is set. `~` is expanded; a relative path is relative to the data directory (where
        config.toml is), so it means the same wherever quizterm runs."""
        if self.sync_dir is not None and self.sync_git is not None:
            raise QuiztermError(f"{data_dir / CONFIG_NAME}: set sync_dir or sync_git, not both")
        named = self.sync_dir if self.sync_dir is not None else self.sync_git
        if named is None:
            return None
        path = Path(named).expanduser()
        return (path if path.is_absolute() else (data_dir / path).resolve()), self.sync_git is not None

    def with_overrides(self, **overrides: Any) -> Settings:
        """These settings with every non-None override applied (validated: a bad one is a `UsageError`)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for key, value in given.items():
            try:
                _check(key, value, f"--{key.replace('_', '-')}")
            except QuiztermError as exc:
                raise UsageError(str(exc)) from None
        return replace(self, **given)


def _check(key: str, value: object, source: str) -> None:
    if key == "scheduler":
        if value not in SCHEDULERS:
            raise QuiztermError(f"{source}: scheduler must be one of {', '.join(repr(n) for n in SCHEDULERS)}, "
                                f"not {value!r}")
        return
    if key == "desired_retention":
        try:
            check_retention(value)
        except ValueError as exc:
            raise QuiztermError(f"{source}: {exc}") from None
        return
    if key in ("sync_dir", "sync_git"):
        if not isinstance(value, str) or not value.strip():
            raise QuiztermError(f"{source}: {key} must be a folder's path in quotes, not {value!r}")
        return
    if key == "theme":
        if value not in THEMES:
            names = ", ".join(("dark", "light", *TEXTUAL_THEMES))
            raise QuiztermError(f"{source}: theme must be one of {names}, not {value!r}")
        return
    if key == "leech_action":
        if value not in LEECH_ACTIONS:
            raise QuiztermError(f"{source}: leech_action must be \"flag\" or \"suspend\", not {value!r}")
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise QuiztermError(f"{source}: {key} must be a whole number, not {value!r}")
    if key == "day_start_hour" and not 0 <= value <= 23:
        raise QuiztermError(f"{source}: day_start_hour must be from 0 to 23, not {value}")
    if key in ("new_per_day", "reviews_per_day") and value < 0:
        raise QuiztermError(f"{source}: {key} cannot be negative ({value})")
    if key == "leech_lapses" and value < 1:
        raise QuiztermError(f"{source}: leech_lapses must be at least 1, not {value}")


def save_setting(data_dir: Path, key: str, value: int | float | str) -> None:
    """Set `key` in `config.toml` (creating the file if need be), changing nothing else in it.

    Raises `QuiztermError` (the file untouched) when the value is not one `load_settings` accepts, or the
    file cannot be read or parsed. The new text replaces the old atomically: a crash leaves one or the other.
    """
    if key not in {f.name for f in fields(Settings)}:
        raise ValueError(f"unknown setting {key!r}")
    path = data_dir / CONFIG_NAME
    _check(key, value, f"{path}: {key} not saved")
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise QuiztermError(f"{path}: cannot read the settings ({reason}); {key} not saved") from None
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise QuiztermError(f"{path}: not valid TOML ({exc}); {key} not saved, the file is left as it is") from None
    if document.get(key) == value:
        return
    document[key] = value
    _replace_text(path, tomlkit.dumps(document))


def _replace_text(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside the target, then rename it over the target (through a
    symlink to the file it points to), keeping the target's permissions."""
    target = path.resolve() if path.is_symlink() else path
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if target.exists():
            shutil.copymode(target, temporary)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise QuiztermError(f"{path}: cannot write the settings ({exc.strerror})") from None


def load_settings(data_dir: Path) -> Settings:
    """Read `config.toml` from the data directory; defaults when it does not exist."""
    path = data_dir / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise QuiztermError(f"{path}: cannot read the settings ({exc.strerror})") from None
    import tomllib  # only when the file exists: most starts have none, and the parser is ~1.5 ms to import

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
