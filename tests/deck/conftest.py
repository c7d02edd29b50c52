"""Helpers shared by the deck tests: writing decks and describing load results compactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizterm.deck import compose
from quizterm.deck.loader import LoadResult

CARD = """\
  - id: {id}
    question: What is {id}?
    short_answer: It is {id}.
    breakdown: The full breakdown of {id}.
    theory: The theory of {id}.
    common_mistakes: [A mistake about {id}.]
    interview_tips: [A tip about {id}.]
    key_points: [The first point about {id}., The second point about {id}.]
"""


def deck_text(*ids: str, title: str = "A deck", extra: str = "") -> str:
    """A valid deck (no warnings) with one complete card per id."""
    return f"title: {title}\n{extra}cards:\n" + "".join(CARD.format(id=card_id) for card_id in ids)


def write_deck(path: Path, *ids: str, **kwargs: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(deck_text(*ids, **kwargs), encoding="utf-8")
    return path


def lines(result: LoadResult) -> list[str]:
    return [problem.format() for problem in result.problems]


@pytest.fixture(params=["libyaml", "pure"])
def yaml_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml's composer and again with the pure-Python fallback."""
    if request.param == "libyaml" and not compose.USE_LIBYAML:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(compose, "USE_LIBYAML", request.param == "libyaml")
    yield request.param
