"""A card's text as Anki field HTML: Markdown rendered for breakdown and theory, everything else escaped.

Card text is untrusted, and Anki shows a field's HTML as it is, scripts included. So nothing a deck author
wrote reaches a field unescaped: plain sections are escaped whole (line breaks become `<br>`), and the
Markdown sections go through markdown-it with raw HTML turned off (a `<script>` in a breakdown is shown
as text), links it considers unsafe (`javascript:` and the like) left as text, and images shown as links
rather than loaded (an image URL in a shared deck would otherwise be fetched whenever the card shows).

Math follows quizterm's own rule (the rubric's parser, `quizterm.tui.markdown_parser`): `$…$` and
`$$…$$` with no space just inside and no digit right after, so `$5 and $10` stays prose. It becomes
MathJax's `\\(…\\)` and `\\[…\\]`, which Anki renders. Code fences are highlighted by Pygments into
classes styled by the note type's CSS (`code_css`), so the fields stay small.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin

CODE_CLASS = "qt-code"
"""The class of a highlighted code block; Pygments' token classes inside it are prefixed `qt-`."""
TOKEN_PREFIX = "qt-"
LIGHT_STYLE = "default"
DARK_STYLE = "monokai"


def escape_text(text: str) -> str:
    """Plain text as field HTML: every `<`, `>`, `&` and quote escaped, line breaks as `<br>`."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def escape_list(items: Sequence[str], css_class: str) -> str:
    """A list of plain texts as an HTML bullet list ("" for no items)."""
    if not items:
        return ""
    rows = "".join(f"<li>{escape_text(item)}</li>" for item in items)
    return f'<ul class="{css_class}">{rows}</ul>'


def markdown_html(text: str) -> str:
    """A breakdown or theory (Markdown) as field HTML, with math for MathJax and code highlighted."""
    if not text:
        return ""
    rendered: str = _parser().render(text)
    return rendered.strip()


_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    """One parser for the export (building it costs a few milliseconds; rendering keeps no state)."""
    global _PARSER
    if _PARSER is None:
        parser = MarkdownIt("gfm-like", {"html": False})
        # The same math rule as the rubric's parser (quizterm.tui.markdown_parser.rubric_parser).
        parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True,
                   allow_labels=True, label_normalizer=lambda label: label)
        for name, rule in _RULES.items():
            parser.add_render_rule(name, rule)
        _PARSER = parser
    return _PARSER


def _math_inline(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return f'<span class="qt-math">\\({html.escape(tokens[idx].content)}\\)</span>'


def _math_display(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    content = token.content.strip()
    if token.type == "math_block_label":
        content += f" \\tag{{{token.info}}}"
    block = token.type != "math_inline_double"
    tag = "div" if block else "span"
    return f'<{tag} class="qt-math">\\[{html.escape(content)}\\]</{tag}>' + ("\n" if block else "")


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """An image as a link to it (its alt text, else its address): never loaded by Anki."""
    token = tokens[idx]
    src = str(token.attrs.get("src", ""))
    alt = self.renderInlineAsText(token.children or [], options, env)
    text = html.escape(alt or src)
    if not src or src.lower().startswith("data:"):
        return text
    return f'<a href="{html.escape(src)}">{text}</a>'


def _fence(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    # The language is kept on the element so that importing the note back gives the same fence.
    language_class = f' class="language-{html.escape(language)}"' if language else ""
    return f'<pre class="{CODE_CLASS}"><code{language_class}>{highlight(token.content, language)}</code></pre>\n'


def highlight(code: str, language: str) -> str:
    """`code` as escaped HTML with Pygments' token spans; plain escaped text for an unknown language."""
    from pygments import highlight as pygments_highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return html.escape(code)
    formatted: str = pygments_highlight(code, lexer, HtmlFormatter(nowrap=True, classprefix=TOKEN_PREFIX))
    return formatted


def code_css() -> str:
    """CSS for highlighted code: a light style, and a dark one under Anki's night mode."""
    from pygments.formatters import HtmlFormatter

    def rules(style: str, scope: str) -> list[str]:
        defs: str = HtmlFormatter(style=style, classprefix=TOKEN_PREFIX).get_style_defs(scope)  # type: ignore[no-untyped-call]
        return [line for line in defs.splitlines() if line.startswith(scope)]

    light = rules(LIGHT_STYLE, f".{CODE_CLASS}")
    dark = rules(DARK_STYLE, f".nightMode .{CODE_CLASS}")
    return "\n".join([*light, *dark])


_RULES = {
    "math_inline": _math_inline,
    "math_inline_double": _math_display,
    "math_block": _math_display,
    "math_block_label": _math_display,
    "image": _image,
    "fence": _fence,
}
