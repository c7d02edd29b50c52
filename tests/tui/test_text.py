"""Card text and typed answers are untrusted: markup appears verbatim and does nothing; links never open.

Also Cyrillic, CJK and emoji: shown, typed and saved unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownFence, MarkdownParagraph

from quizterm.deck.cards import Card, Deck
from quizterm.store.progress import ProgressStore
from quizterm.tui.app import QuiztermApp
from quizterm.tui.screens.deck_list import DeckListScreen, DeckRow, row_content
from quizterm.tui.screens.question import QuestionScreen
from quizterm.tui.screens.rubric import RubricScreen
from quizterm.tui.widgets.answer_box import AnswerBox
from quizterm.tui.widgets.section import bullets

from .cards import ALGO, HOSTILE, HOSTILE_CARD, MD_LINK_TEXT, MD_LINK_URL, UNICODE_CARD
from .conftest import AppFactory
from .helpers import card_id, press, screen_text, type_text, wait_for_screen, wait_until

WIDE = (120, 40)  # wide enough that no hostile string is wrapped
MORE_HOSTILE = ("[", "[/", "[/]", "[$var]", "[BOLD]B[/BOLD]", "\\[x]", "[on red]r", "[link='x']y",
                "$text-error", "[b]{q}[/b]")


def plain(widget: Static) -> str:
    return str(widget.render())


def record_open_url(app: QuiztermApp) -> list[str]:
    """Replace the app's open_url with a recorder (instance attribute; only this app)."""
    opened: list[str] = []

    def open_url(url: str, *, new_tab: bool = True) -> None:
        opened.append(url)

    app.open_url = open_url  # type: ignore[method-assign]
    return opened


async def show_whole_rubric(pilot: Pilot[None], app: QuiztermApp) -> str:
    """The rubric's text from top to bottom (scrolling with the keyboard), as shown on screen."""
    seen = screen_text(app)
    for _ in range(6):
        await press(pilot, "pagedown")
        seen += screen_text(app)
    return seen


async def test_hostile_card_text_is_verbatim_on_the_question_screen(make_app: AppFactory) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert card_id(app) == "hostile"
        assert plain(app.screen.query_one("#question", Static)) == HOSTILE_CARD.question
        text = screen_text(app)
        for hostile in HOSTILE:
            assert hostile in text
        await pilot.pause()
        assert app.is_running


async def test_clicking_click_markup_in_a_question_does_nothing(make_app: AppFactory) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=WIDE) as pilot:
        question_screen = await wait_for_screen(pilot, QuestionScreen)
        question = app.screen.query_one("#question", Static)
        line = HOSTILE_CARD.question
        start = question.styles.padding.left + line.index("[@click=app.quit]x[/]")
        for x in (start, start + len("[@click=app.quit]"), start + len("[@click=app.quit]x[/]") - 1):
            await pilot.click(question, offset=(x, 0))
        await pilot.pause()
        assert app.is_running and app.screen is question_screen


async def test_hostile_card_text_is_verbatim_on_the_rubric(make_app: AppFactory) -> None:
    app = make_app([ALGO])
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert plain(rubric.query_one("#short-answer", Static)) == HOSTILE_CARD.short_answer
        paragraphs = [str(p._content) for p in rubric.query(MarkdownParagraph)]
        assert paragraphs == [
            "Breakdown keeps x [/bold] y and arr[i][j] as text.",
            f"Links never open: see {MD_LINK_TEXT} ({MD_LINK_URL}).",
            "Theory with [@click=app.quit]x[/] and [link=http://e.com]l[/link].",
        ]
        [fence] = rubric.query(MarkdownFence)
        assert fence.code == "def get(arr, i, j):\n    return arr[i][j]  # [/bold] [@click=app.quit]x[/]"

        text = await show_whole_rubric(pilot, app)
        assert f"Short: {HOSTILE[0]} {HOSTILE[1]}" in text
        for hostile in HOSTILE:
            assert hostile in text
        for line in ("return arr[i][j]  # [/bold] [@click=app.quit]x[/]", "Theory with [@click=app.quit]x[/]",
                     *HOSTILE_CARD.common_mistakes, *HOSTILE_CARD.interview_tips):
            assert line in text, line
        assert app.is_running


