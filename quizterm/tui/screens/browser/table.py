"""The card browser: every card of the chosen decks in a table, sortable, searched as you type.

Opened with `c` from the deck list and the summary. The table (widgets/card_table.py) draws only the
rows on screen; the rows, their order and the search are the domain's (quizterm/browse/). Enter opens
the card's page; the actions (actions.py) work on the card under the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, Static

from quizterm.browse.rows import COLUMNS
from quizterm.browse.view import TableView
from quizterm.deck.cards import Card
from quizterm.tui.screens.base import SHARED_KEYS
from quizterm.tui.screens.browser.actions import ACTION_BINDINGS, ACTION_KEYS, CardActions
from quizterm.tui.widgets.card_table import CardTable
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.search_box import SearchBox

HEADERS = {column.name: column.header for column in COLUMNS}
LEAVE_SEARCH = frozenset({"enter", "escape", "tab", "shift+tab"})
"""Keys that end a search typed ahead (see `BrowserScreen.typed_ahead`)."""


class BrowserScreen(CardActions):
    HELP_TITLE = "Card browser"
    BINDINGS = [
        # Priority: run when the app takes `/` off its queue, not later when the table gets to it, so the
        # search box has the focus before the next key of a burst is handed out (`s`, `b`, `r`, `e`, `o`
        # are actions on the table, and common letters in a search).
        Binding("slash", "focus_search", "Search", priority=True),
        *ACTION_BINDINGS,
        Binding("o", "sort(1)", "Sort", show=False),
        Binding("O", "reverse", "Reverse", show=False),
        # Priority too: leaving the search gives the table the focus before the next key of a burst (`s`
        # after `/batchnorm` and enter suspends the card found instead of going into the search). The keys
        # already on their way to the search box are still applied there, in order (widgets/search_box.py).
        Binding("escape", "back", "Back", priority=True),
        Binding("enter", "leave_search", "Table", show=False, priority=True),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, deck_keys: Sequence[str], title: str) -> None:
        """`deck_keys`: the decks whose cards are listed (read from the app, so an edited deck shows anew)."""
        super().__init__()
        self.deck_keys = tuple(deck_keys)
        self._title = title
        self.view = TableView([])

    def compose(self) -> ComposeResult:
        yield Static(Content(f"Cards · {self._title}"), id="browser-title")
        yield SearchBox(placeholder="search: words of the question, id, tags or deck (/)", id="card-search",
                    compact=True)
        yield CardTable(id="card-table")
        yield Static(id="browser-status", classes="hint")
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        self._load()
        self.query_one(CardTable).focus()

    def _cards(self) -> list[Card]:
        return self.quiz_app.cards_of(self.deck_keys)

    def _load(self, keep: str | None = None) -> None:
        rows = self.quiz_app.card_service.rows(self._cards())
        self.view.reload(rows)
        self.query_one(CardTable).set_rows(self.view.shown, keep=keep, size_from=rows)
        self._show_status()

    def _show(self, *, keep: str | None = None) -> None:
        table = self.query_one(CardTable)
        table.sort = (self.view.sort, self.view.descending)
        table.set_rows(self.view.shown, keep=keep)
        self._show_status()

    def _show_status(self) -> None:
        view = self.view
        order = "deck order" if view.sort is None else \
            f"sorted by {HEADERS[view.sort]} {'↓' if view.descending else '↑'}"
        cards = f"{view.total:,} card{'' if view.total == 1 else 's'}"
        shown = f"{len(view.shown):,} of {cards}" if view.query.strip() else cards
        self.query_one("#browser-status", Static).update(Content(f"{shown} · {order} (o: next column, O: reverse)"))

    # -- the card under the cursor ----------------------------------------------------------------------
    def action_card(self) -> Card | None:
        row = self.query_one(CardTable).current
        return None if row is None else self.quiz_app.card(row.id)

    def cards_changed(self, card_ids: set[str], *, reloaded: bool = False) -> None:
        table = self.query_one(CardTable)
        keep = table.current.id if table.current is not None else None
        if reloaded:
            self._load(keep)
            return
        service = self.quiz_app.card_service
        fresh = []
        for card_id in card_ids:
            card, old = self.quiz_app.card(card_id), self.view.row(card_id)
            if card is not None and old is not None:
                fresh.append(service.row(card, old.order))
        self.view.replace(fresh)
        self._show(keep=keep)

    # -- keys -------------------------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        # Short enough for the keys screen at 80x24 without a scroll bar (the table's own keys, ↑ ↓ pgup
        # pgdn home end, go without saying).
        return [("enter / escape", "the card's page / back (from the search: the table)"),
                ("/", "search question, id, tags and deck as you type"),
                ("o / O", "sort by the next column / reverse the order"),
                *ACTION_KEYS,
                *SHARED_KEYS]

    def typed_ahead(self, held: list[events.Event]) -> int:
        """Keys pressed before the table appeared are safe only as a search: from a first `/` up to the key
        that ends it (enter, escape, tab), included. Anything else would act on whichever card happened to
        be first."""
        first = held[0] if held else None
        if not isinstance(first, events.Key) or first.key != "slash":
            return 0
        for taken, event in enumerate(held, start=1):
            if isinstance(event, events.Key) and event.key in LEAVE_SEARCH:
                return taken
        return len(held)

    def action_focus_search(self) -> None:
        search = self.query_one(Input)
        if self.focused is search:  # not `has_focus`, which lags behind a burst (see the deck list)
            raise SkipAction()  # a `/` typed in the search is text
        self.set_focus(search)  # now, not after the keys already queued (`Widget.focus` waits for them)

    def action_back(self) -> None:
        if self.focused is self.query_one(Input):
            self.set_focus(self.query_one(CardTable))
        else:
            self.app.pop_screen()

    def action_leave_search(self) -> None:
        if self.focused is not self.query_one(Input):
            raise SkipAction()  # enter on the table opens the card's page
        self.set_focus(self.query_one(CardTable))

    def action_sort(self, step: int) -> None:
        self._sorted(self.view.next_sort(step))

    def action_reverse(self) -> None:
        self._sorted(self.view.reverse())

    def _sorted(self, _: object) -> None:
        table = self.query_one(CardTable)
        self._show(keep=table.current.id if table.current is not None else None)

    def on_card_table_header_clicked(self, message: CardTable.HeaderClicked) -> None:
        view = self.view
        self._sorted(view.sort_by(message.column, descending=view.sort == message.column and not view.descending))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.view.search(event.value)
        table = self.query_one(CardTable)
        table.cursor = 0
        self._show()
        table.scroll_to(y=0, animate=False, immediate=True)

    def on_card_table_opened(self, message: CardTable.Opened) -> None:
        card = self.quiz_app.card(message.row.id)
        if card is not None:
            from quizterm.tui.screens.browser.card_page import CardPageScreen

            page = CardPageScreen(card)
            self.app.push_screen(page, lambda _: self.cards_changed(page.changed, reloaded=page.reloaded))
