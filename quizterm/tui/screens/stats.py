"""The stats screen (`s`): pictures of progress for all decks or one, above the screen it was opened from.

Every figure comes from `quizterm.insights` (computed when the screen opens, and again for another deck);
this screen only lays out the charts (quizterm.tui.charts) in one scrolling column: heatmap, forecast,
retention, counts, grades, hardest cards, key points most often missed. Imported when `s` is first
pressed, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizterm.deck.cards import Deck
from quizterm.insights.report import Insights
from quizterm.tui.charts import Chart, Draw
from quizterm.tui.charts.forecast import draw_forecast
from quizterm.tui.charts.heatmap import draw_heatmap
from quizterm.tui.charts.retention import draw_retention
from quizterm.tui.charts.tables import draw_counts, draw_grades, draw_hardest, draw_missed
from quizterm.tui.screens.base import SHARED_KEYS, QuizScreen
from quizterm.tui.widgets.key_bar import KeyBar

TALL = 30  # rows from which the forecast gets taller bars
SECTIONS = (
    ("heatmap", "Answers, last 52 weeks"),
    ("forecast", "Due in the next 30 days"),
    ("retention", "Retention by week, last 6 months (scheduling grades ≥ 3)"),
    ("counts", "Cards"),
    ("grades", "Grades"),
    ("hardest", "Hardest cards"),
    ("missed", "Key points most often missed"),
)


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of the screen's deck choice: "All decks" or one deck."""

    title: str
    decks: tuple[Deck, ...]


class StatsScreen(QuizScreen):
    HELP_TITLE = "Stats"
    BINDINGS = [
        Binding("escape,b,s", "close", "Back"),
        # Priority: the charts' scroller would take the arrows (and hide them from the key bar) though
        # nothing scrolls sideways.
        Binding("left", "deck(-1)", "Prev deck", priority=True),
        Binding("right", "deck(1)", "Next deck", priority=True),
        Binding("left_square_bracket", "deck(-1)", "Prev deck", show=False),
        Binding("right_square_bracket", "deck(1)", "Next deck", show=False),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    StatsScreen #stats-title { height: 1; margin: 0 1; text-style: bold; color: $text-primary; }
    StatsScreen #stats-body { height: 1fr; }
    StatsScreen #stats-body Chart { margin: 0 1; padding: 0 1; border: round $primary 40%;
                                    border-title-color: $text-muted; border-title-style: bold; }
    """

    def __init__(self, choices: Sequence[Choice], chosen: int, compute: Callable[[Sequence[Deck]], Insights]) -> None:
        """`choices` are what `←`/`→` go through, `chosen` the one shown first; `compute` gives the figures
        of some decks."""
        super().__init__()
        self._choices = list(choices)
        self._chosen = chosen
        self._compute = compute
        self.insights = compute(self._choices[chosen].decks)

    @property
    def choice(self) -> Choice:
        return self._choices[self._chosen]

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="stats-title")
        with VerticalScroll(id="stats-body"):
            for name, title in SECTIONS:
                chart = Chart(self._draw(name), id=name)
                chart.border_title = title
                yield chart
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()

    def _title(self) -> Content:
        position = f"  ({self._chosen + 1} of {len(self._choices)}: ← → for another)" if len(self._choices) > 1 else ""
        return Content.assemble("Stats — ", Content(self.choice.title), (position, "$text-muted"))

    def _draw(self, name: str) -> Draw:
        """The function that draws section `name` of the current figures at a width."""
        ins = self.insights
        tall = self.app.size.height >= TALL
        draws: dict[str, Draw] = {
            "heatmap": lambda width: draw_heatmap(ins.heatmap, width),
            "forecast": lambda width: draw_forecast(ins.forecast, width, 10 if tall else 6),
            "retention": lambda width: draw_retention(ins.retention, width),
            "counts": lambda width: draw_counts(ins.decks, ins.total, width),
            "grades": lambda width: draw_grades(ins.grades, width),
            "hardest": lambda width: draw_hardest(ins.hardest, width),
            "missed": lambda width: draw_missed(ins.missed, width),
        }
        return draws[name]

    def help_keys(self) -> list[tuple[str, str]]:
        return [("← → / [ ]", "the previous / next deck (all decks first)" if len(self._choices) > 1
                 else "another deck (when quizterm has several)"),
                ("↑ ↓ / pgup pgdn", "scroll the charts; home / end: top / bottom"),
                ("escape / b / s", "back to the screen stats was opened from"),
                *SHARED_KEYS]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "deck":
            return len(self._choices) > 1
        return True

    def action_close(self) -> None:
        self.dismiss()

    def action_deck(self, step: int) -> None:
        self._chosen = (self._chosen + step) % len(self._choices)
        self.insights = self._compute(self.choice.decks)
        self.query_one("#stats-title", Static).update(self._title())
        for name, _ in SECTIONS:
            self.query_one(f"#{name}", Chart).redraw(self._draw(name))
