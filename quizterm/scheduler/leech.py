"""Leeches: cards that keep failing, flagged (and, if the user asks, suspended) so they stop eating time.

A card is a leech while its lapses (scheduling grades below 3 other than its first, see `CardState`)
are at least `LeechRule.lapses` (config `leech_lapses`, 8 by default, as Anki's). The flag is derived
from the state, never stored: a reset (lapses back to 0) or an undone grade clears it by itself.

With `action = "suspend"` (config `leech_action`) the grade that makes a card a leech also records a
suspend event, in the same transaction as the grade (store `record_grade(..., suspend_at_lapses=N)`),
and undoing that grade undoes the suspend with it (store `undo_last`): the two are one user act.
Only the crossing suspends: a leech the user unsuspends stays in the queue until it lapses across the
threshold again, which only happens after a reset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizterm.scheduler.sm2 import CardState

if TYPE_CHECKING:
    from quizterm.deck.cards import Card

DEFAULT_LEECH_LAPSES = 8
FLAG, SUSPEND = "flag", "suspend"


@dataclass(frozen=True, slots=True)
class LeechRule:
    lapses: int = DEFAULT_LEECH_LAPSES
    action: str = FLAG  # FLAG or SUSPEND

    def __post_init__(self) -> None:
        if isinstance(self.lapses, bool) or not isinstance(self.lapses, int) or self.lapses < 1:
            raise ValueError(f"leech lapses must be a whole number >= 1, not {self.lapses!r}")
        if self.action not in (FLAG, SUSPEND):
            raise ValueError(f"leech action must be {FLAG!r} or {SUSPEND!r}, not {self.action!r}")

    def is_leech(self, state: CardState) -> bool:
        return state.lapses >= self.lapses

    def became_leech(self, before: CardState, after: CardState) -> bool:
        """The step from `before` to `after` (one grade) made the card a leech."""
        return before.lapses < self.lapses <= after.lapses

    @property
    def suspend_at(self) -> int | None:
        """What the store's `record_grade(suspend_at_lapses=...)` takes: None when leeches are only flagged."""
        return self.lapses if self.action == SUSPEND else None


@dataclass(frozen=True, slots=True)
class LeechNotice:
    """The grade just given made its card a leech: the drill says so (`DrillSession.new_leech`)."""

    card: Card
    lapses: int
    suspended: bool  # the leech rule's "suspend" action took it out of the queue

    def message(self) -> str:
        then = ("it is suspended: it leaves the queue until you unsuspend it in the card browser (c)"
                if self.suspended else "it is flagged in the card browser (c) and in stats; consider "
                "rewriting or splitting it")
        return f"Leech: “{self.card.id}” has lapsed {self.lapses} times; {then}."
