"""Precision and recall of the key-point matcher on the labelled set (`labelled.yaml` beside this file).

    python -m benchmarks.matcher.evaluate                   # both halves, per language
    python -m benchmarks.matcher.evaluate --failures tune   # every wrong pair of the TUNE half

Every (answer, key point) pair of an item is one example: positive when the labels say the answer makes
the point. The matcher is tuned on `half: tune` only; `half: test` is the held-out measure, so never list
its failures while tuning (`--failures` refuses the test half).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

LABELLED = Path(__file__).with_name("labelled.yaml")
HALVES = ("tune", "test")
LANGS = ("en", "ru")


class Point(NamedTuple):
    """A key point as the deck format has it (`quizterm.deck.cards.KeyPoint` has the same shape)."""

    text: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    id: str
    lang: str
    half: str
    question: str
    points: tuple[Point, ...]
    answers: tuple[tuple[str, frozenset[int]], ...]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, predicted: bool, truth: bool) -> None:
        self.tp += predicted and truth
        self.fp += predicted and not truth
        self.fn += truth and not predicted
        self.tn += not predicted and not truth

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def pairs(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


@cache
def items(path: Path = LABELLED) -> tuple[Item, ...]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = []
    for raw in data["items"]:
        points = tuple(Point(p) if isinstance(p, str) else Point(p["point"], tuple(p["aliases"]))
                       for p in raw["key_points"])
        answers = tuple((a["text"], frozenset(a["mentions"])) for a in raw["answers"])
        result.append(Item(raw["id"], raw["lang"], raw["half"], raw["question"], points, answers))
    return tuple(result)


def _pairs(half: str) -> Iterator[tuple[Item, int, str, bool, bool]]:
    from quizterm.rehearsal.matcher import mentioned

    for item in items():
        if item.half != half:
            continue
        for text, truth in item.answers:
            for index, predicted in enumerate(mentioned(text, item.points, item.question)):
                yield item, index, text, predicted, index in truth


def evaluate(half: str, *, keep_failures: bool = False) -> dict[str, Counts]:
    """Counts per language and in total ("all") for one half."""
    if keep_failures and half != "tune":
        raise ValueError("only the tune half's failures may be looked at")
    counts = {lang: Counts() for lang in (*LANGS, "all")}
    for item, index, text, predicted, truth in _pairs(half):
        for key in (item.lang, "all"):
            counts[key].add(predicted, truth)
        if keep_failures and predicted != truth:
            kind = "credited, not made" if predicted else "made, not credited"
            counts["all"].wrong.append(f"[{item.id} #{index}] {kind}\n  point:  {item.points[index].text}"
                                       f"\n  answer: {text}")
    return counts


def summary(counts: dict[str, Counts]) -> str:
    return "; ".join(f"{key}: precision {c.precision:.3f}, recall {c.recall:.3f} ({c.pairs} pairs, "
                     f"{c.tp + c.fn} made)" for key, c in counts.items())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matcher.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--failures", choices=["tune"], help="list the tune half's wrong pairs")
    args = parser.parse_args(argv)
    if args.failures:
        counts = evaluate("tune", keep_failures=True)
        print("\n".join(counts["all"].wrong))
        print(f"tune: {summary(counts)}")
        return 0
    for half in HALVES:
        print(f"{half}: {summary(evaluate(half))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
