"""Integrity of the matcher's labelled set (benchmarks/matcher/labelled.yaml, issue 11).

The key-point matcher is tuned on one half of this file and reported on the other, so a malformed
item (an index out of range, a duplicate id, an item in the wrong half) would silently skew the
precision and recall it reports. These tests check the data's shape only, never what a matcher does.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

LABELLED = Path(__file__).resolve().parents[1] / "benchmarks" / "matcher" / "labelled.yaml"

LANGS = {"en", "ru"}
HALVES = ("tune", "test")
TOPICS = {"fundamentals", "deep-learning", "statistics", "classical-ml", "llm", "system-design", "mlops"}
KINDS = {"terse", "verbatim", "paraphrase", "near-miss", "wrong", "typo", "off-topic", "mixed"}
NEGATIVE_KINDS = {"near-miss", "wrong"}


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"items"}, "top level must be a mapping with only 'items'"
    assert isinstance(data["items"], list)
    return data["items"]


def _pairs(item: dict[str, Any]) -> int:
    return len(item["key_points"]) * len(item["answers"])


def test_every_item_has_the_documented_fields(items: list[dict[str, Any]]) -> None:
    for item in items:
        where = item.get("id", "<no id>")
        assert set(item) == {"id", "topic", "lang", "half", "question", "key_points", "answers"}, where
        assert isinstance(item["id"], str) and item["id"], where
        assert item["topic"] in TOPICS, where
        assert item["lang"] in LANGS, where
        assert item["half"] in HALVES, where
        assert isinstance(item["question"], str) and item["question"].strip(), where


def test_ids_are_unique(items: list[dict[str, Any]]) -> None:
    duplicates = [name for name, n in Counter(item["id"] for item in items).items() if n > 1]
    assert duplicates == []


def test_key_points_are_strings_or_point_with_aliases(items: list[dict[str, Any]]) -> None:
    for item in items:
        points = item["key_points"]
        assert 3 <= len(points) <= 6, item["id"]
        for point in points:
            if isinstance(point, dict):
                assert set(point) == {"point", "aliases"}, item["id"]
                assert isinstance(point["point"], str) and point["point"].strip(), item["id"]
                aliases = point["aliases"]
                assert isinstance(aliases, list) and aliases, item["id"]
                assert all(isinstance(alias, str) and alias.strip() for alias in aliases), item["id"]
            else:
                assert isinstance(point, str) and point.strip(), item["id"]


def test_answers_have_text_kind_and_mentions_in_range(items: list[dict[str, Any]]) -> None:
    for item in items:
        answers = item["answers"]
        assert 5 <= len(answers) <= 10, item["id"]
        n_points = len(item["key_points"])
        for answer in answers:
            assert set(answer) == {"text", "mentions", "kind"}, item["id"]
            assert isinstance(answer["text"], str) and answer["text"].strip(), item["id"]
            assert answer["kind"] in KINDS, (item["id"], answer["kind"])
            mentions = answer["mentions"]
            assert isinstance(mentions, list), item["id"]
            assert all(type(i) is int and 0 <= i < n_points for i in mentions), (item["id"], mentions)
            assert len(set(mentions)) == len(mentions), (item["id"], mentions)
        texts = [answer["text"] for answer in answers]
        assert len(set(texts)) == len(texts), f"{item['id']}: the same answer twice"


def test_size_languages_and_halves(items: list[dict[str, Any]]) -> None:
    assert len(items) >= 40
    pairs = Counter[tuple[str, str]]()
    for item in items:
        pairs[item["lang"], item["half"]] += _pairs(item)
    total = sum(pairs.values())
    assert total >= 400
    assert all(pairs[lang, half] > 0 for lang in LANGS for half in HALVES), pairs
    russian = (pairs["ru", "tune"] + pairs["ru", "test"]) / total
    assert 0.15 <= russian <= 0.30, f"Russian share of pairs {russian:.2f}, aim for about 20%"
    tune = (pairs["en", "tune"] + pairs["ru", "tune"]) / total
    assert 0.45 <= tune <= 0.55, f"tune half holds {tune:.2f} of the pairs, aim for about 50%"


def test_near_misses_and_wrong_answers_are_at_least_a_third(items: list[dict[str, Any]]) -> None:
    kinds = Counter(answer["kind"] for item in items for answer in item["answers"])
    negative = sum(kinds[kind] for kind in NEGATIVE_KINDS)
    assert negative * 3 >= sum(kinds.values()), kinds


def test_halves_alternate_within_each_topic_and_language(items: list[dict[str, Any]]) -> None:
    """The split is a rule, not a choice made after seeing results: tune, test, tune, ... per group."""
    seen = Counter[tuple[str, str]]()
    for item in items:
        group = (item["topic"], item["lang"])
        assert item["half"] == HALVES[seen[group] % 2], f"{item['id']}: expected {HALVES[seen[group] % 2]}"
        seen[group] += 1
