"""Choose what to drill: each deck with its size and today's work, or all decks at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from quizterm.deck.cards import Deck
from quizterm.deck.problems import printable
from quizterm.deck.tags import all_tags, no_card_has, parse_tags, unknown_tags
from quizterm.tui.deck_rows import ALL, DeckRow
from quizterm.tui.screens.base import SHARED_KEYS, QuizScreen
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.search_box import SearchBox
from quizterm.words import plural

if TYPE_CHECKING:
    from quizterm.deck.loader import BrokenDeck

BROKEN = "__broken__"
"""Option ids of broken decks start with this; choosing one explains why it cannot be drilled."""


def row_content(row: DeckRow) -> Content:
    head = Content.assemble((row.title, "bold"))
    facts = Content.assemble(
        f"  {plural(row.cards, 'card')}", "  ·  ",
        (f"{row.due} due", "bold" if row.due else ""), "  ·  ",
        (f"{row.new} new today", "bold" if row.new else ""),
        *(("  ·  ", (days_left_text(row.days_left), "bold $text-warning")) if row.days_left else ()),
    )
    parts = [head, facts]
    if row.description:
        parts.insert(1, Content.styled("  " + row.description, "italic"))
    return Content("\n").join(parts)


def days_left_text(days: int) -> str:
    """The deck's interview, as the deck list says it: `interview tomorrow`, `interview in 12 days`."""
    return "interview tomorrow" if days == 1 else f"interview in {days} days"


def broken_content(deck: BrokenDeck) -> Content:
    """A deck file with errors: its name, how many, the first one (verbatim: it quotes the file) and how
    to see them all. The cursor can reach it (so the list scrolls to it); choosing it only explains."""
    first = deck.first
    where = f"{printable(first.where)}: " if first.where else ""
    return Content("\n").join([
        Content.assemble((printable(deck.path.name), "bold"), f"  {plural(deck.errors, 'error')}: not drillable"),
        Content(f"  line {first.line}, column {first.col}: {where}{printable(first.message)}"),
        Content.styled(f"  `quizterm validate {printable(str(deck.path))}` lists every problem", "italic"),
    ])


class DeckListScreen(QuizScreen):
    HELP_TITLE = "Deck list"
    BINDINGS = [
        # Priority: these run when the app takes the key off its queue, so the screen they open (or the
        # filter they focus) gets the keys typed right after them, not the deck list (a burst such as
        # `c/batchnorm`). In the tag filter they are text (`_outside_filter`).
        Binding("slash", "focus_filter", "Filter tags", priority=True),
        Binding("c", "browse", "Cards", priority=True),
        Binding("s", "stats", "Stats", priority=True),
        Binding("enter", "drill", "Drill", show=False, priority=True),
        Binding("escape", "focus_list", "List", show=False, priority=True),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, decks: Sequence[Deck], rows: Callable[[tuple[str, ...]], list[DeckRow]],
                 tags: tuple[str, ...] = (), broken: Sequence[BrokenDeck] = ()) -> None:
        super().__init__()
        self._decks = decks
        self._broken = broken
        self._rows = rows
        self._tags = tags
        self._all_tags = all_tags(decks)

    def compose(self) -> ComposeResult:
        # No Label and one container only: each widget (and Label's stylesheet) is start-up time on this first
        # screen. The container lets a long tag list wrap, then scroll, instead of being cut at the edge.
        yield Static(Content("quizterm — choose a deck"), id="decks-title")
        yield SearchBox(" ".join(self._tags), placeholder="filter by tag: type tags separated by spaces",
                    id="tag-filter", compact=True)
        with VerticalScroll(id="tag-hint"):
            yield Static(self._tag_hint(), id="tag-list", classes="hint")
        yield OptionList(id="deck-options")
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if self._broken:  # their rows are last, maybe below the fold: say so at once
            files = "1 deck file has" if len(self._broken) == 1 else f"{len(self._broken)} deck files have"
            self.notify(f"{files} errors and cannot be drilled: see the end of the list.", severity="warning",
                        markup=False, timeout=10)

    def on_screen_suspend(self) -> None:
        """The notes about broken decks belong to this list: they must not cover the drill's answer box."""
        self.app.clear_notifications()

    def help_keys(self) -> list[tuple[str, str]]:
        return [("↑ ↓", "move through the decks"),
                ("enter", "drill the highlighted deck (a broken one: say why not)"),
                ("c", "browse the cards of the highlighted deck (or all)"),
                ("s", "stats of the highlighted deck"),
                ("/", "filter by tag: type tags, enter goes back to the decks"),
                ("tab", "move between the filter, the tag list and the decks"),
                ("escape", "from the filter or the tag list, back to the decks"),
                ("Outside the tag filter", ""),
                *SHARED_KEYS]

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
        for index, deck in enumerate(self._broken):
            rows += [Option(broken_content(deck), id=f"{BROKEN}{index}"), None]
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

    def action_drill(self) -> None:
        """Enter on the list (as a priority key, so the answer typed right after it reaches the question)."""
        options = self.query_one(OptionList)
        if self.focused is self.query_one(Input):  # enter in the filter: back to the decks, now
            self.action_focus_list()
            return
        if self.focused is not options or options.highlighted is None:
            raise SkipAction()  # enter in the tag list keeps its own meaning
        self._chosen(options.get_option_at_index(options.highlighted).id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._chosen(event.option.id or "")

    def _chosen(self, key: str) -> None:
        if key.startswith(BROKEN):
            self.explain_broken(self._broken[int(key.removeprefix(BROKEN))])
            return
        decks = list(self._decks) if key == ALL else [d for d in self._decks if d.key == key]
        self.quiz_app.start_drill(decks, self._tags)

    def _outside_filter(self) -> None:
        """A priority key typed in the tag filter is text: skip its action (the filter gets the key)."""
        # `self.focused`, not `has_focus`: that is set only once the widget has handled its Focus event,
        # after keys of the same burst already taken off the app's queue.
        if self.focused is self.query_one(Input):
            raise SkipAction()

    def action_stats(self) -> None:
        """Stats of the highlighted deck ("All decks", or all of them from a broken deck's row)."""
        self._outside_filter()
        options = self.query_one(OptionList)
        key = "" if options.highlighted is None else (options.get_option_at_index(options.highlighted).id or "")
        chosen = [deck for deck in self._decks if deck.key == key]
        self.quiz_app.show_stats(chosen or None)

    def explain_broken(self, deck: BrokenDeck) -> None:
        self.notify(f"{printable(deck.path.name)} cannot be drilled: it has {plural(deck.errors, 'error')}. Fix "
                    f"them (`quizterm validate {printable(str(deck.path))}` lists every one) and start quizterm "
                    "again; the other decks can be drilled now.", severity="warning", markup=False, timeout=8)

    def action_browse(self) -> None:
        self._outside_filter()
        options = self.query_one(OptionList)
        index = options.highlighted
        key = (options.get_option_at_index(index).id or "") if index is not None else ALL
        if key.startswith(BROKEN):
            self.explain_broken(self._broken[int(key.removeprefix(BROKEN))])
            return
        decks = list(self._decks) if key == ALL else [d for d in self._decks if d.key == key]
        self.quiz_app.open_browser(decks)

    def action_focus_filter(self) -> None:
        self._outside_filter()
        self.set_focus(self.query_one(Input))  # now: the tags typed right after `/` are for it

    def action_focus_list(self) -> None:
        self.set_focus(self.query_one(OptionList))  # now: a `c` typed right after enter is for the list
