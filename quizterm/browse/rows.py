"""The card browser's table: one row per card, with its state as the browser names it, and the columns
it sorts by.

A row is built from the card (deck order, question, tags) and its standing in the state table (store
`standings`); nothing here reads the log. States, in the order the state column sorts them:
- `new`: never scheduled; `learning`: scheduled, reps < 3; `mature`: reps >= 3 (the README's meaning);
- `leech`: lapses reached `leech_lapses` (scheduler/leech.py), whatever its reps;
- `buried`: out of today's queue until a later study day; `suspended`: out of every queue.
A suspended or buried leech keeps its leech flag (`CardRow.leech`) and shows both ("suspended, leech").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from quizterm.deck.cards import Card
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import INITIAL_EF_CENTI, CardState
from quizterm.store.queries import Standing

MATURE_REPS = 3
NEW, LEARNING, MATURE, LEECH, BURIED, SUSPENDED = "new", "learning", "mature", "leech", "buried", "suspended"
STATES = (NEW, LEARNING, MATURE, LEECH, BURIED, SUSPENDED)
_NEW = CardState()


def card_state(state: CardState, today: date, rule: LeechRule) -> str:
    """The one state the browser shows first for a card on study day `today` (see the module docstring)."""
    if state.suspended:
        return SUSPENDED
    if state.buried_until is not None and state.buried_until > today:
        return BURIED
    if rule.is_leech(state):
        return LEECH
    if state.due is None:
        return NEW
    return MATURE if state.reps >= MATURE_REPS else LEARNING


def one_line(text: str) -> str:
    """The question as one line: runs of whitespace (newlines included) become one space."""
    return " ".join(text.split())


class CardRow(NamedTuple):
    """One card as the browser's table shows it; `order` is its place in deck order (the default sort).

    A named tuple, not a frozen dataclass: 10,000 of them are built each time the browser opens, and a
    frozen dataclass sets each field through `object.__setattr__` (building the rows took twice as long).
    """

    order: int
    id: str
    deck: str
    question: str  # one line
    tags: tuple[str, ...]
    state: str
    leech: bool
    due: date | None
    interval: int
    ef_centi: int
    reviews: int
    lapses: int
    last_grade: int | None
    haystack: str  # what the search looks in: question, id, tags and deck, case-folded

    @property
    def state_label(self) -> str:
        """The state column's text: a hidden leech says both."""
        return f"{self.state}, leech" if self.leech and self.state in (SUSPENDED, BURIED) else self.state


def build_row(index: int, card: Card, standing: Standing | None, today: date, rule: LeechRule) -> CardRow:
    question = card.question
    if "\n" in question or "  " in question or "\t" in question:
        question = one_line(question)
    tags = card.tags
    haystack = f"{question} {card.id} {' '.join(tags)} {card.deck}".casefold()
    if standing is None:
        return CardRow(index, card.id, card.deck, question, tags, NEW, False, None, 0, INITIAL_EF_CENTI, 0, 0,
                       None, haystack)
    state = standing.state
    return CardRow(index, card.id, card.deck, question, tags, card_state(state, today, rule),
                   state.lapses >= rule.lapses, state.due, state.interval, state.ef_centi, standing.reviews,
                   state.lapses, standing.last_grade, haystack)


def build_rows(cards: Sequence[Card], standings: Mapping[str, Standing], today: date,
               rule: LeechRule) -> list[CardRow]:
    """A row per card, in deck order; a card id listed twice counts once, at its first place."""
    seen: set[str] = set()
    rows: list[CardRow] = []
    for card in cards:
        if card.id in seen:
            continue
        seen.add(card.id)
        rows.append(build_row(len(rows), card, standings.get(card.id), today, rule))
    return rows


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its header, and the key its sort uses (None: no value, always sorted last)."""

    name: str
    header: str
    key: Callable[[CardRow], Any]


_STATE_ORDER = {state: index for index, state in enumerate(STATES)}
COLUMNS: tuple[Column, ...] = (
    Column("id", "id", lambda row: row.id),
    Column("deck", "deck", lambda row: row.deck),
    Column("question", "question", lambda row: row.question.casefold()),
    Column("due", "due", lambda row: row.due),
    Column("interval", "ivl", lambda row: row.interval if row.due is not None else None),
    Column("ef", "EF", lambda row: row.ef_centi),
    Column("reviews", "revs", lambda row: row.reviews),
    Column("lapses", "laps", lambda row: row.lapses),
    Column("last_grade", "last", lambda row: row.last_grade),
    Column("state", "state", lambda row: (_STATE_ORDER[row.state], row.leech)),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)


def sort_rows(rows: Sequence[CardRow], column: str | None, descending: bool = False) -> list[CardRow]:
    """`rows` sorted by `column` (None: deck order); ties keep deck order, and rows without a value (a new
    card's due date, interval or last grade) come last either way."""
    ordered = sorted(rows, key=lambda row: row.order)
    if column is None:
        return ordered[::-1] if descending else ordered
    key = COLUMNS[COLUMN_NAMES.index(column)].key
    present = [row for row in ordered if key(row) is not None]
    missing = [row for row in ordered if key(row) is None]
    present.sort(key=key, reverse=descending)  # stable, also reversed: ties stay in deck order
    return present + missing
