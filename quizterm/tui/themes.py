"""quizterm's two colour themes: calm backgrounds, one accent for what to do next, green/red for grades."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="quizterm-dark",
    primary="#7aa2f7",
    secondary="#9ece6a",
    accent="#e0af68",
    warning="#e0af68",
    error="#f7768e",
    success="#9ece6a",
    foreground="#d5d9e6",
    background="#1a1b26",
    surface="#222433",
    panel="#2a2d3f",
    dark=True,
)

LIGHT = Theme(
    name="quizterm-light",
    primary="#2e5aac",
    secondary="#3d7a2a",
    accent="#a35d00",
    warning="#a35d00",
    error="#b3261e",
    success="#2f7d32",
    foreground="#1f2330",
    background="#f6f5f0",
    surface="#ecebe4",
    panel="#e0ded4",
    dark=False,
)

THEMES = {"dark": DARK, "light": LIGHT}
"""quizterm's own themes by their setting name (config.toml, `--theme`); any other setting is the name of
one of Textual's themes, as the command palette shows it."""


def theme_for_setting(setting: str) -> str:
    """The Textual theme a `theme` setting names: "dark" is quizterm-dark; "nord" is nord."""
    return THEMES[setting].name if setting in THEMES else setting


def setting_for_theme(name: str) -> str:
    """The `theme` setting that selects Textual theme `name` (quizterm's own by their short names)."""
    return next((setting for setting, theme in THEMES.items() if theme.name == name), name)
