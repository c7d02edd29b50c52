"""The review heatmap: one column per week, one row per weekday, a shade per day (see insights.calendar)."""

from __future__ import annotations

from textual.content import Content

from quizterm.insights.calendar import Heatmap
from quizterm.tui.charts import flow, number
from quizterm.words import plural

LEVEL_STYLES = ("$text-muted 50%", "$success 35%", "$success 60%", "$success 80%", "$success")
CELL = "■"
EMPTY = "·"
TODAY = "◆"
TODAY_STYLE = "bold $accent"
LABEL_WIDTH = 4
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def draw_heatmap(hm: Heatmap, width: int) -> list[Content]:
    """The grid (two cells per week when they fit, else one; the oldest weeks give way to a narrow
    screen), its month labels, a legend with the counts of each shade, and the streaks."""
    cell = 2 if LABEL_WIDTH + 2 * hm.weeks <= width else 1
    shown = max(1, min(hm.weeks, (width - LABEL_WIDTH) // cell))
    skip = hm.weeks - shown
    lines = [_months(hm, skip, shown, cell)]
    for weekday in range(7):
        parts: list[Content | tuple[str, str] | str] = [f"{WEEKDAY_LABELS[weekday]:<{LABEL_WIDTH}}"]
        for week in range(skip, hm.weeks):
            day = hm.day(week, weekday)
            pad = " " * (cell - 1)
            if day > hm.today:
                parts.append(" " * cell)
            elif day == hm.today:
                parts.append((TODAY + pad, TODAY_STYLE))
            else:
                level = hm.level(hm.counts.get(day, 0))
                parts.append(((EMPTY if level == 0 else CELL) + pad, LEVEL_STYLES[level]))
        lines.append(Content.assemble(*parts))
    lines.append(_legend(hm))
    lines += flow([f"current streak {plural(hm.current_streak, 'day')}", f"longest {plural(hm.longest_streak, 'day')}",
                   f"{plural(hm.active_days, 'day')} with answers",
                   f"{number(hm.total)} {'answer' if hm.total == 1 else 'answers'} in {hm.weeks} weeks"], width)
    return lines


def _months(hm: Heatmap, skip: int, shown: int, cell: int) -> Content:
    """Each month's short name above the week that holds its first day, when there is room."""
    row = [" "] * (LABEL_WIDTH + shown * cell)
    free = LABEL_WIDTH
    for column, week in enumerate(range(skip, hm.weeks)):
        first = next((day for day in (hm.day(week, d) for d in range(7)) if day.day == 1), None)
        if first is None or first > hm.today:
            continue
        name = first.strftime("%b")
        at = LABEL_WIDTH + column * cell
        if at >= free and at + len(name) <= len(row):
            row[at:at + len(name)] = name
            free = at + len(name) + 1
    return Content.styled("".join(row).rstrip(), "$text-muted")


def _legend(hm: Heatmap) -> Content:
    parts: list[Content | tuple[str, str] | str] = [(EMPTY, LEVEL_STYLES[0]), " none  "]
    for level, (low, high) in enumerate(hm.level_ranges(), start=1):
        span = f"{low}+" if high is None else (str(low) if low == high else f"{low}–{high}")
        parts += [(CELL, LEVEL_STYLES[level]), f" {span}  "]
    parts += [(TODAY, TODAY_STYLE), " today"]
    return Content.assemble(*parts)
