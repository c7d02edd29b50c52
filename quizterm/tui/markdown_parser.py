"""How a card's breakdown and theory are parsed: CommonMark (GFM-like), with math and link targets kept.

Deck authors write LaTeX inside Markdown (`$\\{x_1\\}$`, `$1\\%$`, `$$…$$`). Read as plain Markdown,
CommonMark's backslash escapes eat those backslashes; read with mdit_py_plugins' dollarmath, a math span
is one token holding exactly what was written. Textual's Markdown widget only knows the standard
tokens, so a last core rule turns the math tokens into ones it shows verbatim (inline code and fenced
blocks, with their `$` delimiters) and writes each link's target after its text, since links are
never opened and the target would otherwise be nowhere on screen.

Nothing here imports Textual or Rich: the rules work on markdown-it tokens only and are tested as such.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

# Link tokens whose text already is the target (`<https://…>` and bare URLs).
URL_AS_TEXT = frozenset({"autolink", "linkify"})
MATH_LANGUAGE = "latex"


def rubric_parser() -> MarkdownIt:
    """The parser for rubric Markdown (a new one per call: its linkify matcher keeps per-call state).

    Dollar math follows Pandoc's rule so prices stay prose: no space just inside a `$`, no digit right
    after the closing `$` (`$5 and $10` is text, `$x$` is math).
    """
    parser = MarkdownIt("gfm-like")
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True,
               allow_labels=True, label_normalizer=lambda label: label)
    parser.core.ruler.push("quizterm_verbatim", show_verbatim)
    return parser


def show_verbatim(state: StateCore) -> None:
    """Rewrite math and link tokens into standard ones that show what the author wrote."""
    for index, token in enumerate(state.tokens):
        if token.type in ("math_block", "math_block_label"):
            state.tokens[index] = _math_fence(token)
        elif token.type == "inline" and token.children:
            token.children = _inline_children(token.children, state.md.normalizeLinkText)


def math_source(token: Token) -> str:
    """A math token's text as written, delimiters (and an equation label) included."""
    text = f"{token.markup}{token.content}{token.markup}"
    if token.type == "math_block_label":
        text += f" ({token.info})"
    return text


def _math_fence(token: Token) -> Token:
    # Named as LaTeX so the fence highlights it as such (a fence without a language makes Pygments guess).
    fence = Token("fence", "code", 0, map=token.map, level=token.level, block=True, markup="```", info=MATH_LANGUAGE)
    fence.content = math_source(token) + "\n"
    return fence


def _inline_children(children: list[Token], readable: Callable[[str], str]) -> list[Token]:
    """The children with math as inline code and each link's target, made readable, after its text.

    markdown-it percent-encodes targets (`[i]` becomes `%5Bi%5D`); `readable` is its own decoder for
    showing a URL to a person, as it does for the text of a bare URL.
    """
    out: list[Token] = []
    for child in children:
        if child.type in ("math_inline", "math_inline_double"):
            code = Token("code_inline", "code", 0, markup="`", level=child.level)
            code.content = math_source(child)
            out.append(code)
            continue
        out.append(child)
        target = _shown_target(child, out)
        if target:
            text = Token("text", "", 0, level=child.level)
            text.content = f" ({readable(target)})"
            out.append(text)
    return out


def _shown_target(child: Token, so_far: list[Token]) -> str:
    """The target to write after a link (at its closing token) or an image; "" when it is already shown."""
    if child.type == "image":
        return str(child.attrs.get("src", ""))
    if child.type != "link_close" or child.markup in URL_AS_TEXT:
        return ""
    for token in reversed(so_far):
        if token.type == "link_open":
            return str(token.attrs.get("href", ""))
    return ""
