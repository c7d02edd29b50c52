"""The README's `stats --json` card table tells the truth: its worked examples are replayed here.

A row such as "grades 5, 4, 2, 4 on four days give reps 1, 2, 1, 2" is parsed out of README.md and the
grades are run through SM-2, so rewording the README can never make it promise something else again
(it once called `reps` "successful repetitions in a row", yet a lapse sets it to 1, not 0).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from quizterm.scheduler.sm2 import CardState, schedule

README = Path(__file__).resolve().parents[1] / "README.md"
DAY0 = date(2026, 11, 26)


def _json_card_rows() -> dict[str, str]:
    """Each key of the `stats --json` card table (a row may name several) -> its meaning."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("### `quizterm stats --json`"):]
    table = table[:table.index("`totals`:")]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            rows.update(dict.fromkeys(re.findall(r"`(\w+)`", cells[0]), cells[1]))
    return rows


def _examples(meaning: str, field: str) -> list[tuple[list[int], list[int]]]:
    found = re.findall(rf"grades ([\d, ]+?) on \w+ days give {field} ([\d, ]+)", meaning)
    return [([int(g) for g in grades.split(",")], [int(v) for v in values.split(",")]) for grades, values in found]


def _replay(grades: list[int], field: str) -> list[int]:
    """The field after each grade, one scheduling grade per study day."""
    state = CardState()
    values = []
    for offset, grade in enumerate(grades):
        state = schedule(state, grade, DAY0 + timedelta(days=offset))
        values.append(getattr(state, field))
    return values


def test_reps_is_described_with_its_restart_after_a_lapse() -> None:
    meaning = _json_card_rows()["reps"]
    assert "in a row" not in meaning, "a lapse sets reps to 1: it does not count passes in a row"
    examples = _examples(meaning, "reps")
    assert examples, f"the reps row gives no worked example: {meaning!r}"
    assert any(0 < g < 3 for grades, _ in examples for g in grades[1:]), "an example shows a lapse"
    for grades, expected in examples:
        assert _replay(grades, "reps") == expected, f"grades {grades}"


def test_lapses_are_described_as_sm2_counts_them() -> None:
    """A failing first grade is no lapse; a failing grade after any scheduling grade is, passed or not."""
    meaning = _json_card_rows()["lapses"]
    examples = _examples(meaning, "lapses")
    assert examples, f"the lapses row gives no worked example: {meaning!r}"
    for grades, expected in examples:
        assert _replay(grades, "lapses") == expected, f"grades {grades}"


def test_every_key_of_a_card_in_stats_json_is_in_the_table() -> None:
    from quizterm.stats import CardStats, _card_json

    assert set(_card_json(CardStats(id="x", deck="d", state=CardState()), date(2026, 12, 1))) == set(_json_card_rows())


def test_the_fsrs_keys_and_the_grade_to_rating_mapping_are_documented() -> None:
    """The keys `stats --json` adds under FSRS are named where the card table is, and the README's mapping
    "0, 1, 2 → Again; ..." is the one the scheduler uses."""
    from quizterm.scheduler.fsrs import RATING_NAMES, RATINGS, FsrsScheduler
    from quizterm.stats import CardStats, _card_json

    text = README.read_text(encoding="utf-8")
    section = text[text.index("### `quizterm stats --json`"):text.index("`totals`:")]
    card = CardStats(id="x", deck="d", state=CardState())
    added = set(_card_json(card, DAY0, FsrsScheduler())) - set(_card_json(card, DAY0))
    assert added == {"stability", "difficulty", "retrievability"}
    for key in added:
        assert f"`{key}`" in section, key
    by_rating: dict[int, list[int]] = {}
    for grade, rating in enumerate(RATINGS):
        by_rating.setdefault(rating, []).append(grade)
    mapping = "; ".join(f"{', '.join(map(str, grades))} → {RATING_NAMES[rating]}"
                        for rating, grades in by_rating.items())
    assert mapping == "0, 1, 2 → Again; 3 → Hard; 4 → Good; 5 → Easy"
    assert mapping in text


def _flat() -> str:
    """The README with its line breaks folded, so a sentence is found however it is wrapped."""
    return " ".join(README.read_text(encoding="utf-8").split())


def test_the_choice_for_q_and_u_with_unsaved_text_is_stated() -> None:
    """Issue 10 §1: `q`/`u` with a half-typed answer either ask or keep a draft; the README says which
    (they keep it, without asking), and the behaviour is tested in tests/tui/test_drafts.py."""
    text = _flat()
    assert "`q` and `u` do not ask before leaving a half-typed answer" in text
    assert "`q` and `u` never ask: an answer being typed is kept as a draft" in text


def test_now_is_described_as_real_grades_and_backups_by_the_real_clock() -> None:
    """Issue 10 §2: `--now` is not a preview; backups never follow it (tests/test_backups_cli.py)."""
    text = _flat()
    assert "**grades given under `--now` are real grades**" in text
    assert "Backups ignore it: they are always made, named, kept and chosen by the real clock." in text
