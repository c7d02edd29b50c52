"""Measurements that run inside a fresh Python process: `python -m benchmarks.workers NAME JSON`.

Each worker prints one JSON object on its last line of output. A fresh process per measurement keeps
imports honest (nothing is imported before the timer starts that the user's process would not have
imported either) and keeps one measurement's memory and caches out of the next.
"""

from __future__ import annotations

import asyncio
import gc
import io
import json
import shutil
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.sync_bench import sync_export, sync_import

NOW = "2026-11-26"
TODAY = date(2026, 11, 26)
GRADES = (3, 4, 3, 5)  # the same key presses at every size; the 3s come back as same-day repeats


def _clock() -> Callable[[], Any]:
    from quizterm.commands.common import make_clock

    return make_clock(NOW)


def copy_data_dir(source: Path | None, into: Path) -> Path:
    """A private data dir: the progress database copied, its backups hard-linked (they are never written)."""
    target = into / "data"
    target.mkdir()
    if source is None:
        return target
    for name in ("progress.sqlite3",):
        shutil.copyfile(source / name, target / name)
    if (source / "backups").is_dir():
        (target / "backups").mkdir()
        for backup in (source / "backups").iterdir():
            (target / "backups" / backup.name).hardlink_to(backup)
    return target


def _decks(set_name: str, seed: int) -> list[Any]:
    from benchmarks.decks import SETS, iter_decks

    deck_set = next(s for s in SETS if s.name == set_name)
    return list(iter_decks(deck_set, seed))


# -- 2. validate vs libyaml -------------------------------------------------------------------------

def _usage() -> dict[str, float]:
    """CPU seconds and peak RSS (MB) of this process and of its finished child processes."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
            "rss_mb": own.ru_maxrss / 1024, "children_rss_mb": children.ru_maxrss / 1024}


def yaml_parse(folder: str) -> dict[str, Any]:
    """libyaml's CSafeLoader over every deck file of `folder`: the floor any deck reader pays."""
    t0 = time.perf_counter()
    import yaml

    t1 = time.perf_counter()
    cards = 0
    for path in sorted(Path(folder).glob("*.yaml")):
        with path.open("rb") as handle:
            cards += len(yaml.load(handle, Loader=yaml.CSafeLoader)["cards"])
    t2 = time.perf_counter()
    return {"import": t1 - t0, "call": t2 - t1, "cards": cards, **_usage()}


def validate(folder: str) -> dict[str, Any]:
    """`run_validate` on `folder` (no cache: validate always reads and checks every file)."""
    t0 = time.perf_counter()
    from quizterm.deck.parallel import wait_for_workers
    from quizterm.deck.validate import run_validate

    t1 = time.perf_counter()
    out = io.StringIO()
    code = run_validate([folder], strict=False, out=out)
    t2 = time.perf_counter()
    if code != 0:
        raise SystemExit(f"validate failed ({code}): {out.getvalue()[-2000:]}")
    wait_for_workers()  # so their CPU time and memory are counted
    return {"import": t1 - t0, "call": t2 - t1, "output": out.getvalue()[-300:], **_usage()}


def load(folder: str, one_process: bool = False) -> dict[str, Any]:
    """`load_decks` on `folder` without a cache, as a cold drill loads them (compact); `one_process` keeps
    the worker processes out, to show what validating costs over parsing on one core."""
    t0 = time.perf_counter()
    from quizterm.deck.loader import load_decks
    from quizterm.deck.parallel import wait_for_workers

    t1 = time.perf_counter()
    alone = {"parallel_from": sys.maxsize} if one_process else {}
    decks = load_decks([folder], cache_dir=None, compact=True, **alone).require_valid()
    t2 = time.perf_counter()
    wait_for_workers()  # so their CPU time and memory are counted
    return {"import": t1 - t0, "call": t2 - t1, "cards": sum(len(d.cards) for d in decks), **_usage()}


# -- 3. queue build ---------------------------------------------------------------------------------

