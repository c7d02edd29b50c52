"""Anki field HTML as quizterm text: Markdown for breakdown and theory, plain text for everything else.

markdownify does the conversion (MIT-licensed and kept up; html2text, the other well-kept converter, is
GPL-3.0, which an MIT project cannot ship, and markdownify's converter is a class whose handling of each
tag can be changed, which the rules below need):

- Anki's MathJax `\\(…\\)` and `\\[…\\]` become `$…$` and `$$…$$`. They are taken out before the
  conversion (which would escape their `_` and `*`) and put back after it, unescaped.
- A code block keeps its language (`<code class="language-python">`, what quizterm's export writes), and
  a `<br>` inside it is a line break, not Markdown's hard break.
- Media (images, `[sound:…]`, audio and video) cannot be carried into a deck: each is replaced by its
  file name in brackets and reported, so the user knows what is missing.
- Cloze deletions (`{{c1::answer::hint}}`) can be blanked (`[...]`, or `[hint]`) or filled in.

Plain text (question, short answer, list items) has no Markdown: emphasis is dropped, a link shows its
target after its text (as quizterm shows links), and `<div>`s and `<br>`s are line breaks.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdownify import ATX, BACKSLASH, MarkdownConverter

_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_PLACEHOLDER = re.compile(r"QZMATH(\d+)X")
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_CLOZE = re.compile(r"\{\{c\d+::((?:(?!\{\{|\}\}).)*?)\}\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n{3,}")
_MEDIA_TAGS = {"img": "src", "audio": "src", "video": "src", "source": "src", "embed": "src", "object": "data"}
_MEDIA_REFERENCE = re.compile(
    r"<(img|audio|video|source|embed|object)\b[^>]*?\b(?:src|data)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


def has_cloze(text: str) -> bool:
    return _CLOZE.search(text) is not None


def blank_cloze(text: str) -> str:
    """The text with each deletion shown as Anki shows it on the front: `[...]`, or `[hint]`."""
    def blank(match: re.Match[str]) -> str:
        _, separator, hint = match.group(1).partition("::")
        return f"[{hint}]" if separator and hint.strip() else "[...]"
    return _replace_innermost(text, blank)


def fill_cloze(text: str) -> str:
    """The text with each deletion filled in (its answer, without the hint)."""
    return _replace_innermost(text, lambda match: match.group(1).partition("::")[0])


def _replace_innermost(text: str, replace: Any) -> str:
    """Nested deletions (`{{c1::a {{c2::b}}}}`) are replaced from the inside out."""
    while True:
        replaced = _CLOZE.sub(replace, text)
        if replaced == text:
            return replaced
        text = replaced


def media_references(field: str) -> list[str]:
    """The media files a field refers to: images, sounds (`[sound:…]`), audio, video, embedded objects."""
    found = [match.group(1) for match in _SOUND.finditer(field)]
    for match in _MEDIA_REFERENCE.finditer(field):
        found.append(html.unescape(match.group(2).strip("\"'")))
    return list(dict.fromkeys(name for name in found if name))


def field_markdown(field: str) -> str:
    """A field's HTML as Markdown (breakdown, theory)."""
    return _convert(field, _markdown_converter())


def field_text(field: str) -> str:
    """A field's HTML as plain text (question, short answer, list items)."""
    return _convert(field, _text_converter())


def _convert(field: str, converter: MarkdownConverter) -> str:
    maths: list[str] = []

    def keep(match: re.Match[str]) -> str:
        inline, display = match.group(1), match.group(2)
        content = _math_text(inline if inline is not None else display)
        maths.append(f"${content}$" if inline is not None else f"$${content}$$")
        return f"QZMATH{len(maths) - 1}X"

    text = _MATH.sub(keep, field)
    text = _SOUND.sub(lambda match: f"[{match.group(1)}]", text)
    converted = converter.convert(text)
    converted = _PLACEHOLDER.sub(lambda match: maths[int(match.group(1))] if int(match.group(1)) < len(maths)
                                 else match.group(0), converted)
    converted = converted.replace("\xa0", " ")
    lines = "\n".join(line.rstrip() for line in converted.splitlines())
    return _BLANK_LINES.sub("\n\n", lines).strip()


def _math_text(content: str) -> str:
    """Math as written in the field, without HTML: `<br>` is a space, entities are characters."""
    return html.unescape(_TAG.sub("", _BREAK.sub(" ", content))).replace("\xa0", " ").strip()


def _media_name(el: Any) -> str:
    attribute = _MEDIA_TAGS.get(el.name, "src")
    return str(el.attrs.get(attribute) or el.attrs.get("alt") or el.name)


class _MarkdownFields(MarkdownConverter):
    """markdownify's converter, with the rules above (options are given by `_markdown_converter`)."""

    def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "pre" in parent_tags:
            return "\n"
        if "_inline" in parent_tags:  # inside a table cell or heading, as markdownify does
            return text + " " if text else " "
        return "\\\n" + text  # a hard line break (the backslash form survives trailing-space trimming)

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return f"[{_media_name(el)}]"

    convert_audio = convert_video = convert_embed = convert_object = convert_img


def _markdown_converter() -> MarkdownConverter:
    # Underscores are left as they are: snake_case is common in technical notes, and an underscore inside a
    # word is no emphasis in Markdown.
    return _MarkdownFields(heading_style=ATX, bullets="-", newline_style=BACKSLASH, escape_underscores=False,
                           code_language_callback=_code_language)


def _text_converter() -> MarkdownConverter:
    return _TextFields(heading_style=ATX, bullets="-", escape_underscores=False, escape_asterisks=False,
                       code_language_callback=_code_language)


def _code_language(el: Any) -> str:
    for node in (el.find("code"), el):
        if node is None:
            continue
        for css_class in node.get("class") or []:
            if css_class.startswith("language-"):
                return str(css_class.removeprefix("language-"))
    return ""


class _TextFields(_MarkdownFields):
    def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return "\n"

    def convert_div(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return f"\n{text.strip()}\n"

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "")
        return f"{text} ({href})" if href and href != text.strip() else text

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
        return f"\n\n{text.strip()}\n\n"

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return f"\n\n{text.strip(chr(10))}\n\n"

    def _plain(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return text

    convert_b = convert_strong = convert_i = convert_em = convert_u = convert_s = convert_del = _plain
    convert_code = convert_kbd = convert_samp = convert_sub = convert_sup = _plain
