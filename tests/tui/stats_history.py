"""A history for the stats screen's tests: about ten months of daily drilling recorded through the store
at `--now`-style days before the app starts (seeded, so every run and snapshot is the same).

`PRACTICE` is a deck of 24 plain cards, a few with key points (for "most often missed"), one whose
question is hostile markup and which is failed often (card text must reach the screen verbatim, here among
the hardest cards); the test decks' cards are graded too, under their own deck names.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from pathlib import Path

from quizterm.deck.cards import Card, Deck
from quizterm.store.progress import ProgressStore

from .cards import DECKS, HOSTILE_LINE, NOW

PRACTICE = Deck(key="practice", title="Practice [b]set[/b]", path=Path("practice.yaml"), cards=tuple(
    Card(id=f"p{i:02d}", deck="practice",
         question=HOSTILE_LINE if i == 3 else f"Practice question {i}: explain the idea behind item {i}",
         short_answer="A", key_points=("Name the trade-off", f"Give the number {i}") if i % 4 == 0 else ())
    for i in range(24)))
STATS_DECKS = (*DECKS, PRACTICE)
DAYS = 300


def record_history(data_dir: Path, *, seed: int = 15) -> None:
    """Grade the due cards of every deck on most days up to today (NOW), introducing new ones as it goes."""
    rng = random.Random(seed)
    cards = [card for deck in STATS_DECKS for card in deck.cards]
    today = NOW.date()
    with ProgressStore.open(data_dir, real_now=NOW) as store:
        introduced = 0
        for offset in range(DAYS, -1, -1):
            day = today - timedelta(days=offset)
            if offset and rng.random() < 0.2:
                continue  # a day off
            states = store.states()
            due = [c for c in cards[:introduced] if (s := states.get(c.id)) and s.due is not None and s.due <= day]
            fresh = cards[introduced:introduced + rng.choice((0, 0, 1, 2))]
            introduced += len(fresh)
            moment = datetime.combine(day, time(8, 0), NOW.tzinfo)
            for card in due + fresh:
                moment += timedelta(seconds=rng.randint(30, 200))
                grade = rng.choices(range(6), (4, 6, 10, 30, 35, 15))[0] if card.id != "p03" else rng.randint(0, 3)
                points = [point.text for point in card.key_points]
                store.record_grade(card_id=card.id, deck=card.deck, grade=grade, moment=moment, day=day,
                                   seconds=rng.randint(5, 120), points=points,
                                   mentioned=[p for p in points if rng.random() < 0.5])
                if grade < 4:  # drilled again the same day
                    store.record_grade(card_id=card.id, deck=card.deck, grade=4, moment=moment + timedelta(seconds=40),
                                       day=day, seconds=rng.randint(5, 40))
            if rng.random() < 0.15 and introduced:
                card = cards[rng.randrange(introduced)]
                store.record_practice(card_id=card.id, deck=card.deck, grade=3, moment=moment + timedelta(minutes=9),
                                      day=day)
        store.suspend(card_id="p05", deck="practice", moment=NOW, day=today)
