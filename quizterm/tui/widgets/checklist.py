"""The rubric's checklist: the card's key points, each ticked when the answer made it, and its common
mistakes, each ticked when the answer made it; the follow-ups asked meanwhile are listed under them.

It displays a `Checklist` (quizterm.rehearsal.checklist, the value that decides what the marks add up to)
and changes it on request: the screen's keys move a cursor over the points and mistakes (`move`) and
toggle the one under it (`toggle`); a click on a point or mistake toggles that one. Each change is posted
as `Changed`, so the screen can show the new suggested grade. Card text is shown verbatim (Content,
never markup).

One widget draws the whole list. A widget per point (and per heading) was the measurable part of showing
a rubric with six key points: every widget is styled, laid out and drawn again on each layout pass while
the rubric's Markdown arrives, and the reveal of such a card must stay within 1.2× of one without key
points (docs/benchmarks.md). Lines after an item's first are indented past its box (a hanging indent),
so the boxes line up however the texts wrap.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from quizterm.rehearsal.checklist import Checklist, FollowUpAnswer

TICKED, UNTICKED = "[x] ", "[ ] "
INDENT = "    "
MISTAKES = "Common mistakes: did you make one?"
FOLLOW_UPS = "Follow-up questions"
HEADING = "bold $text-muted"


def item_parts(checklist: Checklist, item: int) -> tuple[Content, Content, Content]:
    """What item `item` of the checklist shows (points first, then mistakes): its box, its text and a note
    under it (the words of the answer that made a point; may be empty)."""
    marked = checklist.is_marked(item)
    points = len(checklist.points)
    if item < points:
        box = Content.styled(TICKED if marked else UNTICKED, "bold $text-success" if marked else "$text-muted")
        evidence = checklist.evidence[item]
        note = Content.styled(f"“{evidence}”", "italic $text-muted") if evidence else Content("")
        return box, Content(checklist.points[item]), note
    mistake = checklist.mistakes[item - points]
    box = Content.styled(TICKED if marked else UNTICKED, "bold $text-error" if marked else "$text-muted")
    return box, Content.assemble(("I made this: " if marked else "", "bold $text-error"), mistake), Content("")


def hanging(box: Content, text: Content, note: Content, width: int) -> list[Content]:
    """`box` and `text` on the first line, `note` on the lines under it, wrapped to `width` with every line
    after the first indented past the box."""
    room = max(8, width - len(INDENT))
    lines = [*text.wrap(room), *(note.wrap(room) if note else ())]
    return [Content.assemble(box if n == 0 else INDENT, line) for n, line in enumerate(lines)]


def follow_up_content(answer: FollowUpAnswer) -> Content:
    verdict = ("answered ", "bold $text-success") if answer.answered else ("missed   ", "bold $text-error")
    return Content.assemble(verdict, answer.question)


@dataclass(frozen=True, slots=True)
class Layout:
    """The checklist drawn at one width: its lines, and the lines of each item (start, end)."""

    width: int
    lines: list[Content]
    items: list[tuple[int, int]]


class ChecklistView(Widget, can_focus=True):
    """The checklist panel. Focusable, so it shows where the keys act; its keys are the screen's."""

    DEFAULT_CSS = "ChecklistView { height: auto; }"

    class Changed(Message):
        """The marks changed (a toggle, or a follow-up answered)."""

        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

    def __init__(self, checklist: Checklist, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.checklist = checklist
        self.cursor = 0
        self._layout: Layout | None = None

    def on_mount(self) -> None:
        marks = self.checklist
        self.border_title = "Key points" if marks.points else "Common mistakes" if marks.mistakes else FOLLOW_UPS
        self._subtitle()

    # ----- requests -----------------------------------------------------------------------------------
    def move(self, step: int) -> bool:
        """Move the cursor `step` items (clamped) and scroll it into view; False when there is nothing to
        move over."""
        if not self.checklist.items:
            return False
        self.cursor = max(0, min(self.checklist.items - 1, self.cursor + step))
        self._redraw()
        self.call_after_refresh(self.scroll_cursor_visible)
        return True

    def toggle(self, item: int | None = None) -> bool:
        """Toggle `item` (default: the one under the cursor, else it takes the cursor); False when there is
        none."""
        if not self.checklist.items:
            return False
        if item is not None:
            self.cursor = item
        self.checklist = self.checklist.toggle(self.cursor)
        self._changed()
        return True

    def add_follow_up(self, answer: FollowUpAnswer) -> None:
        self.checklist = self.checklist.with_follow_up(answer)
        self._changed()

    def item_lines(self, item: int) -> tuple[int, int]:
        """The content lines (start, end) item `item` takes as last drawn."""
        return self.drawn(self.content_size.width).items[item]

    def item_at(self, line: int) -> int | None:
        """The item drawn on content line `line`, if any."""
        for item, (start, end) in enumerate(self.drawn(self.content_size.width).items):
            if start <= line < end:
                return item
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        item = None if offset is None else self.item_at(offset.y)
        if item is not None:
            event.stop()
            self.focus(scroll_visible=False)
            self.toggle(item)

    def scroll_cursor_visible(self) -> None:
        """Scroll the rubric (the nearest scrolling ancestor) so the cursor's item is in view."""
        scroller = next((node for node in self.ancestors if isinstance(node, ScrollableContainer)), None)
        if scroller is None or not self.checklist.items:
            return
        start, end = self.item_lines(self.cursor)
        top, view = self.content_region.y + start, scroller.scrollable_content_region
        if top < view.y:
            scroller.scroll_relative(y=top - view.y, animate=False)
        elif top + (end - start) > view.bottom:
            scroller.scroll_relative(y=min(top - view.y, top + (end - start) - view.bottom), animate=False)

    # ----- drawing ------------------------------------------------------------------------------------
    def drawn(self, width: int) -> Layout:
        """The checklist drawn at `width` (kept until the next change)."""
        if self._layout is not None and self._layout.width == width:
            return self._layout
        marks = self.checklist
        lines: list[Content] = []
        items: list[tuple[int, int]] = []
        for item in range(marks.items):
            if item == len(marks.points) > 0:
                lines += [Content(""), Content.styled(MISTAKES, HEADING)]
            start = len(lines)
            drawn = hanging(*item_parts(marks, item), width)
            if item == self.cursor:
                highlight = "on $accent 25%" if self.has_focus else "on $boost"
                drawn = [line.pad_right(max(0, width - line.cell_length)).stylize_before(highlight) for line in drawn]
            lines += drawn
            items.append((start, len(lines)))
        if marks.follow_ups:
            if marks.items:
                lines += [Content(""), Content.styled(FOLLOW_UPS, HEADING)]
            lines += [line for answer in marks.follow_ups for line in follow_up_content(answer).wrap(max(8, width))]
        self._layout = Layout(width, lines, items)
        return self._layout

    def render(self) -> Content:
        return Content("\n").join(self.drawn(self.content_size.width).lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.drawn(width).lines)

    def _redraw(self) -> None:
        self._layout = None
        self.refresh(layout=True)

    def on_focus(self) -> None:
        self._redraw()

    def on_blur(self) -> None:
        self._redraw()

    def _changed(self) -> None:
        self._redraw()
        self._subtitle()
        self.post_message(self.Changed(self.checklist))

    def _subtitle(self) -> None:
        marks = self.checklist
        self.border_subtitle = f"{len(marks.mentioned_points)} of {len(marks.points)} made" if marks.points else ""
