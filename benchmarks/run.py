"""Run every benchmark and rewrite docs/benchmarks.md.

    python -m benchmarks                 # from the repository root; ~5 minutes on 2 cores
    python -m benchmarks --quick         # fewer repetitions, for trying changes (report not written)
    python -m benchmarks --only startup  # one section: startup, validate, queue, grade, browser, stats,
                                         # matcher, migrate, fsrs, plan, sync

Every figure interleaves its baseline and its subject (A B, B A, ...) in the same run so they share the
machine's noise, and reports medians with their spread. Subprocesses get the working tree on PYTHONPATH,
a bytecode cache in the work dir (as an installed package has; the tree itself is never written), and
a cwd without `./decks`, so `quizterm` without a path drills the bundled decks.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.bare_app import MARKER as BARE_MARKER
from benchmarks.browser import browser
from benchmarks.data import NOW, Data, prepare
from benchmarks.decks import SET_1K, SET_10K, SET_25
from benchmarks.figures import Figure, alternate, fmt, median
from benchmarks.matcher.section import matcher
from benchmarks.pty_run import Launch, launch
from benchmarks.report import machine_facts, write_report
from benchmarks.stats_screen import section as stats_section
from benchmarks.sync_bench import section as sync_section

REPO = Path(__file__).resolve().parents[1]
DEFAULT_WORK = REPO / "benchmarks" / ".data"
REPORT = REPO / "docs" / "benchmarks.md"
SECTIONS = ("startup", "validate", "queue", "grade", "browser", "stats", "matcher", "migrate", "fsrs", "plan",
            "sync")
MB = 1024.0  # VmHWM is in KiB

PARSE_SNIPPET = (
    "import sys, yaml, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
    "    with p.open('rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


class Bench:
    """What every measurement needs: the data, the subprocess environment, scratch space, settings."""

    def __init__(self, data: Data, work: Path, runs: int, slow_runs: int, grades: int, seed: int) -> None:
        self.data = data
        self.runs = runs
        self.slow_runs = slow_runs
        self.grades = grades
        self.seed = seed
        self.scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=work))  # this run's own
        self.cwd = self.scratch / "cwd"  # no ./decks here: `quizterm` alone drills the bundled decks
        self.cwd.mkdir(parents=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        for name in ("QUIZTERM_DATA_DIR", "QUIZTERM_DEBUG"):
            env.pop(name, None)
        self.env = env

    def data_dir(self, name: str, copy_of: Path | None = None) -> Path:
        """A data directory in the scratch space; a copy of a generated one (backups hard-linked).

        The copy has "today's backup made": backups follow the real clock and the generated data is reused
        on later days, so the linked copies are marked as made now (their shared modification time).
        """
        path = self.scratch / name
        path.mkdir()
        if copy_of is not None:
            shutil.copyfile(copy_of / "progress.sqlite3", path / "progress.sqlite3")
            (path / "backups").mkdir()
            for backup in (copy_of / "backups").iterdir():
                (path / "backups" / backup.name).hardlink_to(backup)
                os.utime(backup)
        return path

    # -- processes ------------------------------------------------------------------------------------

    def quizterm(self, paths: Sequence[Path], marker: str, data_dir: Path) -> Launch:
        argv = [sys.executable, "-m", "quizterm", *map(str, paths), "--data-dir", str(data_dir), "--now", NOW]
        return launch(argv, marker, env=self.env, cwd=self.cwd)

    def fill_deck_cache(self, paths: Sequence[Path], data_dir: Path) -> None:
        """Make the next starts warm. A drill writes the deck cache only once its first screen is up, and
        every timed run is killed at that moment, so `stats` (which writes it as it loads) fills it."""
        self.wall([sys.executable, "-m", "quizterm", "stats", *map(str, paths), "--data-dir", str(data_dir),
                   "--now", NOW])

    def bare(self, *parse: Path) -> Launch:
        return launch([sys.executable, str(REPO / "benchmarks" / "bare_app.py"), *map(str, parse)],
                      BARE_MARKER, env=self.env, cwd=self.cwd)

    def wall(self, argv: Sequence[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, cwd=self.cwd, env=self.env, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    def worker(self, name: str, **args: Any) -> Any:
        result = subprocess.run([sys.executable, "-m", "benchmarks.workers", name, json.dumps(args)],
                                cwd=REPO, env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"worker {name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])


def _seconds(launches: list[Launch]) -> list[float]:
    return [x.seconds for x in launches]


def _rss(launches: list[Launch]) -> list[float]:
    return [x.peak_rss_kib / MB for x in launches]


def _bundled_markers() -> tuple[Path, str, Path, str]:
    """The bundled decks: the first deck's title (deck list) and its first question's start (one deck)."""
    import yaml

    from quizterm.deck.bundled import bundled_decks_dir

    first = sorted(bundled_decks_dir().glob("*.yaml"))[0]
    deck = yaml.safe_load(first.read_text(encoding="utf-8"))
    return bundled_decks_dir(), deck["title"], first, deck["cards"][0]["question"][:18]


# -- 1 and 5: start-up and peak memory -------------------------------------------------------------------

def startup(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    figures: list[Figure] = []
    runs = b.runs
    bundled, bundled_title, bundled_file, bundled_question = _bundled_markers()
    d = b.data

    def warm(title: str, paths: Sequence[Path], marker: str, data_dir: Path, meaning: str, how: str,
             max_ratio: float | None) -> tuple[list[Launch], list[Launch]]:
        b.fill_deck_cache(paths, data_dir)
        base, subj = alternate(runs, b.bare, lambda: b.quizterm(paths, marker, data_dir))
        figures.append(Figure(title, "bare Textual app", "s", _seconds(base), _seconds(subj), meaning, how,
                              max_ratio=max_ratio))
        log(_line(figures[-1]))
        return base, subj

    warm("Warm start-up, bundled decks (deck list)", [], bundled_title, b.data_dir("bundled"),
         "Opening quizterm on its bundled decks, a user sees the deck list after {s}, {d} later than an empty "
         "Textual app ({r}).",
         f"`quizterm` with no path, cwd without ./decks: the 3 bundled decks open the deck list; marker: the "
         f"first deck's title “{bundled_title}”.", 1.3)
    warm("Warm start-up, one bundled deck (first card)", [bundled_file], bundled_question,
         b.data_dir("bundled-one"),
         "Starting one bundled deck shows its first question after {s} ({d} over an empty Textual app, {r}).",
         f"`quizterm {bundled_file.relative_to(bundled.parent)}`; marker: the start of its first question "
         f"“{bundled_question}”.", 1.3)
    warm("Warm start-up, 25 cards (one file, first card)", [d.deck_file(SET_25.name)], SET_25.card_marker,
         b.data_dir("s25"), "A small personal deck shows its first question after {s} ({r}).",
         f"generated 25-card deck file; marker `{SET_25.card_marker}` in its first question.", None)
    warm("Warm start-up, 1,000 cards (one file, first card)", [d.deck_file(SET_1K.name)], SET_1K.card_marker,
         b.data_dir("s1k"), "One 1,000-card file (3.4 MB) shows its first question after {s} ({r}).",
         f"generated 1,000-card deck file; marker `{SET_1K.card_marker}` in its first question.", None)
    base10k, warm10k = warm(
        "Warm start-up, 10,000 cards (deck list)", [d.decks[SET_10K.name]], SET_10K.deck_marker,
        b.data_dir("s10k-warm"),
        "With 10,000 cards in 50 files the deck list appears after {s}, {d} later than an empty Textual app "
        "({r}).",
        f"folder of 50 generated decks (200 cards each), empty progress; marker `{SET_10K.deck_marker}` in "
        "the first deck's title on the deck list.", 1.5)

    cold_dir = b.data_dir("s10k-cold")

    def cold() -> Launch:
        shutil.rmtree(cold_dir / "deck-cache", ignore_errors=True)
        return b.quizterm([d.decks[SET_10K.name]], SET_10K.deck_marker, cold_dir)

    folder = d.decks[SET_10K.name]
    cold_base, cold_subj = alternate(b.slow_runs, lambda: b.bare(folder), cold)
    figures.append(Figure(
        "Cold start-up, 10,000 cards (deck list)", "bare app + libyaml parse of the decks", "s",
        _seconds(cold_base), _seconds(cold_subj),
        "The first start after the decks changed (every file parsed and validated, the cache rewritten) "
        "takes {s}: {d} more than parsing the same YAML and starting an empty app ({r}).",
        "as the warm case, with `<data_dir>/deck-cache/` deleted before each run; the baseline parses the "
        "same 50 files with CSafeLoader, then runs the bare app.", max_ratio=1.2))
    log(_line(figures[-1]))

    hist_dir = b.data_dir("s10k-history", copy_of=d.history)
    b.fill_deck_cache([folder], hist_dir)
    hist_base, hist_subj = alternate(runs, b.bare, lambda: b.quizterm([folder], SET_10K.deck_marker, hist_dir))
    figures.append(Figure(
        "Warm start-up, 10,000 cards × 1M reviews (deck list)", "bare Textual app", "s",
        _seconds(hist_base), _seconds(hist_subj),
        "With a million grades in the log the deck list appears after {s} ({r}); compare the 10,000-card row "
        "without history.",
        f"as the warm 10k case, on a copy of the generated progress database ({d.reviews:,} reviews; "
        "today's backup already made).", None))
    log(_line(figures[-1]))

    first_dir = b.data_dir("s10k-first-of-day", copy_of=d.history)
    b.fill_deck_cache([folder], first_dir)

    def first_of_day() -> Launch:
        shutil.rmtree(first_dir / "backups", ignore_errors=True)
        return b.quizterm([folder], SET_10K.deck_marker, first_dir)

    def warm_history() -> Launch:
        return b.quizterm([folder], SET_10K.deck_marker, hist_dir)

    day_base, day_subj = alternate(runs, warm_history, first_of_day)
    figures.append(Figure(
        "First start of the day, 10,000 cards × 1M reviews (deck list)", "warm start, same data", "s",
        _seconds(day_base), _seconds(day_subj),
        "The first start of each day shows the deck list after {s}, {r} the warm start at the same size "
        "({d}): the daily backup is made after the first screen, in the background.",
        f"as the 1M-review warm case, with `<data_dir>/backups/` removed before each run (the "
        f"{_db_mb(d.history):.0f} MB database is copied and quick_check-ed in a background thread once the "
        "deck list is up); baseline: that warm case again, interleaved in the same run.", max_ratio=1.3))
    log(_line(figures[-1]))

    for title, base, subj, how in (
        ("Peak memory (RSS), warm start-up, 10,000 cards", base10k, warm10k, "the warm 10k runs above"),
        ("Peak memory (RSS), cold start-up, 10,000 cards", cold_base, cold_subj,
         "the cold 10k runs above (baseline: bare app after parsing the decks); quizterm's own process: the "
         "worker process that reads decks beside it until the UI starts has its own row below"),
        ("Peak memory (RSS), 10,000 cards × 1M reviews", hist_base, hist_subj, "the 1M-review runs above"),
    ):
        figures.append(Figure(
            title, "bare Textual app", "MB", _rss(base), _rss(subj),
            "Once the first screen shows, quizterm has used at most {s} of memory, {r} an empty Textual app "
            "({d}).",
            f"VmHWM from /proc/<pid>/status when the marker appeared, in {how}.",
            max_ratio=2.0 if "× 1M" not in title else None))
        log(_line(figures[-1]))
    return figures


def _db_mb(data_dir: Path) -> float:
    return (data_dir / "progress.sqlite3").stat().st_size / 1e6


# -- 2. validate ---------------------------------------------------------------------------------------------

def validate(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    folder = str(b.data.decks[SET_10K.name])
    figures: list[Figure] = []
    parse, checked = alternate(b.slow_runs, lambda: b.worker("yaml_parse", folder=folder),
                               lambda: b.worker("validate", folder=folder), warmup=1)
    figures.append(Figure(
        "Validate 10,000 cards (in-process)", "libyaml CSafeLoader parse", "s",
        [r["import"] + r["call"] for r in parse], [r["import"] + r["call"] for r in checked],
        "Checking 10,000 cards takes {s}, {d} more than only parsing their YAML ({r}).",
        "each run a fresh process, timed from its first import: `import quizterm.deck.validate; "
        "run_validate([DIR])` (yaml and pydantic are imported inside, on the first file; one worker process "
        "shares the files, as below) vs `import yaml` and `yaml.load(f, Loader=CSafeLoader)` over the same "
        "50 files.", max_ratio=1.5))
    log(_line(figures[-1]))

    parse2, loaded = alternate(b.slow_runs, lambda: b.worker("yaml_parse", folder=folder),
                               lambda: b.worker("load", folder=folder), warmup=0)
    figures.append(Figure(
        "Load 10,000 cards without cache (in-process)", "libyaml CSafeLoader parse", "s",
        [r["import"] + r["call"] for r in parse2], [r["import"] + r["call"] for r in loaded],
        "A cold drill start spends {s} reading and validating the decks before the UI starts ({r} the parse).",
        "`import quizterm.deck.loader; load_decks([DIR], cache_dir=None, compact=True).require_valid()` in a "
        "fresh process, which starts one worker process on this 2-core machine and reads files from the back "
        "while the worker reads from the front; baseline as above.", None))
    log(_line(figures[-1]))
    figures.append(Figure(
        "CPU time, load 10,000 cards without cache (both processes)", "libyaml CSafeLoader parse", "s",
        [r["cpu"] for r in parse2], [r["cpu"] for r in loaded],
        "Reading on two cores costs {s} of CPU in all ({r} the parse's): the worker's own start-up "
        "(an interpreter with yaml and pydantic) and validation are the difference.",
        "user + system time of the process and of its finished children (`getrusage`), each one's "
        "interpreter start-up included.", None))
    log(_line(figures[-1]))
    figures.append(Figure(
        "Peak memory of the deck worker process (cold load, 10,000 cards)", "python parsing with libyaml", "MB",
        [r["rss_mb"] for r in parse2], [r["children_rss_mb"] for r in loaded],
        "While a cold start reads the decks, its worker process peaks at {s} ({r} a Python process that only "
        "parses them); it exits before the UI starts.",
        "`ru_maxrss` of the finished children (`getrusage(RUSAGE_CHILDREN)`) vs the parsing process's own.", None))
    log(_line(figures[-1]))

    parse3, alone = alternate(b.slow_runs, lambda: b.worker("yaml_parse", folder=folder),
                              lambda: b.worker("load", folder=folder, one_process=True), warmup=0)
    figures.append(Figure(
        "Load 10,000 cards without cache, one process (in-process)", "libyaml CSafeLoader parse", "s",
        [r["import"] + r["call"] for r in parse3], [r["import"] + r["call"] for r in alone],
        "Without the worker (one core, or less than 4 MB of changed decks) reading and validating takes {s} "
        "({r} the parse): what validation itself adds.",
        "as the row above with `parallel_from=sys.maxsize`.", None))
    log(_line(figures[-1]))

    argv_parse = [sys.executable, "-c", PARSE_SNIPPET, folder]
    argv_validate = [sys.executable, "-m", "quizterm", "validate", folder]
    base, subj = alternate(b.slow_runs, lambda: b.wall(argv_parse), lambda: b.wall(argv_validate))
    figures.append(Figure(
        "Validate 10,000 cards (`python -m quizterm validate DIR`, wall)", "`python -c` libyaml parse", "s",
        base, subj, "`quizterm validate` on 10,000 cards returns after {s}, interpreter start-up included ({r}).",
        "subprocess wall time of each command.", max_ratio=1.5))
    log(_line(figures[-1]))
    return figures


# -- 3. queue build ----------------------------------------------------------------------------------------

def queue(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    d = b.data
    result = b.worker("queue", cases=[
        {"name": "small", "set": SET_25.name, "data": None},
        {"name": "big", "set": SET_10K.name, "data": str(d.history)},
        {"name": "control", "set": SET_10K.name, "data": str(d.control)},
        {"name": "fsrs", "set": SET_10K.name, "data": str(d.history), "scheduler": "fsrs"},
    ], runs=b.runs, seed=b.seed)
    ms = {name: [t * 1000 for t in parts["total"]] for name, parts in result.items()}
    parts = {name: {k: median(v) * 1000 for k, v in p.items() if k != "queue"} for name, p in result.items()}
    big = parts["big"]
    sizes = result["big"]["queue"]
    how = (f"fresh `ProgressStore.open` per run (untimed); timed: `store.states()` + `store.grades_on(today)` + "
           f"`SessionQueue.build(cards, …, Limits())`. At 10k × 1M: states {big['states']:.1f} ms, grades_on "
           f"{big['grades_on']:.2f} ms, build {big['build']:.1f} ms; {sizes[1]:,} card states, {sizes[2]} grades "
           f"today, {sizes[0]} cards queued.")
    figures = [
        Figure("Queue build, 10,000 cards × 1M reviews", "25 cards × 0 reviews", "ms", ms["small"], ms["big"],
               "Building today's session at start-up (and after each undo) takes {s} with 10,000 cards and a "
               "million reviews, against {b} for 25 new cards.", how, max_subject=50.0, target_text="≤ 50 ms"),
        Figure("Queue build, 10k × 1M vs 10k × today's grades only", "same card states, log of today only",
               "ms", ms["control"], ms["big"],
               "At the same 10,000 card states, a million reviews in the log change the queue build by {d} "
               "({r}) against a log of today's grades only.",
               "the control database has the same `cards` table and today's grades, but no older reviews.",
               max_ratio=1.2, target_text="≤ 1.2× (grows with cards only)"),
        Figure("Queue build under `scheduler = \"fsrs\"`, 10k × 1M", "the same under SM-2", "ms", ms["big"],
               ms["fsrs"],
               "With FSRS chosen, today's session is built in {s} ({r} the SM-2 build on the same data): due "
               "dates come from each card's cached FSRS memory, nothing is replayed.",
               f"as the first row, the store opened with `FsrsScheduler(0.9)`: states {parts['fsrs']['states']:.1f} "
               f"ms (each card's interval and due date derived from its stability and last review day), build "
               f"{parts['fsrs']['build']:.1f} ms; {result['fsrs']['queue'][0]} cards queued.", None),
    ]
    for figure in figures:
        log(_line(figure))
    return figures


# -- 4. grade to next card ------------------------------------------------------------------------------------

def grade(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    d = b.data
    small = {"name": "small", "set": SET_25.name, "data": None}
    big = {"name": "big", "set": SET_10K.name, "data": str(d.history)}
    big_fsrs = {**big, "name": "fsrs", "scheduler": "fsrs"}
    tui: dict[str, dict[str, list[float]]] = {"small": {}, "big": {}}
    for case in (small, big, big, small):  # A B B A
        times = b.worker("grade_tui", case=case, grades=b.grades, seed=b.seed)
        for key, values in times.items():
            scale = 1 if key == "points_marked" else 1000  # a count, not seconds
            tui[case["name"]].setdefault(key, []).extend(v * scale for v in values)
    domain: dict[str, list[float]] = {"small": [], "big": [], "fsrs": []}
    for _ in range(2):
        times = b.worker("grade_domain", cases=[small, big, big_fsrs], grades=30, seed=b.seed)
        for name, values in times.items():
            domain[name].extend(v * 1000 for v in values)
    marked = tui["big"].get("points_marked", [])
    how_tui = (f"`QuiztermApp.run_test(size=(120, 40))`, {len(tui['big']['painted'])} grades per size (keys 3, 4, 3, "
               "5, …) in 4 processes (A B B A), decks compact and the collector frozen after loading them, as "
               "`quizterm` does; the 10k case selects “All decks” on the deck list first. Per card: "
               "ctrl+s, wait for the rubric, settle, then time from sending the grade key")
    figures = [
        Figure("Grade → next question on screen, 10k × 1M (TUI)", "25 cards × 0 reviews", "ms",
               tui["small"]["painted"], tui["big"]["painted"],
               "After a grade the next question is on screen in {s} with 10,000 cards and a million reviews, "
               "against {b} with 25 new cards ({r}).",
               how_tui + " until the new QuestionScreen's first frame reaches the driver (App._display).",
               max_ratio=1.2),
        Figure("Grade → next QuestionScreen mounted, 10k × 1M (TUI)", "25 cards × 0 reviews", "ms",
               tui["small"]["mounted"], tui["big"]["mounted"],
               "The new question screen is mounted {s} after the grade key ({b} with 25 cards).",
               how_tui + " until `app.screen` is a new, mounted QuestionScreen (polled every 1 ms).",
               max_ratio=1.2),
        Figure("Grade, domain only: DrillSession.grade + current(), 10k × 1M", "25 cards × 0 reviews", "ms",
               domain["small"], domain["big"],
               "Of that, saving the grade (one committed SQLite transaction) and picking the next card take {s} "
               "({b} with 25 cards).",
               "in one process, alternating one grade per size, 2 × 30 grades; the commit is included. A "
               "diagnostic for the row above (no target of its own): at ~0.1 ms its ratio is mostly noise and "
               "the extra B-tree depth of a million-row log. Every scheduling grade also moves the card's FSRS "
               "memory (one step of the `fsrs` package), whichever scheduler is chosen.", None),
        Figure("Grade, domain only, `scheduler = \"fsrs\"`, 10k × 1M", "25 cards × 0 reviews", "ms",
               domain["small"], domain["fsrs"],
               "With FSRS chosen, saving a grade and picking the next card take {s} ({b} with 25 cards under "
               "SM-2): the FSRS state is updated on the hot path, event by event.",
               "as the row above, a third store opened with `FsrsScheduler(0.9)` on the same 1M-review data, "
               "alternating with the other two; `DrillSession.grade` reads the graded card's state back as FSRS "
               "schedules it.", None),
        Figure("Reveal → rubric on screen, 10k × 1M (TUI)", "25 cards × 0 reviews", "ms",
               tui["small"]["reveal_painted"], tui["big"]["reveal_painted"],
               "The rubric (a Markdown breakdown with a code block) is on screen {s} after ctrl+s ({b} with 25 "
               "cards).",
               "same runs; a ~600-character answer in the box; from sending ctrl+s until the RubricScreen's "
               "first frame.", None),
        Figure("Reveal → rubric for a card with 6 key points, 10k × 1M (TUI)", "a card without key points, same runs",
               "ms", tui["big"]["reveal_plain"], tui["big"]["reveal_points"],
               "With 6 key points the rubric (its checklist pre-marked by the matcher from the typed answer) is on "
               "screen {s} after ctrl+s, against {b} for a card without key points ({r}).",
               f"the 10k × 1M runs above, split by card: every other generated card has 6 key points; the same "
               f"~600-character answer length for both (half of the points reworded, then filler); on average "
               f"{sum(marked) / max(1, len(marked)):.1f} of 6 points pre-marked.", max_ratio=1.2),
    ]
    for figure in figures:
        log(_line(figure))
    return figures


# -- the one-time migration to the event log ---------------------------------------------------------------

def migrate(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    runs = 3
    result = b.worker("migrate_log", source=str(b.data.legacy), scratch=str(b.scratch), runs=runs)
    facts = result["facts"]
    figure = Figure(
        "One-time migration to the event log, 1M reviews", "verified backup of the same file", "s",
        result["backup"], result["migrate"],
        "Upgrading a wave-1 database with a million reviews to the event log takes {s}, once ({r} a verified "
        "backup of the same file).",
        f"a fresh copy of the generated history in the version-2 schema per run ({facts['mb_before']:.0f} MB); "
        "timed: `migrate(conn, ...)` alone: copy, replay, VACUUM, then the FSRS memory fill of schema 4 (its own "
        "row below) (the backup `ProgressStore.open` makes first "
        f"is the baseline); {facts['events']:,} events afterwards, {facts['checkpoints']} of them checkpoints; "
        f"{facts['mb_after']:.0f} MB afterwards; {runs} runs.", None)
    log(_line(figure))
    return [figure]


# -- FSRS's memory: the one-time fill of the cache, and doctor ----------------------------------------------

def fsrs(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    runs = 3
    result = b.worker("fsrs_rebuild", source=str(b.data.history), scratch=str(b.scratch), runs=runs)
    facts = result["facts"]
    how = (f"a fresh copy of the generated 1M-review database per run ({_db_mb(b.data.history):.0f} MB, "
           f"{facts['events']:,} events, {facts['scheduling']:,} of them scheduling grades, {facts['cards']:,} "
           f"cards); one FSRS step (`memory_after`, the package's `review_card` restated on floats) costs "
           f"{result['step_us']:.1f} µs here; {runs} runs")
    figures = [
        Figure("One-time fill of the FSRS memory cache (schema 4), 1M reviews", "verified backup of the same file",
               "s", result["backup"], result["rebuild"],
               "Upgrading a database with a million reviews to schema 4 (FSRS's stability and difficulty for "
               "every card, replayed once from the log) takes {s}, once ({r} a verified backup).",
               how + "; timed: `migrate(conn, ...)` from version 3 (the columns dropped first, untimed), and the "
                     "result checked against the cache the generator wrote.", None),
        Figure("doctor's check, 1M reviews (full replay under both schedulers)", "verified backup of the same file",
               "s", result["backup"], result["doctor"],
               "`quizterm doctor` on a million reviews takes {s} to replay the whole log (SM-2 and FSRS) and "
               "compare it with the cache ({r} a verified backup).",
               how + "; timed: `check(data_dir, repair=False)`: quick_check, the replay, the comparison.", None),
    ]
    for figure in figures:
        log(_line(figure))
    return figures


# -- the interview plan: the queue build with a plan, and the simulation --------------------------------------

def plan(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    from benchmarks.plan_sim import SimResult, section, table

    d = b.data
    result = b.worker("queue", cases=[
        {"name": "big", "set": SET_10K.name, "data": str(d.history)},
        {"name": "plan", "set": SET_10K.name, "data": str(d.history), "plan": True},
    ], runs=b.runs, seed=b.seed)
    ms = {name: [t * 1000 for t in parts["total"]] for name, parts in result.items()}
    planned = {k: median(v) * 1000 for k, v in result["plan"].items() if k != "queue"}
    sim = b.worker("plan_sim", seed=b.seed)

    results = [SimResult(**{**r, "loads": tuple(r["loads"])}) for r in sim["results"]]
    for line in table(results):
        log(f"  {line}")
    figure = Figure(
        "Queue build with an interview plan, 10k × 1M", "the same without a plan", "ms", ms["big"], ms["plan"],
        "With every one of the 10,000 cards in an interview plan, today's session is built in {s} ({r} the "
        "build without a plan): the plan is made afresh at each session start.",
        f"as \"Queue build\", plus the plan's view (an interview in 5 days, its final window begun 10 days ago, "
        f"so the scheduling grades since it was set are read): plan {planned['plan']:.1f} ms, states "
        f"{planned['states']:.1f} ms, build {planned['build']:.1f} ms; {result['plan']['queue'][0]} cards queued.",
        max_subject=50.0, target_text="≤ 50 ms", extra={"section": section(results, SEED_NOTE)})
    log(_line(figure))
    return [figure]


SEED_NOTE = 20261126  # the simulation's own seed (benchmarks/plan_sim.py), whatever --seed says


def _line(figure: Figure) -> str:
    unit = figure.unit
    return (f"  {figure.title}: {fmt(median(figure.subject), unit)} {unit} vs {fmt(median(figure.baseline), unit)} "
            f"{unit} = {figure.ratio_text}  [{figure.target}: {figure.verdict}]")


RUNNERS: dict[str, Callable[[Bench, Callable[[str], None]], list[Figure]]] = {
    "startup": startup, "validate": validate, "queue": queue, "grade": grade, "browser": browser,
    "stats": lambda b, log: stats_section(b.worker, b.data.history, b.runs, b.seed, log, _line),
    "matcher": lambda b, log: matcher(b.worker, b.seed, log), "migrate": migrate, "fsrs": fsrs, "plan": plan,
    "sync": sync_section,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK, help="generated data (default %(default)s)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--runs", type=int, default=11, help="repetitions of the fast figures (default 11)")
    parser.add_argument("--slow-runs", type=int, default=7, help="repetitions of the slow ones (default 7)")
    parser.add_argument("--grades", type=int, default=25, help="grades per TUI process (4 processes; default 25)")
    parser.add_argument("--quick", action="store_true", help="3 runs, 10 grades; the report is not written")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the generated data")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the results (%(default)s)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.slow_runs, args.grades = 3, 3, 10

    args.work_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(args.work_dir / ".lock"):
        return _run(args)


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One run at a time per work dir: two would share the data and each other's noise."""
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another benchmark run holds {path}; waiting for it to finish ...", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    facts = machine_facts()
    print(f"quizterm benchmarks — {facts['cpu']}, {facts['cores']} cores, Python {facts['python']}", flush=True)
    print(f"data in {args.work_dir}", flush=True)
    data = prepare(args.work_dir, args.seed, regenerate=args.regenerate,
                   log=lambda msg: print(msg, flush=True))
    print(f"  {'generated in ' + format(data.seconds, '.0f') + ' s' if data.seconds else 'reused'}: "
          f"{data.reviews:,} reviews", flush=True)
    bench = Bench(data, args.work_dir, args.runs, args.slow_runs, args.grades, args.seed)
    figures: list[Figure] = []
    errors: dict[str, str] = {}
    try:
        for section in args.only or SECTIONS:
            print(f"{section} ...", flush=True)
            try:
                figures += RUNNERS[section](bench, lambda msg: print(msg, flush=True))
            except Exception as exc:  # a crash of the app under test is a finding: report it, go on
                errors[section] = f"{type(exc).__name__}: {exc}"[-3000:]
                print(f"  {section} FAILED: {errors[section]}", flush=True)
    finally:
        shutil.rmtree(bench.scratch, ignore_errors=True)
    total = time.perf_counter() - started
    failed = [f for f in figures if f.verdict == "FAIL"]
    print(f"done in {total:.0f} s; {len(failed)} target(s) missed; {len(errors)} section(s) failed", flush=True)
    if args.quick or args.only:
        print("(partial run: report not written)")
        return 1 if errors else 0
    facts["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    write_report(args.report, figures, data, facts, total, args, errors)
    print(f"wrote {args.report}")
    return 1 if errors else 0
