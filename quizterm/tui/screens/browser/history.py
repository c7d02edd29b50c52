"""A card's history as the card page shows it: every attempt with its date, grade, time to reveal, the
answer typed and the key points marked, and the queue events (suspend, bury, reset) between them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.content import Content

from quizterm.scheduler.sm2 import GRADE_MEANINGS, PASSING_GRADE
from quizterm.store.kinds import PRACTICE
from quizterm.store.queries import Marker, Review

NO_ANSWER = "(nothing typed)"


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _seconds(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def attempt_lines(review: Review) -> list[Content]:
    practice = review.kind == PRACTICE
    grade_style = "$text-success" if review.grade >= PASSING_GRADE else "$text-error"
    head = Content.assemble((_when(review.moment), "bold"), "  ",
                            ("practice " if practice else "", "italic $text-muted"),
                            (f"grade {review.grade}", f"bold {grade_style}"),
                            (f" ({GRADE_MEANINGS[review.grade]})", "$text-muted"),
                            f" · {_seconds(review.seconds)} to reveal",
                            (" · practice: not scheduled" if practice else "", "$text-muted"))
    answer = review.answer if review.answer.strip() else NO_ANSWER
    lines = [head, *(Content.assemble("    ", line) for line in answer.splitlines() or [answer])]
    details = review.details
    if details.points:
        marked = set(details.mentioned)
        lines.append(Content.assemble("    ", (f"key points marked: {len(marked & set(details.points))} of "
                                             f"{len(details.points)}", "$text-muted")))
        lines += [Content.assemble("      ", ("✓ " if point in marked else "· ",
                                               "$text-success" if point in marked else "$text-muted"), point)
                  for point in details.points]
    if details.mistakes:
        lines += [Content.assemble("    ", ("mistake made: ", "$text-warning"), mistake)
                  for mistake in details.mistakes]
    return lines


def marker_line(marker: Marker) -> Content:
    what = {"suspend": "suspended", "unsuspend": "unsuspended",
            "reset": "progress reset: a new card again (the attempts above stay in the log)"}.get(marker.kind, "")
    if marker.kind == "bury":
        what = ("buried until " + marker.until.isoformat()) if marker.until and marker.until > marker.day \
            else "unburied"
    return Content.assemble((_when(marker.moment), "bold"), "  ", (what, "italic $text-accent"))


def history_content(items: Sequence[Review | Marker]) -> Content:
    if not items:
        return Content.styled("No attempts yet.", "$text-muted")
    attempts = sum(1 for item in items if isinstance(item, Review))
    lines: list[Content] = [Content.styled(f"{attempts} attempt{'' if attempts == 1 else 's'}, oldest first",
                                           "$text-muted")]
    for item in items:
        lines.append(Content(""))
        if isinstance(item, Review):
            lines += attempt_lines(item)
        else:
            lines.append(marker_line(item))
    return Content("\n").join(lines)