def queue(cases: list[dict[str, Any]], runs: int, seed: int) -> dict[str, Any]:
    """Alternate the cases; each run opens the store afresh (untimed: SQLite's cache starts cold, as at
    start-up) and times `states()` + `grades_on(today)` + `SessionQueue.build`."""
    from quizterm.plan.plans import Plan
    from quizterm.plan.view import Planning
    from quizterm.scheduler.base import make_scheduler
    from quizterm.scheduler.queue import Limits, SessionQueue
    from quizterm.store.progress import ProgressStore

    clock = _clock()
    # an interview in 5 days, set 30 days ago: its final window began 10 days ago (its grades are read)
    plan = Plan(date=TODAY + timedelta(days=5), decks=(), set_on=TODAY - timedelta(days=25),
                window_from=TODAY - timedelta(days=10))
    prepared = []
    with tempfile.TemporaryDirectory(prefix="qz-queue-") as tmp:
        for i, case in enumerate(cases):
            cards = [card for deck in _decks(case["set"], seed) for card in deck.cards]
            folder = Path(tmp) / str(i)
            folder.mkdir()
            data = copy_data_dir(Path(case["data"]) if case["data"] else None, folder)
            planned = Planning(cards, [replace(plan, decks=tuple(sorted({c.deck for c in cards})))],
                               Limits().new_per_day) \
                if case.get("plan") else None
            prepared.append((case["name"], cards, data, case.get("scheduler", "sm2"), planned))
        results: dict[str, dict[str, list[float]]] = {
            name: {"total": [], "states": [], "grades_on": [], "build": [], "plan": [], "queue": []}
            for name, *_ in prepared}
        for run in range(runs + 1):  # the first round warms the OS file cache and is dropped
            order = prepared if run % 2 == 0 else prepared[::-1]
            for name, cards, data, scheduler, planned in order:
                store = ProgressStore.open(data, real_now=clock(), scheduler=make_scheduler(scheduler))
                try:
                    t0 = time.perf_counter()
                    states = store.states()
                    t1 = time.perf_counter()
                    grades = store.grades_on(TODAY)
                    t2 = time.perf_counter()
                    if planned is None:
                        tp = t2
                        built = SessionQueue.build(cards, states, grades, TODAY, Limits())
                    else:  # as DrillSession._build with a plan: the plan's view, its limits, the build
                        view = planned.view(store, TODAY, states, grades)
                        limits = view.limits_for({card.id for card in cards}, states, grades, Limits())
                        tp = time.perf_counter()
                        built = SessionQueue.build(cards, states, grades, TODAY, limits, plan_due=view.plan_due,
                                                   planned=view.planned)
                    t3 = time.perf_counter()
                finally:
                    store.close()
                if run == 0:
                    continue
                r = results[name]
                r["total"].append(t3 - t0)
                r["states"].append(t1 - t0)
                r["grades_on"].append(t2 - t1)
                r["plan"].append(tp - t2)
                r["build"].append(t3 - tp)
                r["queue"] = [len(built), len(states), len(grades)]  # type: ignore[list-item]
    return results


def plan_sim(seed: int) -> dict[str, Any]:
    """The interview-plan simulation (benchmarks/plan_sim.py), with its own fixed seed."""
    from dataclasses import asdict

    from benchmarks.plan_sim import run_all

    return {"results": [asdict(result) for result in run_all()]}


# -- 4. grade to next card ----------------------------------------------------------------------------

def grade_domain(cases: list[dict[str, Any]], grades: int, seed: int) -> dict[str, Any]:
    """`DrillSession.grade` (committed) + `current()`, alternating one grade per case."""
    from quizterm.scheduler.base import make_scheduler
    from quizterm.session import DrillSession
    from quizterm.store.drafts import DraftStore
    from quizterm.store.progress import ProgressStore

    clock = _clock()
    with tempfile.TemporaryDirectory(prefix="qz-grade-") as tmp:
        sessions = []
        stores: list[ProgressStore | DraftStore] = []
        for i, case in enumerate(cases):
            cards = [card for deck in _decks(case["set"], seed) for card in deck.cards]
            folder = Path(tmp) / str(i)
            folder.mkdir()
            store = ProgressStore.open(copy_data_dir(Path(case["data"]) if case["data"] else None, folder),
                                       real_now=clock(), scheduler=make_scheduler(case.get("scheduler", "sm2")))
            drafts = DraftStore.open(store.path, clock=clock)  # as `quizterm` runs: a grade clears its draft
            stores += [store, drafts]
            sessions.append((case["name"], DrillSession(cards=cards, store=store, clock=clock, drafts=drafts)))
        times: dict[str, list[float]] = {name: [] for name, _ in sessions}
        try:
            for n in range(grades):
                for name, session in sessions:
                    card = session.current()
                    assert card is not None, f"{name}: the queue ran out after {n} grades"
                    t0 = time.perf_counter()
                    session.grade(card, GRADES[n % len(GRADES)], answer="my answer", seconds=12.0)
                    session.current()
                    times[name].append(time.perf_counter() - t0)
        finally:
            for store in stores:
                store.close()
    return times


