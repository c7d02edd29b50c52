"""A figure: subject and baseline samples from the same run, their medians, spread, ratio and verdict."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def alternate(runs: int, baseline: Callable[[], T], subject: Callable[[], T], *,
              warmup: int = 1) -> tuple[list[T], list[T]]:
    """Run both `runs` times, interleaved (A B, B A, A B, ...) so they share the machine's noise.

    `warmup` rounds first, discarded (bytecode, the OS file cache, a deck cache being written).
    """
    for _ in range(warmup):
        baseline()
        subject()
    base: list[T] = []
    subj: list[T] = []
    for i in range(runs):
        if i % 2 == 0:
            base.append(baseline())
            subj.append(subject())
        else:
            subj.append(subject())
            base.append(baseline())
    return base, subj


@dataclass
class Figure:
    """One line of the results table.

    The target is a ratio of medians (`max_ratio`), an absolute bound on the subject's median
    (`max_subject`), or neither (reported for information).
    """

    title: str
    baseline_label: str
    unit: str  # "s", "ms" or "MB"
    baseline: list[float]
    subject: list[float]
    meaning: str  # one sentence for a user; {s} {b} {d} {r}: subject, baseline, difference, ratio
    how: str = ""  # what exactly was timed
    max_ratio: float | None = None
    max_subject: float | None = None
    target_text: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        base = median(self.baseline)
        return median(self.subject) / base if base else float("inf")

    @property
    def ratio_text(self) -> str:
        """Two decimals, or three where two would hide which side of the target it is on."""
        close = self.max_ratio is not None and abs(self.ratio - self.max_ratio) < 0.005
        return f"{self.ratio:.3f}×" if close else f"{self.ratio:.2f}×"

    @property
    def verdict(self) -> str:
        if self.max_ratio is not None:
            return "pass" if self.ratio <= self.max_ratio else "FAIL"
        if self.max_subject is not None:
            return "pass" if median(self.subject) <= self.max_subject else "FAIL"
        return "info"

    @property
    def target(self) -> str:
        if self.target_text:
            return self.target_text
        if self.max_ratio is not None:
            return f"≤ {self.max_ratio:g}×"
        if self.max_subject is not None:
            return f"≤ {fmt(self.max_subject, self.unit)} {self.unit}"
        return "—"

    def sentence(self) -> str:
        """`meaning` with this run's numbers filled in."""
        subject, base = median(self.subject), median(self.baseline)
        delta = subject - base
        sign = "+" if delta >= 0 else "−"
        return self.meaning.format(s=f"{fmt(subject, self.unit)} {self.unit}", b=f"{fmt(base, self.unit)} {self.unit}",
                                   d=f"{sign}{fmt(abs(delta), self.unit)} {self.unit}", r=self.ratio_text)

    def spread(self) -> str:
        """min–max of each side, and the interquartile range of the subject."""
        q1, q3 = quartiles(self.subject)
        return (f"base {fmt(min(self.baseline), self.unit)}–{fmt(max(self.baseline), self.unit)}; "
                f"subj {fmt(min(self.subject), self.unit)}–{fmt(max(self.subject), self.unit)} "
                f"(IQR {fmt(q1, self.unit)}–{fmt(q3, self.unit)}); n={len(self.baseline)}/{len(self.subject)}")


def fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.3f}" if value < 1 else f"{value:.1f}"
    if unit == "MB":
        return f"{value:.0f}"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"
