"""What the browser's table shows: every row, sorted by one column, narrowed by the search query.

Sorting happens when the sort changes (or rows change), searching on every keystroke over the sorted
rows, so a result is always in the chosen order. Rows are replaced after an action (suspend, reset, ...)
by building the view again: O(rows log rows), a few milliseconds at 10,000 cards.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizterm.browse.rows import COLUMN_NAMES, CardRow, sort_rows
from quizterm.browse.search import Search


class TableView:
    def __init__(self, rows: Sequence[CardRow]) -> None:
        self.sort: str | None = None  # a column name; None: deck order
        self.descending = False
        self.query = ""
        self._rows = list(rows)
        self._by_id = {row.id: row for row in self._rows}
        self._search = Search(self._rows)
        self.shown: list[CardRow] = self._rows

    @property
    def total(self) -> int:
        return len(self._rows)

    def row(self, card_id: str) -> CardRow | None:
        return self._by_id.get(card_id)

    def search(self, query: str) -> list[CardRow]:
        self.query = query
        self.shown = self._search.find(query)
        return self.shown

    def sort_by(self, column: str | None, descending: bool = False) -> list[CardRow]:
        if column is not None and column not in COLUMN_NAMES:
            raise ValueError(f"no column {column!r}")
        self.sort, self.descending = column, descending
        self._search = Search(sort_rows(self._rows, column, descending))
        return self.search(self.query)

    def next_sort(self, step: int = 1) -> list[CardRow]:
        """Sort by the next column to the right (`step` 1) or left (-1), ascending; deck order comes
        between the last column and the first."""
        names: list[str | None] = [None, *COLUMN_NAMES]
        return self.sort_by(names[(names.index(self.sort) + step) % len(names)])

    def reverse(self) -> list[CardRow]:
        return self.sort_by(self.sort, not self.descending)

    def replace(self, rows: Sequence[CardRow]) -> list[CardRow]:
        """Put these rows (same cards, new states) in place of the old ones, keeping sort and query."""
        by_id = {row.id: row for row in rows}
        self._rows = [by_id.get(row.id, row) for row in self._rows]
        self._by_id.update(by_id)
        return self.sort_by(self.sort, self.descending)

    def reload(self, rows: Sequence[CardRow]) -> list[CardRow]:
        """Every row anew (a deck was edited), keeping sort and query."""
        self._rows = list(rows)
        self._by_id = {row.id: row for row in self._rows}
        return self.sort_by(self.sort, self.descending)
