"""The fitting of the matcher's score (benchmarks/matcher/fit.py): tune half only, and a sound fit."""

from __future__ import annotations

import pytest

from benchmarks.matcher import fit
from quizterm.rehearsal.matcher import COEFFICIENTS, FEATURES, THRESHOLD


def test_only_the_tune_half_can_be_fitted_on() -> None:
    with pytest.raises(ValueError, match="tune half"):
        fit.examples("test")


def test_the_fit_separates_what_can_be_separated() -> None:
    data = [fit.Example(f"item{i % 7}", (x / 20,), False, x > 10) for i, x in enumerate(range(21))]
    coefficients = fit.fit(data, penalty=0.01)
    assert coefficients[1] > 0 and coefficients[0] < 0


def test_the_chosen_threshold_is_the_highest_recall_at_the_precision_asked() -> None:
    points = [(0.9, 1.0, 0.2), (0.7, 0.96, 0.5), (0.5, 0.91, 0.7), (0.3, 0.8, 0.9)]
    assert fit.choose(points, 0.95) == (0.7, 0.96, 0.5)
    assert fit.choose(points, 0.9) == (0.5, 0.91, 0.7)


def test_the_coefficients_in_the_code_are_the_ones_the_fit_gives() -> None:
    data = fit.examples()
    assert len(COEFFICIENTS) == len(FEATURES) + 1 == len(data[0].vector) + 1
    assert [round(c, 3) for c in fit.fit(data)] == pytest.approx(COEFFICIENTS, abs=0.002)
    threshold, _, _ = fit.choose(fit.curve(fit.cross_validated(data)))
    assert round(threshold, 3) == pytest.approx(THRESHOLD, abs=0.002)
