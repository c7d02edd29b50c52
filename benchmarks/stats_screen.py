"""The "stats" section of `python -m benchmarks`: opening the stats screen at 10,000 cards × 1M reviews.

Issue 15's target: opening the screen costs at most 3× one `GROUP BY day` scan of the review log, timed in
the same process, on the same connection, alternately. The worker (a fresh process) starts the real app
headless at 120×40 on the 10k decks and the 1M-review history, then per run: the scan, then `s` on the
deck list ("All decks") until the stats screen's first frame reaches the driver, then escape. The first
`s` of the process also imports the screen's modules (nothing of it is loaded at start-up): it is
reported on its own. The figures' computation alone (`compute_insights`, no UI) is a third series.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, median

SCAN = "SELECT day, count(*) FROM events WHERE kind = 'grade' AND cancelled = 0 GROUP BY day"
MAX_RATIO = 3.0


def stats_open(data: str, runs: int, seed: int) -> dict[str, Any]:
    """Worker: see the module docstring. Seconds per run for each series."""
    return asyncio.run(_stats_open(data, runs, seed))


async def _stats_open(data: str, runs: int, seed: int) -> dict[str, Any]:
    from textual import events

    from benchmarks.workers import TODAY, _clock, _decks, copy_data_dir
    from quizterm.store.progress import ProgressStore
    from quizterm.tui.app import QuiztermApp

    clock = _clock()
    decks = [deck.compacted() for deck in _decks("s10k", seed)]
    gc.freeze()
    result: dict[str, Any] = {"scan": [], "open": [], "compute": [], "first_open": 0.0}
    with tempfile.TemporaryDirectory(prefix="qz-stats-") as tmp:
        folder = copy_data_dir(Path(data), Path(tmp))
        with ProgressStore.open(folder, real_now=clock()) as store:
            app = QuiztermApp(decks=decks, store=store, clock=clock)
            async with app.run_test(size=(120, 40)) as pilot:
                driver = app._driver
                assert driver is not None
                paints: list[tuple[float, object]] = []
                display = app._display

                def record_display(screen: Any, renderable: Any) -> None:
                    if renderable is not None:
                        paints.append((time.perf_counter(), screen))
                    display(screen, renderable)

                app._display = record_display  # type: ignore[method-assign]

                async def poll(condition: Callable[[], bool], what: str) -> None:
                    for _ in range(60_000):
                        if condition():
                            return
                        await asyncio.sleep(0.001)
                    raise AssertionError(f"timed out waiting for {what}")

                def send(key: str) -> None:
                    event = events.Key(key, key if len(key) == 1 else None)
                    event.set_sender(app)
                    driver.send_message(event)

                def painted_stats(since: float) -> float | None:
                    screen = app.screen
                    if type(screen).__name__ != "StatsScreen":
                        return None
                    return next((moment for moment, shown in paints if shown is screen and moment > since), None)

                def on_deck_list() -> bool:
                    return type(app.screen).__name__ == "DeckListScreen" and getattr(app.screen, "input_ready", False)

                async def open_stats() -> float:
                    await poll(on_deck_list, "the deck list")
                    await pilot.pause()
                    t0 = time.perf_counter()
                    send("s")
                    await poll(lambda: painted_stats(t0) is not None, "the stats screen")
                    shown = painted_stats(t0)
                    assert shown is not None
                    # Keys reaching a screen before it says it is ready are dropped (quizterm.tui.early_input).
                    await poll(lambda: getattr(app.screen, "input_ready", False), "the stats screen ready")
                    send("escape")
                    return shown - t0

                await asyncio.sleep(1.0)  # start-up's housekeeping and the preload of the other screens
                result["first_open"] = await open_stats()
                conn = store._db()
                def scan() -> None:
                    t0 = time.perf_counter()
                    conn.execute(SCAN).fetchall()
                    result["scan"].append(time.perf_counter() - t0)

                for n in range(runs):  # A B, B A, ...: both share the machine's noise
                    if n % 2 == 0:
                        scan()
                    result["open"].append(await open_stats())
                    if n % 2 == 1:
                        scan()
                    await poll(on_deck_list, "the deck list")
                    t0 = time.perf_counter()
                    app.stats_figures(app.decks)
                    result["compute"].append(time.perf_counter() - t0)
                await poll(on_deck_list, "the deck list")
                result["facts"] = {"days": len(conn.execute(SCAN).fetchall()), "today": TODAY.isoformat(),
                                   "summary_rows": conn.execute("SELECT count(*) FROM day_totals").fetchone()[0]}
                await pilot.press("ctrl+q")
    return result


def section(worker: Callable[..., Any], data: Path, runs: int, seed: int, log: Callable[[str], None],
            line: Callable[[Figure], str]) -> list[Figure]:
    result = worker("stats_open", data=str(data), runs=runs, seed=seed)
    ms = {name: [t * 1000 for t in result[name]] for name in ("scan", "open", "compute")}
    facts = result["facts"]
    how = ("one worker process, the real app headless at 120×40 on the 10,000-card decks and the 1M-review "
           f"history; per run, alternately: the scan `{SCAN}` ({facts['days']:,} days) on the store's own "
           "connection, and `s` on the deck list (All decks) until the stats screen's first frame reaches the "
           f"driver, then escape. The summary table the screen reads has {facts['summary_rows']:,} rows.")
    figures = [
        Figure("Open the stats screen, 10k cards × 1M reviews (TUI)", "one GROUP BY day scan of the log", "ms",
               ms["scan"], ms["open"],
               "Pressing `s` shows the heatmap, forecast and retention of 10,000 cards and a million reviews after "
               "{s}, {r} one scan of the review log by day ({b}).", how, max_ratio=MAX_RATIO),
        Figure("Stats figures alone (compute_insights), 10k × 1M", "one GROUP BY day scan of the log", "ms",
               ms["scan"], ms["compute"],
               "Of that, computing every figure of all decks takes {s} ({r} the scan): the summary tables "
               "instead of the log.", "same runs; `app.stats_figures(all decks)` in the same process.", None),
        Figure("First open of the stats screen (imports included), 10k × 1M", "one GROUP BY day scan of the log",
               "ms", ms["scan"], [result["first_open"] * 1000],
               "The first `s` of a run also imports the screen's modules (none is loaded at start-up): {s}.",
               "the first `s` of the worker, before the timed runs (one sample).", None),
    ]
    for figure in figures:
        log(line(figure))
    log(f"  (median scan {median(ms['scan']):.0f} ms, open {median(ms['open']):.0f} ms)")
    return figures
