"""Retention by week as two small bar panels, young cards then mature (see insights.retention).

Each bar is the share of the week's scheduling grades that passed, on a scale from `floor` to 100 %:
50 %, or lower in steps of 10 % when a week fell below it, so that the usual 80-95 % differences show.
A week without grades of that kind has `·` on the baseline.
"""

from __future__ import annotations

from textual.content import Content

from quizterm.insights.retention import Retention
from quizterm.tui.charts import number, percent
from quizterm.tui.charts.forecast import EIGHTHS, MATURE_STYLE, YOUNG_STYLE

PANEL_ROWS = 3


def scale_floor(rates: list[float]) -> float:
    """The bottom of the scale: 0.5, or the lowest rate rounded down to a tenth when lower."""
    lowest = min(rates, default=1.0)
    return min(0.5, int(lowest * 10) / 10)


def draw_retention(ret: Retention, width: int) -> list[Content]:
    young = [w.young_rate for w in ret.weeks]
    mature = [w.mature_rate for w in ret.weeks]
    floor = scale_floor([rate for rate in young + mature if rate is not None])
    axis = 5
    column = max(1, min(3, (width - axis) // max(len(ret.weeks), 1)))
    lines: list[Content] = []
    for name, rates, style, (graded, passed) in (("young", young, YOUNG_STYLE, ret.young),
                                                 ("mature", mature, MATURE_STYLE, ret.mature)):
        overall = percent(passed / graded) if graded else "no grades"
        lines.append(Content.assemble((name, f"bold {style}"),
                                      f"  {overall}" + (f" ({number(passed)} of {number(graded)} passed)" if graded
                                                        else "")))
        lines += _panel(rates, floor, style, axis, column)
    lines.append(_months(ret, axis, column))
    return lines


def _panel(rates: list[float | None], floor: float, style: str, axis: int, column: int) -> list[Content]:
    bar = column - 1 if column > 1 else 1
    rows: list[Content] = []
    for row in range(PANEL_ROWS - 1, -1, -1):
        label = "100%" if row == PANEL_ROWS - 1 else (f"{floor:.0%}" if row == 0 else "")
        parts: list[tuple[str, str] | str] = [(f"{label:>{axis - 1}} ", "$text-muted")]
        for rate in rates:
            if rate is None:
                parts += [("·" if row == 0 else " ") * bar, " " * (column - bar)]
                continue
            eighths = round((rate - floor) / (1 - floor) * 8 * PANEL_ROWS) if floor < 1 else 0
            filled = max(0, min(8, eighths - row * 8))
            if row == 0:
                filled = max(filled, 1)  # a pass rate at the floor still shows
            parts += [(EIGHTHS[filled] * bar, style), " " * (column - bar)]
        rows.append(Content.assemble(*parts))
    return rows


def _months(ret: Retention, axis: int, column: int) -> Content:
    """The month of each week that starts one, where it fits."""
    row = [" "] * (axis + len(ret.weeks) * column)
    free = axis
    previous = None
    for index, week in enumerate(ret.weeks):
        if week.monday.month == previous:
            continue
        previous = week.monday.month
        name = week.monday.strftime("%b")
        at = axis + index * column
        if at >= free and at + len(name) <= len(row):
            row[at:at + len(name)] = name
            free = at + len(name) + 1
    return Content.styled("".join(row).rstrip(), "$text-muted")
