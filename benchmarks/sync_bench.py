"""Sync at a million reviews (issue 14): importing another device's history, and a sync with nothing new.

1. The generated 1M-review history is written once as its device's journal (`sync_folder` from a copy of
   the history's data directory: the export a first sync does). Then, per run, into a fresh empty data
   directory each: the baseline reads the same journal files, `json.loads` each line, builds the stored
   row and inserts all rows into the `events` table in one transaction (same schema, same page cache);
   the subject is `sync_folder` itself (strict pydantic validation per line, duplicate and clash checks,
   the replay caches and each card's state, the state file). Interleaved, in one worker process each.
2. The copy that wrote the journal then syncs with nothing new: `quizterm sync DIR` as a user runs it,
   against `quizterm stats` of the same data directory and the 10k decks (deck cache warm).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmarks.figures import Figure
    from benchmarks.run import Bench

IMPORT_RUNS = 3  # a run imports a million events twice: minutes, not seconds


def section(b: Bench, log: Callable[[str], None]) -> list[Figure]:
    import sys

    from benchmarks.decks import SET_10K
    from benchmarks.figures import Figure, alternate
    from benchmarks.run import NOW, _line

    journal = b.scratch / "sync-folder"
    journal.mkdir()
    source = b.data_dir("sync-source", copy_of=b.data.history)
    log("  writing the history's journal (a first sync's export) ...")
    exported = b.worker("sync_export", data_dir=str(source), folder=str(journal))
    result = b.worker("sync_import", folder=str(journal), scratch=str(b.scratch), runs=IMPORT_RUNS)
    figures = [Figure(
        "Import another device's 1M reviews (sync)", "json.loads + INSERT of the same lines", "s",
        result["baseline"], result["sync"],
        "A first sync from a device with a million reviews takes {s}: {r} of only parsing its journal lines "
        "and inserting them into SQLite ({b}).",
        f"{exported['events']:,} events in {exported['files']} files, {exported['mb']:.0f} MB, written once by "
        f"`sync_folder` ({exported['seconds']:.0f} s); per run a fresh empty data directory for each side. "
        "Baseline: read the files, `json.loads` per line, build the stored row, one `executemany` INSERT into "
        "`events` in one transaction (same schema and indexes, same 64 MB page cache). Subject: `sync_folder` "
        "(pydantic per line, duplicate/clash probes, replay caches, `cards`, the state file, a transaction per "
        f"8 MB). {IMPORT_RUNS} runs, interleaved.", max_ratio=2.0)]
    log(_line(figures[0]))
    decks = b.data.decks[SET_10K.name]
    b.fill_deck_cache([decks], source)
    stats = [sys.executable, "-m", "quizterm", "stats", str(decks), "--data-dir", str(source), "--now", NOW]
    sync = [sys.executable, "-m", "quizterm", "sync", str(journal), "--data-dir", str(source)]
    b.wall(sync)
    base, subject = alternate(b.slow_runs, lambda: b.wall(stats), lambda: b.wall(sync))
    figures.append(Figure(
        "Sync with nothing new, 1M reviews", "quizterm stats, same data", "s", base, subject,
        "A sync that finds nothing new in a data directory holding a million reviews takes {s}, {r} of "
        "`quizterm stats` on the same data ({b}).",
        "wall time of `quizterm sync DIR` (the data directory wrote the journal, so every file is as it "
        "remembers it) against `quizterm stats` of the 10k decks (deck cache warm), both as processes "
        f"started from the shell; {b.slow_runs} runs each, interleaved.", max_ratio=1.2))
    log(_line(figures[1]))
    return figures


# -- workers (run in a fresh process: python -m benchmarks.workers NAME JSON) ---------------------------

def sync_export(data_dir: str, folder: str) -> dict[str, Any]:
    from quizterm.sync.folder import sync_folder

    start = time.perf_counter()
    report = sync_folder(Path(data_dir), Path(folder), real_now=datetime.now(UTC))
    files = list(Path(folder).rglob("*.jsonl"))
    return {"events": report.exported, "files": len(files), "seconds": time.perf_counter() - start,
            "mb": sum(f.stat().st_size for f in files) / 1e6}


def sync_import(folder: str, scratch: str, runs: int) -> dict[str, list[float]]:
    """Interleaved, each on a fresh empty data directory: the baseline, then the sync (or the reverse)."""
    results: dict[str, list[float]] = {"baseline": [], "sync": []}
    for run in range(runs):
        order = (_parse_insert, _sync) if run % 2 == 0 else (_sync, _parse_insert)
        for measure in order:
            with tempfile.TemporaryDirectory(prefix="qz-sync-", dir=scratch) as tmp:
                name, seconds = measure(Path(folder), Path(tmp))
                results[name].append(seconds)
    return results


def _fresh(data_dir: Path) -> None:
    from quizterm.store.progress import ProgressStore

    ProgressStore.open(data_dir, real_now=datetime.now(UTC)).close()


def _sync(folder: Path, data_dir: Path) -> tuple[str, float]:
    from quizterm.sync.folder import sync_folder

    _fresh(data_dir)
    start = time.perf_counter()
    report = sync_folder(data_dir, folder, real_now=datetime.now(UTC))
    seconds = time.perf_counter() - start
    assert report.problems == [] and report.imported > 0, report.summary()
    return "sync", seconds


def _parse_insert(folder: Path, data_dir: Path) -> tuple[str, float]:
    import sqlite3

    from quizterm.store.db import database_path
    from quizterm.store.kinds import EVENT_COLUMNS
    from quizterm.sync.folder import IMPORT_CACHE_KIB

    _fresh(data_dir)
    start = time.perf_counter()
    conn = sqlite3.connect(database_path(data_dir), isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")

    def rows() -> Iterator[tuple[Any, ...]]:
        for path in sorted(folder.rglob("*.jsonl")):
            with path.open("rb") as file:
                for line in file:
                    e = json.loads(line)
                    yield (e["event_id"], e["device"], e["seq"], e["kind"], e.get("card_id"), e.get("deck", ""),
                           e["moment"], e["day"], e.get("grade"), e.get("answer"), e.get("seconds"), e.get("target"),
                           None, None)

    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 14)})", rows())
    conn.execute("COMMIT")
    conn.close()
    return "baseline", time.perf_counter() - start
