"""Settings from config.toml and the command line: defaults, overrides, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.config import THEMES, Settings, load_settings, save_setting
from quizterm.errors import QuiztermError
from quizterm.paths import ENV_VAR, resolve_data_dir


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings(new_per_day=20, reviews_per_day=200, day_start_hour=4, theme="dark",
                                               leech_lapses=8, leech_action="flag")


def test_leech_settings_are_read(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('leech_lapses = 3\nleech_action = "suspend"\n')
    assert load_settings(tmp_path) == Settings(leech_lapses=3, leech_action="suspend")


def test_file_values_are_read(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('new_per_day = 5\nday_start_hour = 0\ntheme = "light"\n')
    assert load_settings(tmp_path) == Settings(new_per_day=5, reviews_per_day=200, day_start_hour=0, theme="light")


@pytest.mark.parametrize(("text", "fragment"), [
    ("new_per_dya = 5\n", "unknown setting 'new_per_dya'"),
    ('new_per_day = "5"\n', "new_per_day must be a whole number"),
    ("day_start_hour = 24\n", "day_start_hour must be from 0 to 23"),
    ("reviews_per_day = -1\n", "reviews_per_day cannot be negative"),
    ('theme = "blue"\n', "theme must be one of dark, light, "),
    ("new_per_day = \n", "not valid TOML"),
    ("leech_lapses = 0\n", "leech_lapses must be at least 1, not 0"),
    ("leech_lapses = true\n", "leech_lapses must be a whole number"),
    ('leech_action = "delete"\n', 'leech_action must be "flag" or "suspend", not \'delete\''),
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


# ----- themes and writing config.toml ------------------------------------------------------------------

def test_every_theme_the_palette_offers_is_a_setting() -> None:
    """The palette offers Textual's built-in themes and quizterm's two; config.toml takes each by name (and
    quizterm's as "dark"/"light"). The list is written out in config.py (the domain never imports Textual):
    this test notices a Textual upgrade that adds or drops a theme."""
    from textual.app import App

    from quizterm.tui.themes import THEMES as QUIZTERM_THEMES

    offered = set(App().available_themes) | {theme.name for theme in QUIZTERM_THEMES.values()}
    assert offered | {"dark", "light"} == set(THEMES)


@pytest.mark.parametrize("name", ["nord", "textual-light", "quizterm-dark", "light"])
def test_a_palette_theme_is_accepted_in_the_file(tmp_path: Path, name: str) -> None:
    (tmp_path / "config.toml").write_text(f'theme = "{name}"\n')
    assert load_settings(tmp_path).theme == name


COMMENTED = """\
# quizterm settings: I study early.
day_start_hour = 3   # before the commute

new_per_day = 5
theme = "dark"  # the default, written out
"""


def test_saving_a_setting_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED)
    save_setting(tmp_path, "theme", "nord")
    assert path.read_text() == COMMENTED.replace('theme = "dark"  #', 'theme = "nord"  #')
    assert load_settings(tmp_path) == Settings(new_per_day=5, day_start_hour=3, theme="nord")


def test_saving_a_new_key_appends_it_and_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_setting(tmp_path, "theme", "light")
    assert path.read_text() == 'theme = "light"\n'
    path.write_text("# mine\nnew_per_day = 7")
    save_setting(tmp_path, "theme", "gruvbox")
    assert path.read_text() == '# mine\nnew_per_day = 7\ntheme = "gruvbox"\n'


def test_saving_the_value_already_there_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme="light"')
    before = path.stat().st_mtime_ns
    save_setting(tmp_path, "theme", "light")
    assert path.read_text() == 'theme="light"' and path.stat().st_mtime_ns == before


@pytest.mark.parametrize("text", ["new_per_day = \n# half-written\n", "\xff\xfe theme"])
def test_a_broken_file_is_never_overwritten(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(QuiztermError) as caught:
        save_setting(tmp_path, "theme", "light")
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "not saved" in message and "\n" not in message
    assert path.read_bytes() == text.encode("latin-1")
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"], "no stray temporary file"
    with pytest.raises(QuiztermError):
        load_settings(tmp_path)  # still an error at the next start, as before


def test_an_unknown_theme_is_never_written(tmp_path: Path) -> None:
    with pytest.raises(QuiztermError, match="theme must be one of"):
        save_setting(tmp_path, "theme", "blue")
    assert not (tmp_path / "config.toml").exists()


def test_saving_through_a_symlink_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "quizterm.toml"
    real.parent.mkdir()
    real.write_text("new_per_day = 3\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").symlink_to(real)
    save_setting(data, "theme", "light")
    assert (data / "config.toml").is_symlink()
    assert real.read_text() == 'new_per_day = 3\ntheme = "light"\n'


def test_scheduler_and_desired_retention(tmp_path: Path) -> None:
    from quizterm.scheduler.fsrs import FsrsScheduler
    from quizterm.scheduler.sm2 import Sm2Scheduler

    assert Settings().scheduler == "sm2" and Settings().desired_retention == 0.9
    assert Settings().make_scheduler() == Sm2Scheduler()
    (tmp_path / "config.toml").write_text('scheduler = "fsrs"\ndesired_retention = 0.85\n')
    settings = load_settings(tmp_path)
    assert (settings.scheduler, settings.desired_retention) == ("fsrs", 0.85)
    assert settings.make_scheduler() == FsrsScheduler(0.85)


@pytest.mark.parametrize(("text", "fragment"), [
    ('scheduler = "anki"\n', "scheduler must be one of 'sm2', 'fsrs', not 'anki'"),
    ("scheduler = 2\n", "scheduler must be one of 'sm2', 'fsrs', not 2"),
    ("desired_retention = 1.0\n", "desired_retention must be a number from 0.7 to 0.99 (e.g. 0.9), not 1.0"),
    ("desired_retention = 90\n", "desired_retention must be a number from 0.7 to 0.99"),
    ('desired_retention = "0.9"\n', "desired_retention must be a number from 0.7 to 0.99"),
])
def test_a_bad_scheduler_setting_is_a_located_one_line_error(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(QuiztermError) as caught:
        load_settings(tmp_path)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "config.toml") + ": ") and fragment in message and "\n" not in message


def test_the_scheduler_can_be_saved_keeping_the_rest(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("# mine\nnew_per_day = 5\n")
    save_setting(tmp_path, "scheduler", "fsrs")
    save_setting(tmp_path, "desired_retention", 0.8)
    assert (tmp_path / "config.toml").read_text() == '# mine\nnew_per_day = 5\nscheduler = "fsrs"\n' \
                                                      "desired_retention = 0.8\n"
    with pytest.raises(QuiztermError, match="desired_retention must be"):
        save_setting(tmp_path, "desired_retention", 0.2)
