"""Fit the matcher's score (`quizterm.rehearsal.matcher.COEFFICIENTS`, `THRESHOLD`) on the TUNE half only.

    python -m benchmarks.matcher.fit              # cross-validated curve, then the coefficients to paste

Every (answer, key point) pair of the tune half gives the matcher's feature vector and its label. A
logistic regression (L2-penalised, Newton's method: a handful of features, a thousand pairs, no library
needed) is fitted in 5 folds by item: each item's pairs are scored by a model that never saw that item,
so the precision/recall curve printed is what to expect on unseen questions. The threshold is the one
of highest cross-validated recall whose cross-validated precision stays at or above `TARGET_PRECISION`
(above the issue's 0.9, leaving room for text the fit has not seen); the coefficients are then refitted
on the whole tune half. The test half is never read here.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.matcher.evaluate import items

FOLDS = 5
PENALTY = 1.0
"""L2 penalty on the coefficients (not the intercept): keeps them small and the fit stable."""
TARGET_PRECISION = 0.97


@dataclass(frozen=True)
class Example:
    item: str
    vector: tuple[float, ...]
    alias: bool
    truth: bool
    topic_only: bool = False
    """Scored 0 whatever the fit (`Evidence.topic_only`); still part of the fit, as the matcher was tuned."""


def examples(half: str = "tune") -> list[Example]:
    if half != "tune":
        raise ValueError("the matcher is fitted on the tune half only")
    from quizterm.rehearsal.matcher import context, evidence, prepare

    result = []
    for item in items():
        if item.half != half:
            continue
        for text, truth in item.answers:
            claims, sims, card = prepare(text, item.points, item.question)
            everything = [evidence(point, claims, sims, card) for point in item.points]
            for index, found in enumerate(everything):
                if found is None:
                    continue
                result.append(Example(item.id, found.vector(context(everything, index)), found.alias is not None,
                                      index in truth, topic_only=found.topic_only and found.alias is None))
    return result


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the Newton step's small linear system)."""
    n = len(vector)
    a = [[*row, v] for row, v in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for row in range(col + 1, n):
            factor = a[row][col] / a[col][col]
            for k in range(col, n + 1):
                a[row][k] -= factor * a[col][k]
    x = [0.0] * n
    for row in range(n - 1, -1, -1):
        x[row] = (a[row][n] - sum(a[row][k] * x[k] for k in range(row + 1, n))) / a[row][row]
    return x


def fit(data: Sequence[Example], penalty: float = PENALTY) -> list[float]:
    """Logistic regression coefficients (intercept first) by Newton's method."""
    rows = [(1.0, *example.vector) for example in data if not example.alias]
    truths = [float(example.truth) for example in data if not example.alias]
    n = len(rows[0])
    w = [0.0] * n
    for _ in range(50):
        gradient = [0.0] * n
        hessian = [[0.0] * n for _ in range(n)]
        for x, y in zip(rows, truths, strict=True):
            p = 1.0 / (1.0 + math.exp(-sum(wi * xi for wi, xi in zip(w, x, strict=True))))
            for i in range(n):
                gradient[i] += (p - y) * x[i]
                for j in range(n):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, n):
            gradient[i] += penalty * w[i]
            hessian[i][i] += penalty
        step = _solve(hessian, gradient)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def cross_validated(data: Sequence[Example], penalty: float = PENALTY) -> list[tuple[float, Example]]:
    """Every example's score from a model fitted without its item (folds by item, in file order)."""
    from quizterm.rehearsal.matcher import score

    ids = list(dict.fromkeys(example.item for example in data))
    fold_of = {item: i % FOLDS for i, item in enumerate(ids)}
    scored = []
    for fold in range(FOLDS):
        coefficients = fit([e for e in data if fold_of[e.item] != fold], penalty)
        scored += [(1.0 if e.alias else 0.0 if e.topic_only else score(e.vector, coefficients), e)
                   for e in data if fold_of[e.item] == fold]
    return scored


def curve(scored: Sequence[tuple[float, Example]]) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) at every distinct score, highest threshold first."""
    positives = sum(e.truth for _, e in scored)
    ordered = sorted(scored, key=lambda pair: -pair[0])
    points = []
    tp = fp = 0
    for i, (value, example) in enumerate(ordered):
        tp += example.truth
        fp += not example.truth
        if i + 1 == len(ordered) or ordered[i + 1][0] < value:
            points.append((value, tp / (tp + fp), tp / positives))
    return points


def choose(points: Sequence[tuple[float, float, float]],
           target: float = TARGET_PRECISION) -> tuple[float, float, float]:
    """The threshold of highest recall whose precision is at least `target`."""
    good = [p for p in points if p[1] >= target]
    return max(good, key=lambda p: (p[2], p[0])) if good else points[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matcher.fit", description=__doc__.split("\n")[0])
    parser.add_argument("--penalty", type=float, default=PENALTY)
    parser.add_argument("--target", type=float, default=TARGET_PRECISION)
    args = parser.parse_args(argv)
    data = examples()
    points = curve(cross_validated(data, args.penalty))
    threshold, precision, recall = choose(points, args.target)
    print(f"tune half, {FOLDS}-fold cross-validation by item ({len(data)} pairs):")
    print("  precision  recall  (threshold)")
    for floor in (0.97, 0.95, 0.93, 0.9, 0.85, 0.8):
        t, p, r = choose(points, floor)
        print(f"  {p:.3f}      {r:.3f}   ({t:.3f})   best recall at precision >= {floor}")
    print(f"chosen: threshold {threshold:.3f}: cross-validated precision {precision:.3f}, recall {recall:.3f}")
    coefficients = fit(data, args.penalty)
    print("COEFFICIENTS = (" + ", ".join(f"{c:.3f}" for c in coefficients) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
