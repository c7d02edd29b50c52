"""Card values: immutable, equal by content, and compact (rubrics compressed in shared blocks) on request."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizterm.deck.cards import BLOCK_CARDS, Card, Deck, compact_cards

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


def test_a_compact_card_pickles_compressed() -> None:
    long = card(breakdown="the same paragraph again. " * 400)
    (compact,) = compact_cards([long])
    assert compact.compact and not long.compact
    assert len(pickle.dumps(compact)) < len(long.breakdown) / 5
    assert len(pickle.dumps(long)) > len(long.breakdown)  # a plain card pickles as it is held
    assert pickle.loads(pickle.dumps(compact)) == long


def numbered(count: int) -> list[Card]:
    return [card(id=f"c{i}", short_answer=f"S{i}", breakdown=f"B{i} " * (i % 7), common_mistakes=(f"m{i}",) * (i % 3),
                 interview_tips=() if i % 2 else (f"t{i}",)) for i in range(count)]


@given(count=st.integers(0, 3 * BLOCK_CARDS + 1), reads=st.lists(st.integers(0, 10**6), max_size=40))
def test_compact_cards_read_back_every_section_in_any_order(count: int, reads: list[int]) -> None:
    plain = numbered(count)
    compact = compact_cards(plain)
    assert len(compact) == count and all(c.compact for c in compact)
    for read in reads:  # across blocks and back: the block kept expanded must never answer for another
        if count:
            i = read % count
            assert (compact[i].short_answer, compact[i].breakdown, compact[i].common_mistakes,
                    compact[i].interview_tips) == (f"S{i}", f"B{i} " * (i % 7), (f"m{i}",) * (i % 3),
                                                   () if i % 2 else (f"t{i}",))
    assert list(compact) == plain
    assert all(again is kept for again, kept in zip(compact_cards(compact), compact, strict=True))  # kept as they are


def test_cards_of_a_block_share_it_and_a_pickle_holds_it_once() -> None:
    compact = compact_cards(numbered(BLOCK_CARDS + 1))
    blocks = {id(c[5]) for c in compact}
    assert len(blocks) == 2
    one_block = pickle.dumps(compact[:BLOCK_CARDS])
    assert len(pickle.dumps(compact[:1])) > len(one_block) / 4  # the block dominates, and is stored once
    loaded = pickle.loads(one_block)
    assert len({id(c[5]) for c in loaded}) == 1
    assert list(loaded) == numbered(BLOCK_CARDS)


def test_a_compacted_deck_has_the_same_cards() -> None:
    deck = Deck(key="d", title="D", path=Path("d.yaml"), cards=tuple(numbered(5)))
    compacted = deck.compacted()
    assert compacted.cards == deck.cards and all(c.compact for c in compacted.cards)
    assert compacted.compacted() is compacted
