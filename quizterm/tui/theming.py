"""The app's colour theme: quizterm's two themes offered beside Textual's (those config.toml can name),
the one chosen taken before anything is styled, `t` to switch, and a theme the user picks saved for the
next start.

A base of `QuiztermApp`, apart from app.py to keep each module to one concern.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.theme import Theme

from quizterm.config import THEMES as SETTING_THEMES
from quizterm.errors import QuiztermError
from quizterm.tui.themes import THEMES, setting_for_theme, theme_for_setting


class Theming(App[None]):
    """Call `_use_themes` from `__init__`, before the app is styled."""

    _remember_theme: Callable[[str], None] | None = None
    _theme_setting = ""  # what config.toml (or --theme) says already: picking it again saves nothing

    def _use_themes(self, theme_name: str, remember_theme: Callable[[str], None] | None) -> None:
        """Offer quizterm's themes and those of Textual's a setting can hold; start with `theme_name` (a
        setting); `remember_theme` saves a theme the user picks (`t`, the palette) and raises
        `QuiztermError` when it cannot."""
        self._remember_theme = remember_theme
        for theme in THEMES.values():
            self.register_theme(theme)
        for name in list(self.available_themes):  # offer no theme config.toml could not hold
            if setting_for_theme(name) not in SETTING_THEMES:
                self.unregister_theme(name)
        theme = self.get_theme(theme_for_setting(theme_name)) or THEMES["dark"]
        self._theme_setting = setting_for_theme(theme.name)
        self._start_with_theme(theme)

    def _start_with_theme(self, theme: Theme) -> None:
        """Take `theme` before anything is styled.

        Setting `theme` runs its watcher, which re-parses every stylesheet once the app runs (~5 ms of
        start-up). A dark theme replaces Textual's dark default without it: its colours go to the
        stylesheet before its first parse, and the app gets the classes the watcher would have set (the
        dark-mode classes are already right).
        """
        if theme is not THEMES["dark"] or self.current_theme.dark is not True:
            self.theme = theme.name
            return
        self.set_reactive(App.theme, theme.name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(True, f"-theme-{theme.name}", update=False)

    def action_toggle_theme(self) -> None:
        self.theme = THEMES["light"].name if self.current_theme.dark else THEMES["dark"].name

    def watch_theme(self, name: str) -> None:
        """Save a theme the user picked (`t`, or the palette's theme list) as the `theme` setting."""
        setting = setting_for_theme(name)
        if self._remember_theme is None or setting == self._theme_setting:
            return
        self._theme_setting = setting
        try:
            self._remember_theme(setting)
        except QuiztermError as exc:
            self.notify(str(exc), title="Theme not saved", severity="error", markup=False, timeout=10)
