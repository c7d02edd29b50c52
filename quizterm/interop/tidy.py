"""Making imported cards fit the deck rules an importer cannot see one card at a time.

Each repair is a `Notice`, never a silent change: a repeated id keeps its first card, key points outside
2..8 or repeating one another are trimmed or dropped, tags become slugs, a time limit out of range is
dropped. After this, every card is one a deck accepts.
"""

from __future__ import annotations

from dataclasses import replace

from quizterm.deck.cards import KeyPoint
from quizterm.deck.distinct import comparable
from quizterm.deck.models import MAX_ALIASES, MAX_KEY_POINTS, MAX_TIME_LIMIT, MIN_KEY_POINTS
from quizterm.interop.ids import is_card_id, tag_for
from quizterm.interop.imported import Imported, ImportedCard


def tidy(imported: Imported) -> Imported:
    """`imported` with every card fit for a deck, and a notice for each change made."""
    result = Imported(notices=list(imported.notices), title=imported.title)
    seen: dict[str, ImportedCard] = {}
    for card in imported.cards:
        if not is_card_id(card.id):
            result.notice(card.where, f"id {card.id!r} is not a valid card id (lowercase letters, digits, "
                          "'-', '_', '.'); card skipped")
            continue
        first = seen.get(card.id)
        if first is not None:
            same = "the same question as" if first.question == card.question else "the same id as"
            result.notice(card.where, f"{same} {first.where or 'an earlier card'} (id {card.id}); only the first "
                          "is imported")
            continue
        seen[card.id] = card
        result.cards.append(_tidy_card(card, result))
    return result


def _tidy_card(card: ImportedCard, result: Imported) -> ImportedCard:
    points = _distinct_points(card, result)
    if len(points) > MAX_KEY_POINTS:
        result.notice(card.where, f"{len(points)} key points; the first {MAX_KEY_POINTS} are kept (a deck allows "
                      f"{MIN_KEY_POINTS} to {MAX_KEY_POINTS})")
        points = points[:MAX_KEY_POINTS]
    elif 0 < len(points) < MIN_KEY_POINTS:
        result.notice(card.where, f"a single key point ({points[0].text!r}) is dropped: a deck needs "
                      f"{MIN_KEY_POINTS} to {MAX_KEY_POINTS}")
        points = []
    tags = []
    for tag in card.tags:
        made = tag_for(tag)
        if not made:
            result.notice(card.where, f"tag {tag!r} has no letters or digits a tag can hold; dropped")
        elif made not in tags:
            tags.append(made)
    time_limit = card.time_limit
    if time_limit is not None and not 1 <= time_limit <= MAX_TIME_LIMIT:
        result.notice(card.where, f"time limit {time_limit} is outside 1..{MAX_TIME_LIMIT} seconds; dropped")
        time_limit = None
    probes, questions = [], set()
    for probe in card.follow_ups:
        if comparable(probe.question) in questions:
            result.notice(card.where, f"follow-up {probe.question!r} repeats an earlier one; dropped")
            continue
        questions.add(comparable(probe.question))
        probes.append(probe)
    return replace(card, key_points=tuple(points), tags=tuple(tags), time_limit=time_limit,
                   follow_ups=tuple(probes))


def _distinct_points(card: ImportedCard, result: Imported) -> list[KeyPoint]:
    """The card's key points (and aliases) without any that repeats an earlier one, ignoring case and
    punctuation as a deck does."""
    seen: set[str] = set()
    points = []
    for point in card.key_points:
        key = comparable(point.text)
        if key in seen:
            result.notice(card.where, f"key point {point.text!r} repeats an earlier point or alias; dropped")
            continue
        seen.add(key)
        aliases = []
        for alias in point.aliases[:MAX_ALIASES]:
            if comparable(alias) in seen:
                result.notice(card.where, f"alias {alias!r} repeats an earlier point or alias; dropped")
                continue
            seen.add(comparable(alias))
            aliases.append(alias)
        points.append(KeyPoint(point.text, tuple(aliases)))
    return points
