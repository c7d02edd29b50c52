"""Choose what to drill: each deck with its size and today's work, or all decks at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from quizterm.deck.cards import Deck
from quizterm.deck.tags import all_tags, no_card_has, parse_tags, unknown_tags
from quizterm.tui.deck_rows import ALL, DeckRow
from quizterm.tui.screens.base import QuizScreen
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.words import plural


def row_content(row: DeckRow) -> Content:
    head = Content.assemble((row.title, "bold"))
    facts = Content.assemble(
        f"  {plural(row.cards, 'card')}", "  ·  ",
        (f"{row.due} due", "bold" if row.due else ""), "  ·  ",
        (f"{row.new} new today", "bold" if row.new else ""),
    )
    parts = [head, facts]
    if row.description:
        parts.insert(1, Content.styled("  " + row.description, "italic"))
    return Content("\n").join(parts)


class DeckListScreen(QuizScreen):
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter tags"),
        Binding("escape", "focus_list", "List", show=False),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, decks: Sequence[Deck], rows: Callable[[tuple[str, ...]], list[DeckRow]],
                 tags: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._decks = decks
        self._rows = rows
        self._tags = tags
        self._all_tags = all_tags(decks)

    def compose(self) -> ComposeResult:
        # No Label and one container only: each widget (and Label's stylesheet) is start-up time on this first
        # screen. The container lets a long tag list wrap, then scroll, instead of being cut at the edge.
        yield Static(Content("quizterm — choose a deck"), id="decks-title")
        yield Input(" ".join(self._tags), placeholder="filter by tag: type tags separated by spaces",
                    id="tag-filter", compact=True)
        with VerticalScroll(id="tag-hint"):
            yield Static(self._tag_hint(), id="tag-list", classes="hint")
        yield OptionList(id="deck-options")
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        """Also sent when the screen is first shown: the counts are computed once then, and again on return."""
        self.refresh_rows()

    def refresh_rows(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        rows: list[Option | None] = []
        for row in self._rows(self._tags):
            rows += [Option(row_content(row), id=row.key), None]  # None: a separator line
        options.add_options(rows)  # at once: one layout pass instead of one per row
        options.highlighted = highlighted if highlighted is not None else 0

    def _tag_hint(self) -> Content:
        """Every tag, after a line for each filter tag no card has (with the closest real tag)."""
        problems = [Content.styled(no_card_has(tag, self._all_tags, name_all=False), "$text-warning")
                    for tag in unknown_tags(self._tags, self._all_tags)]
        return Content("\n").join([*problems, Content("tags: " + " ".join(self._all_tags))])

    def on_input_changed(self, event: Input.Changed) -> None:
        self._tags = parse_tags(event.value)
        self.query_one("#tag-list", Static).update(self._tag_hint())
        self.query_one("#tag-hint").scroll_home(animate=False)
        self.refresh_rows()

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.action_focus_list()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        decks = list(self._decks) if key == ALL else [d for d in self._decks if d.key == key]
        self.quiz_app.start_drill(decks, self._tags)

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()
