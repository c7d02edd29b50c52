"""The end of an interview round: per question the time used, key points covered (and which were missed),
mistakes, follow-ups and the grade, whether it was a real review or a practice grade; overall coverage.

It shows `RoundReport` (rehearsal/interview_report.py), the same value `--report FILE.md` writes. Card
text is shown verbatim (`Content`, never markup).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizterm.rehearsal.interview_report import (
    QuestionResult,
    RoundReport,
    counts_as,
    follow_ups_text,
    grade_text,
    points_text,
    time_text,
)
from quizterm.tui.screens.base import SHARED_KEYS, UNDO_KEY, QuizScreen
from quizterm.tui.widgets.key_bar import KeyBar
from quizterm.tui.widgets.session_bar import clock_text

LABEL = 16  # width of the overall figures' labels


def overall_text(report: RoundReport, written_to: str | None) -> Content:
    """The round's figures (no card text here)."""
    rows = [("Coverage", report.coverage_text()),
            ("Follow-ups", f"{report.follow_ups_answered} of {report.follow_ups_asked} answered"),
            ("Time answering", clock_text(report.seconds)),
            ("Grades", f"{report.real} real review{'s' if report.real != 1 else ''}, "
                       f"{report.answered - report.real} practice (no schedule moved)")]
    if written_to:
        rows.append(("Report", f"written to {written_to} when you quit"))
    lines = [Content.assemble((f"{label:<{LABEL}}", "bold"), value) for label, value in rows]
    return Content("\n").join(lines)


def question_details(result: QuestionResult) -> Content:
    """One answered question's figures, and the key points it missed and the mistakes made (shown indented
    under its text, wrapped lines too)."""
    kind_style = "$text-success" if result.real else "$text-accent"
    lines = [Content.assemble("time ", time_text(result), " · grade ", (grade_text(result), "bold"), " · ",
                              (counts_as(result), kind_style)),
             Content.assemble("points ", points_text(result), " · mistakes ", str(len(result.mistakes)),
                              " · follow-ups ", follow_ups_text(result))]
    lines += [Content.assemble(("missed: ", "$text-warning"), (point, "$text-muted")) for point in result.missed]
    lines += [Content.assemble(("mistake: ", "$text-error"), (mistake, "$text-muted")) for mistake in result.mistakes]
    return Content("\n").join(lines)


class InterviewReportScreen(QuizScreen):
    """Shown when the round is over (or has no question left)."""

    DRILL = True
    HELP_TITLE = "Interview report"

    BINDINGS = [
        Binding("u", "app.undo", "Undo grade"),
        Binding("up,k", "scroll(-1)", "Scroll", show=False),
        Binding("down,j", "scroll(1)", "Scroll", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("question_mark", "app.show_keys", "Keys"),
        Binding("t", "app.toggle_theme", "Theme", show=False),
        Binding("q,escape", "app.quit", "Quit"),
    ]

    def __init__(self, report: RoundReport, *, written_to: str | None = None) -> None:
        super().__init__()
        self.report = report
        self._written_to = written_to

    def compose(self) -> ComposeResult:
        report = self.report
        with VerticalScroll(id="interview-report") as scroll:
            scroll.border_title = "Interview report"
            title = f"Round complete: {report.headline()}" if report.finished else report.headline()
            yield Static(Content(title), id="report-title")
            if report.note:
                yield Static(Content(report.note), id="report-note")
            yield Static(overall_text(report, self._written_to), id="report-overall")
            for result in report.results:
                with Horizontal(classes="report-question"):  # the number beside the text: wrapped lines align
                    yield Static(Content(f"{result.number}."), classes="report-number")
                    with Vertical():
                        yield Static(Content(" ".join(result.question.split())), classes="report-text")
                        yield Static(question_details(result), classes="report-details")
        yield KeyBar(id="key-bar")

    def help_keys(self) -> list[tuple[str, str]]:
        return [("↑ / ↓ / pgup / pgdn", "scroll the report"),
                UNDO_KEY,
                ("escape / q", "quit (the report is written to --report's file then)"),
                *SHARED_KEYS[:-1]]

    def on_mount(self) -> None:
        self.query_one("#interview-report").focus(scroll_visible=False)

    def action_scroll(self, step: int) -> None:
        self.query_one("#interview-report", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        scroll = self.query_one("#interview-report", VerticalScroll)
        if step < 0:
            scroll.scroll_page_up(animate=False)
        else:
            scroll.scroll_page_down(animate=False)
