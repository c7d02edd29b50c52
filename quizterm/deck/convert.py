"""Composed YAML nodes to plain Python values, in one walk that refuses what a deck must not use.

This walk replaces PyYAML's constructor: it is faster (it only makes str, int, dict and list), and it
checks what YAML would otherwise hide from pydantic: anchors and aliases (refused before anything expands
them), explicit tags (`!!python/object`), merge keys, duplicate keys, control characters written as
escapes (`"\\e[31m"`) and excessive nesting. A carriage return written as an escape (`"\\r\\n"`, what
`yaml.safe_dump` makes of Windows text) is a line break, so it becomes `\\n`. A whole number written in
plain decimal (`90`) becomes an int, for `time_limit`; any other value YAML reads as something other than
text (`no`, `1.10`, `010`, `2024-01-01`, `12:30`, null) becomes `NOT_TEXT`. Pydantic rejects what does
not belong where it is, and `explain.py` looks at the node to say how YAML read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode

from quizterm.deck.compose import MAX_DEPTH, STR_TAG, TOO_DEEP, find_aliases
from quizterm.deck.problems import Problem
from quizterm.deck.tree import index_paths, line_col, where_of

MERGE_TAG = "tag:yaml.org,2002:merge"
INT_TAG = "tag:yaml.org,2002:int"
# Octal (`010`), hex, base 60 (`1:30`) and `1_000` stay NOT_TEXT: seconds are written plainly. At most 18
# digits, so converting can never hit Python's limit on digits (the range check rejects them anyway).
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
# Plain `=` and `<<` as values are just text (PyYAML would fail to construct them).
_TEXT_TAGS = frozenset({STR_TAG, "tag:yaml.org,2002:value", MERGE_TAG})

# Card text may hold newlines and tabs; any other C0/C1 control character could drive the terminal.
# A carriage return is a line break: it is made a newline (`LINE_BREAK`) before this check.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"\r\n?")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SHORT_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b", "N": "\x85"}
_PROPERTY = re.compile(r"[&!][^ \t\r\n,\[\]{}]*")


class _NotText:
    """Stands for a YAML value read as a boolean, number, date or null: never valid where text is."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_TEXT"


NOT_TEXT = _NotText()


class _Expanding(Exception):
    """The walk met more nodes than the text can hold: shared nodes are being expanded."""


@dataclass
class Converted:
    """The plain value of a document and what the walk refused.

    `refused` holds the ids of nodes replaced by None (so pydantic's complaints about them are dropped:
    the real problem is already reported); `merged` the mappings that used a merge key (their missing
    keys are not reported either).
    """

    data: object
    problems: list[Problem] = field(default_factory=list)
    refused: set[int] = field(default_factory=set)
    merged: set[int] = field(default_factory=set)


