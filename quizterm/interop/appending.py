"""Adding cards to the text of an existing deck file, leaving every byte already there as it was.

The new cards go right after the last card of the `cards:` list (before any key that follows it), at
the column of its first `- `, with the file's own line ends (`\\n` or `\\r\\n`). Nothing is re-dumped:
comments, quoting, blank lines and key order of the file stay exactly as the author wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizterm.deck.compose import compose
from quizterm.deck.tree import child
from quizterm.errors import QuiztermError
from quizterm.interop.imported import ImportedCard
from quizterm.interop.writer import cards_text


@dataclass(frozen=True, slots=True)
class CardsList:
    """Where a deck's `cards:` list is and how it is written."""

    insert_at: int
    """The offset in the text where new cards go: the start of the line after the last card."""
    dash_column: int
    newline: str
    ids: frozenset[str]
    """The ids of the cards already there (also when the deck has other errors)."""
    line: int
    """The 1-based line the first new card will start on."""


def find_cards_list(text: str, display: str) -> CardsList:
    """Locate the `cards:` block list of a deck's text; `QuiztermError` when the file has none to add to."""
    root, problems = compose(text, display)
    if problems:
        raise QuiztermError(f"{problems[0].format()} (fix it before adding cards to the file)")
    if not isinstance(root, MappingNode):
        raise QuiztermError(f"{display}: not a deck (its top level is not a mapping with 'title' and 'cards')")
    found = child(root, "cards")
    if found is None:
        raise QuiztermError(f"{display}: the deck has no 'cards' key to add cards to")
    cards = found[1]
    if not isinstance(cards, SequenceNode) or cards.flow_style or not cards.value:
        line = cards.start_mark.line + 1
        raise QuiztermError(f"{display}:{line}: 'cards' is not a block list ('- id: ...' items); cards can only "
                            "be added after such a list")
    first, last = cards.value[0], cards.value[-1]
    dash = text.rfind("-", 0, first.start_mark.index)
    dash_column = dash - (text.rfind("\n", 0, dash) + 1)
    end = len(text[:_content_end(last)].rstrip())
    newline_at = text.find("\n", end)
    insert_at = len(text) if newline_at < 0 else newline_at + 1
    crlf = "\r\n" in text[:text.find("\n") + 1] if "\n" in text else False
    ids = frozenset(node[1].value for item in cards.value if isinstance(item, MappingNode)
                    if (node := child(item, "id")) is not None and isinstance(node[1], ScalarNode))
    return CardsList(insert_at, dash_column, "\r\n" if crlf else "\n", ids, text.count("\n", 0, insert_at) + 1
                     + (1 if insert_at == len(text) and text and not text.endswith("\n") else 0))


def _content_end(node: Node) -> int:
    """Where the last value written inside `node` ends. A block collection's own end mark lies after the
    comments and blank lines that follow it, which belong to what comes next; its last scalar (or flow
    collection) ends right after its text."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return int(node.end_mark.index)


def append_cards_text(text: str, cards: list[ImportedCard], where: CardsList) -> str:
    """`text` with `cards` added after its last card (see `find_cards_list`); the rest is unchanged."""
    head, tail = text[:where.insert_at], text[where.insert_at:]
    if head and not head.endswith("\n"):
        head += where.newline
    return head + cards_text(cards, where.dash_column, where.newline) + tail
