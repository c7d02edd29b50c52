"""Every Python code block in the bundled decks compiles (issue 12).

A candidate reads a card's code as something that works; a block that does not even parse, or that hides
the interesting part behind a `...` placeholder, teaches them something false. Blocks are the fenced
```python (or ```py) blocks of a card's Markdown sections, `breakdown` and `theory`. A failure names the
deck file, the card id and the line in the deck file, so an author can jump straight to it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizterm.deck.bundled import bundled_decks_dir

MARKDOWN_FIELDS = ("breakdown", "theory")
PYTHON_INFO = {"python", "py", "python3"}
_OPENING = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)[^`]*$")
BUNDLED = sorted(bundled_decks_dir().glob("*.yaml"))


@dataclass(frozen=True)
class CodeBlock:
    deck: Path
    card: str
    field: str
    line: int
    """Line in the deck file of the block's first code line (1-based)."""
    source: str


def _child(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value
    return None


def _first_content_line(node: ScalarNode) -> int:
    """1-based file line of the scalar's first line of text. A literal block (`|`) keeps one text line per
    file line, starting on the line after its indicator; any other style is reported at its start."""
    if node.style == "|":
        return node.start_mark.line + 2
    return node.start_mark.line + 1


def python_blocks_of_text(text: str) -> Iterator[tuple[int, str]]:
    """(0-based index of the first code line, dedented source) of each Python fence in Markdown `text`."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        if opening["info"].lower() in PYTHON_INFO:
            body = [line[indent:] if not line[:indent].strip() else line.lstrip() for line in lines[index + 1:end]]
            yield index + 1, "\n".join(body) + "\n"
        index = end + 1


def python_blocks(deck: Path) -> Iterator[CodeBlock]:
    root = yaml.compose(deck.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    cards = _child(root, "cards") if root is not None else None
    if not isinstance(cards, SequenceNode):
        return
    for card in cards.value:
        if not isinstance(card, MappingNode):
            continue
        card_id = _child(card, "id")
        name = card_id.value if isinstance(card_id, ScalarNode) else "?"
        for key, node in card.value:  # in file order
            field = key.value if isinstance(key, ScalarNode) else None
            if field not in MARKDOWN_FIELDS or not isinstance(node, ScalarNode):
                continue
            first = _first_content_line(node)
            for offset, source in python_blocks_of_text(node.value):
                yield CodeBlock(deck, name, field, first + offset, source)


def problems(deck: Path) -> list[str]:
    """One line per Python block that does not compile or contains a `...` placeholder statement."""
    found: list[str] = []
    for block in python_blocks(deck):
        where = f"{block.deck.name}: card {block.card!r}, {block.field}"
        try:
            tree = ast.parse(block.source, filename=f"{block.deck.name}:{block.card}")
            compile(tree, f"{block.deck.name}:{block.card}", "exec")
        except SyntaxError as error:
            line = block.line + (error.lineno or 1) - 1
            found.append(f"{where}, line {line}: {error.msg}")
            continue
        for statement in ast.walk(tree):
            if (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                    and statement.value.value is Ellipsis):
                found.append(f"{where}, line {block.line + statement.lineno - 1}: "
                             "'...' placeholder; write code that runs")
    return found


@pytest.mark.parametrize("deck", BUNDLED, ids=[path.name for path in BUNDLED])
def test_every_python_block_of_a_bundled_deck_compiles(deck: Path) -> None:
    assert problems(deck) == []


def test_the_bundled_decks_do_have_python_blocks() -> None:
    # Guards the test above: an extractor that finds nothing would pass it vacuously.
    assert len(BUNDLED) >= 3
    assert sum(1 for deck in BUNDLED for _ in python_blocks(deck)) >= 10


DECK = """\
title: T
cards:
  - id: good
    question: q
    short_answer: s
    breakdown: |
      Text.

      ```python
      import math
      print(math.pi)
      ```
  - id: broken
    question: q
    short_answer: s
    theory: |
      Intro.

      - In a list item:

        ```py
        x = [1, 2
        y = 3
        ```

      ```text
      not python (
      ```
    breakdown: |
      ```python
      def f():
          ...
      ```
"""


def test_a_broken_block_is_reported_with_deck_card_and_file_line(tmp_path: Path) -> None:
    deck = tmp_path / "t.yaml"
    deck.write_text(DECK, encoding="utf-8")
    reported = problems(deck)
    assert len(reported) == 2
    assert reported[0].startswith("t.yaml: card 'broken', theory, line 22: ")
    assert DECK.splitlines()[21].strip() == "x = [1, 2"
    assert reported[1] == "t.yaml: card 'broken', breakdown, line 32: '...' placeholder; write code that runs"
    assert DECK.splitlines()[31].strip() == "..."


def test_blocks_are_found_with_their_file_lines_and_dedented(tmp_path: Path) -> None:
    deck = tmp_path / "t.yaml"
    deck.write_text(DECK, encoding="utf-8")
    blocks = list(python_blocks(deck))
    assert [(block.card, block.field, block.line) for block in blocks] == [
        ("good", "breakdown", 10), ("broken", "theory", 22), ("broken", "breakdown", 31)]
    assert blocks[0].source == "import math\nprint(math.pi)\n"
    assert blocks[1].source == "x = [1, 2\ny = 3\n"


def test_other_languages_and_unclosed_fences() -> None:
    assert list(python_blocks_of_text("```text\nprint(\n```\n")) == []
    assert list(python_blocks_of_text("```\nprint(\n```\n")) == []
    assert list(python_blocks_of_text("a\n```Python\nx = 1")) == [(2, "x = 1\n")]
    assert list(python_blocks_of_text("````python\n```\nx = 1\n````\n")) == [(1, "```\nx = 1\n")]
