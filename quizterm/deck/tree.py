"""Finding places in a composed YAML node tree: by path (pydantic's `loc`) and back.

Only problems need places, so these run on the error path; valid files never call them.
"""

from __future__ import annotations

from collections.abc import Collection

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]


def where_of(loc: Loc) -> str:
    """`('cards', 3, 'short_answer')` as `cards[3].short_answer`."""
    out: list[str] = []
    for part in loc:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out)


def line_col(node: Node) -> tuple[int, int]:
    """1-based line and column where `node` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def key_text(key: Node) -> str:
    """A mapping key as the author wrote it (`no`, not False); non-scalar keys never match a field."""
    return key.value if isinstance(key, ScalarNode) else "?"


def child(node: Node, part: str | int) -> tuple[Node, Node] | None:
    """(key node or the item itself, value node) for one `loc` step into `node`; None if absent."""
    if isinstance(node, MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == part:
                return key, value
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item: Node = node.value[part]
        return item, item
    return None


def node_at(root: Node, loc: Loc, refused: Collection[int] = ()) -> Node | None:
    """The node at `loc`, or None if there is none or the way passes through a refused node."""
    node = root
    for part in loc:
        if id(node) in refused:
            return None
        step = child(node, part)
        if step is None:
            return None
        node = step[1]
    return None if id(node) in refused else node


def index_paths(root: Node, refused: Collection[int], max_depth: int) -> dict[int, Loc]:
    """`id(node) -> loc` for every node (keys map to their entry's loc), not entering refused nodes.

    Visits in document order, so a node reached twice (an anchored node and its aliases) gets the loc
    of its first appearance: where the anchor is written.
    """
    paths: dict[int, Loc] = {}
    stack: list[tuple[Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in paths:
            continue
        paths[id(node)] = loc
        if id(node) in refused or len(loc) >= max_depth:
            continue
        children: list[tuple[Node, Loc]] = []
        if isinstance(node, MappingNode):
            for key, value in node.value:
                entry = (*loc, key_text(key))
                children += ((key, entry), (value, entry))
        elif isinstance(node, SequenceNode):
            children = [(item, (*loc, index)) for index, item in enumerate(node.value)]
        stack += reversed(children)
    return paths
