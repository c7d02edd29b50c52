"""Property tests: whatever the bytes, the loader returns decks or problems, quickly, never anything else."""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import FollowUp, KeyPoint
from quizterm.deck.loader import LoadResult, load_decks

SETTINGS = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
LINE = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): [^\n\x00-\x08\x0b-\x1f\x7f-\x9f]+$")
_names = itertools.count()


def load(data: bytes) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"deck{next(_names)}.yaml")
        path.write_bytes(data)
        result = load_decks([path])
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1
        assert LINE.match(problem.format()), problem.format()
    assert bool(result.decks) != bool(result.errors)
    return result


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    load(data)


TOKENS = [*"-:[]{},&*!|>'\"#?%@`~\\\n \t\r", "title", "cards", "id", "question", "short_answer", "tags",
          "key_points", "point", "aliases", "follow_ups", "answer", "sources", "time_limit", "90", "-1", "0",
          "yes", "no", "1.5", "010", "12:30", "2024-01-01", "null", "<<", "\ufeff", "é", "日", "🎲", "\x1b", "\\e",
          "\x00", "\x85", "\u2028", "!!python/object:os.system", "&a", "*a", "---", "...", "  ", "    "]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@SETTINGS
@given(YAMLISH)
def test_random_yaml_ish_text(text: str) -> None:
    load(text.encode("utf-8", "surrogatepass"))


JSONABLE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(
        st.sampled_from(["title", "cards", "id", "question", "short_answer", "breakdown", "tags", "x", "key_points",
                         "point", "aliases", "follow_ups", "answer", "sources", "time_limit"])
        | st.text(max_size=8), children, max_size=6),
    max_leaves=30,
)


@SETTINGS
@given(JSONABLE)
def test_random_structures_dumped_as_yaml(value: Any) -> None:
    load(yaml.safe_dump(value, allow_unicode=True).encode())


SLUG = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,15}", fullmatch=True)
TEXT = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "S"), whitelist_characters=" \n"),
               min_size=1, max_size=80).filter(lambda text: text.strip() != "")
# Key points, aliases and follow-up questions are distinct within a card, as the format requires.
WORD = st.from_regex(r"[a-zа-я]{1,8}", fullmatch=True)
DISTINCT = st.lists(WORD, min_size=2, max_size=8 + 8 * 3, unique=True)


@st.composite
def key_points(draw: st.DrawFn) -> list[Any]:
    """2-8 key points in both forms (text; mapping with or without aliases), every text distinct."""
    words = draw(DISTINCT)
    count = draw(st.integers(2, min(8, len(words))))
    points: list[Any] = []
    rest = words[count:]
    for word in words[:count]:
        form = draw(st.sampled_from(["text", "mapping", "aliases"]))
        if form == "text":
            points.append(word)
        elif form == "mapping" or not rest:
            points.append({"point": word})
        else:
            taken = rest[:draw(st.integers(1, 3))]
            rest = rest[len(taken):]
            points.append({"point": word, "aliases": taken})
    return points


FOLLOW_UPS = st.lists(st.fixed_dictionaries({"question": WORD, "answer": TEXT}), max_size=3,
                      unique_by=lambda item: item["question"])
TIME_LIMIT = st.integers(1, 3600)
CARD_OPTIONAL: dict[str, st.SearchStrategy[Any]] = {
    "breakdown": TEXT, "theory": TEXT, "common_mistakes": st.lists(TEXT, max_size=3),
    "interview_tips": st.lists(TEXT, max_size=3), "tags": st.lists(SLUG, max_size=3), "key_points": key_points(),
    "follow_ups": FOLLOW_UPS, "sources": st.lists(TEXT, max_size=3), "time_limit": TIME_LIMIT}
CARD = st.fixed_dictionaries({"id": SLUG, "question": TEXT, "short_answer": TEXT}, optional=CARD_OPTIONAL)
DECK_REQUIRED: dict[str, st.SearchStrategy[Any]] = {
    "title": TEXT, "cards": st.lists(CARD, min_size=1, max_size=5, unique_by=lambda card: card["id"])}
DECK_OPTIONAL: dict[str, st.SearchStrategy[Any]] = {"description": TEXT, "tags": st.lists(SLUG, max_size=3),
                                                    "time_limit": TIME_LIMIT}
DECK = st.fixed_dictionaries(DECK_REQUIRED, optional=DECK_OPTIONAL)


class PlainNumbers(yaml.SafeDumper):
    """Dumps numbers plainly whatever the default style: `!!int "90"` is a tag, which decks refuse."""

    def represent_int(self, data: int) -> yaml.ScalarNode:
        return self.represent_scalar("tag:yaml.org,2002:int", str(data), style="")


PlainNumbers.add_representer(int, PlainNumbers.represent_int)


@SETTINGS
@given(DECK, st.sampled_from([None, "|", '"']))
def test_valid_decks_round_trip(deck: dict[str, Any], style: str | None) -> None:
    text = yaml.dump(deck, Dumper=PlainNumbers, allow_unicode=True, default_style=style, sort_keys=False)
    result = load(text.encode())
    assert not result.errors
    [loaded] = result.decks
    assert loaded.title == deck["title"].strip()
    assert loaded.description == deck.get("description", "").strip()
    deck_tags = tuple(dict.fromkeys(deck.get("tags", [])))
    assert loaded.tags == deck_tags
    for card, got in zip(deck["cards"], loaded.cards, strict=True):
        assert (got.id, got.deck) == (card["id"], loaded.key)
        assert got.question == card["question"].strip()
        assert got.short_answer == card["short_answer"].strip()
        assert got.breakdown == card.get("breakdown", "").strip()
        assert got.theory == card.get("theory", "").strip()
        assert got.common_mistakes == tuple(text.strip() for text in card.get("common_mistakes", []))
        assert got.interview_tips == tuple(text.strip() for text in card.get("interview_tips", []))
        assert got.tags == tuple(dict.fromkeys((*deck_tags, *card.get("tags", []))))
        assert got.key_points == tuple(
            KeyPoint(point) if isinstance(point, str) else KeyPoint(point["point"], tuple(point.get("aliases", [])))
            for point in card.get("key_points", []))
        assert got.follow_ups == tuple(FollowUp(item["question"], item["answer"].strip())
                                       for item in card.get("follow_ups", []))
        assert got.sources == tuple(text.strip() for text in card.get("sources", []))
        assert got.time_limit == card.get("time_limit", deck.get("time_limit"))
    assert loaded.time_limit == deck.get("time_limit")
    sections = ("breakdown", "theory", "common_mistakes", "interview_tips", "key_points")
    expected_warnings = sum(1 for card in deck["cards"] for key in sections if not card.get(key))
    assert len(result.warnings) == expected_warnings
