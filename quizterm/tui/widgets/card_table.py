"""The card browser's table: a virtualised list of rows drawn line by line (Textual's line API).

Textual's DataTable measures and stores every cell when rows are added: 10,000 rows took 2.3 s to show
on a 2-core machine, and as long again after each search keystroke. This table keeps only the list of
rows it is given and draws the lines on screen, so showing, re-sorting or narrowing it costs the same at
10,000 rows as at 10 (textual-fastdatatable would do the same, but needs pyarrow: ~100 MB for one widget).

The header is line 0 and stays put; row `i` is drawn on line `i - scroll_y + 1`. Columns have fixed
widths from the rows they were sized for (`set_rows(..., size_from=...)`) and the question takes what is
left. A table too narrow for every column beside a question of `MIN_QUESTION` cells leaves out the
columns last in `PRIORITY` (80 columns show id, question, due and state; the card's page has the rest).
Card text is drawn as plain segments: never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quizterm.browse.rows import COLUMNS, LEECH, SUSPENDED, CardRow

MIN_QUESTION = 30
MAX_ID = 28
NARROW_ID = 24  # the id's width when the screen is too narrow for every column
MAX_DECK = 16
_FIXED = {"due": 10, "interval": 5, "ef": 4, "reviews": 4, "lapses": 4, "last_grade": 4}
_RIGHT = frozenset({"interval", "ef", "reviews", "lapses", "last_grade"})
PRIORITY = ("question", "state", "due", "id", "lapses", "deck", "reviews", "interval", "ef", "last_grade")
"""Which columns a narrow table keeps: the first ones that fit beside a question of `MIN_QUESTION` cells."""


def _cell(row: CardRow, name: str) -> str:
    if name == "due":
        return "" if row.due is None else row.due.isoformat()
    if name == "interval":
        return "" if row.due is None else str(row.interval)
    if name == "ef":
        return f"{row.ef_centi / 100:.2f}"
    if name == "last_grade":
        return "" if row.last_grade is None else str(row.last_grade)
    if name == "state":
        return row.state_label
    return str(getattr(row, name))


def _fit(text: str, width: int, right: bool = False) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, or padded."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


class CardTable(ScrollView, can_focus=True):
    """Rows of cards with a cursor; Enter posts `Opened`, a click on the header posts `HeaderClicked`."""

    COMPONENT_CLASSES = {"card-table--header", "card-table--cursor", "card-table--leech", "card-table--hidden"}
    DEFAULT_CSS = """
    CardTable { height: 1fr; overflow-x: hidden; }
    CardTable > .card-table--header { text-style: bold; background: $panel; }
    CardTable > .card-table--cursor { background: $block-cursor-blurred-background; }
    CardTable:focus > .card-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    CardTable > .card-table--leech { color: $text-warning; }
    CardTable > .card-table--hidden { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "to(0)", "First", show=False),
        Binding("end", "to(-1)", "Last", show=False),
        Binding("enter", "open", "Open card", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        def __init__(self, row: CardRow) -> None:
            super().__init__()
            self.row = row

    class HeaderClicked(Message):
        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[CardRow] = ()
        self.sort: tuple[str | None, bool] = (None, False)
        self._widths: dict[str, int] = {"id": 2, "deck": 4, "state": 5}
        self._layout: tuple[tuple[int, tuple[int, ...]], list[tuple[str, str, int]]] | None = None

    # -- content ----------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[CardRow], *, keep: str | None = None,
                 size_from: Sequence[CardRow] | None = None) -> None:
        """Show `rows`; the cursor goes to the row of card `keep` if shown, else stays in range.
        `size_from`: the rows to size the id and deck columns by (all of them, so a search keeps widths)."""
        if size_from is not None:
            self._widths = {"id": min(MAX_ID, max((len(r.id) for r in size_from), default=2)),
                            "deck": min(MAX_DECK, max((len(r.deck) for r in size_from), default=4)),
                            "state": max((len(r.state_label) for r in size_from), default=5)}
        self.rows = rows
        index = next((i for i, row in enumerate(rows) if row.id == keep), None) if keep is not None else None
        self._update_size()
        self.cursor = index if index is not None else min(self.cursor, max(0, len(rows) - 1))

    @property
    def current(self) -> CardRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _columns(self) -> list[tuple[str, str, int]]:
        """(name, header, width) of each column shown at the current widget width (kept per width and
        sizing: every line drawn asks)."""
        room = self.scrollable_content_region.width
        key = (room, tuple(self._widths.values()))
        if self._layout is not None and self._layout[0] == key:
            return self._layout[1]
        self._layout = (key, self._lay_out(room))
        return self._layout[1]

    def _lay_out(self, room: int) -> list[tuple[str, str, int]]:
        widths = {**_FIXED, **self._widths}
        if sum(widths.values()) + len(COLUMNS) - 1 + MIN_QUESTION > room:
            widths["id"] = min(widths["id"], NARROW_ID)
        shown, used = {"question"}, MIN_QUESTION
        for name in PRIORITY[1:]:
            if used + widths[name] + 1 > room:
                break
            shown.add(name)
            used += widths[name] + 1
        widths["question"] = MIN_QUESTION + max(0, room - used)
        return [(c.name, c.header, widths[c.name]) for c in COLUMNS if c.name in shown]

    def _update_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self.refresh()

    def on_resize(self, _: events.Resize) -> None:
        self._update_size()

    # -- drawing ----------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            strip = self._header(base + self.get_component_rich_style("card-table--header"))
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, base)
            strip = self._row(self.rows[index], base, index == self.cursor)
        return strip.crop_extend(0, width, base)

    def _header(self, style: Style) -> Strip:
        sort, descending = self.sort
        cells = []
        for name, header, width in self._columns():
            mark = (" ↓" if descending else " ↑") if name == sort else ""
            cells.append(_fit(header + mark, width, right=name in _RIGHT and not mark))
        return Strip([Segment(" ".join(cells), style)])

    def _row(self, row: CardRow, base: Style, selected: bool) -> Strip:
        style = base
        if row.state == SUSPENDED or row.state == "buried":
            style += self.get_component_rich_style("card-table--hidden")
        if selected:
            style += self.get_component_rich_style("card-table--cursor")
        segments = []
        for index, (name, _, width) in enumerate(self._columns()):
            cell_style = style
            if name == "state" and (row.state == LEECH or row.leech):
                cell_style = style + self.get_component_rich_style("card-table--leech")
            text = _fit(_cell(row, name), width, right=name in _RIGHT)
            segments.append(Segment(text if index == 0 else " " + text, cell_style))
        return Strip(segments)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line_of(old)
        self.refresh_line_of(new)
        self._scroll_to_cursor()

    def refresh_line_of(self, index: int) -> None:
        y = index - self.scroll_offset.y + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    # -- keys and mouse ---------------------------------------------------------------------------------
    def _go(self, index: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, index))

    def action_move(self, step: int) -> None:
        self._go(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._go(self.cursor + step * max(1, self.scrollable_content_region.height - 2))

    def action_to(self, index: int) -> None:
        self._go(index if index >= 0 else len(self.rows) - 1)

    def action_open(self) -> None:
        if (row := self.current) is not None:
            self.post_message(self.Opened(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x
            for name, _, width in self._columns():
                if x < width + 1:
                    self.post_message(self.HeaderClicked(name))
                    return
                x -= width + 1
            return
        index = self.scroll_offset.y + offset.y - 1
        if index < len(self.rows):
            if index == self.cursor and event.chain == 2:
                self.action_open()
            self.cursor = index
