"""Helpers for driving the app with Pilot: plain screen text, bounded waits, typing."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.cells import cell_len
from rich.console import Console
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from quizterm.tui.app import QuiztermApp

MAX_PAUSES = 100


def screen_text(app: QuiztermApp) -> str:
    """What the terminal shows right now, as plain text (the same render `export_screenshot` uses)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def crop_cells(line: str, start: int, end: int) -> str:
    """The part of a screen line between two cell columns (wide characters take two, combining ones none)."""
    out, column = [], 0
    for char in line:
        width = cell_len(char)
        if start <= column and column + width <= end and (width or out):
            out.append(char)
        column += width
    return "".join(out)


async def widget_rows(pilot: Pilot[None], scroller: ScrollableContainer, widget: Widget) -> list[str]:
    """Every row of `widget`'s content area as the screen shows it, scrolling `scroller` to see them all."""
    scroller.scroll_to_widget(widget, animate=False, top=True)
    await pilot.pause()
    rows: dict[int, str] = {}
    for _ in range(MAX_PAUSES):
        region, view = widget.content_region, scroller.scrollable_content_region
        lines = screen_text(pilot.app).splitlines()  # type: ignore[arg-type]
        for y in range(max(region.y, view.y), min(region.bottom, view.bottom)):
            rows[y - region.y] = crop_cells(lines[y], region.x, region.right)
        if len(rows) >= region.height or scroller.scroll_y >= scroller.max_scroll_y:
            break
        scroller.scroll_relative(y=view.height, animate=False)
        await pilot.pause()
    assert len(rows) == widget.content_region.height, "every row of the widget was seen"
    return [rows[y] for y in range(len(rows))]


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], what: str = "condition") -> None:
    """Pause until `condition()` holds, at most MAX_PAUSES times, then fail with `what`."""
    for _ in range(MAX_PAUSES):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


async def wait_for_screen(pilot: Pilot[None], kind: type[Screen[None]]) -> Screen[None]:
    """The current screen once it is a mounted `kind`, ready for keys, and has handled what mounting it
    queued.

    A screen is current before it is mounted and ready: keys sent then are held by the app, and only a
    question types them in; any other screen ignores them (see quizterm.tui.early_input).
    """
    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, kind) and screen.is_mounted and getattr(screen, "input_ready", True)

    await wait_until(pilot, ready, kind.__name__)
    await pilot.pause()
    return pilot.app.screen


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one at a time, letting the app settle after each."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` character by character, as a user would (newlines as enter)."""
    for char in text:
        await pilot.press("enter" if char == "\n" else char)
    await pilot.pause()


def card_id(app: QuiztermApp) -> str:
    """The id of the card on the question or rubric screen."""
    from quizterm.tui.screens.question import QuestionScreen
    from quizterm.tui.screens.rubric import RubricScreen

    screen = app.screen
    assert isinstance(screen, QuestionScreen | RubricScreen), f"not a card screen: {screen!r}"
    return screen.card.id


async def grade_current(pilot: Pilot[None], grade: int) -> None:
    """Reveal the card on screen (answer left as is) and grade it."""
    from quizterm.tui.screens.question import QuestionScreen
    from quizterm.tui.screens.rubric import RubricScreen

    await wait_for_screen(pilot, QuestionScreen)
    await press(pilot, "ctrl+s")
    await wait_for_screen(pilot, RubricScreen)
    await press(pilot, str(grade))
