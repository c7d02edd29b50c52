"""`compute_insights` on a history recorded through the store at `--now`-style days, checked exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from quizterm.deck.cards import Card, Deck
from quizterm.insights.report import compute_insights
from quizterm.scheduler.leech import LeechRule
from quizterm.store.progress import ProgressStore

TODAY = date(2026, 11, 26)


def at(offset: int, minute: int = 0) -> datetime:
    return datetime.combine(TODAY + timedelta(days=offset), datetime.min.time(), UTC) + timedelta(hours=9,
                                                                                                 minutes=minute)


def deck(key: str, *cards: Card) -> Deck:
    return Deck(key=key, title=key.upper(), path=Path(f"{key}.yaml"), cards=cards)


PY = deck("py", Card(id="a", deck="py", question="Qa", short_answer="A", key_points=("one", "two")),
          Card(id="b", deck="py", question="Qb", short_answer="A"), Card(id="c", deck="py", question="Qc",
                                                                          short_answer="A"))
SQL = deck("sql", Card(id="d", deck="sql", question="Qd", short_answer="A"))


def history(data_dir: Path) -> ProgressStore:
    store = ProgressStore.open(data_dir, real_now=at(0))

    def grade(card: str, deck_key: str, g: int, offset: int, minute: int = 0, seconds: float = 10,
              mentioned: tuple[str, ...] | None = None) -> None:
        points = ("one", "two") if mentioned is not None else ()
        store.record_grade(card_id=card, deck=deck_key, grade=g, moment=at(offset, minute), day=TODAY +
                           timedelta(days=offset), seconds=seconds, points=points, mentioned=mentioned or ())

    for offset in (-9, -8, -2):  # a: new, young, young (reps 2 before the third)
        grade("a", "py", 4, offset, mentioned=("one",))
    grade("a", "py", 1, -1, mentioned=())  # mature (reps 3 before), failed: a lapse
    grade("a", "py", 4, -1, minute=1, seconds=30)  # a drill
    grade("b", "py", 5, -2, seconds=50)
    grade("d", "sql", 3, 0, seconds=20)
    store.record_practice(card_id="c", deck="py", grade=2, moment=at(-5), day=TODAY - timedelta(days=5))
    store.suspend(card_id="b", deck="py", moment=at(-1, 5), day=TODAY - timedelta(days=1))
    return store


def test_the_figures_of_all_decks(tmp_path: Path) -> None:
    with history(tmp_path) as store:
        ins = compute_insights([PY, SQL], store, today=TODAY, interview=TODAY + timedelta(days=3),
                               leech=LeechRule(lapses=1))
    assert [(c.key, c.cards, c.new, c.learning, c.mature, c.suspended, c.leeches) for c in ins.decks] == [
        ("py", 3, 1, 2, 0, 1, 1), ("sql", 1, 0, 1, 0, 0, 0)]
    assert (ins.total.title, ins.total.cards, ins.total.learning) == ("All decks", 4, 3)
    assert ins.heatmap.counts == {TODAY - timedelta(days=o): n for o, n in ((9, 1), (8, 1), (5, 1), (2, 2), (1, 2),
                                                                            (0, 1))}
    assert (ins.heatmap.current_streak, ins.heatmap.longest_streak) == (3, 3)
    # a: lapsed yesterday, due today; b: suspended; d: new today, due tomorrow
    assert [(d.young, d.mature) for d in ins.forecast.days[:3]] == [(1, 0), (1, 0), (0, 0)]
    assert ins.forecast.interview_index == 3
    last, before = ins.retention.weeks[-1], ins.retention.weeks[-2]
    assert (last.young, last.young_passed, last.mature, last.mature_passed) == (1, 1, 1, 0)  # Mon -2, Wed -1
    assert (before.young, before.young_passed) == (1, 1)  # -8: a's second grade, the week before
    assert ins.grades.counts == (0, 1, 0, 1, 4, 1) and ins.grades.median_seconds == 10
    assert [(h.card.id, h.lapses, h.ef) for h in ins.hardest] == [("a", 1, 2.5), ("d", 0, 2.36)]
    assert [(m.card.id, m.point, m.missed, m.asked) for m in ins.missed] == [("a", "two", 4, 4), ("a", "one", 1, 4)]


def test_one_deck_counts_only_what_its_name_recorded(tmp_path: Path) -> None:
    with history(tmp_path) as store:
        ins = compute_insights([SQL], store, today=TODAY)
    assert ins.total.title == "SQL" and ins.heatmap.counts == {TODAY: 1}
    assert ins.grades.counts == (0, 0, 0, 1, 0, 0) and ins.grades.median_seconds == 20
    assert ([h.card.id for h in ins.hardest], ins.missed, ins.forecast.interview) == (["d"], (), None)
