"""Pydantic's validation errors, located in the file and reworded to say what to do.

Pydantic knows what was expected; the YAML node knows what the author wrote (`no`, not False). Both
are needed for a message like `expected text, got a boolean (YAML reads no as false); put it in
quotes: "no"`. Runs only for invalid files.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Collection, Iterable

from pydantic_core import ErrorDetails
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizterm.deck.compose import STR_TAG
from quizterm.deck.convert import INT_TAG
from quizterm.deck.models import (
    CARD_FIELDS,
    DECK_FIELDS,
    FOLLOW_UP_FIELDS,
    KEY_POINT_FIELDS,
    KEY_POINT_FORMS,
    MAX_KEY_POINTS,
    MAX_TIME_LIMIT,
    MIN_KEY_POINTS,
    REQUIRED,
    SLUG_RULE,
)
from quizterm.deck.problems import Problem, count
from quizterm.deck.tree import Loc, child, line_col, node_at, where_of

_LIST_OF = {
    "cards": "a list of cards (one '- id: ...' entry per card)",
    "tags": "a list of tags, like [ml, basics]",
    "common_mistakes": "a list of text (one '- ' item per line)",
    "interview_tips": "a list of text (one '- ' item per line)",
    "key_points": "a list of key points (one '- ' item per point)",
    "aliases": "a list of text, like [one wording, another]",
    "follow_ups": "a list of follow-ups (one '- question: ...' entry with its 'answer: ...' each)",
    "sources": "a list of text (one '- ' item per source)",
}
_ITEM = {"cards": "card", "tags": "tag", "common_mistakes": "item", "interview_tips": "item", "aliases": "alias",
         "sources": "source"}
_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "null",
}


def explain(errors: Iterable[ErrorDetails], root: Node, path: str, refused: Collection[int],
            merged: Collection[int], text: str = "") -> list[Problem]:
    """One located problem per pydantic error (from `errors(include_input=False)`); `text` is the file's.

    Errors about values the walk already refused (anchors, tags) are dropped, as are missing keys of a
    mapping that used a merge key: those are reported once, by the walk.
    """
    problems = []
    for error in errors:
        loc: Loc = _without_forms(tuple(error["loc"]))
        kind: str = error["type"]
        if kind in ("missing", "extra_forbidden"):
            parent_loc, key = loc[:-1], str(loc[-1])
            parent = node_at(root, parent_loc, refused)
            if parent is None or (kind == "missing" and id(parent) in merged):
                continue
            if kind == "missing":
                line, col = line_col(parent)
                message = f"missing required key {key!r}; add '{key}: ...'"
            else:
                step = child(parent, key)
                line, col = line_col(step[0] if step else parent)
                message = f"unknown key {key!r}; {_misplaced(key, parent_loc, root) or _suggest(key, parent_loc)}"
            problems.append(Problem(path, line, col, where_of(parent_loc), message))
            continue
        node = node_at(root, loc, refused)
        if node is None:
            continue
        if kind == "too_long" and isinstance(node, SequenceNode):  # point at the first item over the limit
            limit = int(error.get("ctx", {}).get("max_length", 0))
            if 0 <= limit < len(node.value):
                node, loc = node.value[limit], (*loc, limit)
        line, col = line_col(node)
        if kind == "string_type" and isinstance(node, MappingNode):
            message = "expected text, got a mapping" + _mapping_as_text(node, loc, root, text)
        else:
            message = _message(kind, loc, node, error)
        problems.append(Problem(path, line, col, where_of(loc), message))
    return problems


def _mapping_as_text(node: MappingNode, loc: Loc, root: Node, text: str) -> str:
    """Why text came out a mapping, and what to do: a key one level too deep, or ': ' in the text.

    `- Say which stage is for: retrieval` is a mapping to YAML; so is `short_answer:` followed by a
    card's next key indented one step too far.
    """
    pairs = node.value
    key, value = pairs[0] if len(pairs) == 1 else (None, None)
    if isinstance(key, ScalarNode) and isinstance(loc[-1], str):
        misplaced = _misplaced(key.value, loc[:-1], root)
        if misplaced:
            return f" (key: value lines); {misplaced}"
    if (isinstance(key, ScalarNode) and isinstance(value, ScalarNode) and not node.flow_style
            and not key.style and not value.style and key.start_mark.line == value.end_mark.line):
        written = text[node.start_mark.index:value.end_mark.index].rstrip()
        if written:
            quoted = json.dumps(written, ensure_ascii=False)
            return f" (YAML reads the ': ' in it as key: value); put the whole text in quotes: {quoted}"
    return " (key: value lines); if it is text containing ': ', put the whole text in quotes"


def _misplaced(key: str, parent_loc: Loc, root: Node) -> str:
    """An indentation hint when `key` belongs to a card but sits in a text field or at the top level."""
    in_card = len(parent_loc) == 2 and parent_loc[0] == "cards"
    if key not in CARD_FIELDS or (not in_card and key in DECK_FIELDS):
        return ""
    card = node_at(root, parent_loc) if in_card else None
    if card is None:  # at the top level: the last card tells where a card's keys start
        step = child(root, "cards")
        items = step[1].value if step is not None and isinstance(step[1], SequenceNode) else []
        card = items[-1] if items else None
    if not isinstance(card, MappingNode) or not card.value:
        return f"{key!r} is a key of a card: indent it like the card's other keys"
    return f"{key!r} is a key of a card: indent it like the card's other keys (column {line_col(card.value[0][0])[1]})"


def _without_forms(loc: Loc) -> Loc:
    """`loc` without the name of a key point's form (`text`, `mapping`), which pydantic puts after its index.

    ('cards', 0, 'key_points', 2, 'mapping', 'point') is ('cards', 0, 'key_points', 2, 'point') in the file.
    """
    for at in range(3, len(loc)):
        if loc[at] in KEY_POINT_FORMS and loc[at - 2] == "key_points" and isinstance(loc[at - 1], int):
            return (*loc[:at], *loc[at + 1:])
    return loc


def _suggest(key: str, parent_loc: Loc) -> str:
    fields = _FIELDS_IN.get(str(parent_loc[-2]), CARD_FIELDS) if len(parent_loc) > 2 else (
        CARD_FIELDS if parent_loc else DECK_FIELDS)
    close = difflib.get_close_matches(key.lower(), fields, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "allowed keys: " + ", ".join(fields)


def _field(loc: Loc) -> str:
    """The field a loc belongs to: `tags` for ('cards', 3, 'tags', 1)."""
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else ""


def _message(kind: str, loc: Loc, node: Node, error: ErrorDetails) -> str:
    field = _field(loc)
    in_list = bool(loc) and isinstance(loc[-1], int)
    special = _new_field_message(kind, field, in_list, node, error)
    if special:
        return special
    if kind == "string_type" and _is_empty(node):
        kind = "string_too_short"
    if kind == "string_type":
        what = _ITEM.get(field, "value") if in_list else field
        return f"expected text, got {describe(node)}" if what != "tag" else f"expected a tag, got {describe(node)}"
    if kind == "string_too_short":
        if in_list:
            return "is empty; write the text or remove the item"
        if field in REQUIRED:
            return "is empty; write the text"
        return "is empty; write the text or remove the key"
    if kind == "string_pattern_mismatch":
        value = node.value if isinstance(node, ScalarNode) else ""
        noun = "id" if field == "id" else "tag"
        message = f"{value!r} is not a valid {noun}: use {SLUG_RULE}"
        suggestion = slugify(value)
        return message + (f", e.g. {suggestion!r}" if suggestion and suggestion != value else "")
    if kind == "list_type":
        return f"expected {_LIST_OF.get(field, 'a list')}, got {describe(node)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        what = "a card (a mapping with id, question, short_answer, ...)" if field == "cards" else "a mapping"
        return f"expected {what}, got {describe(node)}"
    if kind == "too_short" and field == "cards":
        return "a deck needs at least one card; add one under 'cards:'"
    return " ".join(error["msg"].split())


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.value == ""


def slugify(value: str) -> str:
    """A valid id or tag close to `value`: `Dropout & BatchNorm` -> `dropout-batchnorm`."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", value.strip().lower())
    return re.sub(r"^[^a-z0-9]+", "", slug).rstrip("-")


