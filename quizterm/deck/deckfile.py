"""Validating one deck file: bytes, text, YAML nodes, plain values, pydantic, then a plain `Deck`.

Every stage reports located problems instead of raising, and each stage only runs on what the one
before accepted. Importing this module imports yaml and pydantic, so `loader.py` imports it only when a
file is not in the cache.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizterm.deck.cards import Card, Deck, FollowUp, KeyPoint
from quizterm.deck.compose import compose
from quizterm.deck.convert import convert
from quizterm.deck.distinct import repeated_items
from quizterm.deck.explain import describe, explain
from quizterm.deck.models import RUBRIC_SECTIONS, DeckModel
from quizterm.deck.problems import Problem, capped, duplicate_id
from quizterm.deck.source import read_source
from quizterm.deck.tree import child, line_col

MAX_PROBLEMS = 100
"""Errors, and apart from them warnings, listed per file: a broken or hostile file must not flood the terminal."""

CardId = tuple[str, int, int, int]
"""A card id where it is written: (id, index in `cards`, line, column)."""


@dataclass
class FileResult:
    """What one deck file holds: its deck (None if it has errors), its problems, its card ids.

    `ids` lists each id once, also in invalid files, so duplicates across files are still found.
    `size` and `mtime_ns` are the file identity the text was read under (-1 if it was not read).
    """

    deck: Deck | None
    problems: list[Problem] = field(default_factory=list)
    ids: tuple[CardId, ...] = ()
    size: int = -1
    mtime_ns: int = -1


def load_file(path: Path, display: str, compact: bool = False) -> FileResult:
    """Validate the deck file at `path`; `display` is how problems name the file.

    With `compact`, a valid deck's cards keep their rubrics compressed (see `Card`).
    """
    source = read_source(path, display)
    if isinstance(source, list):
        return FileResult(None, source)
    collecting = gc.isenabled()
    gc.disable()  # composing makes many objects and no cycles: the collector would only slow it down
    try:
        result = _validate(path, display, source.text)
    finally:
        if collecting:
            gc.enable()
    result.size, result.mtime_ns = source.size, source.mtime_ns
    if compact and result.deck is not None:
        result.deck = result.deck.compacted()
    return result


def _validate(path: Path, display: str, text: str) -> FileResult:
    root, problems = compose(text, display)
    if root is None or (isinstance(root, ScalarNode) and root.tag.endswith(":null") and root.value == ""):
        if not problems:
            problems = [Problem(display, 1, 1, "", "the file is empty; a deck needs a 'title' and 'cards'")]
        return FileResult(None, _finish(problems))
    if not isinstance(root, MappingNode):
        return FileResult(None, [Problem(display, *line_col(root), "", "the top level must be a mapping with "
                                         f"'title' and 'cards', got {describe(root)}")])
    converted = convert(root, text, display)
    problems += converted.problems
    model = None
    try:
        model = DeckModel.model_validate(converted.data)
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)[:10 * MAX_PROBLEMS]  # more are cut anyway
        problems += explain(errors, root, display, converted.refused, converted.merged, text)
    cards = converted.data.get("cards") if isinstance(converted.data, dict) else None
    step = child(root, "cards")
    ids: tuple[CardId, ...] = ()
    if isinstance(cards, list) and step is not None and isinstance(step[1], SequenceNode):
        problems += _warnings(display, cards, step[1].value)
        problems += repeated_items(display, cards, step[1].value)
        ids = _ids(display, cards, step[1].value, problems)
    problems = _finish(problems)
    if model is None or any(p.severity == "error" for p in problems):
        return FileResult(None, problems, ids)
    return FileResult(build_deck(model, path), problems, ids)


def _warnings(display: str, cards: list[object], nodes: list[Node]) -> list[Problem]:
    """A warning per rubric section a card leaves out (or leaves as an empty list)."""
    warnings = []
    for index, (card, node) in enumerate(zip(cards, nodes, strict=False)):
        if isinstance(card, dict):
            for key, message in RUBRIC_SECTIONS.items():
                if key not in card or card[key] == []:
                    warnings.append(Problem(display, *line_col(node), f"cards[{index}]", message, "warning"))
    return warnings


def _ids(display: str, cards: list[object], nodes: list[Node], problems: list[Problem]) -> tuple[CardId, ...]:
    """Each card id once, where it is written; a repeated id in the same file is an error here."""
    seen: dict[str, CardId] = {}
    for index, (card, node) in enumerate(zip(cards, nodes, strict=False)):
        card_id = card.get("id") if isinstance(card, dict) else None
        step = child(node, "id") if isinstance(card_id, str) else None
        if step is None or not isinstance(card_id, str):
            continue
        line, col = line_col(step[1])
        first = seen.get(card_id)
        if first is None:
            seen[card_id] = (card_id, index, line, col)
        else:
            problems.append(duplicate_id(display, index, line, col, card_id, f"{display}:{first[2]}:{first[3]}"))
    return tuple(seen.values())


def _finish(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, at most `MAX_PROBLEMS` errors and `MAX_PROBLEMS` warnings."""
    return capped(problems, MAX_PROBLEMS)


def build_deck(model: DeckModel, path: Path) -> Deck:
    """The plain `Deck` for a validated file: deck tags first in every card's tags, without repeats, and the
    deck's time limit on every card that has none of its own."""
    key = path.stem
    deck_tags = tuple(dict.fromkeys(model.tags))
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one object per distinct tag list: pickled once
    cards = tuple(
        Card(
            id=card.id,
            deck=key,
            question=card.question,
            short_answer=card.short_answer,
            breakdown=card.breakdown,
            theory=card.theory,
            common_mistakes=tuple(card.common_mistakes),
            interview_tips=tuple(card.interview_tips),
            tags=shared.setdefault(tags, tags),
            key_points=tuple(KeyPoint(point) if isinstance(point, str) else KeyPoint(point.point, tuple(point.aliases))
                             for point in card.key_points),
            follow_ups=tuple(FollowUp(probe.question, probe.answer) for probe in card.follow_ups),
            sources=tuple(card.sources),
            time_limit=card.time_limit or model.time_limit or None,  # 0: not given
        )
        for card in model.cards
        for tags in [tuple(dict.fromkeys((*deck_tags, *card.tags)))]
    )
    return Deck(key=key, title=model.title, path=path, cards=cards, description=model.description, tags=deck_tags,
                time_limit=model.time_limit or None)
