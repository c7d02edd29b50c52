"""Text taken from another format, made fit for a deck: line breaks normalised, nothing a deck refuses.

A deck refuses control characters (they could drive the terminal) and drops surrounding whitespace;
YAML reads `\\r`, NEL and the Unicode line and paragraph separators as line breaks. So every text an
importer produces goes through `clean_text`, and then the writer can hold it exactly: what is written is
what `quizterm validate` and the drill read back.
"""

from __future__ import annotations

import re

from quizterm.errors import QuiztermError

_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
# What a deck refuses inside text, escaped or not (see `quizterm.deck.convert.CONTROL`), plus lone
# surrogates (not encodable as UTF-8) and the two non-characters the file check refuses.
_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)


class RefusedText(QuiztermError):
    """Text holding a character no deck may hold (a control character): says which one."""


def clean_text(text: str) -> str:
    """`text` as a deck holds it: `\\r\\n`, `\\r`, NEL, U+2028 and U+2029 become `\\n`; spaces at line ends
    and around the whole text are dropped (editors drop them anyway, and a deck strips the ends).

    Raises `RefusedText` for a control character other than tab and newline (or a lone surrogate), which
    a deck refuses: importers turn it into a located error.
    """
    text = _LINE_BREAKS.sub("\n", text)
    found = _REFUSED.search(text)
    if found:
        raise RefusedText(f"control character U+{ord(found.group()):04X} (decks refuse them: they could drive "
                          "the terminal); remove it from the source")
    return _TRAILING_SPACE.sub("", text).strip()


def is_clean(text: str) -> bool:
    """True when `clean_text(text)` would return `text` unchanged (what the writer accepts)."""
    try:
        return clean_text(text) == text
    except RefusedText:
        return False