def convert(root: Node, text: str, path: str) -> Converted:
    """Plain Python values for `root` (composed from `text`), with the problems found on the way."""
    props = may_have_properties(text)
    escapes = "\\" in text or "\x85" in text  # no control character can reach a value without these
    plain = not props and not escapes  # then a text scalar needs no check: take its value inline
    found: list[tuple[Node, int, int, str]] = []  # (node whose path is the `where`, line, column, message)
    refused: set[int] = set()
    merged: set[int] = set()
    anchors = False
    # Without aliases every node is walked once; a composed document has fewer nodes than this. Should a
    # shared node ever get past the anchor check, the walk stops here instead of expanding it.
    budget = 2 * len(text) + 8

    def refuse(node: Node, depth: int) -> None:
        nonlocal anchors
        if id(node) in refused:
            return None  # an alias of an anchored node, or a cycle: already reported
        refused.add(id(node))
        if depth >= MAX_DEPTH:
            if not any(message == TOO_DEEP for *_, message in found):
                found.append((node, *line_col(node), TOO_DEEP))
            return None
        index = node.start_mark.index
        match = _PROPERTY.match(text, index)
        written = match.group() if match else "?"
        if written.startswith("&"):
            anchors = True
            message = (f"YAML anchors ({written}) are not allowed in deck files; "
                       "write the value out in full wherever it is used")
        else:
            danger = " (they could run code)" if "python" in written else ""
            message = f"YAML tags ({written}) are not allowed in deck files{danger}; remove the tag"
        found.append((node, *line_col(node), message))
        return None

    def walk(node: Node, depth: int) -> object:
        if props and text[node.start_mark.index:node.start_mark.index + 1] in ("&", "!"):
            refuse(node, depth)
            return None
        kind = node.__class__
        if kind is ScalarNode:
            if node.tag in _TEXT_TAGS:
                value: str = node.value
                if escapes:  # only an escape can put a control character (or a "\r") into a value
                    if "\r" in value:
                        value = LINE_BREAK.sub("\n", value)
                    if CONTROL.search(value):
                        found.append((node, *control_position(text, node), control_message(value)))
                return value
            if node.tag == INT_TAG and _DECIMAL.fullmatch(node.value):
                return int(node.value)
            return NOT_TEXT
        if depth >= MAX_DEPTH:
            refuse(node, depth)
            return None
        nonlocal budget
        budget -= len(node.value)
        if budget < 0:
            raise _Expanding
        if kind is MappingNode:
            result: dict[str, object] = {}
            for key, value_node in node.value:
                if key.__class__ is not ScalarNode:
                    found.append((node, *line_col(key), "a key must be text, not a list or mapping"))
                    refused.add(id(value_node))
                    continue
                if props and text[key.start_mark.index:key.start_mark.index + 1] in ("&", "!"):
                    refuse(key, depth)
                    refused.add(id(value_node))
                    continue
                if key.tag == MERGE_TAG:
                    found.append((node, *line_col(key), "merge keys (<<) are not allowed in deck files; "
                                  "write the keys out in full"))
                    merged.add(id(node))
                    refused.add(id(value_node))
                    continue
                name: str = key.value
                if name in result:
                    first = next(k for k, _ in node.value if k.__class__ is ScalarNode and k.value == name)
                    found.append((key, *line_col(key), f"duplicate key {name!r}, first at line "
                                  f"{first.start_mark.line + 1}; remove one of them"))
                    continue
                if escapes and CONTROL.search(name):
                    found.append((key, *control_position(text, key), control_message(name)))
                if plain and value_node.__class__ is ScalarNode and value_node.tag == STR_TAG:
                    result[name] = value_node.value
                else:
                    result[name] = walk(value_node, depth + 1)
            return result
        if plain:
            return [item.value if item.__class__ is ScalarNode and item.tag == STR_TAG else walk(item, depth + 1)
                    for item in node.value]
        return [walk(item, depth + 1) for item in node.value]

    try:
        data = walk(root, 0)
    except _Expanding:
        return Converted(None, [Problem(path, 1, 1, "", "values are shared through YAML aliases; deck files "
                                        "may not use anchors or aliases: write every value out in full")],
                         refused={id(root)})
    converted = Converted(data, refused=refused, merged=merged)
    if found:
        paths = index_paths(root, refused, MAX_DEPTH)
        for node, line, col, message in found:
            where = where_of(paths.get(id(node), ())) if message != TOO_DEEP else ""
            converted.problems.append(Problem(path, line, col, where, message))
    if anchors:
        converted.problems += find_aliases(text, path)
    return converted


_NODE_START_AFTER = frozenset("\n\r-:?[{,\x85\u2028\u2029")


def may_have_properties(text: str) -> bool:
    """False only if `text` has no anchor (`&a`) and no tag (`!t`): those start a node.

    A node starts a line or follows an indicator (`- `, `: `, `? `, `[`, `{`, `,`). Prose has `!` and `&`
    too ("Stop!", "R&D", "x != y") but after a word, so most files skip the per-node check.
    """
    for char in "&!":
        at = text.find(char)
        while at >= 0:
            before = at - 1
            while before >= 0 and text[before] in " \t":
                before -= 1
            if before < 0 or text[before] in _NODE_START_AFTER:
                return True
            at = text.find(char, at + 1)
    return False


def control_message(value: str) -> str:
    """What to say about a control character in `value` (the first one)."""
    match = CONTROL.search(value)
    code = ord(match.group()) if match else 0
    return (f"control character U+{code:04X} is not allowed in deck text (it could drive the terminal); "
            "remove it")


def control_position(text: str, node: Node) -> tuple[int, int]:
    """1-based line and column of the first control character in a scalar, as written in the file.

    In double quotes that is the escape (`\\e`, `\\x1b`, `\\u001b`); elsewhere the character itself.
    Falls back to the start of the scalar.
    """
    start, end = node.start_mark.index, node.end_mark.index
    raw = text[start:end]
    offset = None
    if getattr(node, "style", None) == '"':
        for match in _ESCAPE.finditer(raw):
            code = match.group(1)
            number = int(code[1:], 16) if len(code) > 1 else -1
            char = _SHORT_ESCAPES.get(code, "") if number < 0 else chr(min(number, 0x10FFFF))
            if CONTROL.match(char):
                offset = match.start()
                break
    else:
        found = CONTROL.search(raw)
        offset = found.start() if found else None
    line, col = line_col(node)
    if offset is None:
        return line, col
    before = raw[:offset]
    breaks = before.count("\n")
    if breaks:
        return line + breaks, offset - before.rfind("\n")
    return line, col + offset
