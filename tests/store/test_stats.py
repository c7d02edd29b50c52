"""`quizterm stats` from a small scripted history, checked to the last field."""

from __future__ import annotations

from pathlib import Path

from quizterm.deck.cards import Card, Deck
from quizterm.stats import compute_stats, render_stats, stats_json

from .helpers import at, day, grade, open_store

TODAY = 10


def deck(key: str, title: str, *ids: str) -> Deck:
    return Deck(key=key, title=title, path=Path(f"{key}.yaml"),
                cards=tuple(Card(id=i, deck=key, question="q", short_answer="a") for i in ids))


DECKS = [deck("py", "Python", "a", "b", "c", "f", "g"), deck("sql", "sql", "d", "e")]

# (study day, card, grade, deck); same-day repeats are drills. "x" is no longer in any deck.
HISTORY = [
    (0, "a", 5, "py"), (0, "b", 4, "py"), (0, "a", 3, "py"),
    (1, "a", 4, "py"), (1, "b", 5, "py"),
    (2, "e", 3, "sql"),
    (3, "x", 4, "gone"),
    (7, "a", 2, "py"), (7, "b", 5, "py"),
    (8, "a", 4, "py"), (8, "c", 1, "py"),
    (9, "c", 3, "py"),
    (10, "d", 4, "sql"), (10, "d", 2, "sql"), (10, "f", 4, "py"),
]


def scripted(data_dir: Path) -> None:
    with open_store(data_dir) as store:
        for minute, (days, card, g, key) in enumerate(HISTORY):
            grade(store, card, g, days, minutes=minute, deck=key)


def card(id_: str, deck_: str, reps: int = 0, ef: float = 2.5, interval: int = 0, due: str | None = None,
         reviews: int = 0, lapses: int = 0, last_grade: int | None = None,
         last_reviewed: str | None = None, suspended: bool = False, buried_until: str | None = None,
         leech: bool = False) -> dict[str, object]:
    return {"id": id_, "deck": deck_, "reps": reps, "ef": ef, "interval": interval, "due": due, "plan_due": None,
            "reviews": reviews, "lapses": lapses, "last_grade": last_grade, "last_reviewed": last_reviewed,
            "suspended": suspended, "buried_until": buried_until, "leech": leech,
            "key_points": [], "follow_ups": {"asked": 0, "answered": 0}}  # no key points: test_stats_rehearsal.py


def test_json_for_a_scripted_history(tmp_path: Path) -> None:
    scripted(tmp_path)
    with open_store(tmp_path, days=TODAY) as store:
        stats = compute_stats(DECKS, store, now=at(TODAY, 30), today=day(TODAY))
    assert stats_json(stats) == {
        "cards": [
            # 5, 4 -> I6; lapse on 12-03 (EF kept); 4 -> I6 again
            card("a", "py", reps=2, ef=2.6, interval=6, due="2026-12-10", reviews=5, lapses=1, last_grade=4,
                 last_reviewed="2026-12-04T09:09:00Z"),
            # 4, 5, 5: ceil(6 * 2.70) = 17
            card("b", "py", reps=3, ef=2.7, interval=17, due="2026-12-20", reviews=3, last_grade=5,
                 last_reviewed="2026-12-03T09:08:00Z"),
            # a first grade of 1 on a new card is no lapse
            card("c", "py", reps=2, ef=2.36, interval=6, due="2026-12-11", reviews=2, last_grade=3,
                 last_reviewed="2026-12-05T09:11:00Z"),
            card("f", "py", reps=1, interval=1, due="2026-12-07", reviews=1, last_grade=4,
                 last_reviewed="2026-12-06T09:14:00Z"),
            card("g", "py"),
            card("d", "sql", reps=1, interval=1, due="2026-12-07", reviews=2, last_grade=2,
                 last_reviewed="2026-12-06T09:13:00Z"),
            card("e", "sql", reps=1, ef=2.36, interval=1, due="2026-11-29", reviews=1, last_grade=3,
                 last_reviewed="2026-11-28T09:05:00Z"),
        ],
        "totals": {
            "cards": 7, "new": 1, "learning": 5, "mature": 1, "due_today": 1,
            "reviews_today": 3, "reviews_total": 14,
            "streak_days": 4,  # 12-03 .. 12-06; the grade of "x" on 11-29 is not in these decks
            "retention_30d": 0.8333,  # 10 of 12 scheduling grades >= 3 (drills and "x" left out)
            "next_due": {"date": "2026-12-07", "count": 2},
            "suspended": 0, "leeches": 0,
        },
        "shared_ids": [],
    }
    py, sql = stats.decks
    assert (py.totals.streak_days, sql.totals.streak_days) == (4, 1)
    assert (py.totals.retention_30d, sql.totals.retention_30d) == (0.8, 1.0)
    assert (py.totals.reviews_today, sql.totals.reviews_today) == (1, 2)
    assert (py.totals.due_today, sql.totals.due_today) == (0, 1)


