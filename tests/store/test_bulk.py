"""The batch import (bulk.py) when batches share what they learnt (`Carry`), and another writer steps in."""

from __future__ import annotations

from pathlib import Path

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.bulk import Carry
from quizterm.store.events import Grade

from .helpers import at, day, open_store, raw, replayed, stale_caches


def other(seq: int, days: int, g: int, minutes: int = 0) -> Grade:
    return Grade(event_id=f"o-{seq}", device="o", seq=seq, moment=at(days, minutes), day=day(days), card_id="a",
                 grade=g)


def test_a_grade_recorded_between_two_batches_is_seen_by_the_next(tmp_path: Path) -> None:
    """Batch 1 leaves card a's last event on day 0; a drill (another connection) grades it on day 5; batch 2
    brings a day-2 grade. The carried "last event" is stale, and `data_version` says so: the card is
    replayed in full, in replay order."""
    carry = Carry()
    with open_store(tmp_path) as importer, open_store(tmp_path) as drill:
        importer.import_rows([other(1, 0, 4).to_row()], carry)
        drill.record_grade(card_id="a", deck="d", grade=5, moment=at(5), day=day(5))
        result = importer.import_rows([other(2, 2, 1).to_row()], carry)
        assert result.replayed == {"a"}
        expected = schedule(schedule(schedule(CardState(), 4, day(0)), 1, day(2)), 5, day(5))
        assert importer.state("a") == expected
        with raw(tmp_path) as conn:
            assert stale_caches(conn) == 0 and replayed(conn) == importer.records()


def test_batches_of_one_import_continue_from_what_they_carry(tmp_path: Path) -> None:
    carry = Carry()
    with open_store(tmp_path) as store:
        for seq in range(1, 6):
            result = store.import_rows([other(seq, seq, 4).to_row()], carry)
            assert result.replayed == set()
        assert carry.last["a"][0] == day(5).isoformat()
        late = store.import_rows([other(9, 1, 0, minutes=5).to_row()], carry)  # an earlier day: replayed in full
        assert late.replayed == {"a"} and "a" not in carry.last
        with raw(tmp_path) as conn:
            assert stale_caches(conn) == 0 and replayed(conn) == store.records()
