"""Plans from the command line and through the days: `quizterm plan` (set, show, clear, --json), the drill
following a plan day after day, `stats --json`'s plan_due, and the scheduler's states left exact."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.cli import main
from quizterm.deck.cards import Card
from quizterm.plan.plans import Plan, load_plans
from quizterm.plan.view import Planning
from quizterm.scheduler.queue import Limits
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore

from ..store.helpers import scratch_dir

START = date(2026, 12, 1)
INTERVIEW = date(2026, 12, 22)


def write_deck(folder: Path, name: str, count: int) -> Path:
    lines = [f"title: {name.title()}", "cards:"]
    for i in range(count):
        lines += [f"  - id: {name}-{i}", f"    question: Question {i} of {name}?", f"    short_answer: Answer {i}."]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    decks = tmp_path / "decks"
    decks.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    return write_deck(decks, "alpha", 30), write_deck(decks, "beta", 10), data


def test_set_show_and_clear(tmp_path: Path) -> None:
    alpha, beta, data = setup(tmp_path)
    code, out, err = run("plan", "2026-12-22", str(alpha), "--data-dir", str(data), "--now", "2026-12-01")
    assert code == 0 and err == ""
    assert out.startswith("Interview on 2026-12-22 for alpha: 21 study days left.\n")
    assert "30 cards: 30 unseen · 0 learning · 0 mature" in out and "final window from 2026-12-17" in out
    assert load_plans(data) == [Plan(INTERVIEW, ("alpha",), START, date(2026, 12, 17))]

    code, out, _ = run("plan", "--json", str(alpha.parent), "--data-dir", str(data), "--now", "2026-12-01")
    shown = json.loads(out)
    (first,) = shown["plans"]
    # the plan needs 2 new cards a day, the configured 20 stay the floor: the drill brings 20 today, the 10
    # others tomorrow, and the forecast says so
    assert (first["days_left"], first["cards"], first["unseen"], first["new_today"]) == (21, 30, 30, 20)
    assert first["days"][0] == {"date": "2026-12-01", "load": 20} and len(first["days"]) == 21
    assert first["days"][1] == {"date": "2026-12-02", "load": 30}  # 10 new, the 20 of today back
    assert first["today"] == {"date": "2026-12-01", "load": 20} and not first["fits"]
    assert first["problems"][0].endswith("new cards come at new_per_day (20 a day) where the plan needs 2 a day: "
                                         "a lower new_per_day spreads them")
    (data / "config.toml").write_text("new_per_day = 2\n")
    code, out, _ = run("plan", "--json", str(alpha.parent), "--data-dir", str(data), "--now", "2026-12-01")
    (first,) = json.loads(out)["plans"]
    assert first["new_today"] == 2 and first["days"][0]["load"] == 2 and first["fits"] and first["problems"] == []

    assert first["readiness"]["day"] == "2026-12-22" and first["readiness"]["unseen"] == 30
    assert first["readiness"]["mean"] == 0.0 and first["readiness"]["share_below"] == 1.0

    code, out, _ = run("plan", "--clear", str(alpha), "--data-dir", str(data), "--now", "2026-12-01")
    assert code == 0 and out.startswith("Removed alpha from 1 plan.") and load_plans(data) == []
    code, out, _ = run("plan", "--clear", str(beta), "--data-dir", str(data))
    assert code == 0 and out.startswith("No plan covers beta.")
    run("plan", "2026-12-22", str(alpha), "--data-dir", str(data), "--now", "2026-12-01")
    code, out, _ = run("plan", "--clear", str(alpha.parent), "--data-dir", str(data), "--now", "2026-12-01")
    assert code == 0 and out.startswith("Removed alpha from 1 plan.")  # beta was in none: not named


def test_an_uneven_plan_blames_new_per_day_only_when_new_cards_make_it(tmp_path: Path) -> None:
    """Overdue reviews piling on today are not the configured new-card pace's doing, even when that pace
    is faster than the plan's: one new card left is no front-loading."""
    _, beta, data = setup(tmp_path)
    with ProgressStore.open(data, real_now=noon(START)) as store:
        for i in range(9):  # 9 of the 10 cards seen on day one, all overdue a week later
            store.record_grade(card_id=f"beta-{i}", deck="beta", grade=4, moment=noon(START), day=START)
    later = (START + timedelta(days=8)).isoformat()
    assert run("plan", (START + timedelta(days=14)).isoformat(), str(beta), "--data-dir", str(data),
               "--now", later)[0] == 0
    _, out, _ = run("plan", "--json", str(beta), "--data-dir", str(data), "--now", later)
    (shown,) = json.loads(out)["plans"]
    assert shown["unseen"] == 1 and shown["new_today"] == 1 and shown["days"][0]["load"] == 10
    assert [problem.endswith("a later date spreads the work") for problem in shown["problems"]] == [True]


