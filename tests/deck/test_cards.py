"""Card values: immutable, equal by content, and stored compressed by the deck cache."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizterm.deck.cards import Card

text = st.text(max_size=200)


def card(**changes: object) -> Card:
    fields: dict[str, object] = {"id": "a", "deck": "d", "question": "Q?", "short_answer": "S", "breakdown": "B",
                                 "theory": "T", "common_mistakes": ("m1", "m2"), "interview_tips": ("t",),
                                 "tags": ("x",)}
    fields.update(changes)
    return Card(**fields)  # type: ignore[arg-type]


def test_fields_read_back_as_given() -> None:
    c = card()
    assert (c.id, c.deck, c.question, c.short_answer, c.breakdown, c.theory, c.common_mistakes,
            c.interview_tips, c.tags) == ("a", "d", "Q?", "S", "B", "T", ("m1", "m2"), ("t",), ("x",))


def test_cards_are_immutable() -> None:
    c = card()
    with pytest.raises(AttributeError):
        c.question = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del c.id


def test_equality_covers_the_rubric() -> None:
    assert card() == card()
    assert card() != card(breakdown="other")
    assert card() != card(interview_tips=())
    assert hash(card()) == hash(card(theory="other"))  # equal cards hash equal; unequal may collide


@given(short=text, breakdown=text, theory=text, mistakes=st.lists(text, max_size=4).map(tuple),
       tips=st.lists(text, max_size=3).map(tuple))
def test_a_pickled_card_keeps_every_section(short: str, breakdown: str, theory: str,
                                            mistakes: tuple[str, ...], tips: tuple[str, ...]) -> None:
    original = card(short_answer=short, breakdown=breakdown, theory=theory, common_mistakes=mistakes,
                    interview_tips=tips)
    loaded = pickle.loads(pickle.dumps(original))
    assert loaded == original
    assert (loaded.short_answer, loaded.breakdown, loaded.theory, loaded.common_mistakes,
            loaded.interview_tips) == (short, breakdown, theory, mistakes, tips)
    assert pickle.loads(pickle.dumps(loaded)) == original  # a cached card pickles again unchanged


def test_the_cache_form_is_compressed() -> None:
    long = card(breakdown="the same paragraph again. " * 400)
    assert len(pickle.dumps(long)) < len(long.breakdown) / 5
