"""The rubric's checklist: the card's key points, each ticked when the answer made it, and its common
mistakes, each ticked when the answer made it; the follow-ups asked meanwhile are listed under them.

It displays a `Checklist` (quizterm.rehearsal.checklist, the value that decides what the marks add up to)
and changes it on request: the screen's keys move a cursor over the points and mistakes (`move`) and
toggle the one under it (`toggle`); a click on a point or mistake toggles that one. Each change is posted
as `Changed`, so the screen can show the new suggested grade. Card text is shown verbatim (Content,
never markup).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from quizterm.rehearsal.checklist import Checklist, FollowUpAnswer

TICKED, UNTICKED = "[x] ", "[ ] "
INDENT = "    "
MISTAKES = "Common mistakes: did you make one?"
FOLLOW_UPS = "Follow-up questions"


class ChecklistItem(Widget):
    """One key point or common mistake: its box, its text and, for a point the matcher marked, the words
    of the answer that made it. Lines after the first are indented past the box (a hanging indent), so
    the boxes line up in a column however the texts wrap."""

    DEFAULT_CSS = "ChecklistItem { height: auto; }"

    class Clicked(Message):
        def __init__(self, item: int) -> None:
            super().__init__()
            self.item = item

    def __init__(self, item: int, parts: tuple[Content, Content, Content], *, cursor: bool = False) -> None:
        super().__init__(classes="check-item -cursor" if cursor else "check-item")
        self.item = item
        self._parts = parts
        self._laid_out: tuple[int, Content] | None = None  # (width, lines): layout and render both ask

    def show(self, box: Content, text: Content, note: Content) -> None:
        """`box` on the first line, `text` beside it, `note` (may be empty) on the lines under it."""
        if (box, text, note) != self._parts:
            self._parts = (box, text, note)
            self._laid_out = None
            self.refresh(layout=True)

    def hanging(self, width: int) -> Content:
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out[1]
        box, text, note = self._parts
        room = max(8, width - len(INDENT))
        lines = [*text.wrap(room), *(note.wrap(room) if note else ())]
        content = Content("\n").join(Content.assemble(box if n == 0 else INDENT, line) for n, line in enumerate(lines))
        self._laid_out = (width, content)
        return content

    def render(self) -> Content:
        return self.hanging(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.hanging(width).split("\n", allow_blank=True))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.item))


def item_parts(checklist: Checklist, item: int) -> tuple[Content, Content, Content]:
    """What item `item` of the checklist shows (points first, then mistakes): box, text, note."""
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


def follow_up_content(answer: FollowUpAnswer) -> Content:
    verdict = ("answered ", "bold $text-success") if answer.answered else ("missed   ", "bold $text-error")
    return Content.assemble(verdict, answer.question)


class ChecklistView(Vertical, can_focus=True):
    """The checklist panel. Focusable, so it shows where the keys act; its keys are the screen's.

    One widget per point or mistake, built with its content (nothing is laid out twice when the rubric
    appears), and a change repaints only the items it touches: the rubric of a card with key points must
    appear about as fast as one without (see the reveal figure in docs/benchmarks.md).
    """

    class Changed(Message):
        """The marks changed (a toggle, or a follow-up answered)."""

        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

    def __init__(self, checklist: Checklist, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.checklist = checklist
        self.cursor = 0
        self._widgets: list[ChecklistItem] = []

    def compose(self) -> ComposeResult:
        marks = self.checklist
        points = len(marks.points)
        for item in range(marks.items):
            if item == points > 0:
                yield Static(Content(MISTAKES), classes="check-heading")
            widget = ChecklistItem(item, item_parts(marks, item), cursor=item == self.cursor)
            self._widgets.append(widget)
            yield widget
        listing = Static(self._follow_ups_text(), id="follow-ups")
        listing.display = bool(marks.follow_ups)
        yield listing

    def on_mount(self) -> None:
        marks = self.checklist
        self.border_title = "Key points" if marks.points else MISTAKES if marks.mistakes else FOLLOW_UPS
        self._subtitle()

    # ----- requests -----------------------------------------------------------------------------------
    def move(self, step: int) -> bool:
        """Move the cursor `step` items (clamped); False when there is nothing to move over."""
        if not self.checklist.items:
            return False
        self._put_cursor(max(0, min(self.checklist.items - 1, self.cursor + step)))
        self._widgets[self.cursor].scroll_visible(animate=False)
        return True

    def toggle(self, item: int | None = None) -> bool:
        """Toggle `item` (default: the one under the cursor, else it takes the cursor); False when there is
        none."""
        if not self.checklist.items:
            return False
        if item is not None:
            self._put_cursor(item)
        self.checklist = self.checklist.toggle(self.cursor)
        self._widgets[self.cursor].show(*item_parts(self.checklist, self.cursor))
        self._changed()
        return True

    def add_follow_up(self, answer: FollowUpAnswer) -> None:
        self.checklist = self.checklist.with_follow_up(answer)
        listing = self.query_one("#follow-ups", Static)
        listing.update(self._follow_ups_text())
        listing.display = True
        self._changed()

    def on_checklist_item_clicked(self, message: ChecklistItem.Clicked) -> None:
        message.stop()
        self.focus(scroll_visible=False)
        self.toggle(message.item)

    # ----- display --------------------------------------------------------------------------------------
    def _put_cursor(self, item: int) -> None:
        self._widgets[self.cursor].set_class(False, "-cursor")
        self.cursor = item
        self._widgets[item].set_class(True, "-cursor")

    def _changed(self) -> None:
        self._subtitle()
        self.post_message(self.Changed(self.checklist))

    def _subtitle(self) -> None:
        marks = self.checklist
        self.border_subtitle = f"{len(marks.mentioned_points)} of {len(marks.points)} made" if marks.points else ""

    def _follow_ups_text(self) -> Content:
        """The follow-ups asked on this rubric, under a heading when the panel lists points or mistakes."""
        marks = self.checklist
        lines = [follow_up_content(answer) for answer in marks.follow_ups]
        if marks.items:
            lines.insert(0, Content.styled(FOLLOW_UPS, "bold $text-muted"))
        return Content("\n").join(lines)
