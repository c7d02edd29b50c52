"""The browser's rows: states, sorting and the incremental search."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.browse.rows import COLUMN_NAMES, COLUMNS, build_rows, card_state, one_line, sort_rows
from quizterm.browse.search import Search
from quizterm.browse.view import TableView
from quizterm.deck.cards import Card
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import CardState
from quizterm.store.queries import Standing

TODAY = date(2026, 12, 1)
RULE = LeechRule(lapses=3)


def test_card_states() -> None:
    scheduled = CardState(reps=1, interval=1, due=TODAY)
    assert card_state(CardState(), TODAY, RULE) == "new"
    assert card_state(scheduled, TODAY, RULE) == "learning"
    assert card_state(CardState(reps=3, interval=15, due=TODAY), TODAY, RULE) == "mature"
    assert card_state(CardState(reps=1, due=TODAY, lapses=3), TODAY, RULE) == "leech"
    assert card_state(CardState(due=TODAY, buried_until=date(2026, 12, 2)), TODAY, RULE) == "buried"
    assert card_state(CardState(due=TODAY, buried_until=TODAY), TODAY, RULE) == "learning"  # burial over
    assert card_state(CardState(suspended=True, buried_until=date(2026, 12, 2), lapses=5), TODAY, RULE) == "suspended"


def card(card_id: str, question: str = "q", tags: tuple[str, ...] = (), deck: str = "d") -> Card:
    return Card(id=card_id, deck=deck, question=question, short_answer="a", tags=tags)


def record(state: CardState, reviews: int = 1, last: int | None = 4) -> Standing:
    return Standing(state, reviews, last)


def test_rows_hold_the_columns_and_a_hidden_leech_says_both() -> None:
    cards = [card("a", "What is\n  dropout?", ("dl",)), card("b"), card("a", "duplicate")]
    records = {"b": record(CardState(reps=2, ef_centi=236, interval=6, due=TODAY, lapses=4, suspended=True), 7, 1)}
    a, b = build_rows(cards, records, TODAY, RULE)
    assert (a.question, a.state, a.due, a.reviews, a.last_grade, a.haystack) == (
        "What is dropout?", "new", None, 0, None, "what is dropout? a dl d")
    assert (b.order, b.state, b.leech, b.state_label, b.ef_centi, b.interval, b.lapses, b.last_grade) == (
        1, "suspended", True, "suspended, leech", 236, 6, 4, 1)
    assert one_line(" x\t\ny ") == "x y"


def rows_for_sorting() -> list:  # type: ignore[type-arg]
    cards = [card(f"c{i}", f"Q{i}") for i in range(4)]
    records = {"c0": record(CardState(reps=1, interval=1, due=date(2026, 12, 5)), 3, 2),
               "c2": record(CardState(reps=3, interval=20, due=date(2026, 12, 3)), 5, 5)}
    return build_rows(cards, records, TODAY, RULE)


def test_sort_by_due_puts_new_cards_last_either_way_and_ties_keep_deck_order() -> None:
    rows = rows_for_sorting()
    assert [r.id for r in sort_rows(rows, "due")] == ["c2", "c0", "c1", "c3"]
    assert [r.id for r in sort_rows(rows, "due", descending=True)] == ["c0", "c2", "c1", "c3"]
    assert [r.id for r in sort_rows(rows, "reviews", descending=True)] == ["c2", "c0", "c1", "c3"]
    assert [r.id for r in sort_rows(rows, None, descending=True)] == ["c3", "c2", "c1", "c0"]
    assert [r.id for r in sort_rows(rows, "state")] == ["c1", "c3", "c0", "c2"]  # new, learning, mature


WORDS = st.sampled_from(["batch", "norm", "drop", "out", "Dropout", "SQL", "join", "x", "ß"])
QUESTIONS = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(questions=st.lists(QUESTIONS, min_size=1, max_size=12), typed=st.text("batchnorm SQLß", max_size=8),
       column=st.sampled_from([None, *COLUMN_NAMES]), descending=st.booleans())
def test_typing_a_query_key_by_key_finds_what_a_fresh_search_finds(questions: list[str], typed: str,
                                                                   column: str | None, descending: bool) -> None:
    """Whatever is typed, one key at a time (and then erased), every step's result is the rows containing
    every word of the query, in the sorted order."""
    rows = build_rows([card(f"c{i}", q, ("tag",)) for i, q in enumerate(questions)], {}, TODAY, RULE)
    view = TableView(rows)
    view.sort_by(column, descending)
    ordered = sort_rows(rows, column, descending)
    steps = [typed[:n] for n in range(len(typed) + 1)] + [typed[:n] for n in range(len(typed), -1, -1)]
    for query in steps:
        words = query.casefold().split()
        assert view.search(query) == [r for r in ordered if all(w in r.haystack for w in words)]


def test_search_looks_in_question_id_tags_and_deck() -> None:
    rows = build_rows([card("dropout-1", "Why regularise?", ("dl",), "deep"), card("sql-join", "Joins", ("db",))],
                      {}, TODAY, RULE)
    search = Search(rows)
    assert [r.id for r in search.find("REGUL")] == ["dropout-1"]
    assert [r.id for r in search.find("sql")] == ["sql-join"]
    assert [r.id for r in search.find("db")] == ["sql-join"]
    assert [r.id for r in search.find("deep dropout")] == ["dropout-1"]
    assert search.find("deep join") == []
    assert len(search.find("  ")) == 2


def test_next_sort_walks_the_columns_and_back_to_deck_order() -> None:
    view = TableView(rows_for_sorting())
    seen = []
    for _ in range(len(COLUMNS) + 1):
        view.next_sort()
        seen.append(view.sort)
    assert seen == [*COLUMN_NAMES, None]
    view.next_sort(-1)
    assert view.sort == "state"
    view.reverse()
    assert (view.sort, view.descending) == ("state", True)
