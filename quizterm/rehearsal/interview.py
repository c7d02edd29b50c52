"""Interview mode's round: which cards a mock interview asks, how long each may take, and which grades are
real reviews.

A round of N questions mixes three pools, taken in turn (due, weak, new, due, weak, new, ...; a pool
that runs dry leaves its turns to the others), so a short round still tastes all three:

- **due**: the review cards today's drill would ask (most overdue first, within the day's review limit);
- **weak**: the cards already seen that today's drill would not ask, weakest first, after any card failed
  earlier today (which today's drill asks again). A card's weakness is
  `lapses + share of its key points missed + (1 − predicted recall)`: lapses weigh most, then how many
  of its key points past answers missed (over the scheduling grades that asked them), then how likely
  FSRS thinks it is forgotten today (plan/readiness.py). A card that never lapsed nor missed a point
  still ranks by its recall, so the pool is never empty while seen cards are left;
- **new**: unseen cards in deck order, only as many as today's new-card limit still allows.

Which grades are real follows the drill's own rule, not the pool: a card today's drill queue holds (due,
new within the limit, failed earlier today) gets a real grade, with the drill's effect; any other card
gets a practice grade, which is logged but never moves a schedule. Suspended cards and cards buried
until a later day are never asked.

Each question is timed: its card's `time_limit` (or its deck's), else `DEFAULT_SECONDS`; `--minutes`
makes the round last that long, shared over its questions in proportion to those times (`question_seconds`).

No Textual and no clock here: the session (interview_session.py) feeds the store's states and today's
grades in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from quizterm.deck.cards import Card
from quizterm.scheduler.queue import GradeEvent
from quizterm.scheduler.sm2 import CardState

DEFAULT_QUESTIONS = 6
DEFAULT_SECONDS = 180  # a question's time without --minutes or a time_limit: three minutes, as in an interview
MAX_QUESTIONS = 50
MAX_SECONDS = 3600  # as a deck's time_limit

Pool = Literal["due", "weak", "new"]
POOLS: tuple[Pool, ...] = ("due", "weak", "new")

_NEW = CardState()


@dataclass(frozen=True, slots=True)
class RoundQuestion:
    """One question of the round: the card, why it was picked, whether its grade is real, its time."""

    card: Card
    pool: Pool
    real: bool  # today's drill would ask it: a real review; else a practice grade
    time_limit: int  # seconds


@dataclass(frozen=True, slots=True)
class Round:
    """The questions of a round, in the order they are asked, and what was asked for."""

    questions: tuple[RoundQuestion, ...]
    asked_for: int  # --questions
    new_left_today: int  # new cards today's limit still allows (how many the new pool could give)

    @property
    def short(self) -> bool:
        """Fewer cards could be asked than were asked for."""
        return len(self.questions) < self.asked_for

    def shortfall_note(self) -> str:
        """The line saying why the round is shorter than asked ("" when it is not)."""
        if not self.short:
            return ""
        have = len(self.questions)
        what = "question" if have == 1 else "questions"
        return (f"Only {have} {what} of the {self.asked_for} asked for: no other card is due, seen before, "
                f"or new within today's new-card limit.")


def weakness(state: CardState, missed_share: float, recall: float) -> float:
    """How weak a seen card is: `lapses + missed_share + (1 − recall)` (see the module docstring)."""
    return state.lapses + missed_share + (1.0 - recall)


def question_seconds(cards: Sequence[Card], minutes: float | None) -> list[int]:
    """The seconds each of a round's `cards` may take.

    Without `minutes`: its own (or its deck's) `time_limit`, else DEFAULT_SECONDS. With `minutes` (the
    round's length, chosen for this round) the round's time is shared out in proportion to those same
    figures, so the round lasts `minutes` and a card its author gave more time still gets more than the
    others (equal limits: `minutes / N` each). Whole seconds, rounded down, from 1 to MAX_SECONDS.
    """
    own = [card.time_limit or DEFAULT_SECONDS for card in cards]
    if minutes is None:
        return own
    total = sum(own)
    return [max(1, min(MAX_SECONDS, int(minutes * 60 * weight // total))) for weight in own]


def pick_round(cards: Sequence[Card], states: Mapping[str, CardState], in_queue: Sequence[str],
               todays_grades: Sequence[GradeEvent], today: date, *, questions: int = DEFAULT_QUESTIONS,
               minutes: float | None = None, missed_share: Mapping[str, float] | None = None,
               recall: Mapping[str, float] | None = None) -> Round:
    """The round of at most `questions` distinct cards among `cards` (see the module docstring).

    `in_queue`: the ids of today's drill queue, in its order (`SessionQueue.upcoming()`, built with the
    day's limits: it decides which grades are real); `todays_grades`: today's grades (a queued card graded
    today is a same-day repeat). `missed_share`: per card id, the share of its key points that its
    scheduling grades missed (0 when absent); `recall`: per card id, FSRS's predicted recall today (0 when
    absent).
    """
    if questions < 1:
        raise ValueError(f"a round has at least one question, not {questions}")
    real = set(in_queue)
    graded_today = {event.card_id for event in todays_grades}
    due, new, again = [], [], []
    for card_id in in_queue:
        if card_id in graded_today:
            again.append(card_id)
        elif states.get(card_id, _NEW).is_new:
            new.append(card_id)
        else:
            due.append(card_id)
    by_id: dict[str, Card] = {}
    order: dict[str, int] = {}
    for index, card in enumerate(cards):
        by_id.setdefault(card.id, card)
        order.setdefault(card.id, index)
    missed, recalled = missed_share or {}, recall or {}

    def rank(card_id: str) -> tuple[float, int]:
        return (-weakness(states[card_id], missed.get(card_id, 0.0), recalled.get(card_id, 0.0)), order[card_id])

    seen = [card_id for card_id in by_id if card_id not in real and (state := states.get(card_id)) is not None
            and not state.is_new and not state.hidden_on(today)]
    weak = [card_id for card_id in again if card_id in by_id] + sorted(seen, key=rank)
    pools: dict[Pool, list[str]] = {"due": [c for c in due if c in by_id], "weak": weak,
                                    "new": [c for c in new if c in by_id]}
    picked = list(_take_in_turn(pools, questions))
    seconds = question_seconds([by_id[card_id] for card_id, _ in picked], minutes)
    return Round(questions=tuple(RoundQuestion(by_id[card_id], pool, card_id in real, limit)
                                 for (card_id, pool), limit in zip(picked, seconds, strict=True)),
                 asked_for=questions, new_left_today=len(pools["new"]))


def _take_in_turn(pools: Mapping[Pool, Sequence[str]], limit: int) -> Iterator[tuple[str, Pool]]:
    """Up to `limit` distinct ids, one from each pool in turn (POOLS order), skipping pools run dry."""
    positions = dict.fromkeys(POOLS, 0)
    taken: set[str] = set()
    while len(taken) < limit:
        moved = False
        for pool in POOLS:
            ids = pools[pool]
            while positions[pool] < len(ids) and ids[positions[pool]] in taken:
                positions[pool] += 1
            if positions[pool] < len(ids) and len(taken) < limit:
                card_id = ids[positions[pool]]
                positions[pool] += 1
                taken.add(card_id)
                moved = True
                yield card_id, pool
        if not moved:
            return
