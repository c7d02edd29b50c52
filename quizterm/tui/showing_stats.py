"""The app's side of the stats screen: opening it on the chosen decks with the figures of those decks.

A mixin of `QuiztermApp` (like `Browsing`), apart from app.py to keep each module to one concern.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.app import App

from quizterm.deck.cards import Deck
from quizterm.scheduler.day import study_day
from quizterm.scheduler.leech import LeechRule
from quizterm.store.progress import ProgressStore

if TYPE_CHECKING:
    from quizterm.insights.report import Insights
    from quizterm.plan.view import Planning


class ShowingStats:
    """Needs the app's decks, store, clock, day start, leech rule, plans and the drill's decks."""

    decks: list[Deck]
    drill_decks: list[Deck]
    store: ProgressStore
    clock: Callable[[], datetime]
    day_start_hour: int
    leech: LeechRule
    plan: Planning | None  # the interview plans (`quizterm plan`), None without any

    def _stats_app(self) -> App[None]:
        assert isinstance(self, App)
        return self

    def interview_date(self, decks: Sequence[Deck]) -> date | None:
        """The interview date of `decks`, marked on the stats forecast: the earliest date still ahead among
        the plans that the decks follow (`quizterm plan`); None when none of them has one."""
        if self.plan is None:
            return None
        from quizterm.plan.plans import winning_plans

        winning = winning_plans(self.plan.plans, study_day(self.clock(), self.day_start_hour))
        return min((winning[deck.key].date for deck in decks if deck.key in winning), default=None)

    def stats_figures(self, decks: Sequence[Deck]) -> Insights:
        """The stats screen's figures of `decks`, now."""
        from quizterm.insights.report import compute_insights

        return compute_insights(decks, self.store, today=study_day(self.clock(), self.day_start_hour),
                                interview=self.interview_date(decks), leech=self.leech)

    def show_stats(self, decks: Sequence[Deck] | None = None) -> None:
        """Open the stats screen on `decks` (all decks when None or all of them), above the current screen:
        `←`/`→` there go through "All decks" and each deck."""
        from quizterm.tui.screens.stats import Choice, StatsScreen

        app = self._stats_app()
        if isinstance(app.screen, StatsScreen):
            return
        choices = [Choice(deck.title, (deck,)) for deck in self.decks]
        if len(self.decks) > 1:
            choices.insert(0, Choice("All decks", tuple(self.decks)))
        wanted = tuple(self.decks if decks is None else decks)
        chosen = next((i for i, choice in enumerate(choices) if choice.decks == wanted), 0)
        app.push_screen(StatsScreen(choices, chosen, self.stats_figures))

    def action_stats(self) -> None:
        """Stats of what the current screen is about: the highlighted deck, or the drill's decks."""
        from quizterm.tui.screens.deck_list import DeckListScreen

        screen = self._stats_app().screen
        if isinstance(screen, DeckListScreen):
            screen.action_stats()
        else:
            self.show_stats(self.drill_decks)
