"""A titled part of the rubric (breakdown, theory, mistakes, tips), its text shown verbatim or as Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Markdown, Static


def bullets(items: Sequence[str]) -> Content:
    """A bullet list of untrusted strings, never parsed as markup."""
    return Content("\n").join(Content.assemble(("• ", "$text-accent"), item) for item in items)


class Section(Vertical):
    """A heading and a body; `markdown=True` renders the body as Markdown with links that never open."""

    def __init__(self, title: str, body: str | Content, *, markdown: bool = False, id: str | None = None):
        super().__init__(id=id, classes="section")
        self._title = title
        self._body = body
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        yield Label(Content(self._title), classes="section-title")
        if self._markdown and isinstance(self._body, str):
            yield Markdown(self._body, open_links=False, classes="section-body")
        else:
            body = self._body if isinstance(self._body, Content) else Content(self._body)
            yield Static(body, classes="section-body")
