"""YAML syntax errors, worded to say what to do: libyaml says what it expected, the author needs to know
what to change.

Most syntax errors in hand-written decks are a key or a `- ` item one column off, or text with ': ' in
it. For those the parser's words ("did not find expected key", "mapping values are not allowed") are
followed by a hint that names the line to line up with: the keys and lists the parser read before the
error show where the author's columns are. Runs only for files that fail to parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from quizterm.deck.problems import Problem

# libyaml's wording (and the pure-Python parser's), made to say what to do.
_HINTS = (
    ("tab", "; YAML does not allow tabs for indentation: use spaces"),
    ("mapping values are not allowed", "; if the text contains ': ', put it in quotes"),
    ("found undefined alias", "; YAML aliases (*name) are not allowed in deck files"),
    ("found duplicate anchor", "; YAML anchors (&name) are not allowed in deck files"),
)
# What the parsers say when a line starts at a column no open mapping or list is at.
_OUT_OF_LINE = ("did not find expected key", "did not find expected '-' indicator", "expected <block end>")
_KEY = re.compile(r"(?:-[ \t]+)*([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_BARE_KEY = re.compile(r"[ \t]*(?:-[ \t]+)*([A-Za-z_][\w-]*)[ \t]*")
_LINE_END = re.compile(r"[\r\n\x85\u2028\u2029]")
_NODE_EVENTS = (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent)
MAX_LAYOUT_EVENTS = 100_000
"""Events read to find the author's columns: enough for any deck, bounded for a hostile file."""

AnyLoader = Any
Place = tuple[int, int, str]
"""(0-based line, 0-based column, key name or "") of a block mapping key or a block list's first `-`."""


def yaml_problem(exc: yaml.YAMLError, path: str, text: str, make: Callable[[str], AnyLoader]) -> Problem:
    """One located problem for a YAML syntax error, worded to say what to do about it.

    `make` builds the loader that failed: it is run again up to the error to find the author's columns.
    """
    if not isinstance(exc, yaml.MarkedYAMLError):  # a ReaderError: checked earlier, but be safe
        position = getattr(exc, "position", 0)
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        return Problem(path, line, col, "", f"invalid YAML: {exc}")
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    mark, context_mark = exc.problem_mark, exc.context_mark
    if context == "expected a single document in the stream":
        message = ("a second YAML document starts here; a deck file holds exactly one: "
                   "remove the '---' line or split the file")
    elif context.startswith("while scanning a quoted scalar") and context_mark is not None:
        message = (f"unterminated quoted text: this quote is never closed ({problem} at line "
                   f"{_line(mark)}); add the closing quote")
        mark = context_mark
    elif "cannot start any token" in problem and mark is not None:
        char = text[mark.index:mark.index + 1]
        if char == "\t":
            message = "a tab character: YAML does not allow tabs for indentation; use spaces"
        else:
            message = (f"text cannot start with {char!r} in YAML; put the whole text in quotes, "
                       f"or use '|' and write it on the next lines")
    else:
        message = problem
        if context and context_mark is not None and (mark is None or (context_mark.line, context_mark.column)
                                                     != (mark.line, mark.column)):
            message += f" ({context} at line {context_mark.line + 1}, column {context_mark.column + 1})"
        message += _indentation_hint(problem, mark, text, make) or next(
            (hint for needle, hint in _HINTS if needle in problem), "")
    message = " ".join(message.split())
    mark = mark or context_mark
    if mark is None:
        return Problem(path, 1, 1, "", message)
    return Problem(path, mark.line + 1, mark.column + 1, "", message)


def _line(mark: yaml.Mark | None) -> str:
    return "?" if mark is None else str(mark.line + 1)


def _indentation_hint(problem: str, mark: yaml.Mark | None, text: str, make: Callable[[str], AnyLoader]) -> str:
    """Which line to line up with, when the error's line is a key or a `- ` item at a stray column."""
    if mark is None:
        return ""
    start = mark.index - mark.column
    end = _LINE_END.search(text, start)
    line = text[start:end.start() if end else len(text)]
    column = len(line) - len(line.lstrip(" "))
    rest = line[column:]
    if any(words in problem for words in _OUT_OF_LINE):
        item = rest == "-" or rest.startswith(("- ", "-\t"))
        key = _KEY.match(rest)
        if not item and key is None:
            return ""
        place = _nearest(_layout(text, make, mark.line), column, lists=item)
        if place is None:
            return ""
        if item:
            return f"; check the indentation: line this '- ' item up with the one on line {place[0] + 1} " \
                   f"(column {place[1] + 1})"
        return f"; check the indentation: line this key up with {place[2]!r} on line {place[0] + 1} " \
               f"(column {place[1] + 1})"
    if "mapping values are not allowed" in problem:
        # `question: Q` then `   short_answer: A` one column too far: the second line continues the text
        # of the first, and its ': ' is where the parser stops. Text with ': ' in it stops there too.
        bare = _BARE_KEY.fullmatch(line[:mark.column])
        if bare is None:
            return ""
        place = _nearest(_layout(text, make, mark.line), column, lists=False)
        if place is None:
            return ""
        return (f"; if {bare.group(1)!r} is a key, line it up with {place[2]!r} on line {place[0] + 1} "
                f"(column {place[1] + 1}); if it is text containing ': ', put the whole text in quotes")
    return ""


def _nearest(places: tuple[list[Place], list[Place]], column: int, *, lists: bool) -> Place | None:
    """The key (or list) whose column is closest to `column` but not equal to it; the latest on a tie."""
    keys, starts = places
    candidates = [place for place in (starts if lists else keys) if place[1] != column]
    if not candidates:
        return None
    return min(reversed(candidates), key=lambda place: abs(place[1] - column))


def _layout(text: str, make: Callable[[str], AnyLoader], before_line: int) -> tuple[list[Place], list[Place]]:
    """The block mapping keys and block lists the parser reads before `before_line` (0-based)."""
    loader = make(text)
    keys: list[Place] = []
    starts: list[Place] = []
    stack: list[list[bool]] = []  # one frame per open collection: [a mapping, next node is a key, block style]
    try:
        for _ in range(MAX_LAYOUT_EVENTS):
            event = loader.get_event()
            kind = event.__class__
            if kind is StreamEndEvent or event.start_mark.line >= before_line:
                break
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                continue
            if kind not in _NODE_EVENTS:
                continue
            is_key = False
            if stack and stack[-1][0]:
                is_key = stack[-1][1] and stack[-1][2]
                stack[-1][1] = not stack[-1][1]
            mark = event.start_mark
            if kind is ScalarEvent and is_key:
                keys.append((mark.line, mark.column, event.value))
            elif kind is MappingStartEvent:
                stack.append([True, True, not event.flow_style])
            elif kind is SequenceStartEvent:
                stack.append([False, False, not event.flow_style])
                if not event.flow_style:
                    starts.append((mark.line, mark.column, ""))
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return keys, starts
