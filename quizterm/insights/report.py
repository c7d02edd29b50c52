"""Every figure of the stats screen for one choice of decks: `compute_insights`.

Cost: one pass over the state table, one per deck's cards, and three small reads of the summary tables
(the days of the chosen decks, their reveal times, the key-point tallies), whatever the size of the log.

The figures about cards (counts, forecast, hardest, points) follow the cards of the chosen decks, as
`quizterm stats` does. The figures over time (heatmap, retention, grades, reveal times) follow the deck
names the log recorded with each answer: a deck file renamed keeps its cards' progress, but its earlier
answers stay under the old name there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from quizterm.deck.cards import Card, Deck
from quizterm.insights.calendar import Heatmap, heatmap
from quizterm.insights.cards import (
    Counts,
    HardCard,
    MissedPoint,
    count_cards,
    hardest,
    most_missed,
)
from quizterm.insights.forecast import Forecast, forecast
from quizterm.insights.grades import GradeFigures, grade_figures
from quizterm.insights.retention import Retention, weekly_retention
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import CardState
from quizterm.store.progress import ProgressStore

_NEW = CardState()


@dataclass(frozen=True, slots=True)
class Insights:
    today: date
    decks: tuple[Counts, ...]  # one per chosen deck, in the order given
    total: Counts  # all chosen decks (a card listed in two decks counts once, in the first)
    heatmap: Heatmap
    forecast: Forecast
    retention: Retention
    grades: GradeFigures
    hardest: tuple[HardCard, ...]
    missed: tuple[MissedPoint, ...]


def compute_insights(decks: Sequence[Deck], store: ProgressStore, *, today: date, interview: date | None = None,
                     leech: LeechRule | None = None) -> Insights:
    """The figures of the cards of `decks` on study day `today`; `interview` is a planned interview date
    to mark on the forecast (None without a plan); `leech` says which cards are leeches (the default rule
    when None)."""
    rule = leech or LeechRule()
    states = store.states()
    seen: set[str] = set()
    per_deck: list[Counts] = []
    chosen: list[tuple[Card, CardState]] = []
    for deck in decks:
        mine = [(card, states.get(card.id, _NEW)) for card in deck.cards if card.id not in seen]
        seen.update(card.id for card, _ in mine)
        chosen += mine
        per_deck.append(count_cards(deck.key, deck.title, (state for _, state in mine), leech=rule))
    names = [deck.key for deck in decks]
    days = store.day_totals(names)
    activity = {totals.day: totals.reviews + totals.practice for totals in days}
    return Insights(
        today=today,
        decks=tuple(per_deck),
        total=count_cards("", "All decks" if len(decks) != 1 else decks[0].title,
                          (state for _, state in chosen), leech=rule),
        heatmap=heatmap(activity, today),
        forecast=forecast((state for _, state in chosen), today, interview=interview),
        retention=weekly_retention(days, today),
        grades=grade_figures(days, store.reveal_seconds(names)),
        hardest=tuple(hardest(chosen)),
        missed=tuple(most_missed([card for card, _ in chosen], store.point_tallies())),
    )