def describe(node: Node) -> str:
    """What the author wrote, as YAML reads it, and how to make it text where that helps.

    `a boolean (YAML reads no as false); put it in quotes: "no"`.
    """
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    if not isinstance(node, ScalarNode):  # pragma: no cover - the three node kinds are exhaustive
        return "a value"
    written: str = node.value
    quoted = json.dumps(written, ensure_ascii=False)
    tag = node.tag
    if tag == STR_TAG:
        return "text"
    if tag == "tag:yaml.org,2002:null":
        if written == "":
            return "an empty value"
        return f"null (YAML reads {written} as no value); put it in quotes: {quoted}"
    name = _TYPE_NAMES.get(tag)
    if name is None:
        return f"a value of type {tag}"
    read = _construct(node)
    if isinstance(read, bool):
        as_word = str(read).lower()
        reading = f"YAML reads {written} as {as_word if written.lower() != as_word else 'a boolean'}"
    elif tag == "tag:yaml.org,2002:int" and ":" in written:
        name = "a time"
        reading = f"YAML reads {written} as the number {read}, minutes in base 60"
    elif isinstance(read, datetime.datetime):
        name = "a date and time"
        reading = f"YAML reads {written} as a date and time"
    elif isinstance(read, datetime.date):
        reading = f"YAML reads {written} as a date"
    elif read is not None and str(read) != written:
        reading = f"YAML reads {written} as {read}"
    else:
        reading = f"YAML reads {written} as a number"
    return f"{name} ({reading}); put it in quotes: {quoted}"