def grade_tui(case: dict[str, Any], grades: int, seed: int) -> dict[str, Any]:
    """The real app, headless at 120x40. Per card: an answer of ~600 characters put in the box (untimed),
    reveal (timed to the rubric's first frame, apart for cards with and without key points), then time
    from the grade key until the next question screen is mounted (its question widget included) and
    until its first frame reaches the driver (what a terminal would show)."""
    return asyncio.run(_grade_tui(case, grades, seed))


ANSWER_CHARS = 600


def typed_answer(card: Any) -> str:
    """What the benchmark types before revealing: half of the card's key points reworded a little and
    filler to ~600 characters; the same length without key points (so only the checklist differs)."""
    made = [point.text.lower().replace(" ", " indeed ", 1) for point in card.key_points[::2]]
    text = ". ".join([*made, card.question])
    while len(text) < ANSWER_CHARS:
        text += " I would also say that the " + card.short_answer.lower()
    return text[:ANSWER_CHARS]


async def _grade_tui(case: dict[str, Any], grades: int, seed: int) -> dict[str, Any]:
    from textual import events

    from quizterm.store.drafts import DraftStore
    from quizterm.store.progress import ProgressStore
    from quizterm.tui.app import QuiztermApp
    from quizterm.tui.screens.question import QuestionScreen
    from quizterm.tui.screens.rubric import RubricScreen
    from quizterm.tui.widgets.answer_box import AnswerBox

    clock = _clock()
    decks = _decks(case["set"], seed)
    if case.get("one_deck"):  # all cards in one deck: straight to the first card, no deck list below
        from quizterm.deck.cards import Deck

        decks = [Deck(key="all", title="All generated decks", path=decks[0].path,
                      cards=tuple(card for deck in decks for card in deck.cards))]
    # As `quizterm` holds them: compact cards, kept out of the collector's scans (cli.cmd_drill).
    decks = [deck.compacted() for deck in decks]
    gc.freeze()
    times: dict[str, list[float]] = {"mounted": [], "painted": [], "reveal_painted": [], "reveal_points": [],
                                     "reveal_plain": [], "points_marked": []}
    with tempfile.TemporaryDirectory(prefix="qz-tui-") as tmp:
        data = copy_data_dir(Path(case["data"]) if case["data"] else None, Path(tmp))
        with ProgressStore.open(data, real_now=clock()) as store, DraftStore.open(store.path, clock=clock) as drafts:
            app = QuiztermApp(decks=decks, store=store, clock=clock, drafts=drafts)
            async with app.run_test(size=(120, 40)) as pilot:
                driver = app._driver
                assert driver is not None

                async def until(condition: Callable[[], bool], what: str) -> None:
                    for _ in range(10_000):
                        if condition():
                            return
                        await pilot.pause()
                    raise AssertionError(f"timed out waiting for {what}")

                def send(key: str) -> None:
                    """Send a key as Pilot.press does, without Pilot's waits for idle (20 ms sleeps)."""
                    event = events.Key(key, key if len(key) == 1 else None)
                    event.set_sender(app)
                    driver.send_message(event)

                async def poll(condition: Callable[[], bool], what: str) -> None:
                    """Check every millisecond, in the app's own event loop."""
                    for _ in range(30_000):
                        if condition():
                            return
                        await asyncio.sleep(0.001)
                    raise AssertionError(f"timed out waiting for {what}")

                # Weak references: holding every screen ever painted kept each one alive, and the collector's
                # full passes over them grew with every card (hundreds of ms by the 25th), landing on random
                # reveals; the app itself frees them.
                paints: list[tuple[float, weakref.ref[Any]]] = []
                display = app._display

                def record_display(screen: Any, renderable: Any) -> None:
                    """The app hands each frame to the driver here (headless: dropped after this)."""
                    if renderable is not None:
                        paints.append((time.perf_counter(), weakref.ref(screen)))
                    display(screen, renderable)

                app._display = record_display  # type: ignore[method-assign]
                painted_at = 0.0

                def painted(kind: type, since: float) -> float | None:
                    """When the first frame of the current screen, of `kind`, reached the driver after `since`."""
                    nonlocal painted_at
                    screen = app.screen
                    if not isinstance(screen, kind):
                        return None
                    for moment, shown in paints:
                        if shown() is screen and moment > since:
                            painted_at = moment
                            return moment
                    return None

                def question_shown(previous: object) -> bool:
                    screen = app.screen
                    return (isinstance(screen, QuestionScreen) and screen is not previous and screen.is_mounted
                            and screen.query_one("#question").is_mounted)

                if len(decks) > 1:  # the deck list first: "All decks" is highlighted
                    # Ready for keys: keys pressed before the deck list is on screen are ignored.
                    await until(lambda: app.screen.query("#deck-options").first().is_mounted
                                and getattr(app.screen, "input_ready", False), "the deck list")
                    await pilot.press("enter")
                await until(lambda: question_shown(None), "the first question")
                for n in range(grades):
                    question = app.screen
                    assert isinstance(question, QuestionScreen)
                    question.query_one(AnswerBox).insert(typed_answer(question.card))
                    await pilot.pause()  # let the question settle outside the timed parts
                    t0 = time.perf_counter()
                    send("ctrl+s")
                    await poll(lambda t=t0: painted(RubricScreen, t) is not None, "the rubric")
                    times["reveal_painted"].append(painted_at - t0)
                    times["reveal_points" if question.card.key_points else "reveal_plain"].append(painted_at - t0)
                    await pilot.pause()  # let the rubric settle (Markdown, layout) outside the timed part
                    rubric = app.screen
                    assert isinstance(rubric, RubricScreen)
                    if question.card.key_points:
                        times["points_marked"].append(len(rubric.checklist.mentioned_points))
                    t0 = time.perf_counter()
                    send(str(GRADES[n % len(GRADES)]))
                    await poll(lambda q=question: question_shown(q), f"the question after grade {n + 1}")
                    times["mounted"].append(time.perf_counter() - t0)
                    await poll(lambda t=t0: painted(QuestionScreen, t) is not None, "the question painted")
                    times["painted"].append(painted_at - t0)
                await pilot.press("ctrl+q")
    return times


