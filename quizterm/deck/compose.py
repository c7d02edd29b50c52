"""Turning a deck file's text into YAML nodes, safely, with libyaml when it is there.

Nodes rather than Python values: every node keeps its line and column, so any later complaint can
point into the file. Composing never expands aliases (an alias is the same node object again), so an
"alias bomb" costs nothing here; `convert.py` refuses anchors before anything walks the graph twice.

Two libyaml hazards are guarded against before it sees the text: its scanner is quadratic in flow
nesting depth (100,000 `[` take minutes) and PyYAML's C composer recurses on the C stack (a few tens
of thousands of `[` crash the process). A cheap bound on the depth, computed from the text in C, lets
ordinary files straight through; anything the bound cannot clear is checked exactly on the event
stream, which stops at `MAX_DEPTH`. The number of values is bounded the same way (`MAX_EVENTS`), so
a small file cannot make a huge node graph.
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizterm.deck.problems import Problem
from quizterm.deck.syntax import yaml_problem
from quizterm.deck.tree import Loc, where_of

MAX_DEPTH = 32
"""Lists and mappings nested deeper than this are refused (a deck needs 6 levels)."""
MAX_EVENTS = 500_000
"""At most this many YAML parser events (about one per value) in one file: ~150 MB of nodes."""
MAX_ALIAS_REPORTS = 50

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

# Above these the cheap depth bound gives up and the exact event check runs (about as slow as composing).
# libyaml's composer needs ~200 bytes of C stack per level: 5000 + 2 * 100 levels fit in any thread's stack.
# The pure-Python composer needs ~3 Python frames per level: keep well under the recursion limit.
_FLOW_OPENERS_FAST = 5000
_BLOCK_UNITS_FAST = 100
_FLOW_OPENERS_FAST_PURE = 100
_BLOCK_UNITS_FAST_PURE = 40
_LONE_CR = re.compile("\r(?!\n)")


def _deep_block_prefix(units: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Patterns for a line starting with `units` indentation/indicator/property units (one per block level).

    For the first line, for lines after `\n` (a literal prefix: fast) and after any YAML line break.
    """
    unit = r"(?:[ \t?:-]|[&!][^ \t\r\n\x85\u2028\u2029]*[ \t])"
    return (re.compile(rf"{unit}{{{units}}}"), re.compile(rf"\n{unit}{{{units}}}"),
            re.compile(rf"[\r\x85\u2028\u2029]{unit}{{{units}}}"))


_DEEP_FAST = _deep_block_prefix(_BLOCK_UNITS_FAST)
_DEEP_FAST_PURE = _deep_block_prefix(_BLOCK_UNITS_FAST_PURE)
_DEEP_STRICT = _deep_block_prefix(MAX_DEPTH // 2)


def _maybe_deeper_than(text: str, flow_openers: int, flow_limit: int,
                       block: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]) -> bool:
    """False only if no nesting in `text` can be much deeper than `flow_limit + 2 * block units`.

    Flow depth is at most the number of `[` and `{`. A block collection nested in another starts at a
    greater (or, for a list in a mapping, equal) column, so block depth is at most twice the longest run
    of indentation, indicators and properties that starts a line.
    """
    if flow_openers > flow_limit:
        return True
    first_line, after_newline, after_other_break = block
    if first_line.match(text) or after_newline.search(text):
        return True
    odd_breaks = "\x85" in text or "\u2028" in text or "\u2029" in text or _LONE_CR.search(text)
    return bool(odd_breaks) and after_other_break.search(text) is not None


def _event_bound(text: str, flow_openers: int) -> int:
    """An upper bound on the parser events for `text`: every value needs an indicator or separator."""
    if 2 * len(text) + 8 <= MAX_EVENTS:  # no event is shorter than half a character
        return 2 * len(text) + 8
    separators = text.count(":") + text.count("?") + text.count(",") + flow_openers
    return 2 * (1 + text.count("-") + 2 * separators) + 4


_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(resolvers) for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _FastResolve:
    """PyYAML's implicit typing of plain scalars, without path resolvers (the composer calls these per node)."""

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0] and value is not None:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class PureLoader(_FastResolve, yaml.SafeLoader):
    """The pure-Python composer: slow, used only when PyYAML was built without libyaml."""


try:
    from yaml import CSafeLoader as _CSafeLoader

    class CLoader(_FastResolve, _CSafeLoader):
        """libyaml's composer: about five times faster than the pure-Python one."""

    USE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    USE_LIBYAML = False

AnyLoader = Any  # PureLoader or CLoader: their common interface is not expressed in the stubs


def loader_class() -> Callable[[str], AnyLoader]:
    """The loader to use: libyaml's when available (tests switch `USE_LIBYAML` off to cover the other)."""
    return CLoader if USE_LIBYAML else PureLoader


# libyaml 0.2.6 (in PyYAML 6.0.4's wheels) has a nesting limit of its own, 1,000 levels, which it can hit
# while scanning ahead (a flow collection's possible key), before a single event reaches `scan_events`.
LIBYAML_DEPTH_ERROR = "exceeded maximum nesting depth"


