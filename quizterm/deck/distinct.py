"""Rules across the items of one card that a schema cannot express: its key points, their aliases and its
follow-up questions must all be different.

The review log records which points a grade credited by their text, so two equal points would share one
history; an alias that repeats another point (or its own) would credit two points for the same words, or
say nothing new. Texts are compared as the matcher reads them: ignoring case, punctuation and spacing.
Runs on the plain values before pydantic's verdict is known, so it must take any shape without failing.
"""

from __future__ import annotations

from yaml.nodes import Node

from quizterm.deck.cards import comparable as comparable  # its home moved to cards.py; still importable here
from quizterm.deck.problems import Problem
from quizterm.deck.tree import Loc, child, line_col, where_of


def repeated_items(display: str, cards: list[object], nodes: list[Node]) -> list[Problem]:
    """An error for each key point, alias or follow-up question that repeats an earlier one of its card."""
    problems: list[Problem] = []
    for index, (card, node) in enumerate(zip(cards, nodes, strict=False)):
        if not isinstance(card, dict):
            continue
        problems += _repeats(display, node, ("cards", index), _point_texts(card.get("key_points")),
                             "every key point and alias of a card must be different")
        problems += _repeats(display, node, ("cards", index), _questions(card.get("follow_ups")),
                             "the follow-up questions of a card must be different")
    return problems


def _point_texts(points: object) -> list[tuple[Loc, str, str]]:
    """(loc inside the card, what it is, text) of every point and alias, in file order."""
    found: list[tuple[Loc, str, str]] = []
    if not isinstance(points, list):
        return found
    for at, point in enumerate(points):
        if isinstance(point, str):
            found.append((("key_points", at), "key point", point))
        elif isinstance(point, dict):
            if isinstance(point.get("point"), str):
                found.append((("key_points", at, "point"), "key point", point["point"]))
            aliases = point.get("aliases")
            if isinstance(aliases, list):
                found += [(("key_points", at, "aliases", n), "alias", alias)
                          for n, alias in enumerate(aliases) if isinstance(alias, str)]
    return found


def _questions(follow_ups: object) -> list[tuple[Loc, str, str]]:
    if not isinstance(follow_ups, list):
        return []
    return [(("follow_ups", at, "question"), "follow-up question", item["question"])
            for at, item in enumerate(follow_ups) if isinstance(item, dict) and isinstance(item.get("question"), str)]


def _repeats(display: str, card_node: Node, card_loc: Loc, items: list[tuple[Loc, str, str]],
             rule: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, tuple[Loc, str]] = {}
    for loc, what, text in items:
        key = comparable(text)
        if not key:
            continue  # empty text: pydantic reports it
        if key not in first:
            first[key] = (loc, what)
            continue
        earlier_loc, earlier_what = first[key]
        node, earlier = _node(card_node, loc), _node(card_node, earlier_loc)
        if node is None or earlier is None:
            continue
        line, col = line_col(node)
        problems.append(Problem(display, line, col, where_of((*card_loc, *loc)),
                                f"{what} {text.strip()!r} repeats the {earlier_what} at line {line_col(earlier)[0]} "
                                f"({where_of((*card_loc, *earlier_loc))}); {rule} (ignoring case and punctuation)"))
    return problems


def _node(node: Node | None, loc: Loc) -> Node | None:
    for part in loc:
        step = child(node, part) if node is not None else None
        node = step[1] if step else None
    return node