async def test_markdown_links_never_open(make_app: AppFactory) -> None:
    """Both the card's Markdown link and the URL inside `[link=http://e.com]` (auto-linked) stay shut."""
    app = make_app([ALGO])
    opened = record_open_url(app)
    messages: list[Message] = []
    async with app.run_test(size=WIDE, message_hook=messages.append) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await press(pilot, "ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        for text, url in ((MD_LINK_TEXT, MD_LINK_URL), ("http://e.com", "http://e.com")):
            [paragraph] = [p for p in rubric.query(MarkdownParagraph) if text in str(p._content)]
            rubric.query_one("#rubric").scroll_to_widget(paragraph, animate=False)
            await pilot.pause()
            column = str(paragraph._content).index(text)
            assert await pilot.click(paragraph, offset=(column + 1, 0))
            await pilot.pause()
            clicked = [m.href for m in messages if isinstance(m, Markdown.LinkClicked)]
            assert url in clicked, f"the click landed on the link to {url}"
        assert opened == [], "but nothing was opened"
        assert app.is_running and app.screen is rubric


async def test_more_markup_shapes_are_verbatim_everywhere(make_app: AppFactory) -> None:
    card = Card(id="shapes", deck="algo", question=" ".join(MORE_HOSTILE), short_answer=" | ".join(MORE_HOSTILE),
                breakdown=" ".join(f"`{s}`" for s in MORE_HOSTILE), common_mistakes=MORE_HOSTILE)
    app = make_app([replace(ALGO, cards=(card,))])
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert plain(app.screen.query_one("#question", Static)) == card.question
        assert " ".join(MORE_HOSTILE) in screen_text(app)
        await press(pilot, "ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert plain(rubric.query_one("#short-answer", Static)) == card.short_answer
        text = await show_whole_rubric(pilot, app)
        assert " ".join(MORE_HOSTILE) in text, "inline code in the breakdown"
        for shape in MORE_HOSTILE:  # the common mistakes, in the checklist
            assert f"[ ] {shape}" in text
        assert app.is_running


async def test_a_typed_answer_with_markup_is_verbatim_on_the_rubric(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([ALGO])
    other = second_store()
    typed = "[b]x[/b] [@click=app.quit]q[/] arr[i] [/"
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await type_text(pilot, typed)
        assert app.screen.query_one(AnswerBox).text == typed
        await press(pilot, "ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        answer = rubric.query_one("#your-answer", Static)
        assert plain(answer) == typed
        assert typed in screen_text(app)
        start = typed.index("[@click")
        for x in (start, typed.index("q[/]"), start + len("[@click=app.quit]q[/]") - 1):  # clicks do nothing
            await pilot.click(answer, offset=(x, 0))
        await pilot.pause()
        assert app.is_running and app.screen is rubric
        await press(pilot, "4")
        assert [r.answer for r in other.history("hostile")] == [typed]


async def test_hostile_deck_title_and_description_are_verbatim(make_app: AppFactory) -> None:
    title, description = "[b]Deck[/b] x [/bold]", "[@click=app.quit]d[/] [link=http://e.com]l[/link]"
    decks = [replace(ALGO, title=title, description=description),
             Deck(key="other", title="arr[i][j]", path=Path("other.yaml"), cards=())]
    app = make_app(decks)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_screen(pilot, DeckListScreen)
        text = screen_text(app)
        assert title in text and description in text and "arr[i][j]" in text
        await press(pilot, "down", "enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert title in screen_text(app), "the session bar names the deck verbatim"


async def test_cyrillic_cjk_and_emoji_are_shown_typed_and_saved(
        make_app: AppFactory, second_store: Callable[[], ProgressStore]) -> None:
    app = make_app([replace(ALGO, cards=(UNICODE_CARD,))])
    other = second_store()
    typed = "Замыкание: 闭包 🧠🔥"  # Pilot can only type emoji with one-word names
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert UNICODE_CARD.question in screen_text(app)
        await type_text(pilot, typed)
        assert app.screen.query_one(AnswerBox).text == typed
        assert typed in screen_text(app)
        await press(pilot, "ctrl+s")
        rubric = await wait_for_screen(pilot, RubricScreen)
        assert plain(rubric.query_one("#your-answer", Static)) == typed
        assert plain(rubric.query_one("#short-answer", Static)) == UNICODE_CARD.short_answer
        [paragraph] = rubric.query(MarkdownParagraph)
        assert str(paragraph._content) == UNICODE_CARD.breakdown
        text = screen_text(app)
        assert typed in text
        assert UNICODE_CARD.breakdown in text
        await press(pilot, "5")
        await wait_until(pilot, lambda: not isinstance(app.screen, RubricScreen), "the next screen")
    assert [r.answer for r in other.history("unicode")] == [typed]


# ----- the content builders, on any text (no app needed) --------------------------------------------

MARKUP_ALPHABET = st.text(alphabet="[]/@=$#:'\"\\ abBOLD{}\n.", max_size=40)


@given(items=st.lists(MARKUP_ALPHABET, min_size=1, max_size=4))
def test_bullets_keep_any_text_verbatim(items: list[str]) -> None:
    assert bullets(items).plain == "\n".join(f"• {item}" for item in items)


@given(title=MARKUP_ALPHABET, description=MARKUP_ALPHABET)
def test_deck_rows_keep_any_text_verbatim(title: str, description: str) -> None:
    shown = row_content(DeckRow("k", title, description, 1, 2, 3)).plain
    assert shown.startswith(title + "\n")
    assert ("  " + description + "\n") in shown if description else "\n  1 card" in shown
