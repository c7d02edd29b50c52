"""The quizterm Textual app: shows the session's state and sends the user's intents to it.

All decisions (what comes next, what a grade does, what undo restores) live in `DrillSession`; the
screens only display a card and report "revealed", "graded 4", "undo". The drill loop itself is
`DrillLoop` (drill_loop.py); this module starts the app and holds what is not the loop.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen

from quizterm.deck.cards import Card, Deck
from quizterm.plan.plans import days_left_by_deck
from quizterm.plan.view import Planning, PlanView
from quizterm.scheduler.day import study_day
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.queue import Limits, filter_cards, today_counts
from quizterm.session import DrillSession
from quizterm.store.drafts import DraftStore
from quizterm.store.progress import ProgressStore
from quizterm.tui.browsing import Browsing
from quizterm.tui.deck_rows import ALL, DeckRow
from quizterm.tui.drill_loop import DrillLoop
from quizterm.tui.early_input import EarlyInput
from quizterm.tui.live_reload import LiveReload
from quizterm.tui.screens.base import QuizScreen
from quizterm.tui.showing_stats import ShowingStats
from quizterm.tui.theming import Theming
from quizterm.words import plural

if TYPE_CHECKING:
    from quizterm.deck.loader import BrokenDeck
    from quizterm.tui.screens.too_small import TooSmallScreen

# Screens are imported where they are first shown (the rubric pulls in Markdown, the slowest import;
# the question screen, TextArea), and the rest are preloaded once the first screen is up.
LATER_SCREENS = ("question", "rubric", "follow_up", "summary", "help", "deck_list", "too_small", "browser.table",
                 "browser.card_page")
PRELOAD_AFTER = 0.3  # seconds after the first screen
WATCH_AFTER = 1.0  # seconds after the first screen: deck files are watched for live reload from then on

SessionFactory = Callable[[Sequence[Card]], DrillSession]
"""Makes the session for the cards chosen (every card of the decks given, filtered by the tags)."""

KEPT_DRAFT = "Your unfinished answer is kept as a draft; it comes back with its card."

MIN_WIDTH = 60
MIN_HEIGHT = 18


class QuiztermApp(LiveReload, Browsing, ShowingStats, Theming, DrillLoop):
    CSS_PATH = "quizterm.tcss"
    TITLE = "quizterm"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, *, decks: Sequence[Deck], store: ProgressStore, clock: Callable[[], datetime],
                 tags: tuple[str, ...] = (), limits: Limits | None = None, day_start_hour: int = 4,
                 theme_name: str = "dark", after_first_screen: Callable[[], None] | None = None,
                 broken: Sequence[BrokenDeck] = (), simulated: bool = False,
                 remember_theme: Callable[[str], None] | None = None, drafts: DraftStore | None = None,
                 leech: LeechRule | None = None, live_reload: bool = False, timed: int | None = None,
                 plan: Planning | None = None, ahead: int = 0,
                 session_factory: SessionFactory | None = None) -> None:
        """`after_first_screen` is slow housekeeping (writing the deck cache, the day's backup) that must not
        delay the first screen; it runs in a background thread once that screen is up. `broken` are deck
        files of a folder that have errors: the deck list shows them, never drills them. `simulated`: `clock`
        is `--now`'s, not the real one, and every screen says so. `remember_theme` saves a theme setting the
        user picks (with `t` or the palette) for the next start; it raises `QuiztermError` when it cannot.
        `drafts` keeps half-typed answers across quits and crashes (None: none are kept). `leech` is the
        leech rule (config `leech_lapses`, `leech_action`). `live_reload`: deck files that change on disk are
        read again and used at once (see live_reload.py). `timed`: `--timed`, the seconds a card without a
        time limit of its own may take (None: the drill is not timed). `plan`: the interview plans the drill
        follows (and the deck list's days left); `ahead`: `drill --ahead DAYS`. `session_factory` makes the
        session of other loops over the drill's screens (`quizterm cram`): it starts at once, with no deck
        list."""
        super().__init__()
        self.drafts = drafts
        self.timed = timed
        self._early_input = EarlyInput()
        self._after_first_screen = after_first_screen
        self.decks = list(decks)
        self.broken = list(broken)
        self.store = store
        self.clock = clock
        self.simulated = simulated
        self.tags = tags
        self.limits = limits or Limits()
        self.day_start_hour = day_start_hour
        self.leech = leech or LeechRule()
        self.plan = plan
        self.ahead = ahead
        self._session_factory = session_factory
        self._live_reload = live_reload
        if live_reload:
            self.remember_deck_files()
        self.session: DrillSession | None = None
        self.drill_decks: list[Deck] = list(decks)  # the decks of the drill running (or last run)
        self.farewell = ""
        self.kept_draft = False  # quitting kept a half-typed answer as its card's draft
        self._deck_titles = {deck.key: deck.title for deck in self.decks}
        # Every card by id, whichever deck the running drill uses: undo may reach a grade given in an
        # earlier drill of this run (the store's session spans the whole run).
        self._cards = {card.id: card for deck in self.decks for card in deck.cards}
        self._mounted = False
        self._use_themes(theme_name, remember_theme)
        self._too_small: TooSmallScreen | None = None

    # ----- start -----------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        """The first screen is the app's base screen, with no empty screen to compose beneath it: the deck
        list, or with one deck the drill's first screen."""
        if not self.has_deck_list:
            self.session = self._new_session(self.decks, self.tags)
            return self._next_screen()
        from quizterm.tui.screens.deck_list import DeckListScreen

        return DeckListScreen(self.decks, self.deck_rows, self.tags, broken=self.broken)

    def on_mount(self) -> None:
        self.set_timer(PRELOAD_AFTER, self._preload_screens)
        if self._live_reload:  # later still: importing watchfiles takes ~150 ms of CPU in its thread
            self.set_timer(WATCH_AFTER, self.start_watching)
        # Textual sends the first Resize before Mount: size is checked only once the first screen is up,
        # so the "enlarge" message is always on top.
        self._mounted = True
        self.call_after_refresh(self._check_size)

    def _preload_screens(self) -> None:
        if self._after_first_screen is not None:
            threading.Thread(target=self._after_first_screen, name="quizterm-housekeeping").start()
            self._after_first_screen = None
        for name in LATER_SCREENS:
            importlib.import_module(f"quizterm.tui.screens.{name}")
        importlib.import_module("quizterm.rehearsal.matcher")  # the first reveal of a card with key points

    def simulated_time_mark(self) -> str:
        """The mark every screen shows while `--now` is in effect ("simulated time: 2026-12-08": the moment
        quizterm acts at is not the real one, though grades given are real grades); empty otherwise."""
        return f"simulated time: {self.clock():%Y-%m-%d}" if self.simulated else ""

    @property
    def has_deck_list(self) -> bool:
        """Several decks, or one beside a broken one (which only the deck list can show); never for a session
        made by `session_factory` (cram), which takes every card given."""
        return self._session_factory is None and len(self.decks) + len(self.broken) > 1

    def deck_rows(self, tags: tuple[str, ...]) -> list[DeckRow]:
        """Each deck's size and today's due/new counts under `tags`, with an "all decks" row first."""
        today = study_day(self.clock(), self.day_start_hour)
        states = self.store.states()
        grades = self.store.grades_on(today)
        view = PlanView(today) if self.plan is None else self.plan.view(self.store, today, states, grades)
        days_left = {} if self.plan is None else days_left_by_deck(self.plan.plans, today)

        def row(key: str, title: str, description: str, cards: Sequence[Card], decks: Sequence[str]) -> DeckRow:
            chosen = filter_cards(cards, tags)
            limits = view.limits_for({card.id for card in chosen}, states, grades, self.limits) if view else self.limits
            counts = today_counts(chosen, states, grades, today, limits, plan_due=view.plan_due, ahead=self.ahead)
            left = [days_left[deck] for deck in decks if deck in days_left]
            return DeckRow(key, title, description, len(chosen), counts.due, counts.new, min(left, default=None))

        all_cards = [card for deck in self.decks for card in deck.cards]
        rows = ([row(ALL, "All decks", f"{len(self.decks)} decks", all_cards, [deck.key for deck in self.decks])]
                if len(self.decks) > 1 else [])
        rows += [row(deck.key, deck.title, deck.description, deck.cards, [deck.key]) for deck in self.decks]
        return rows

    def _new_session(self, decks: Sequence[Deck], tags: tuple[str, ...]) -> DrillSession:
        cards = filter_cards([card for deck in decks for card in deck.cards], tags)
        self.drill_decks = list(decks)
        self.drill_tags = tuple(tags)
        if self._session_factory is not None:
            return self._session_factory(cards)
        return DrillSession(cards=cards, store=self.store, clock=self.clock, limits=self.limits,
                            day_start_hour=self.day_start_hour, drafts=self.drafts, leech=self.leech,
                            timed=self.timed, plan=self.plan, ahead=self.ahead)

    def start_drill(self, decks: Sequence[Deck], tags: tuple[str, ...]) -> None:
        """From the deck list: the drill's screens go above it, so `b` can return to it."""
        self.session = self._new_session(decks, tags)
        self._show(self._next_screen(), replace=False)

    def action_show_keys(self) -> None:
        """Every key of the screen `?` was pressed on, then the keys that work everywhere."""
        from quizterm.tui.screens.base import QuizScreen
        from quizterm.tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        if isinstance(screen, QuizScreen):
            self.push_screen(HelpScreen(screen.HELP_TITLE, screen.help_keys()))
        else:
            self.push_screen(HelpScreen("", []))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from quizterm.tui.screens.deck_list import DeckListScreen
        from quizterm.tui.screens.question import QuestionScreen
        from quizterm.tui.screens.summary import SummaryScreen

        # Textual's "Keys" opens its own help panel: `?` (below, as "Show keys") is quizterm's one help entry.
        yield from (command for command in super().get_system_commands(screen) if command.title != "Keys")
        if isinstance(screen, QuestionScreen):
            yield SystemCommand("Reveal rubric", "Show the rubric for this card (ctrl+s)", screen.action_reveal)
        if self.session is not None:
            yield SystemCommand("Undo last grade", "Undo the last grade and return to that card", self.undo)
        if isinstance(screen, DeckListScreen | SummaryScreen):
            yield SystemCommand("Browse cards", "Every card of these decks: search, history, suspend (c)",
                                screen.action_browse)
        if isinstance(screen, SummaryScreen) and screen.summary.more_new:
            yield SystemCommand("Learn more new cards",
                                f"Add {plural(screen.summary.more_new, 'new card')} to today's session (n)",
                                self.learn_more)
        yield SystemCommand("Stats", "Charts of your progress: heatmap, forecast, retention, hardest cards (s)",
                            self.action_stats)
        yield SystemCommand("Show keys", "Every key of this screen (?)", self.action_show_keys)
        yield SystemCommand("Toggle light/dark theme", "Switch quizterm's colour theme (t)",
                            self.action_toggle_theme)

    # ----- small terminals ------------------------------------------------------------------------
    def on_resize(self, _: Resize) -> None:
        # Checked after the refresh, against the size the app has then: Resize events can arrive late
        # (a stale start-up size after a real resize), and the app's size is updated after this handler.
        if self._mounted:
            self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            from quizterm.tui.screens.too_small import TooSmallScreen

            self._too_small = TooSmallScreen(MIN_WIDTH, MIN_HEIGHT)
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    def on_unmount(self) -> None:
        self.stop_watching()

    async def action_quit(self) -> None:
        """Quit; every grade is already committed, and an answer being typed is kept as its card's draft
        (after every key already received: `ctrl+q` is a priority binding)."""
        self._keeping_the_answer(self._quit)

    def _quit(self, kept: str) -> None:
        """Say goodbye, counting every grade of this run (also those of earlier drills, after `b` or a deck
        switch) and none that was undone."""
        done = self.store.session_grade_count()
        lines = [f"{plural(done, 'grade')} saved. See you next time."] if done else []
        self.kept_draft = bool(kept.strip())
        if self.kept_draft:
            lines.append(KEPT_DRAFT)
        self.farewell = "\n".join(lines)
        self.exit()

    # ----- keys that arrive before their screen ---------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if not self._early_input.hold(self.screen_stack, event):
            await super().on_event(event)

    async def on_quiz_screen_ready(self, message: QuizScreen.Ready) -> None:
        self.collector_may_run()
        notice = await self._early_input.ready(message, self.screen_stack, super().on_event)
        if notice:
            self.notify(notice, severity="warning", markup=False)
