"""The bundled decks meet the content bar of issues 11 and 12: what a candidate drills out of the box.

Every card is rehearsable (3–6 key points, 1–3 follow-ups) and sourced; the decks cover at least 120 cards
in at least 7 decks; `validate --strict` is clean. Counts are checked against the files on disk, so a deck
added later is held to the same bar without editing this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.deck.cards import Card
from quizterm.deck.loader import load_decks

DECKS = Path(__file__).resolve().parents[2] / "decks"


@pytest.fixture(scope="module")
def cards() -> list[Card]:
    result = load_decks([DECKS])
    assert not result.errors and not result.warnings, [p.format() for p in result.problems][:5]
    return [card for deck in result.decks for card in deck.cards]


def test_the_bundled_decks_cover_a_real_loop() -> None:
    result = load_decks([DECKS])
    assert len(result.decks) >= 7
    assert sum(len(deck.cards) for deck in result.decks) >= 120


def test_every_card_is_rehearsable_and_sourced(cards: list[Card]) -> None:
    thin = [card.id for card in cards
            if not 3 <= len(card.key_points) <= 6 or not 1 <= len(card.follow_ups) <= 3 or not card.sources]
    assert thin == []


def test_every_card_has_all_six_sections(cards: list[Card]) -> None:
    missing = [card.id for card in cards
               if not (card.short_answer and card.breakdown and card.theory and card.common_mistakes
                       and card.interview_tips)]
    assert missing == []


def test_ids_are_unique_across_decks(cards: list[Card]) -> None:
    ids = [card.id for card in cards]
    assert len(ids) == len(set(ids))


def test_the_seed_card_is_asked_in_english(cards: list[Card]) -> None:
    seed = next(card for card in cards if card.id == "dropout-batchnorm-small-batches")
    assert seed.question.isascii()
    assert "Dropout is stochastic during training and disabled or rescaled at inference." in seed.short_answer
