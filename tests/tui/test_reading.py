"""Every rubric can be read at 80×24 (issue 10, section 5), and the previous attempt sits by this one.

Code blocks fold long lines (a `↪ ` starts each continuation), links show their targets, `$…$` and
`$$…$$` are shown exactly as written. Each test reads what the screen shows, not only widget state.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownFence, MarkdownParagraph

from quizterm.deck.cards import Deck
from quizterm.deck.loader import load_decks
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen

from .cards import (
    CODE_CARD,
    LINK_CARD,
    LINK_TARGETS,
    LONG_CODE,
    MATH_BLOCK,
    MATH_CARD,
    MATH_SPANS,
    NOW,
    READING,
    SYSTEMS,
    FakeClock,
)
from .conftest import AppFactory
from .helpers import crop_cells, press, screen_text, type_text, wait_for_screen, widget_rows

SMALL, WIDE = (80, 24), (120, 40)
SIZES = [pytest.param(SMALL, id="80x24"), pytest.param(WIDE, id="120x40")]
CONTINUATION = "↪ "  # what starts the next row of a folded code line
BUNDLED_DEEP_LEARNING = Path(__file__).resolve().parents[2] / "decks" / "deep-learning.yaml"


def deck_of(*cards: object) -> list[Deck]:
    return [replace(READING, cards=cards)]


async def reveal(pilot: Pilot[None]) -> RubricScreen:
    await wait_for_screen(pilot, QuestionScreen)
    await press(pilot, "ctrl+s")
    screen = await wait_for_screen(pilot, RubricScreen)
    assert isinstance(screen, RubricScreen)
    return screen


def scroller(rubric: RubricScreen) -> ScrollableContainer:
    return rubric.query_one("#rubric", ScrollableContainer)


def unfold(rows: list[str]) -> list[str]:
    """Code rows back into lines: a row starting with the continuation mark continues the one above.

    The screen pads every row with spaces, so spaces where a line was folded cannot be told from padding:
    a fold is kept as a NUL, which `same_code` lets stand for any run of spaces.
    """
    lines: list[str] = []
    for row in rows:
        if row.startswith(CONTINUATION) and lines:
            lines[-1] = lines[-1].rstrip() + "\0" + row.removeprefix(CONTINUATION)
        else:
            lines.append(row)
    return [line.rstrip() for line in lines]


def same_code(shown: list[str], code: str) -> bool:
    """Whether the unfolded screen lines are the code's lines, character for character (tabs as 4 spaces)."""
    lines = [line.expandtabs(4).rstrip() for line in code.splitlines()]
    patterns = [" *".join(re.escape(part) for part in line.split("\0")) for line in shown]
    return len(lines) == len(patterns) and all(re.fullmatch(p, line) for p, line in zip(patterns, lines, strict=True))


async def code_on_screen(pilot: Pilot[None], rubric: RubricScreen, fence: MarkdownFence) -> list[str]:
    """The lines of a code block as read off the screen (its padding rows dropped, folds undone)."""
    rows = await widget_rows(pilot, scroller(rubric), fence.query_one("#code-content"))
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    return unfold(rows)


def squeeze(text: str) -> str:
    return " ".join(text.split())


async def markdown_on_screen(pilot: Pilot[None], rubric: RubricScreen, section: str) -> str:
    """A Markdown section's text as read off the screen, with whitespace (and so line wrapping) squeezed."""
    return squeeze(" ".join(await widget_rows(pilot, scroller(rubric), rubric.query_one(section, Markdown))))


# ----- code blocks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_every_character_of_the_bundled_adam_code_block_is_on_screen(
        make_app: AppFactory, size: tuple[int, int]) -> None:
    [deck] = load_decks([BUNDLED_DEEP_LEARNING]).decks
    [adam] = [card for card in deck.cards if card.id == "adam-vs-sgd-adamw"]
    assert "# second moment, β2 ≈ 0.999 (0.95 is common for LLMs)" in (adam.breakdown or "")
    app = make_app([replace(deck, cards=(adam,))])
    async with app.run_test(size=size) as pilot:
        rubric = await reveal(pilot)
        [fence] = rubric.query(MarkdownFence)
        shown = await code_on_screen(pilot, rubric, fence)
        assert same_code(shown, fence.code), shown


