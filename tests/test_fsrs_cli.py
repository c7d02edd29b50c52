"""`scheduler = "fsrs"` from the installed command: `stats --json` shows FSRS's fields, and switching back to
SM-2 shows every card exactly as before."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from quizterm.store.progress import ProgressStore

from .test_cli import ROOT, quizterm

DECKS = str(ROOT / "decks" / "deep-learning.yaml")
NOW = "2026-12-20"


def stats(data_dir: Path) -> dict[str, object]:
    result = quizterm("stats", "--json", "--now", NOW, "--data-dir", str(data_dir), DECKS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_switching_to_fsrs_and_back(tmp_path: Path) -> None:
    ids = [card["id"] for card in stats(tmp_path)["cards"]][:6]  # type: ignore[attr-defined,index]
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with ProgressStore.open(tmp_path, real_now=start) as store:
        for n in range(12):
            moment = start + timedelta(days=n)
            store.record_grade(card_id=ids[n % 6], deck="deep-learning", grade=(5, 4, 2, 3, 4, 1)[n % 6],
                               moment=moment, day=date(2026, 12, 1) + timedelta(days=n))
    sm2 = stats(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text('scheduler = "fsrs"\n')
    fsrs = stats(tmp_path)
    graded = [card for card in fsrs["cards"] if card["id"] in ids]  # type: ignore[attr-defined,index]
    assert len(graded) == 6
    for card in graded:
        assert card["stability"] > 0 and 1 <= card["difficulty"] <= 10 and 0 < card["retrievability"] <= 1
    assert all(card["stability"] is None and card["retrievability"] is None
               for card in fsrs["cards"] if card["id"] not in ids)  # type: ignore[attr-defined,index]
    assert [c["due"] for c in graded] != [c["due"] for c in sm2["cards"] if c["id"] in ids]  # type: ignore[attr-defined,index]
    config.write_text('scheduler = "fsrs"\ndesired_retention = 0.8\n')
    looser = stats(tmp_path)
    assert all(a["interval"] >= b["interval"] for a, b in zip(looser["cards"], fsrs["cards"], strict=True))  # type: ignore[call-overload]
    config.write_text('scheduler = "sm2"\n')
    assert stats(tmp_path) == sm2
    config.write_text('scheduler = "SM2"\n')
    result = quizterm("stats", "--json", "--now", NOW, "--data-dir", str(tmp_path), DECKS)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "scheduler must be one of 'sm2', 'fsrs', not 'SM2'" in result.stderr
