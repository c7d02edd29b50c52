"""`stats --json` under `scheduler = "fsrs"`: FSRS's interval and due, its memory per card, SM-2's reps and EF."""

from __future__ import annotations

from pathlib import Path

from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.stats import compute_stats, stats_json
from quizterm.store.progress import ProgressStore

from .helpers import at, day
from .test_stats import DECKS, TODAY, scripted

FSRS = FsrsScheduler()
MEMORY_KEYS = ("stability", "difficulty", "retrievability")


def stats_under(data_dir: Path, scheduler: FsrsScheduler | None) -> dict[str, object]:
    with ProgressStore.open(data_dir, real_now=at(TODAY), scheduler=scheduler) as store:
        return stats_json(compute_stats(DECKS, store, now=at(TODAY, 30), today=day(TODAY)))


def reviews(*pairs: tuple[int, int]) -> FsrsState:
    state = FSRS.initial()
    for days, g in pairs:
        state = FSRS.review(state, g, day(days))
    return state


def test_fsrs_fields_per_card(tmp_path: Path) -> None:
    scripted(tmp_path)
    sm2 = stats_under(tmp_path, None)
    fsrs = stats_under(tmp_path, FSRS)
    sm2_cards = {c["id"]: c for c in sm2["cards"]}  # type: ignore[attr-defined]
    cards = {c["id"]: c for c in fsrs["cards"]}  # type: ignore[attr-defined]
    assert all(not set(MEMORY_KEYS) & set(c) for c in sm2_cards.values())  # SM-2: the wave-1 keys only
    # "a": 5 (day 0, then a drill), 4 (day 1), 2 (day 7), 4 (day 8): the scheduling grades
    a = reviews((0, 5), (1, 4), (7, 2), (8, 4))
    assert a.stability is not None and a.difficulty is not None
    assert cards["a"]["stability"] == round(a.stability, 4) and cards["a"]["difficulty"] == round(a.difficulty, 4)
    assert cards["a"]["retrievability"] == round(FSRS.retrievability(a, day(TODAY)), 4)
    assert cards["a"]["interval"] == FSRS.interval(a) and cards["a"]["due"] == FSRS.due(a).isoformat()  # type: ignore[union-attr]
    for card_id, card in cards.items():
        same = {k: v for k, v in card.items() if k not in ("interval", "due", *MEMORY_KEYS)}
        assert same == {k: v for k, v in sm2_cards[card_id].items() if k not in ("interval", "due")}
    assert cards["g"] == {**sm2_cards["g"], "stability": None, "difficulty": None, "retrievability": None}
    assert cards["b"]["interval"] != sm2_cards["b"]["interval"]  # 17 days under SM-2


def test_totals_follow_the_fsrs_due_dates(tmp_path: Path) -> None:
    scripted(tmp_path)
    fsrs = stats_under(tmp_path, FSRS)
    cards = fsrs["cards"]
    due = [c["due"] for c in cards if c["due"] is not None]  # type: ignore[attr-defined,index]
    totals = fsrs["totals"]
    assert totals["due_today"] == sum(1 for d in due if d <= day(TODAY).isoformat())  # type: ignore[index]
    later = sorted(d for d in due if d > day(TODAY).isoformat())
    assert totals["next_due"] == {"date": later[0], "count": later.count(later[0])}  # type: ignore[index]