@pytest.mark.parametrize("size", SIZES)
async def test_long_code_lines_fold_and_every_character_is_on_screen(
        make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app(deck_of(CODE_CARD))
    async with app.run_test(size=size) as pilot:
        rubric = await reveal(pilot)
        [fence] = rubric.query(MarkdownFence)
        assert fence.code == LONG_CODE
        shown = await code_on_screen(pilot, rubric, fence)
        assert same_code(shown, LONG_CODE), shown


async def test_folded_code_refolds_when_the_terminal_is_resized(make_app: AppFactory) -> None:
    app = make_app(deck_of(CODE_CARD))
    async with app.run_test(size=WIDE) as pilot:
        rubric = await reveal(pilot)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        [fence] = rubric.query(MarkdownFence)
        shown = await code_on_screen(pilot, rubric, fence)
        assert same_code(shown, LONG_CODE), shown


# ----- links -----------------------------------------------------------------------------------------

async def test_links_show_their_targets_at_80_columns(make_app: AppFactory) -> None:
    app = make_app(deck_of(LINK_CARD))
    async with app.run_test(size=SMALL) as pilot:
        rubric = await reveal(pilot)
        paragraphs = [str(p._content) for p in rubric.query(MarkdownParagraph)]
        assert paragraphs == [
            f"Read {LINK_TARGETS[0][0]} ({LINK_TARGETS[0][1]}) first.",
            f"Then {LINK_TARGETS[1][0]} ({LINK_TARGETS[1][1]}).",
            f"And {LINK_TARGETS[1][1]} appears once.",
            "A reference link (https://example.com/ref) and an image: 🖼  loss curve (https://example.com/loss.png)",
            f"Markup in a link stays text: {LINK_TARGETS[2][0]} ({LINK_TARGETS[2][1]}).",
        ]
        shown = "".join((await markdown_on_screen(pilot, rubric, "#breakdown")).split())
        shown += "".join((await markdown_on_screen(pilot, rubric, "#theory")).split())
        for text in paragraphs:  # long URLs are folded mid-word, so compare without whitespace
            assert "".join(text.split()) in shown, text


# ----- math ------------------------------------------------------------------------------------------

async def test_math_is_shown_exactly_as_written_at_80_columns(make_app: AppFactory) -> None:
    app = make_app(deck_of(MATH_CARD))
    async with app.run_test(size=SMALL) as pilot:
        rubric = await reveal(pilot)
        text = await markdown_on_screen(pilot, rubric, "#breakdown")
        for span in MATH_SPANS:
            assert span in text, span
        assert "prices stay prose: $5 and $10 a month." in text
        [fence] = rubric.query(MarkdownFence)
        shown = await code_on_screen(pilot, rubric, fence)
        assert same_code(shown, MATH_BLOCK), shown


# ----- the previous attempt --------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_the_previous_attempt_sits_under_this_answer_on_the_first_screen(
        make_app: AppFactory, clock: FakeClock, size: tuple[int, int]) -> None:
    app = make_app([SYSTEMS])
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "C or A")
        await press(pilot, "ctrl+s", "3")
        await wait_for_screen(pilot, QuestionScreen)
    clock.now = NOW + timedelta(days=1)
    app = make_app([SYSTEMS])
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, "A, then C")
        rubric = await reveal(pilot)
        yours, previous = rubric.query_one("#your-answer"), rubric.query_one("#previous")
        assert (previous.region.x, previous.region.width) == (yours.region.x, yours.region.width)
        assert abs(yours.region.width - rubric.query_one("#short-answer").region.width) <= 1, "two even columns"
        assert previous.region.y == yours.region.bottom, "right under this answer"
        assert previous.region.bottom <= scroller(rubric).scrollable_content_region.bottom, "seen without scrolling"
        assert squeeze(" ".join(await widget_rows(pilot, scroller(rubric), previous))) == "C or A"
        top, bottom = (crop_cells(screen_text(app).splitlines()[y], previous.region.x, previous.region.right)
                       for y in (previous.region.y, previous.region.bottom - 1))
        assert "Previous attempt · grade 3" in top, "its grade in the title"
        assert "2026-11-26 12:00" in bottom, "its time in the bottom border"
