"""Deck files as text, written for the people who edit them next.

- Stable key order: a card's keys in the order of the deck format (`CARD_FIELDS`), sections left out
  when empty.
- Multi-line text as a literal block (`|-`), exactly as it reads; one-line text plain when YAML reads it
  back as the same text, else quoted by PyYAML's own emitter (so `no`, `1.10`, `12:30`, `: ` and `#` can
  never be misread).
- Lists as block lists (`- item`), tags as a flow list (`[a, b]`: tags are slugs, nothing to quote).

Every text must already be clean (`text.clean_text`): a literal block cannot hold what a deck refuses,
and the writer refuses rather than guesses (`ValueError`, a bug in the importer). What is written is
what the loader reads back, character for character (a hypothesis test holds the writer to that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import yaml

from quizterm.deck.cards import FollowUp, KeyPoint
from quizterm.interop.imported import ImportedCard
from quizterm.interop.text import is_clean

SCHEMA_FILE = "deck.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"
"""The first line of a written deck: editors with the YAML language server then check and complete it."""

CARD_INDENT = 2
"""Where a written card's `- ` starts in a new deck (its keys start two columns further)."""

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_WIDTH = 1 << 30  # never fold a line: a folded quoted scalar is hard to edit


def inline(text: str) -> str:
    """`text` (one line) as a YAML value: plain when that reads back as the same text, else quoted."""
    dumped: str = yaml.dump({"k": text}, Dumper=_Dumper, allow_unicode=True, width=_WIDTH,
                            default_flow_style=False)
    value = dumped[3:].rstrip("\n")
    if "\n" in value:  # PyYAML never breaks a single line this wide; if it did, the text would not round-trip
        raise ValueError(f"cannot write {text!r} on one line")
    return value


def value(text: str, column: int) -> str:
    """`text` as the value of a key (or list item) whose block content would start at `column`:
    `plain`, `"quoted"` or a `|-` block whose lines are indented to `column`."""
    if not text or not is_clean(text):
        raise ValueError(f"text must be clean and non-empty before it is written: {text[:60]!r}")
    if "\n" not in text:
        return inline(text)
    pad = " " * column
    body = "\n".join(pad + line if line else "" for line in text.split("\n"))
    return f"|-\n{body}"


def _text_list(key: str, items: Sequence[str], column: int) -> list[str]:
    lines = [f"{' ' * column}{key}:"]
    for item in items:
        lines.append(f"{' ' * (column + 2)}- {value(item, column + 4)}")
    return lines


def _key_points(points: Sequence[KeyPoint], column: int) -> list[str]:
    lines = [f"{' ' * column}key_points:"]
    dash = " " * (column + 2)
    for point in points:
        if not point.aliases:
            lines.append(f"{dash}- {value(point.text, column + 4)}")
            continue
        lines.append(f"{dash}- point: {value(point.text, column + 6)}")
        lines += _text_list("aliases", point.aliases, column + 4)
    return lines


def _follow_ups(probes: Sequence[FollowUp], column: int) -> list[str]:
    lines = [f"{' ' * column}follow_ups:"]
    dash = " " * (column + 2)
    for probe in probes:
        lines.append(f"{dash}- question: {value(probe.question, column + 6)}")
        lines.append(f"{dash}  answer: {value(probe.answer, column + 6)}")
    return lines


def tag_list(tags: Iterable[str]) -> str:
    """`[a, b]`: tags are slugs, which need no quoting in a flow list."""
    return "[" + ", ".join(tags) + "]"


def card_lines(card: ImportedCard, dash_column: int = CARD_INDENT) -> list[str]:
    """The card as YAML lines (without line ends), its `- ` at `dash_column`."""
    key = dash_column + 2
    pad = " " * key
    lines = [f"{' ' * dash_column}- id: {inline(card.id)}",
             f"{pad}question: {value(card.question, key + 2)}",
             f"{pad}short_answer: {value(card.short_answer, key + 2)}"]
    for name, text in (("breakdown", card.breakdown), ("theory", card.theory)):
        if text:
            lines.append(f"{pad}{name}: {value(text, key + 2)}")
    for name, items in (("common_mistakes", card.common_mistakes), ("interview_tips", card.interview_tips)):
        if items:
            lines += _text_list(name, items, key)
    if card.key_points:
        lines += _key_points(card.key_points, key)
    if card.follow_ups:
        lines += _follow_ups(card.follow_ups, key)
    if card.sources:
        lines += _text_list("sources", card.sources, key)
    if card.time_limit:
        lines.append(f"{pad}time_limit: {int(card.time_limit)}")
    if card.tags:
        lines.append(f"{pad}tags: {tag_list(card.tags)}")
    return lines


def cards_text(cards: Iterable[ImportedCard], dash_column: int = CARD_INDENT, newline: str = "\n") -> str:
    """The cards as the items of a `cards:` list, each line ended by `newline`."""
    return "".join(line + newline for card in cards for line in card_lines(card, dash_column))


def deck_text(title: str, cards: Sequence[ImportedCard], *, description: str = "", tags: Sequence[str] = (),
              comments: Sequence[str] = ()) -> str:
    """A whole deck file: the `$schema` line, `comments` (each a `# ` line), title, description, tags, cards."""
    lines = [SCHEMA_LINE, *(f"# {comment}" if comment else "#" for comment in comments),
             f"title: {value(title, 2)}"]
    if description:
        lines.append(f"description: {value(description, 2)}")
    if tags:
        lines.append(f"tags: {tag_list(tags)}")
    lines.append("cards:")
    return "\n".join(lines) + "\n" + cards_text(cards)
