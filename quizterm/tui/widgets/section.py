"""A titled part of the rubric (breakdown, theory, mistakes, tips), its text shown verbatim or as Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown, Static

from quizterm.tui.markdown_parser import rubric_parser
from quizterm.tui.widgets.code_block import CodeFence


def bullets(items: Sequence[str]) -> Content:
    """A bullet list of untrusted strings, never parsed as markup."""
    return Content("\n").join(Content.assemble(("• ", "$text-accent"), item) for item in items)


class RubricMarkdown(Markdown):
    """Markdown as a rubric shows it: math as written, link targets shown, links never opened, code folded."""

    BLOCKS = {**Markdown.BLOCKS, "fence": CodeFence, "code_block": CodeFence}

    def __init__(self, markdown: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(markdown, id=id, classes=classes, parser_factory=rubric_parser, open_links=False)


def section(title: str, body: str | Content, *, markdown: bool = False, id: str | None = None) -> Widget:
    """One widget per section: the body, with its title in the rule above it (its border title).

    A heading widget and a container per section made the rubric about a third more widgets, each paid
    for when the rubric is shown and again when it is removed for the next card. `markdown=True` renders
    the body as rubric Markdown (see RubricMarkdown); otherwise it is shown verbatim, never as markup.
    """
    widget: Widget
    if markdown and isinstance(body, str):
        widget = RubricMarkdown(body, id=id, classes="section")
    else:
        widget = Static(body if isinstance(body, Content) else Content(body), id=id, classes="section")
    widget.border_title = f" {title} "
    return widget
