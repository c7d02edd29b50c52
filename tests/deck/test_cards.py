"""Card values: immutable, equal by content, and compact (rubrics compressed in shared blocks) on request."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizterm.deck import cards
from quizterm.deck.cards import BLOCK_CARDS, Card, Deck, FollowUp, KeyPoint, compact_cards

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
    deck = Deck(key="d", title="D", path=Path("d.yaml"), cards=tuple(numbered(5)), time_limit=60)
    compacted = deck.compacted()
    assert compacted.cards == deck.cards and all(c.compact for c in compacted.cards)
    assert compacted.compacted() is compacted
    assert compacted.time_limit == 60


def test_key_points_follow_ups_and_sources_read_back_typed() -> None:
    c = card(key_points=("plain point", KeyPoint("with aliases", ("alias one", "alias two"))),
             follow_ups=(FollowUp("Why?", "Because."), ("How?", "Like this.")), sources=("Paper (2020)",),
             time_limit=90)
    assert c.key_points == (KeyPoint("plain point", ()), KeyPoint("with aliases", ("alias one", "alias two")))
    assert [(point.text, point.aliases) for point in c.key_points] == [("plain point", ()),
                                                                     ("with aliases", ("alias one", "alias two"))]
    assert [(probe.question, probe.answer) for probe in c.follow_ups] == [("Why?", "Because."), ("How?", "Like this.")]
    assert (c.sources, c.time_limit) == (("Paper (2020)",), 90)
    plain = card()
    assert (plain.key_points, plain.follow_ups, plain.sources, plain.time_limit) == ((), (), (), None)


def test_equality_covers_the_new_fields() -> None:
    assert card(key_points=("a", "b")) == card(key_points=(KeyPoint("a"), KeyPoint("b", ())))
    assert card(key_points=("a", "b")) != card(key_points=("a", KeyPoint("b", ("bee",))))
    assert card(follow_ups=(("q", "a"),)) != card()
    assert card(sources=("s",)) != card()
    assert card(time_limit=60) != card(time_limit=61)
    assert card(time_limit=60) != card()


@given(points=st.lists(st.tuples(text, st.lists(text, max_size=3).map(tuple)), max_size=8),
       probes=st.lists(st.tuples(text, text), max_size=3), sources=st.lists(text, max_size=3).map(tuple),
       time_limit=st.none() | st.integers(1, 3600))
def test_new_fields_survive_pickling_and_compaction(points: list[tuple[str, tuple[str, ...]]],
                                                    probes: list[tuple[str, str]], sources: tuple[str, ...],
                                                    time_limit: int | None) -> None:
    original = card(key_points=[KeyPoint(*point) for point in points], follow_ups=probes, sources=sources,
                    time_limit=time_limit)
    for copy in (pickle.loads(pickle.dumps(original)), *compact_cards([original]),
                 pickle.loads(pickle.dumps(compact_cards([original])))[0]):
        assert copy == original
        assert (copy.key_points, copy.follow_ups, copy.sources, copy.time_limit) == (
            tuple(KeyPoint(*point) for point in points), tuple(FollowUp(*probe) for probe in probes), sources,
            time_limit)
        assert all(type(point) is KeyPoint for point in copy.key_points)
        assert all(type(probe) is FollowUp for probe in copy.follow_ups)


def test_the_time_limit_is_read_without_expanding_a_rubric(monkeypatch: pytest.MonkeyPatch) -> None:
    """The question screen shows the clock before the reveal; only the reveal may pay for a rubric."""
    compact = compact_cards([card(id=f"c{i}", time_limit=i + 1) for i in range(BLOCK_CARDS + 1)])
    monkeypatch.setattr(cards, "_expanded", None)
    assert [c.time_limit for c in compact] == list(range(1, BLOCK_CARDS + 2))
    assert [c.question for c in compact] == ["Q?"] * (BLOCK_CARDS + 1)
    assert cards._expanded is None
    assert compact[0].key_points == ()
    assert cards._expanded is not None