def test_text_for_a_scripted_history(tmp_path: Path) -> None:
    scripted(tmp_path)
    with open_store(tmp_path, days=TODAY) as store:
        text = render_stats(compute_stats(DECKS, store, now=at(TODAY, 30), today=day(TODAY)))
    assert text == """\
Study day 2026-12-06

Python [py] (5 cards)
  due today 0 · new 1 · learning 3 · mature 1
  reviews today 1 · in all 11 · streak 4 days
  retention (30 days): 80% (8 of 10 scheduling grades passed)
  next due: 2026-12-07, 1 card

sql (2 cards)
  due today 1 · new 0 · learning 2 · mature 0
  reviews today 2 · in all 3 · streak 1 day
  retention (30 days): 100% (2 of 2 scheduling grades passed)
  next due: 2026-12-07, 1 card

All decks (7 cards)
  due today 1 · new 1 · learning 5 · mature 1
  reviews today 3 · in all 14 · streak 4 days
  retention (30 days): 83% (10 of 12 scheduling grades passed)
  next due: 2026-12-07, 2 cards
"""


def test_the_streak_ends_yesterday_until_the_first_grade_today(tmp_path: Path) -> None:
    """40 straight days: the run counts today; the day after, nothing yet, it ends yesterday; then breaks."""
    with open_store(tmp_path) as store:
        grade(store, "old", 4, -5)
        for days in range(40):
            grade(store, "a", 4 if days % 2 else 2, days)
        streak = [compute_stats([deck("d", "d", "a", "old")], store, now=at(d), today=day(d)).totals.streak_days
                  for d in (39, 40, 41)]
    assert streak == [40, 40, 0]  # graded today; nothing yet today (ends yesterday); a day missed


def test_retention_counts_only_the_last_30_study_days(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        grade(store, "a", 0, 0)  # day 0: outside the window seen from day 30
        grade(store, "b", 4, 1)  # day 1: the window's first day
        grade(store, "b", 0, 1, minutes=1)  # a drill: not counted
        stats = compute_stats([deck("d", "d", "a", "b")], store, now=at(30), today=day(30))
    assert (stats.totals.scheduling_30d, stats.totals.passed_30d) == (1, 1)
    assert stats_json(stats)["totals"] == {
        "cards": 2, "new": 0, "learning": 2, "mature": 0, "due_today": 2, "reviews_today": 0,
        "reviews_total": 3, "streak_days": 0, "retention_30d": 1.0, "next_due": None,
        "suspended": 0, "leeches": 0}


def test_nothing_graded_yet(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        stats = compute_stats(DECKS, store, now=at(0), today=day(0))
    totals = stats_json(stats)["totals"]
    assert totals == {"cards": 7, "new": 7, "learning": 0, "mature": 0, "due_today": 0, "reviews_today": 0,
                      "reviews_total": 0, "streak_days": 0, "retention_30d": None, "next_due": None,
                      "suspended": 0, "leeches": 0}
    assert "no scheduling grades yet" in render_stats(stats)


def test_ids_graded_under_several_deck_names_are_listed(tmp_path: Path) -> None:
    """"a" was copied (id and all) from "py" into "sql2"; "gone" was graded under two names but is in no
    deck given to stats, so stats leaves it out like every card outside the decks."""
    py, sql2 = deck("py", "Python", "a", "b"), deck("sql2", "SQL", "a2", "s")
    with open_store(tmp_path) as store:
        grade(store, "a", 5, 0, deck="py")
        grade(store, "a", 4, 1, deck="sql2")
        grade(store, "b", 4, 1, deck="py")
        grade(store, "gone", 4, 0, deck="old")
        grade(store, "gone", 4, 1, deck="new")
    with open_store(tmp_path, days=2) as store:
        stats = compute_stats([py], store, now=at(2), today=day(2))
        other = compute_stats([sql2], store, now=at(2), today=day(2))
    assert stats_json(stats)["shared_ids"] == [{"id": "a", "decks": ["py", "sql2"]}]
    assert stats_json(other)["shared_ids"] == []
    text = render_stats(stats)
    assert text.endswith(
        "\nCard ids graded under more than one deck name (progress follows the id: expected after renaming a "
        "deck file; a copied card shares it until you give the copy a new id):\n"
        "  a: py, sql2\n")
    assert "deck name" not in render_stats(other)


def test_the_text_lists_twenty_shared_ids_and_counts_the_rest(tmp_path: Path) -> None:
    ids = [f"card-{n:02d}" for n in range(22)]
    with open_store(tmp_path) as store:
        for card_id in ids:
            grade(store, card_id, 4, 0, deck="algo")
            grade(store, card_id, 4, 1, deck="algorithms")
    with open_store(tmp_path, days=2) as store:
        stats = compute_stats([deck("algorithms", "Algorithms", *ids)], store, now=at(2), today=day(2))
    assert len(stats_json(stats)["shared_ids"]) == 22  # type: ignore[arg-type]
    lines = render_stats(stats).splitlines()
    assert lines[-21:] == [*(f"  {card_id}: algo, algorithms" for card_id in ids[:20]),
                           "  … and 2 more (all of them in `quizterm stats --json`)"]
