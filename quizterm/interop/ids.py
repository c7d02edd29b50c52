"""Card ids for imported cards: a slug of the question and a short hash of it.

The slug makes the id readable in a deck file and in `quizterm stats`; the hash makes it unique and,
because it depends only on the question, stable: importing the same source again (or an edited copy
whose questions did not change) gives the same ids, so the cards already in a deck are recognised and
their progress stays attached.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from quizterm.deck.models import SLUG_PATTERN

SLUG_WORDS = 8
SLUG_CHARS = 48
HASH_CHARS = 8
"""Hex digits of the hash: 32 bits, so two different questions with the same slug practically never meet."""

_SLUG = re.compile(SLUG_PATTERN)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, words: int = SLUG_WORDS, chars: int = SLUG_CHARS) -> str:
    """Lowercase ASCII words of `text` joined by `-` (accents dropped, other scripts left out); at most
    `words` words and `chars` characters, cut at a word. May be empty (a question in Cyrillic)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    parts = [part for part in _NON_WORD.split(ascii_text) if part][:words]
    result = ""
    for part in parts:
        longer = f"{result}-{part}" if result else part
        if len(longer) > chars:
            break
        result = longer
    return result or (parts[0][:chars] if parts else "")


def question_key(question: str) -> str:
    """The question as the id's hash sees it: case, spacing and Unicode forms do not change the id."""
    return " ".join(unicodedata.normalize("NFKC", question).casefold().split())


def card_id(question: str) -> str:
    """`<slug>-<hash>` for a card with this question, e.g. `what-is-overfitting-1a2b3c4d`."""
    digest = hashlib.sha256(question_key(question).encode("utf-8")).hexdigest()[:HASH_CHARS]
    words = slug(question)
    return f"{words}-{digest}" if words else f"card-{digest}"


def is_card_id(text: str) -> bool:
    """True for a valid card id (lowercase letters, digits, `-`, `_`, `.`; a letter or digit first)."""
    return _SLUG.match(text) is not None


def tag_for(text: str) -> str:
    """`text` as a tag (a slug), e.g. "Deep Learning" → `deep-learning`; "" when nothing is left."""
    return slug(text.lstrip("#"), words=6, chars=40)
