"""Settings from config.toml and the command line: defaults, overrides, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.config import Settings, load_settings
from quizterm.errors import QuiztermError
from quizterm.paths import ENV_VAR, resolve_data_dir


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings(new_per_day=20, reviews_per_day=200, day_start_hour=4, theme="dark")


def test_file_values_are_read(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('new_per_day = 5\nday_start_hour = 0\ntheme = "light"\n')
    assert load_settings(tmp_path) == Settings(new_per_day=5, reviews_per_day=200, day_start_hour=0, theme="light")


@pytest.mark.parametrize(("text", "fragment"), [
    ("new_per_dya = 5\n", "unknown setting 'new_per_dya'"),
    ('new_per_day = "5"\n', "new_per_day must be a whole number"),
    ("day_start_hour = 24\n", "day_start_hour must be from 0 to 23"),
    ("reviews_per_day = -1\n", "reviews_per_day cannot be negative"),
    ('theme = "blue"\n', "theme must be one of dark, light"),
    ("new_per_day = \n", "not valid TOML"),
])
def test_broken_file_is_a_located_one_line_error(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(QuiztermError) as caught:
        load_settings(tmp_path)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "config.toml") + ": ")
    assert fragment in message
    assert "\n" not in message


def test_command_line_overrides_win_and_are_checked() -> None:
    base = Settings(new_per_day=5)
    assert base.with_overrides(new_per_day=None, reviews_per_day=50) == Settings(new_per_day=5, reviews_per_day=50)
    with pytest.raises(QuiztermError, match="new_per_day cannot be negative"):
        base.with_overrides(new_per_day=-3)


def test_explicit_data_dir_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(QuiztermError, match="does not exist; create it"):
        resolve_data_dir(str(missing), environ={})
    assert not missing.exists()


def test_data_dir_order_option_then_env(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert resolve_data_dir(str(a), environ={ENV_VAR: str(b)}) == a
    assert resolve_data_dir(None, environ={ENV_VAR: str(b)}) == b


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(QuiztermError, match="is not a directory"):
        resolve_data_dir(str(f), environ={})
