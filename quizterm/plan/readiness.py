"""Readiness: how likely each card is to be recalled on a given day, from FSRS's memory model.

The prediction is FSRS's retrievability (scheduler/fsrs.py): `(1 + F·t/S)^−decay`, with S the card's
stability after its latest review and t the whole study days from that review to the *start* of the day
asked about (a card reviewed that very day counts as just reviewed). It needs only each card's cached
memory state (`ProgressStore.memories()`: one pass over the state table, never a replay of the log), and
it is the same whichever scheduler is chosen: SM-2 decides when cards come back, FSRS predicts how well
they are remembered. A card never reviewed counts as 0.

No Textual here: `quizterm plan` shows it (text and JSON), the planner and `cram` rank with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from quizterm.scheduler.fsrs import FsrsState, retrievability

RECALL_THRESHOLD = 0.7  # "ready" means at least this predicted recall
WEAKEST = 10  # how many of the weakest cards `readiness` lists by default

_UNSEEN = FsrsState()


@dataclass(frozen=True, slots=True)
class CardRecall:
    """One card's predicted recall on the day."""

    card_id: str
    recall: float  # 0..1; 0 for a card never reviewed
    seen: bool  # False: never reviewed (or reset since)


@dataclass(frozen=True, slots=True)
class Readiness:
    """The forecast for a set of cards on one day."""

    day: date
    cards: int
    unseen: int  # cards never reviewed: counted in `mean` and `below` as 0
    mean: float  # mean predicted recall over all the cards; 0.0 when there are none
    below: int  # cards whose predicted recall is below `threshold` (unseen ones included)
    threshold: float
    weakest: tuple[CardRecall, ...]  # reviewed cards with the lowest recall, lowest first (ties: given order)

    @property
    def share_below(self) -> float:
        """The share of the cards below `threshold` (0.0 when there are no cards)."""
        return self.below / self.cards if self.cards else 0.0

    def to_json(self) -> dict[str, object]:
        """A JSON object: recalls rounded to 4 decimals, the day as `YYYY-MM-DD`."""
        return {"day": self.day.isoformat(), "cards": self.cards, "unseen": self.unseen,
                "mean": round(self.mean, 4), "threshold": self.threshold, "below": self.below,
                "share_below": round(self.share_below, 4),
                "weakest": [{"id": c.card_id, "recall": round(c.recall, 4)} for c in self.weakest]}


def predicted_recall(memory: FsrsState | None, day: date) -> float:
    """The probability of recalling a card with `memory` at the start of study day `day` (0 if unseen)."""
    if memory is None or memory.stability is None or memory.last_day is None:
        return 0.0
    return retrievability(memory.stability, day.toordinal() - memory.last_day.toordinal())


def recalls(card_ids: Iterable[str], memories: Mapping[str, FsrsState], day: date) -> list[CardRecall]:
    """Each distinct card's predicted recall on `day`, in the given order (a repeated id counts once)."""
    found: dict[str, CardRecall] = {}
    for card_id in card_ids:
        if card_id not in found:
            memory = memories.get(card_id, _UNSEEN)
            found[card_id] = CardRecall(card_id, predicted_recall(memory, day), not memory.is_new)
    return list(found.values())


def readiness(card_ids: Iterable[str], memories: Mapping[str, FsrsState], day: date, *, weakest: int = WEAKEST,
              threshold: float = RECALL_THRESHOLD) -> Readiness:
    """The forecast for `card_ids` on `day` from their FSRS memories (`ProgressStore.memories()`).

    O(cards) plus sorting the reviewed ones; nothing is replayed.
    """
    every = recalls(card_ids, memories, day)
    seen = [c for c in every if c.seen]
    ranked = sorted(seen, key=lambda c: c.recall)  # stable: ties keep the given order
    total = len(every)
    return Readiness(day=day, cards=total, unseen=total - len(seen),
                     mean=sum(c.recall for c in every) / total if total else 0.0,
                     below=sum(1 for c in every if c.recall < threshold), threshold=threshold,
                     weakest=tuple(ranked[:max(0, weakest)]))
