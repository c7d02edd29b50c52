"""Interview mode's report: per question the time used, the key points covered, the mistakes made, the
follow-ups and the grade; overall, the coverage. A value the report screen shows and `--report FILE.md`
writes as Markdown (`render_markdown`).

Card text is untrusted: in Markdown every character that could start markup is escaped with a backslash
(`escape_markdown`), and a line break inside a list item is continued with its indentation, so a card's
text reads in the report exactly as written and can never become a heading, a link, HTML or a table cell
boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from quizterm.rehearsal.checklist import FollowUpAnswer
from quizterm.rehearsal.interview import Pool

_INLINE = re.compile(r"([\\`*_\[\]<>&|~$])")  # markup anywhere in a line (GitHub's tables, strikes, math too)
# at a line's start: headings, list items, setext underlines
_LINE_START = re.compile(r"^([ \t]*)(?:([#+=-])|(\d+)([.)])(?=\s|$))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """`text` as Markdown that renders exactly as written: each character Markdown (or HTML inside it, or
    GitHub's tables, strikethrough and math) could read as syntax gets a backslash - `\\ ` * _ [ ] < > & | ~
    $` anywhere, and at a line's start `#`, `+`, `-`, `=` and the `.` or `)` of `1.` - so the raw text stays
    readable (a `(` or `.` elsewhere is plain text in Markdown)."""
    inline = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)),
                           inline)


def one_line(text: str) -> str:
    """`text` with every run of whitespace (line breaks included) made one space: for headings and cells."""
    return " ".join(text.split())


def clock(seconds: float) -> str:
    """`2:05` for 125 seconds (whole seconds, rounded down)."""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One answered question of the round."""

    number: int  # 1-based, in the order asked
    card_id: str
    deck: str
    question: str
    pool: Pool
    real: bool  # a real review (False: a practice grade)
    seconds: float  # time used before revealing
    time_limit: int
    time_up: bool
    points: tuple[str, ...]  # the card's key points when asked
    mentioned: tuple[str, ...]  # those marked as made
    mistakes: tuple[str, ...]  # common mistakes marked "I made this"
    follow_ups: tuple[FollowUpAnswer, ...]
    grade: int
    suggested: int | None

    @property
    def follow_ups_answered(self) -> int:
        return sum(answer.answered for answer in self.follow_ups)

    @property
    def missed(self) -> tuple[str, ...]:
        """The key points not marked, in the card's order."""
        made = set(self.mentioned)
        return tuple(point for point in self.points if point not in made)


@dataclass(frozen=True, slots=True)
class RoundReport:
    """A round as it went: the questions answered (all of them, or those before quitting)."""

    started: datetime
    results: tuple[QuestionResult, ...]
    planned: int  # questions in the round
    asked_for: int  # --questions
    note: str = ""  # why the round is shorter than asked for ("" when it is not)

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def finished(self) -> bool:
        return self.answered >= self.planned

    @property
    def points(self) -> int:
        return sum(len(result.points) for result in self.results)

    @property
    def mentioned(self) -> int:
        return sum(len(result.mentioned) for result in self.results)

    @property
    def coverage(self) -> float | None:
        """Key points covered over key points asked, None when no answered card had key points."""
        return self.mentioned / self.points if self.points else None

    @property
    def follow_ups_asked(self) -> int:
        return sum(len(result.follow_ups) for result in self.results)

    @property
    def follow_ups_answered(self) -> int:
        return sum(result.follow_ups_answered for result in self.results)

    @property
    def seconds(self) -> float:
        return sum(result.seconds for result in self.results)

    @property
    def real(self) -> int:
        return sum(result.real for result in self.results)

    def coverage_text(self) -> str:
        """`11 of 16 key points (69%)`, or that no card asked had key points."""
        if not self.points:
            return "no key points (the cards answered have none)"
        return f"{self.mentioned} of {self.points} key points ({round(100 * self.mentioned / self.points)}%)"

    def headline(self) -> str:
        """One line: how much of the round was answered, and whether it ended early."""
        if self.finished:
            return f"{self.answered} of {self.planned} questions answered."
        return f"Ended early: {self.answered} of {self.planned} questions answered."


def grade_text(result: QuestionResult) -> str:
    """`4 (suggested 4)`, `3 (suggested 4)`, or `4` for a card without a suggestion."""
    return str(result.grade) if result.suggested is None else f"{result.grade} (suggested {result.suggested})"


def counts_as(result: QuestionResult) -> str:
    return "review" if result.real else "practice"


def points_text(result: QuestionResult) -> str:
    return f"{len(result.mentioned)}/{len(result.points)}" if result.points else "–"


def follow_ups_text(result: QuestionResult) -> str:
    return f"{result.follow_ups_answered}/{len(result.follow_ups)}" if result.follow_ups else "–"


def time_text(result: QuestionResult) -> str:
    used = clock(result.time_limit if result.time_up else result.seconds)
    return f"{used} of {clock(result.time_limit)}" + (" (time's up)" if result.time_up else "")


def render_markdown(report: RoundReport) -> str:
    """The report as a Markdown document (ends with a newline)."""
    lines = [f"# Interview round, {report.started:%Y-%m-%d %H:%M}", "", escape_markdown(report.headline())]
    if report.note:
        lines += ["", escape_markdown(report.note)]
    lines += ["", f"- Coverage: {escape_markdown(report.coverage_text())}",
              f"- Follow-ups: {report.follow_ups_answered} of {report.follow_ups_asked} answered",
              f"- Time answering: {clock(report.seconds)}",
              f"- Real reviews: {report.real}; practice grades (no schedule moved): {report.answered - report.real}"]
    if report.results:
        lines += ["", "| # | card | time | points | mistakes | follow-ups | grade | counts as |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += [f"| {r.number} | {escape_markdown(r.card_id)} | {escape_markdown(time_text(r))} | "
                  f"{points_text(r)} | {len(r.mistakes)} | {follow_ups_text(r)} | {escape_markdown(grade_text(r))} | "
                  f"{counts_as(r)} |" for r in report.results]
    for result in report.results:
        lines += ["", *_question_markdown(result)]
    return "\n".join(lines) + "\n"


def _item(mark: str, text: str) -> str:
    """A list item holding `text` verbatim: escaped, its line breaks kept as indented continuation lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]  # no blank line ends the item early
    body = "\n      ".join(escape_markdown(line) for line in lines or [""])
    return f"  - {mark}{body}"


def _question_markdown(result: QuestionResult) -> list[str]:
    lines = [f"## {result.number}. {escape_markdown(one_line(result.question))}", "",
             f"- Card: {escape_markdown(result.card_id)} ({escape_markdown(result.deck)}), "
             f"{counts_as(result)}{'' if result.real else ': a practice grade, no schedule moved'}",
             f"- Time: {escape_markdown(time_text(result))}",
             f"- Grade: {escape_markdown(grade_text(result))}"]
    if result.points:
        lines.append(f"- Key points: {len(result.mentioned)} of {len(result.points)}")
        made = set(result.mentioned)
        lines += [_item("[x] " if point in made else "[ ] ", point) for point in result.points]
    else:
        lines.append("- Key points: none on this card")
    if result.mistakes:
        lines.append(f"- Mistakes made: {len(result.mistakes)}")
        lines += [_item("", mistake) for mistake in result.mistakes]
    else:
        lines.append("- Mistakes made: none")
    if result.follow_ups:
        lines.append(f"- Follow-ups: {result.follow_ups_answered} of {len(result.follow_ups)} answered")
        lines += [_item("[x] " if answer.answered else "[ ] ", answer.question) for answer in result.follow_ups]
    else:
        lines.append("- Follow-ups: none asked")
    return lines
