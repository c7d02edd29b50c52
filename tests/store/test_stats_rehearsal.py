"""`stats` on key points and follow-ups: counts over scheduling grades, by text, and the weakest points."""

from __future__ import annotations

from pathlib import Path

from quizterm.deck.cards import Card, Deck
from quizterm.stats import compute_stats, render_stats, stats_json
from quizterm.store.progress import ProgressStore

from .helpers import at, day, open_store

A, B, C = "Dropout is turned off at inference", "Activations are scaled by 1/(1-p)", "BatchNorm uses running stats"
CARD = Card(id="k", deck="dl", question="q", short_answer="a", key_points=(A.upper() + "!", B, C),
            follow_ups=(("Why?", "Because."),))
OTHER = Card(id="o", deck="dl", question="q", short_answer="a", key_points=("Weight decay is L2", "Not with Adam"))
PLAIN = Card(id="p", deck="dl", question="q", short_answer="a")
DL = Deck(key="dl", title="Deep learning", path=Path("dl.yaml"), cards=(CARD, OTHER, PLAIN))


def marked(store: ProgressStore, card: str, days: int, points: tuple[str, ...], mentioned: tuple[str, ...], *,
           minutes: int = 0, grade: int = 4) -> None:
    store.record_grade(card_id=card, deck="dl", grade=grade, moment=at(days, minutes), day=day(days), points=points,
                       mentioned=mentioned)


def history(data_dir: Path) -> None:
    with open_store(data_dir) as store:
        marked(store, "k", 0, (A, B, C), (A,))
        marked(store, "k", 0, (A, B, C), (A, B, C), minutes=5)  # a drill the same day: not counted
        marked(store, "k", 1, (A, B, C), (A, C))
        marked(store, "k", 2, (A, B, C), (B,))
        store.undo_last(kinds=("grade",))  # cancelled: not counted
        marked(store, "k", 3, (A, "An old point"), ("An old point",))  # before the deck was edited
        marked(store, "o", 0, ("Weight decay is L2", "Not with Adam"), ("Weight decay is L2", "Not with Adam"))
        marked(store, "o", 1, ("Weight decay is L2", "Not with Adam"), ("Weight decay is L2",))
        store.record_grade(card_id="p", deck="dl", grade=5, moment=at(0), day=day(0))
        for minutes, answered in enumerate((True, False, True)):
            store.record_follow_up(card_id="k", deck="dl", question="Why?", answer="typed", answered=answered,
                                   moment=at(3, minutes), day=day(3))
        store.undo_last(kinds=("follow_up",))  # the last answer was undone


def test_json_counts_each_point_over_scheduling_grades_by_its_text(tmp_path: Path) -> None:
    history(tmp_path)
    with open_store(tmp_path, days=4) as store:
        cards = stats_json(compute_stats([DL], store, now=at(4), today=day(4)))["cards"]
    k, o, p = cards  # type: ignore[misc]
    assert k["key_points"] == [{"text": A.upper() + "!", "mentioned": 2, "asked": 3},
                               {"text": B, "mentioned": 0, "asked": 2},
                               {"text": C, "mentioned": 1, "asked": 2}]
    assert k["follow_ups"] == {"asked": 2, "answered": 1}
    assert o["key_points"] == [{"text": "Weight decay is L2", "mentioned": 2, "asked": 2},
                               {"text": "Not with Adam", "mentioned": 1, "asked": 2}]
    assert p["key_points"] == [] and p["follow_ups"] == {"asked": 0, "answered": 0}


def test_the_text_names_the_weakest_points_of_each_deck(tmp_path: Path) -> None:
    history(tmp_path)
    other = Deck(key="other", title="other", path=Path("other.yaml"), cards=(PLAIN,))
    with open_store(tmp_path, days=4) as store:
        text = render_stats(compute_stats([DL, other], store, now=at(4), today=day(4)))
    block = text[text.index("Deep learning [dl]"):text.index("\n\nother")]
    assert block.splitlines()[-4:] == [
        "  key points made least often (of the scheduling grades that asked them):",
        f"    0 of 2  {B}  (k)",
        f"    1 of 2  {C}  (k)",
        "    1 of 2  Not with Adam  (o)",
    ]
    assert "least often" not in text[text.index("\n\nother"):text.index("All decks")], "nothing asked there"


def test_a_log_without_rehearsal_details_gives_empty_counts(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.record_grade(card_id="k", deck="dl", grade=3, moment=at(0), day=day(0))
        stats = compute_stats([DL], store, now=at(1), today=day(1))
    assert [c["mentioned"] + c["asked"] for c in stats_json(stats)["cards"][0]["key_points"]] == [0, 0, 0]  # type: ignore[index]
    assert "least often" not in render_stats(stats)


def test_follow_ups_answered_before_a_practice_grade_are_not_counted(tmp_path: Path) -> None:
    """A cram or an interview's practice grade counts in no statistics: neither do the follow-ups asked on its
    rubric. Those before a real grade count, as do those no grade closed yet."""
    with open_store(tmp_path) as store:
        def follow_up(days: int, minutes: int, answered: bool) -> None:
            store.record_follow_up(card_id="k", deck="dl", question="Why?", answer="typed", answered=answered,
                                   moment=at(days, minutes), day=day(days))
        follow_up(0, 0, True)
        marked(store, "k", 0, (A, B, C), (A,), minutes=1)             # a real grade: its follow-up counts
        follow_up(1, 0, True)
        store.record_practice(card_id="k", deck="dl", grade=5, moment=at(1, 1), day=day(1))  # not counted
        follow_up(1, 2, False)
        follow_up(1, 3, True)
        store.record_practice(card_id="k", deck="dl", grade=2, moment=at(1, 4), day=day(1))  # neither
        follow_up(2, 0, False)
        store.record_practice(card_id="k", deck="dl", grade=1, moment=at(2, 1), day=day(2))
        store.undo_last(kinds=("practice",))   # undone: its follow-up goes with the grade given next
        marked(store, "k", 2, (A, B, C), (A,), minutes=2)
        follow_up(3, 0, True)                                         # no grade yet: counted
    with open_store(tmp_path, days=4) as store:
        cards = stats_json(compute_stats([DL], store, now=at(4), today=day(4)))["cards"]
    assert cards[0]["follow_ups"] == {"asked": 3, "answered": 2}  # type: ignore[index]