def test_bad_dates_are_usage_errors(tmp_path: Path) -> None:
    alpha, _, data = setup(tmp_path)
    for args, message in [(("2026-11-30",), "2026-11-30 is in the past (today is the study day 2026-12-01)"),
                          (("2026-13-01",), "'2026-13-01' is not a date"),
                          (("--clear", "2026-12-22"), "--clear takes deck paths, not a date")]:
        code, out, err = run("plan", *args, str(alpha), "--data-dir", str(data), "--now", "2026-12-01")
        assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err
    assert load_plans(data) == []


def test_a_close_date_is_accepted_with_a_warning(tmp_path: Path) -> None:
    alpha, _, data = setup(tmp_path)
    code, out, err = run("plan", "2026-12-02", str(alpha), "--data-dir", str(data), "--now", "2026-12-01")
    assert code == 0
    assert err == ("quizterm: warning: one study day left: every card can get one review today, not two "
                   "(30 cards not seen yet); `quizterm cram` practises the weakest cards after that\n")
    assert "cannot fit: 30 unseen cards cannot get two reviews before 2026-12-02" in out
    code, out, err = run("plan", "2026-12-01", str(alpha), "--data-dir", str(data), "--now", "2026-12-01")
    assert code == 0 and "the interview is today" in err and "Interview on 2026-12-01 (alpha): over" in out


def test_where_plans_overlap_the_earliest_date_wins(tmp_path: Path) -> None:
    alpha, beta, data = setup(tmp_path)
    assert run("plan", "2026-12-15", str(alpha), "--data-dir", str(data), "--now", "2026-12-01")[0] == 0
    code, out, err = run("plan", "2026-12-22", str(alpha), str(beta), "--data-dir", str(data), "--now", "2026-12-01",
                         "--json")
    assert code == 0
    assert "alpha follows the plan for 2026-12-15 (the earliest date wins)" in err
    by_date = {p["date"]: p for p in json.loads(out)["plans"]}
    assert by_date["2026-12-15"]["cards"] == 30 and by_date["2026-12-22"]["cards"] == 10


def drill_day(store: ProgressStore, cards: Sequence[Card], plans: Sequence[Plan], day: date,
              grades: dict[str, int] | None = None) -> DrillSession:
    """One day's drill following the plans: every card shown is graded (4 unless `grades` says otherwise),
    repeats until recalled."""
    session = DrillSession(cards=cards, store=store, clock=lambda: noon(day), limits=Limits(new_per_day=1),
                           plan=Planning(cards, plans))
    while (card := session.current()) is not None:
        given = (grades or {}).pop(card.id, 4)
        session.grade(card, given)
    return session


def test_a_plan_followed_day_after_day(tmp_path: Path) -> None:
    """From the installed command's point of view: after `quizterm plan DATE`, drilling every day (1 new card
    a day configured, the plan raises it), every card gets two successful reviews and one in the final window,
    no planned card's plan_due is ever after the day before the date, `due` stays the scheduler's, and once
    the date has come nothing is moved any more."""
    alpha, _, data = setup(tmp_path)
    assert run("plan", "2026-12-22", str(alpha), "--data-dir", str(data), "--now", "2026-12-01")[0] == 0
    plans = load_plans(data)
    cards = [Card(id=f"alpha-{i}", deck="alpha", question="q", short_answer="a") for i in range(30)]
    reviews: dict[str, list[date]] = {card.id: [] for card in cards}
    with ProgressStore.open(data, real_now=noon(START)) as store:
        for offset in range(21):
            today = START + timedelta(days=offset)
            fail = {cards[offset].id: 2} if offset in (3, 17) else {}  # a lapse before and one in the window
            drill_day(store, cards, plans, today, fail)
            for event in store.grades_on(today):
                if event.scheduling and event.grade >= 3:
                    reviews[event.card_id].append(today)
            code, out, _ = run("stats", "--json", str(alpha), "--data-dir", str(data),
                               "--now", (today + timedelta(days=1)).isoformat())
            assert code == 0
            for card in json.loads(out)["cards"]:
                assert card["plan_due"] is None or card["plan_due"] <= "2026-12-21", card
                state = store.state(card["id"])
                assert card["due"] == (None if state.due is None else state.due.isoformat())
    window = plans[0].window_from
    assert all(len(days) >= 2 for days in reviews.values()), reviews
    assert all(days[-1] >= window for days in reviews.values()), reviews
    code, out, _ = run("stats", "--json", str(alpha), "--data-dir", str(data), "--now", "2026-12-22")
    assert code == 0 and all(card["plan_due"] is None for card in json.loads(out)["cards"])