def matcher(runs: int, seed: int) -> dict[str, Any]:
    from benchmarks.matcher.timing import measure

    return measure(runs, seed)


# -- the one-time migration to the event log ---------------------------------------------------------------

def migrate_log(source: str, scratch: str, runs: int) -> dict[str, Any]:
    """Per run, on a fresh copy of the wave-1 (version 2) database: a verified backup of it (the baseline:
    the other whole-file job a user waits for), then the migration itself (`migrate`, the transaction and
    VACUUM `ProgressStore.open` runs after its own backup)."""
    from quizterm.store.backups import make_backup
    from quizterm.store.db import connect, database_path, use_wal
    from quizterm.store.migrations import LATEST_VERSION, migrate, user_version

    results: dict[str, Any] = {"backup": [], "migrate": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="qz-migrate-", dir=scratch) as tmp:
            data = copy_data_dir(Path(source), Path(tmp))
            path = database_path(data)
            conn = connect(path)
            try:
                use_wal(conn)
                t0 = time.perf_counter()
                make_backup(conn, data, made_at=_clock()(), verify=True)
                t1 = time.perf_counter()
                migrate(conn, path, backup=lambda: None)
                t2 = time.perf_counter()
                assert user_version(conn) == LATEST_VERSION
                results["facts"] = {
                    "events": conn.execute("SELECT count(*) FROM events").fetchone()[0],
                    "checkpoints": conn.execute("SELECT count(*) FROM events WHERE kind = 'checkpoint'").fetchone()[0],
                    "mb_before": Path(source, "progress.sqlite3").stat().st_size / 1e6,
                    "mb_after": path.stat().st_size / 1e6,
                }
            finally:
                conn.close()
            results["backup"].append(t1 - t0)
            results["migrate"].append(t2 - t1)
    return results


