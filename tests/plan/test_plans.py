"""plans.toml: written whole and read back exactly, edited by deck names, the earliest date winning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quizterm.errors import QuiztermError
from quizterm.plan.plans import (
    Plan,
    days_left_by_deck,
    load_plans,
    plans_path,
    save_plans,
    winning_plans,
    with_plan,
    without_decks,
)

D1, D2, D3 = date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 22)


def plan(when: date, *decks: str) -> Plan:
    return Plan(date=when, decks=tuple(sorted(decks)), set_on=D1, window_from=when)


def test_round_trip_keeps_every_field_and_odd_deck_names(tmp_path: Path) -> None:
    plans = [plan(D3, "ml", "stats"), plan(D2, 'we"ird\\name', "ünï")]
    save_plans(tmp_path, plans)
    assert load_plans(tmp_path) == plans
    assert plans_path(tmp_path).read_text(encoding="utf-8").startswith("# Interview plans")


def test_no_file_means_no_plan(tmp_path: Path) -> None:
    assert load_plans(tmp_path) == []


def test_setting_the_same_decks_again_replaces_the_date() -> None:
    plans = with_plan([plan(D3, "a", "b")], plan(D2, "a", "b"))
    assert plans == [plan(D2, "a", "b")]
    assert with_plan(plans, plan(D3, "a")) == [plan(D2, "a", "b"), plan(D3, "a")]


def test_clearing_takes_decks_out_and_drops_empty_plans() -> None:
    kept, changed = without_decks([plan(D3, "a", "b"), plan(D2, "a")], ["a"])
    assert kept == [plan(D3, "b")] and changed == [plan(D3, "a", "b"), plan(D2, "a")]
    assert without_decks(kept, ["zzz"]) == (kept, [])


def test_the_earliest_date_still_ahead_wins() -> None:
    plans = [plan(D3, "a", "b"), plan(D2, "a"), plan(D1, "b")]
    winning = winning_plans(plans, date(2026, 12, 10))
    assert winning == {"a": plan(D2, "a"), "b": plan(D3, "a", "b")}  # b's plan of D1 is over
    assert winning_plans(plans, D3) == {}  # the plan is over on its date
    assert days_left_by_deck(plans, date(2026, 12, 10)) == {"a": 5, "b": 12}


@pytest.mark.parametrize(("text", "message"), [
    ("[[plan]]\ndate = 2026-12-22\n", "missing key 'decks'"),
    ('[[plan]]\ndate = "2026-12-22"\ndecks = ["a"]\nset_on = 2026-12-01\nwindow_from = 2026-12-20\n',
     "date must be a date written as 2026-12-22"),
    ('[[plan]]\ndate = 2026-12-22\ndecks = []\nset_on = 2026-12-01\nwindow_from = 2026-12-20\n',
     "decks must be a non-empty list"),
    ('[[plan]]\ndate = 2026-12-22\ndecks = ["a"]\nset_on = 2026-12-01\nwindow_from = 2026-12-30\n',
     "window_from must lie between"),
    ('[[plan]]\ndate = 2026-12-22\ndecks = ["a"]\nset_on = 2026-12-01\nwindow_from = 2026-12-20\nx = 1\n',
     "unknown key 'x'"),
    ("plan = 3\n", "must be a list of tables"),
    ("nonsense = [\n", "not valid TOML"),
])
def test_a_broken_file_is_an_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    plans_path(tmp_path).write_text(text, encoding="utf-8")
    with pytest.raises(QuiztermError) as raised:
        load_plans(tmp_path)
    assert str(raised.value).startswith(str(plans_path(tmp_path))) and message in str(raised.value)