def _construct(node: ScalarNode) -> object:
    """The value PyYAML would make of a plain scalar, or None if it cannot."""
    try:
        return SafeConstructor().construct_object(node)
    except (ConstructorError, ValueError, OverflowError):
        return None


_FIELDS_IN = {"key_points": KEY_POINT_FIELDS, "follow_ups": FOLLOW_UP_FIELDS}
"""The keys allowed in an item of these lists."""
_PER = {"key_points": ("key point", "card", "merge or drop some"),
        "aliases": ("alias", "key point", "keep the likeliest wordings")}


def _new_field_message(kind: str, field: str, in_list: bool, node: Node, error: ErrorDetails) -> str:
    """Messages for key points, follow-ups and time limits, or "" where the general wording fits."""
    ctx = error.get("ctx", {})
    if field == "time_limit":
        return _time_limit_message(kind, node)
    if kind == "string_type" and field == "key_points" and in_list:
        return f"expected a key point (text, or a mapping with 'point' and 'aliases'), got {describe(node)}"
    if kind in ("model_type", "model_attributes_type", "dict_type") and field == "follow_ups" and in_list:
        return f"expected a follow-up (a mapping with 'question' and 'answer'), got {describe(node)}"
    if kind == "too_short" and field == "key_points" and not in_list:
        have = int(ctx.get("actual_length", 0))
        return (f"has {'no key points' if not have else 'only ' + count(have, 'key point')}; write "
                f"{MIN_KEY_POINTS} to {MAX_KEY_POINTS} (one point is a yes/no grade, not a checklist), or remove "
                "the key")
    if kind == "too_long" and field in _PER and in_list:
        noun, per, advice = _PER[field]
        extra = int(ctx.get("actual_length", 0)) - int(ctx.get("max_length", 0))
        return f"{count(extra, noun)} too many (at most {ctx.get('max_length')} per {per}); {advice}"
    return ""


def _time_limit_message(kind: str, node: Node) -> str:
    example = "write the seconds as a whole number, e.g. 'time_limit: 90'"
    written = node.value.strip() if isinstance(node, ScalarNode) else ""
    if kind == "greater_than_equal":
        return f"must be at least 1 second; {example}"
    if kind == "less_than_equal" or (node.tag == INT_TAG and written.isdigit()):  # the digits `convert` refuses
        return f"must be at most {MAX_TIME_LIMIT} seconds (an hour); {example}"
    if node.tag == STR_TAG and written.isdigit():
        return f"expected a whole number of seconds, got the text {json.dumps(node.value)}; remove the quotes"
    if written:
        return f"expected a whole number of seconds, got {written}; {example}"
    return f"expected a whole number of seconds, got {describe(node)}; {example}"