def fsrs_rebuild(source: str, scratch: str, runs: int) -> dict[str, Any]:
    """Per run, on a fresh copy of the 1M-review database: a verified backup (the baseline, as above), then
    the one-time fill of the FSRS memory columns (schema 3 -> 4: the file is taken back to version 3 first,
    untimed), then `doctor`'s check (quick_check, a full replay under both schedulers, the comparison)."""
    from quizterm.store.backups import make_backup
    from quizterm.store.db import connect, database_path, use_wal
    from quizterm.store.doctor import check
    from quizterm.store.migrations import LATEST_VERSION, MIGRATIONS, migrate, user_version

    results: dict[str, Any] = {"backup": [], "rebuild": [], "doctor": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="qz-fsrs-", dir=scratch) as tmp:
            data = copy_data_dir(Path(source), Path(tmp))
            path = database_path(data)
            conn = connect(path)
            try:
                use_wal(conn)
                expected = conn.execute("SELECT card_id, stability, difficulty FROM cards ORDER BY card_id").fetchall()
                conn.execute("ALTER TABLE cards DROP COLUMN stability")
                conn.execute("ALTER TABLE cards DROP COLUMN difficulty")
                conn.execute("PRAGMA user_version = 3")
                t0 = time.perf_counter()
                make_backup(conn, data, made_at=_clock()(), verify=True)
                t1 = time.perf_counter()
                migrate(conn, path, backup=lambda: None, steps=MIGRATIONS[:4])  # the FSRS step alone
                t2 = time.perf_counter()
                conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")  # the later steps' tables are intact
                assert user_version(conn) == LATEST_VERSION
                assert conn.execute("SELECT card_id, stability, difficulty FROM cards ORDER BY card_id").fetchall() \
                    == expected
                results["facts"] = {
                    "scheduling": conn.execute("SELECT count(*) FROM events WHERE kind = 'grade' AND scheduling = 1 "
                                               "AND cancelled = 0").fetchone()[0],
                    "events": conn.execute("SELECT count(*) FROM events").fetchone()[0],
                    "cards": len(expected)}
            finally:
                conn.close()
            t3 = time.perf_counter()
            report = check(data, real_now=_clock()(), repair=False)
            t4 = time.perf_counter()
            assert report.healthy, report.lines
            results["backup"].append(t1 - t0)
            results["rebuild"].append(t2 - t1)
            results["doctor"].append(t4 - t3)
    results["step_us"] = _fsrs_step_us()
    return results


def _fsrs_step_us() -> float:
    """One FSRS memory step (`memory_after`: the package's `review_card` restated on floats), in µs; median
    of 11."""
    from datetime import timedelta

    from quizterm.scheduler.fsrs import memory_after

    samples = []
    for _ in range(11):
        t0 = time.perf_counter()
        for i in range(2000):
            memory_after(12.5, 5.0, TODAY, i % 6, TODAY + timedelta(days=1 + i % 40))
        samples.append((time.perf_counter() - t0) / 2000 * 1e6)
    return sorted(samples)[5]


def stats_open(data: str, runs: int, seed: int) -> dict[str, Any]:
    from benchmarks.stats_screen import stats_open as run

    return run(data, runs, seed)


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "yaml_parse": yaml_parse, "validate": validate, "load": load, "queue": queue,
    "grade_domain": grade_domain, "grade_tui": grade_tui, "matcher": matcher, "migrate_log": migrate_log,
    "fsrs_rebuild": fsrs_rebuild,
    "stats_open": stats_open, "plan_sim": plan_sim,
    "sync_export": sync_export, "sync_import": sync_import,
}


def main(argv: list[str]) -> int:
    name, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    result = WORKERS[name](**args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
