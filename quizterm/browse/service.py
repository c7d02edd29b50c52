"""The card browser's domain service: the screens send it intents, it records events and answers with
what to show. Widgets never write the store.

Every action is an event in the log (store/recording.py), committed before the call returns, at the
clock's moment and study day: suspend and unsuspend, bury until tomorrow (and back), reset. `undo`
cancels the newest of these recorded in this run (the store's session), whichever card it was; grades
are undone in the drill, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from quizterm.browse.editor import EditCommand, editor_command
from quizterm.browse.rows import CardRow, build_row, build_rows
from quizterm.deck.cards import Card, Deck
from quizterm.errors import QuiztermError
from quizterm.scheduler.day import study_day
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import CardState, Sm2Scheduler
from quizterm.store.kinds import BURY, RESET, SUSPEND, UNSUSPEND
from quizterm.store.progress import ProgressStore
from quizterm.store.queries import Marker, Review, Standing
from quizterm.store.replay import CardRecord

BROWSER_KINDS = (SUSPEND, UNSUSPEND, BURY, RESET)
"""What the browser's undo cancels."""


@dataclass(frozen=True, slots=True)
class Done:
    """What an action did, for the notice the screen shows."""

    card_id: str
    message: str


class CardService:
    def __init__(self, store: ProgressStore, clock: Callable[[], datetime], *, day_start_hour: int = 4,
                 leech: LeechRule | None = None, cache_dir: Path | None = None) -> None:
        """`cache_dir`: the deck cache, used when a deck is read again after editing (None: no cache)."""
        self.store = store
        self.clock = clock
        self.day_start_hour = day_start_hour
        self.leech = leech or LeechRule()
        self.cache_dir = cache_dir

    def today(self) -> date:
        return study_day(self.clock(), self.day_start_hour)

    # -- reads ------------------------------------------------------------------------------------------
    def rows(self, cards: Sequence[Card]) -> list[CardRow]:
        """A row per card, in deck order (one pass over the state table)."""
        return build_rows(cards, self.store.standings(), self.today(), self.leech)

    def row(self, card: Card, index: int = 0) -> CardRow:
        record = self.store.record(card.id)
        if record is None:
            return build_row(index, card, None, self.today(), self.leech)
        standing = Standing(self._scheduled(record).state, record.reviews, record.last_grade)
        return build_row(index, card, standing, self.today(), self.leech)

    def _scheduled(self, record: CardRecord) -> CardRecord:
        """The record with its state as the chosen scheduler schedules it: under FSRS the due date and interval
        the browser shows are FSRS's, as the drill's (EF, reps and lapses stay SM-2's)."""
        if isinstance(self.store.scheduler, Sm2Scheduler):
            return record
        return replace(record, state=self.store.scheduler.scheduled_state(record.state, record.memory))

    def state(self, card_id: str) -> CardState:
        return self.store.state(card_id)

    def history(self, card_id: str) -> list[Review | Marker]:
        """Every attempt (grades and practice grades) and queue event of the card, oldest first."""
        return self.store.card_log(card_id)

    # -- actions ----------------------------------------------------------------------------------------
    def _when(self) -> tuple[datetime, date]:
        moment = self.clock()
        return moment, study_day(moment, self.day_start_hour)

    def toggle_suspend(self, card: Card) -> Done:
        """Suspend the card, or unsuspend it when it is suspended."""
        moment, day = self._when()
        if self.store.state(card.id).suspended:
            self.store.unsuspend(card_id=card.id, deck=card.deck, moment=moment, day=day)
            return Done(card.id, f"Unsuspended {card.id}: it is back in the queue.")
        self.store.suspend(card_id=card.id, deck=card.deck, moment=moment, day=day)
        return Done(card.id, f"Suspended {card.id}: no drill asks it until you unsuspend it (s).")

    def toggle_bury(self, card: Card) -> Done:
        """Bury the card until tomorrow's study day; a card buried already comes back today."""
        moment, day = self._when()
        state = self.store.state(card.id)
        if state.buried_until is not None and state.buried_until > day:
            self.store.bury(card_id=card.id, deck=card.deck, until=day, moment=moment, day=day)
            return Done(card.id, f"Unburied {card.id}: it is back in today's queue.")
        tomorrow = day + timedelta(days=1)
        self.store.bury(card_id=card.id, deck=card.deck, until=tomorrow, moment=moment, day=day)
        return Done(card.id, f"Buried {card.id} until tomorrow ({tomorrow.isoformat()}).")

    def reset(self, card: Card) -> Done:
        """Start the card afresh as a new card; its attempts stay in the log (and in its history)."""
        moment, day = self._when()
        self.store.reset(card_id=card.id, deck=card.deck, moment=moment, day=day)
        return Done(card.id, f"Reset {card.id}: it is a new card again; its history is kept.")

    def undo(self) -> Done | None:
        """Cancel the newest suspend, unsuspend, bury or reset of this run; None when there is none."""
        moment, day = self._when()
        undone = self.store.undo_last(kinds=BROWSER_KINDS, moment=moment, day=day)
        if undone is None:
            return None
        what = {SUSPEND: "suspend", UNSUSPEND: "unsuspend", BURY: "bury", RESET: "reset"}[undone.kind]
        return Done(undone.card_id, f"Undid the {what} of {undone.card_id}.")

    # -- editing the deck file --------------------------------------------------------------------------
    def edit_command(self, deck: Deck, card: Card, env: Mapping[str, str]) -> EditCommand:
        """The editor command for the card's line in its deck file (`QuiztermError`: why not)."""
        return editor_command(env, deck.path, card.id)

    def reload(self, deck: Deck, others: Sequence[Deck]) -> Deck:
        """The deck read again from its file after editing; `QuiztermError` with the first problem when the
        file now has errors or shares a card id with one of `others` (the old deck stays in use)."""
        from quizterm.deck.reload import ReloadRefused, read_again

        try:
            return read_again(deck, others, self.cache_dir)
        except ReloadRefused as exc:
            raise QuiztermError(f"{exc}; the browser keeps the cards as they were until the file is valid") from None
