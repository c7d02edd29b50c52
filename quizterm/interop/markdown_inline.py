"""A Markdown line's inline content as plain text, for the parts of a card shown exactly as written.

A question and a short answer are not rendered as Markdown on screen, so `**bold**`, `_em_` and link
syntax would show as punctuation: they become their text. What Markdown would take for inline HTML stays as
written (`Optional<String>`, `a<b and c>d`: dropping it as a tag loses the card's words; it is shown as
text, never rendered). Links keep their text; their targets are
collected (an interview collection's `[[src]](url)` becomes a source of the card). Code spans and
`$…$` math keep their characters (math keeps its dollars, as the rubric shows math).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

_SOURCE_WORDS = re.compile(r"^\W*(src|source|sources|link|ref|reference|\d+)\W*$", re.IGNORECASE)


@dataclass
class Plain:
    """Inline content as plain text, with the link targets found in it."""

    text: str = ""
    links: list[str] = field(default_factory=list)


def plain_text(children: list[Token], *, line_breaks: bool = False) -> Plain:
    """The plain text of an inline token's children; soft breaks become spaces unless `line_breaks`."""
    out: list[str] = []
    plain = Plain()
    link_start: int | None = None
    for token in children:
        kind = token.type
        if kind == "text":
            out.append(token.content)
        elif kind == "code_inline":
            out.append(f"`{token.content}`")
        elif kind == "math_inline":
            out.append(f"${token.content}$")
        elif kind == "math_inline_double":
            out.append(f"$${token.content}$$")
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n" if line_breaks or kind == "hardbreak" else " ")
        elif kind == "html_inline":
            out.append(token.content)  # `Optional<String>`, `a<b and c>d`: text the author wrote, kept
        elif kind == "image":
            out.append(token.content or "")
        elif kind == "link_open":
            link_start = len(out)
            href = str(token.attrs.get("href", ""))
            if href and not href.startswith("#"):
                plain.links.append(href)
        elif kind == "link_close" and link_start is not None:
            if _SOURCE_WORDS.match("".join(out[link_start:])):  # "[src]", "[1]": a citation, not words
                del out[link_start:]
            link_start = None
    plain.text = " ".join(part for part in "".join(out).split(" ") if part) if not line_breaks else "".join(out)
    return plain
