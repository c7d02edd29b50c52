"""The due forecast as stacked bars: mature cards at the bottom, young ones above (see insights.forecast).

Today's bar holds every overdue card, which after a break can dwarf the rest: when it is more than twice
the tallest other day, the scale follows the other days and today's bar is cut, with `▲` on top and its
number in the line below.
"""

from __future__ import annotations

from textual.content import Content

from quizterm.insights.forecast import Forecast
from quizterm.tui.charts import flow, number
from quizterm.words import plural

YOUNG_STYLE = "$primary"
MATURE_STYLE = "$success"
INTERVIEW_STYLE = "bold $accent"
EIGHTHS = " ▁▂▃▄▅▆▇█"


def stacked_cell(row: int, bottom: int, total: int, bottom_style: str, top_style: str) -> tuple[str, str]:
    """The character and style of cell `row` (0 at the bottom) of a bar `total` eighths high whose first
    `bottom` eighths are one series and the rest the other."""
    low = row * 8
    filled = max(0, min(8, total - low))
    if filled == 0:
        return " ", ""
    below = max(0, min(8, bottom - low))
    if below >= filled:
        return EIGHTHS[filled], bottom_style
    if below == 0:
        return EIGHTHS[filled], top_style
    return EIGHTHS[below], f"{bottom_style} on {top_style}"  # the top part of the cell is the other series


def draw_forecast(fc: Forecast, width: int, height: int) -> list[Content]:
    totals = [day.total for day in fc.days]
    others = max(totals[1:], default=0)
    cut = totals[0] > 2 * others > 0
    scale = max(others if cut else max(totals, default=0), 1)
    axis = len(number(scale)) + 1
    column = max(1, min(3, (width - axis) // max(len(fc.days), 1)))
    bar = column - 1 if column > 1 else 1
    lines: list[Content] = []
    marked = fc.interview_index
    if marked is not None:
        lines.append(Content.assemble(" " * (axis + marked * column), ("▼ interview", INTERVIEW_STYLE)))
    for row in range(height - 1, -1, -1):
        label = number(scale) if row == height - 1 else ("0" if row == 0 else "")
        parts: list[tuple[str, str] | str] = [(f"{label:>{axis - 1}} ", "$text-muted")]
        for index, day in enumerate(fc.days):
            if cut and index == 0 and row == height - 1:
                parts += [("▲" * bar, MATURE_STYLE), " " * (column - bar)]
                continue
            eighths = min(round(day.total * 8 * height / scale), 8 * height)
            mature = min(round(day.mature * 8 * height / scale), eighths)
            char, style = stacked_cell(row, mature, eighths, MATURE_STYLE, YOUNG_STYLE)
            if index == marked and char == " ":
                char, style = "┊", INTERVIEW_STYLE
            parts += [(char * bar, style), " " * (column - bar)]
        lines.append(Content.assemble(*parts))
    lines.append(_dates(fc, axis, column))
    lines.append(Content.assemble(("█", MATURE_STYLE), " mature  ", ("█", YOUNG_STYLE), " young"))
    today = fc.days[0] if fc.days else None
    due_today = "nothing due today" if today is None or not today.total else (
        f"due today {number(today.total)}" + (f" ({number(fc.overdue)} overdue)" if fc.overdue else ""))
    lines += flow([due_today, f"{plural(fc.total, 'card')} due in {len(fc.days)} days",
                   f"{number(sum(d.young for d in fc.days))} young, {number(sum(d.mature for d in fc.days))} mature"],
                  width)
    if fc.interview is not None and marked is None:
        when = (fc.interview - fc.today).days
        where = f"in {plural(when, 'day')}, after this chart" if when > 0 else "passed"
        lines.append(Content.assemble(("interview", INTERVIEW_STYLE), f" on {fc.interview.isoformat()} ({where})"))
    return lines


def _dates(fc: Forecast, axis: int, column: int) -> Content:
    """A date under every seventh bar from today, where it fits."""
    row = [" "] * (axis + len(fc.days) * column)
    for index in range(0, len(fc.days), 7):
        text = "today" if index == 0 else fc.days[index].day.strftime("%b %-d")
        at = axis + index * column
        if at + len(text) <= len(row) and all(c == " " for c in row[max(at - 1, 0):at + len(text)]):
            row[at:at + len(text)] = text
    return Content.styled("".join(row).rstrip(), "$text-muted")
