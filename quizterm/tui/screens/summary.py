"""The end of today's queue: what was done, how it went, what comes next."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Label, Static

from quizterm.scheduler.sm2 import GRADE_MEANINGS
from quizterm.session import Summary
from quizterm.tui.screens.base import SHARED_KEYS, UNDO_KEY, QuizScreen
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.session_bar import clock_text
from quizterm.words import plural

BAR_WIDTH = 10


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


def _when(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 1:
        return "tomorrow"
    return f"on {day.isoformat()} (in {delta} days)"


def summary_text(summary: Summary, today: date) -> Content:
    """Everything the summary says, as plain content (card text never appears here)."""
    lines: list[Content] = []
    if summary.reviewed:
        lines.append(Content.assemble(("Reviewed        ", "bold"),
                                      f"{plural(summary.reviewed, 'card')}, {plural(summary.graded, 'grade')}"))
        average = summary.answering / summary.graded if summary.graded else 0.0
        lines.append(Content.assemble(("Time spent      ", "bold"), _duration(summary.seconds),
                                      (f"; {_duration(summary.answering)} answering ({clock_text(average)} a grade)",
                                       "$text-muted")))
        if summary.timed:
            lines.append(Content.assemble(("Time's up       ", "bold"),
                                          f"{summary.time_up} of {plural(summary.timed, 'timed grade')}"))
        total = sum(summary.grades.values()) or 1
        lines.append(Content(""))
        lines.append(Content.styled("Grades", "bold"))
        for grade in range(5, -1, -1):
            count = summary.grades.get(grade, 0)
            bar = "█" * round(BAR_WIDTH * count / total)
            style = "$text-success" if grade >= 3 else "$text-error"
            lines.append(Content.assemble(f"  {grade} ", (f"{bar:<{BAR_WIDTH}}", style),
                                          f" {count:>3}  ", (GRADE_MEANINGS[grade], "$text-muted")))
        lines.append(Content(""))
    tomorrow = today + timedelta(days=1)
    lines.append(Content.assemble(("Due tomorrow    ", "bold"), str(summary.due_tomorrow)))
    if summary.next_due is not None:
        day, count = summary.next_due
        lines.append(Content.assemble(("Next cards      ", "bold"),
                                      f"{count} due {_when(day, today)}" if day != tomorrow
                                      else f"{count} due tomorrow"))
    else:
        lines.append(Content.assemble(("Next cards      ", "bold"), "none scheduled yet"))
    return Content("\n").join(lines)


class SummaryScreen(QuizScreen):
    """Shown when the queue is empty; offers more new cards when some are left."""

    DRILL = True
    HELP_TITLE = "Summary"

    BINDINGS = [
        Binding("n", "learn_more", "More new cards"),
        Binding("u", "app.undo", "Undo grade"),
        Binding("b,escape", "back_to_decks", "Decks"),
        # Priority: the screen they open is current before the next key of a burst is handed out, so a
        # search typed right after `c` reaches the browser (see the deck list's bindings).
        Binding("c", "browse", "Cards", priority=True),
        Binding("s", "app.stats", "Stats", priority=True),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, summary: Summary, today: date, *, has_deck_list: bool) -> None:
        super().__init__()
        self.summary = summary
        self._today = today
        self._has_deck_list = has_deck_list

    def compose(self) -> ComposeResult:
        summary = self.summary
        if summary.reviewed:
            title = "Session complete — well done."
        elif summary.nothing_due_at_start:
            title = "Nothing is due today."
        else:
            title = "Nothing left for today."
        with Center(), Vertical(id="summary"):
            yield Label(Content(title), id="summary-title")
            yield Static(summary_text(summary, self._today), id="summary-body")
            if summary.more_new:
                yield Static(Content(f"{plural(summary.new_available, 'new card')} waiting. "
                                     f"Press n to learn {summary.more_new} more today."), id="offer")
        yield KeyBar(id="key-bar")

    def help_keys(self) -> list[tuple[str, str]]:
        more = self.summary.more_new
        return [("n", f"learn {plural(more, 'more new card')} today" if more
                 else "learn more new cards today (none is waiting now)"),
                ("b / escape", "back to the deck list" if self._has_deck_list
                 else "back to the deck list (when quizterm opened with one)"),
                ("c", "browse the cards of this drill's decks"),
                ("s", "stats of the decks just drilled"),
                UNDO_KEY, *SHARED_KEYS]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "learn_more":
            return self.summary.more_new > 0
        if action == "back_to_decks":
            return self._has_deck_list
        return True

    def action_back_to_decks(self) -> None:
        self.quiz_app.action_back_to_decks()

    def action_browse(self) -> None:
        self.quiz_app.open_browser(self.quiz_app.drill_decks)

    def action_learn_more(self) -> None:
        self.quiz_app.learn_more()
