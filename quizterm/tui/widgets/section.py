"""A titled part of the rubric (breakdown, theory, mistakes, tips), its text shown verbatim or as Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown, Static


def bullets(items: Sequence[str]) -> Content:
    """A bullet list of untrusted strings, never parsed as markup."""
    return Content("\n").join(Content.assemble(("• ", "$text-accent"), item) for item in items)


def section(title: str, body: str | Content, *, markdown: bool = False, id: str | None = None) -> Widget:
    """One widget per section: the body, with its title in the rule above it (its border title).

    A heading widget and a container per section made the rubric about a third more widgets, each paid
    for when the rubric is shown and again when it is removed for the next card. `markdown=True` renders
    the body as Markdown whose links never open; otherwise it is shown verbatim, never as markup.
    """
    widget: Widget
    if markdown and isinstance(body, str):
        widget = Markdown(body, open_links=False, id=id, classes="section")
    else:
        widget = Static(body if isinstance(body, Content) else Content(body), id=id, classes="section")
    widget.border_title = f" {title} "
    return widget