def test_suspended_cards_are_outside_the_plan_and_new_cards_join_it(tmp_path: Path) -> None:
    cards = [Card(id=f"c{i}", deck="d", question="q", short_answer="a") for i in range(4)]
    plans = [Plan(INTERVIEW, ("d",), START, date(2026, 12, 17))]
    with ProgressStore.open(tmp_path, real_now=noon(START)) as store:
        store.suspend(card_id="c0", deck="d", moment=noon(START), day=START)
        view = Planning(cards, plans).view(store, START)
        assert set(view.planned) == {"c1", "c2", "c3"}
        more = [*cards, Card(id="c9", deck="d", question="q", short_answer="a"),
                Card(id="x", deck="other", question="q", short_answer="a")]
        assert set(Planning(more, plans).view(store, START).planned) == {"c1", "c2", "c3", "c9"}
        assert set(Planning(cards[2:], plans).view(store, START).planned) == {"c2", "c3"}


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 25), st.integers(0, 5)), max_size=40),
       st.integers(1, 40), st.integers(0, 25))
def test_planning_never_touches_the_scheduler_states(history: list[tuple[int, int, int]], ahead: int,
                                                     today_offset: int) -> None:
    """Whatever the log holds, computing the plan (and the limits it raises) writes nothing: every card's
    record and the log are exactly as before, and the limits never go below the configured ones."""
    cards = [Card(id=f"c{i}", deck="d", question="q", short_answer="a") for i in range(8)]
    today = START + timedelta(days=today_offset)
    plans = [Plan(today + timedelta(days=ahead), ("d",), START, today + timedelta(days=max(0, ahead - 3)))]
    with scratch_dir() as folder, ProgressStore.open(Path(folder), real_now=noon(START)) as store:
        for card, day, grade in sorted(history, key=lambda h: h[1]):
            store.record_grade(card_id=f"c{card}", deck="d", grade=grade, moment=noon(START + timedelta(days=day)),
                               day=START + timedelta(days=day))
        before, events = store.records(), store.review_count()
        states, grades = store.states(), store.grades_on(today)
        view = Planning(cards, plans).view(store, today)
        floor = Limits(new_per_day=1, reviews_per_day=2)
        limits = view.limits_for({c.id for c in cards}, states, grades, floor)
        assert limits.new_per_day >= 1 and limits.reviews_per_day >= 2
        assert store.records() == before and store.review_count() == events
        for card_id, due in view.plan_due.items():
            assert today <= due < plans[0].date and states[card_id].due is not None and due < states[card_id].due


def test_several_plans_raise_the_new_card_limit_only_as_far_as_they_need() -> None:
    """new_per_day is a floor for the day's total, not for each plan: two plans that need 2 and 1 new cards a
    day leave a drill of both at the configured 20 (each plan paced at 20 would make it 30); plans that need
    more than the floor raise it to the sum of their own paces."""
    alpha = [Card(id=f"a{i}", deck="alpha", question="q", short_answer="a") for i in range(16)]
    beta = [Card(id=f"b{i}", deck="beta", question="q", short_answer="a") for i in range(14)]
    cards = alpha + beta
    plans = [Plan(INTERVIEW, ("alpha",), START, date(2026, 12, 17)),
             Plan(date(2026, 12, 15), ("beta",), START, date(2026, 12, 12))]
    ids = {c.id for c in cards}
    with scratch_dir() as folder, ProgressStore.open(Path(folder), real_now=noon(START)) as store:
        states, grades = store.states(), store.grades_on(START)
        paced = Planning(cards, plans, new_floor=20).view(store, START)
        assert paced.limits_for(ids, states, grades, Limits(new_per_day=20)).new_per_day == 20
        assert paced.limits_for({c.id for c in beta}, states, grades, Limits(new_per_day=20)).new_per_day == 20
        needy = Planning(cards, plans, new_floor=1).view(store, START)
        own = [span.days.new_pace for span in needy.spans]
        assert needy.limits_for(ids, states, grades, Limits(new_per_day=1)).new_per_day == sum(own) > 1
