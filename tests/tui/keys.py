"""Keys as a terminal delivers them: all at once, or before the app has built its first screen.

`pilot.press` waits for the app to go idle after every key, which hides every race between keys; these
helpers put the keys on the app's queue directly, as the terminal driver does.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from quizterm.tui.app import QuiztermApp
from quizterm.tui.widgets.answer_box import AnswerBox

from .helpers import wait_for_screen, wait_until

# More than 2,000 characters: shortcut letters (q u t i b n), grade digits, markup, Cyrillic, emoji, lines.
LINE = "q u t i b n 0 1 2 3 4 5 ? / [b]x[/b] — градиент 梯度 🧠 ok.\n"
LONG_ANSWER = "".join(f"{n:03d} {LINE}" for n in range(40)) + "the end"


def key_event(name: str) -> events.Key:
    """The Key event the terminal driver makes for `name`: a key name ("ctrl+s") or one character."""
    if name == "\n":
        return events.Key("enter", "\r")
    if len(name) == 1:
        return events.Key(name if name.isalnum() else _character_to_key(name), name)
    return events.Key(name, None)


def burst(app: QuiztermApp, keys: Sequence[str]) -> None:
    """Queue every key on the app at once, with no pause between them (a fast typist, a program, a paste
    without bracketed-paste mode)."""
    for name in keys:
        app.post_message(key_event(name))


def your_answer(app: QuiztermApp) -> str:
    return str(app.screen.query_one("#your-answer", Static).render())


def box(app: QuiztermApp) -> AnswerBox:
    return app.screen.query_one(AnswerBox)


def type_before_first_screen(app: QuiztermApp, keys: Sequence[str]) -> None:
    """Make `keys` arrive before the app has even built its first screen (keys typed while quizterm starts)."""
    build_first_screen = app.get_default_screen

    def early() -> Screen[None]:
        burst(app, keys)
        return build_first_screen()

    app.get_default_screen = early  # type: ignore[method-assign]


async def settle(pilot: Pilot[None], kind: type[Screen[None]]) -> Screen[None]:
    """The screen of `kind` once it is mounted and has handled what was queued for it."""
    await wait_for_screen(pilot, kind)
    await pilot.pause()
    return await wait_for_screen(pilot, kind)


async def type_fast(pilot: Pilot[None], text: str) -> None:
    """Type `text` into the answer box in one burst and wait until all of it is there."""
    app = pilot.app
    assert isinstance(app, QuiztermApp)
    before = box(app).text
    burst(app, text)
    await wait_until(pilot, lambda: box(app).text == before + text, f"{text!r} in the box")