def compose(text: str, path: str) -> tuple[Node | None, list[Problem]]:
    """The root node of `text` (None for an empty document), or the problems that stop composing it."""
    make = loader_class()
    node, problems = _compose(text, path, make)
    if make is not PureLoader and any(LIBYAML_DEPTH_ERROR in problem.message for problem in problems):
        # Only a file over 1,000 levels deep gets here: the pure-Python scanner has no such limit, so the
        # file is reported as with any other libyaml (too deep at level 33), and quickly: the event scan
        # stops there.
        return _compose(text, path, PureLoader)
    return node, problems


def _compose(text: str, path: str, make: Callable[[str], AnyLoader]) -> tuple[Node | None, list[Problem]]:
    fast = make is not PureLoader
    limits = (_FLOW_OPENERS_FAST, _DEEP_FAST) if fast else (_FLOW_OPENERS_FAST_PURE, _DEEP_FAST_PURE)
    flow_openers = text.count("[") + text.count("{")
    if _maybe_deeper_than(text, flow_openers, *limits):
        problems = scan_events(make, text, path)
        if problems:
            return None, problems
    elif _event_bound(text, flow_openers) > MAX_EVENTS:
        problems = _count_events(make, text, path)
        if problems:
            return None, problems
    loader = make(text)
    try:
        return loader.get_single_node(), []
    except yaml.YAMLError as exc:
        if _maybe_deeper_than(text, flow_openers, MAX_DEPTH, _DEEP_STRICT):
            # Too deep is what to fix first: a syntax error far inside such a structure is noise, and
            # which one a parser reports there differs between libyaml versions.
            too_deep = scan_events(make, text, path)
            if too_deep:
                return None, too_deep
        return None, [yaml_problem(exc, path, text, make)]
    except RecursionError:  # the pure-Python composer recurses per level
        return None, [_too_deep(path, loader.get_mark())]
    finally:
        loader.dispose()


TOO_DEEP = (f"nesting too deep (more than {MAX_DEPTH} levels of lists and mappings); "
            "a deck needs 6: deck, cards, card, key_points, key point, aliases")


def _too_deep(path: str, mark: yaml.Mark) -> Problem:
    return Problem(path, mark.line + 1, mark.column + 1, "", TOO_DEEP)


def _too_many(path: str) -> Problem:
    return Problem(path, 1, 1, "", f"too many YAML values in one file (more than {MAX_EVENTS:,}); "
                   "split the deck into several files")


def _count_events(make: Callable[[str], AnyLoader], text: str, path: str) -> list[Problem]:
    """Refuse `text` if it has more than `MAX_EVENTS` events; counted in C by libyaml when possible."""
    if make is PureLoader:
        return scan_events(make, text, path)
    loader = make(text)
    try:
        events = loader.raw_parse()
    except yaml.YAMLError as exc:
        return [yaml_problem(exc, path, text, make)]
    finally:
        loader.dispose()
    return [_too_many(path)] if events > MAX_EVENTS else []


def scan_events(make: Callable[[str], AnyLoader], text: str, path: str) -> list[Problem]:
    """Check depth and size on the event stream, stopping at the first excess (never building nodes).

    A YAML syntax error stops the scan silently: composing reports it with its position.
    """
    loader = make(text)
    depth = events = 0
    try:
        while True:
            event = loader.get_event()
            events += 1
            kind = event.__class__
            if kind is ScalarEvent:
                pass
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    return [_too_deep(path, event.start_mark)]
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
            elif kind is StreamEndEvent:
                return []
            if events > MAX_EVENTS:
                return [_too_many(path)]
    except yaml.YAMLError:
        return []
    finally:
        loader.dispose()


def find_aliases(text: str, path: str) -> list[Problem]:
    """Every alias (`*name`) in `text`, located where it is written (nodes only know the anchor)."""
    loader = loader_class()(text)
    problems: list[Problem] = []
    # One frame per open collection: [loc, is_mapping, next index or current key, expecting a key].
    stack: list[list[Any]] = []
    try:
        while len(problems) < MAX_ALIAS_REPORTS:
            event = loader.get_event()
            kind = event.__class__
            if kind is StreamEndEvent:
                break
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                continue
            if kind not in (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent):
                continue
            loc: Loc = ()
            if stack:
                frame = stack[-1]
                if not frame[1]:
                    loc = (*frame[0], frame[2])
                    frame[2] += 1
                elif frame[3]:
                    loc = frame[0]
                    frame[2] = event.value if kind is ScalarEvent else "?"
                    frame[3] = False
                else:
                    loc = (*frame[0], frame[2])
                    frame[3] = True
            if kind is AliasEvent:
                mark = event.start_mark
                problems.append(Problem(path, mark.line + 1, mark.column + 1, where_of(loc),
                                        f"YAML aliases (*{event.anchor}) are not allowed in deck files; "
                                        "write the value out in full"))
            elif kind is MappingStartEvent:
                stack.append([loc, True, None, True])
            elif kind is SequenceStartEvent:
                stack.append([loc, False, 0, False])
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return problems


__all__ = ["MAX_DEPTH", "MAX_EVENTS", "MappingNode", "Node", "ScalarNode", "SequenceNode", "compose"]
