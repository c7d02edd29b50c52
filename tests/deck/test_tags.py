"""Tags typed by the user (`--tag`, the deck list's filter): parsing, and "no card has tag X" with a hint."""

from __future__ import annotations

from pathlib import Path

from quizterm.deck.cards import Card, Deck
from quizterm.deck.tags import all_tags, closest_tag, no_card_has, parse_tags, unknown_tags

KNOWN = ["algo", "attention", "caching", "optimisers", "search"]


def test_parse_tags_splits_on_spaces_and_commas_and_drops_the_hash() -> None:
    assert parse_tags(" #Algo,search  #  caching ") == ("algo", "search", "caching")


def test_all_tags_are_sorted_and_listed_once() -> None:
    cards = (Card(id="a", deck="d", question="q", short_answer="a", tags=("search", "algo")),
             Card(id="b", deck="d", question="q", short_answer="a", tags=("algo",)))
    assert all_tags([Deck(key="d", title="D", path=Path("d.yaml"), cards=cards)]) == ["algo", "search"]


def test_unknown_tags_keep_the_order_given_once_each() -> None:
    assert unknown_tags(["alog", "algo", "zzz", "alog"], KNOWN) == ["alog", "zzz"]


def test_a_typo_gets_the_closest_tag() -> None:
    assert no_card_has("alog", KNOWN) == "no card has tag 'alog'; did you mean 'algo'?"
    assert no_card_has("optimizers", KNOWN) == "no card has tag 'optimizers'; did you mean 'optimisers'?"
    assert closest_tag("kubernetes", ["ensembles"]) is None, "a loose likeness is no suggestion"


def test_the_start_of_a_tag_gets_that_tag() -> None:
    assert no_card_has("att", KNOWN) == "no card has tag 'att'; did you mean 'attention'?"


def test_nothing_close_names_every_tag() -> None:
    assert no_card_has("kubernetes", KNOWN) == (
        "no card has tag 'kubernetes'; the tags are: algo, attention, caching, optimisers, search")
    assert no_card_has("x", []) == "no card has tag 'x'; these decks have no tags"
