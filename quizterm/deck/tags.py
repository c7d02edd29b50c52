"""Tags as the user types them (`--tag`, the deck list's filter), checked against the cards' tags.

A tag no card has filters every card out, which looked like "nothing is due today". Saying "no card has
tag X" with the closest real tag turns a typo into a one-keystroke fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from quizterm.deck.cards import Deck


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from free text: separated by spaces or commas, a leading `#` dropped, lower-cased (as tags are)."""
    return tuple(t.lstrip("#").lower() for t in text.replace(",", " ").split() if t.lstrip("#"))


def all_tags(decks: Sequence[Deck]) -> list[str]:
    """Every tag of every card of `decks`, sorted, each once."""
    return sorted({tag for deck in decks for card in deck.cards for tag in card.tags})


def unknown_tags(wanted: Iterable[str], known: Sequence[str]) -> list[str]:
    """The tags of `wanted` that no card has, in the order given, each once."""
    have = set(known)
    return list(dict.fromkeys(tag for tag in wanted if tag not in have))


def closest_tag(tag: str, known: Sequence[str]) -> str | None:
    """The known tag `tag` most likely meant (a typo, or the start of it), or None."""
    starting = [name for name in known if name.startswith(tag)]
    if starting:
        return starting[0]
    close = difflib.get_close_matches(tag, known, n=1)  # 0.6 of matching: "kubernetes" is not "ensembles"
    return close[0] if close else None


def no_card_has(tag: str, known: Sequence[str], *, name_all: bool = True) -> str:
    """`no card has tag 'agl'; did you mean 'algo'?`; when no tag is close, every tag is named (unless
    `name_all` is false: the deck list shows them all anyway)."""
    suggestion = closest_tag(tag, known)
    if suggestion is not None:
        return f"no card has tag {tag!r}; did you mean {suggestion!r}?"
    if not name_all:
        return f"no card has tag {tag!r}"
    if not known:
        return f"no card has tag {tag!r}; these decks have no tags"
    return f"no card has tag {tag!r}; the tags are: {', '.join(known)}"
