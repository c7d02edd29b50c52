"""The "matcher" section of `python -m benchmarks`: its speed as a figure, its quality as a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.figures import Figure, fmt, median
from benchmarks.matcher.evaluate import HALVES, LANGS, evaluate

MAX_MS = 5.0
RUNS = 101  # each run is about a millisecond: many runs cost nothing and steady the median


def quality_lines() -> list[str]:
    """A Markdown table: precision and recall per half and language (the test half was never tuned on)."""
    lines = ["| half | language | pairs | points made | precision | recall |", "|---|---|---|---|---|---|"]
    for half in HALVES:
        counts = evaluate(half)
        for lang in (*LANGS, "all"):
            c = counts[lang]
            lines.append(f"| {half}{' (held out)' if half == 'test' else ''} | {lang} | {c.pairs} | "
                         f"{c.tp + c.fn} | {c.precision:.3f} | {c.recall:.3f} |")
    return lines


def matcher(worker: Callable[..., Any], seed: int, log: Callable[[str], None]) -> list[Figure]:
    result = worker("matcher", runs=RUNS, seed=seed)
    section = "\n".join([
        "## Key-point matcher: precision and recall",
        "",
        "On `benchmarks/matcher/labelled.yaml` (every answer × key point pair of an item; positive when the "
        "labels say the answer makes the point). The matcher was tuned on the tune half only; the test half "
        "is held out (aim there: precision ≥ 0.9, recall ≥ 0.7). Regenerate alone with "
        "`python -m benchmarks.matcher.evaluate`.",
        "",
        *quality_lines(),
        "",
    ])
    figure = Figure(
        f"Key-point matcher: {result['chars']:,}-character answer × {result['points']} points", "str.lower().split() "
        "+ set intersection", "ms", [t * 1000 for t in result["baseline"]], [t * 1000 for t in result["subject"]],
        "Marking which of 8 key points a 2,000-character typed answer makes takes {s} ({r} the {b} of merely "
        "splitting the same text into words and intersecting sets).",
        f"CPU time of the thread (`time.thread_time`), in a fresh process, {RUNS} runs interleaved with the "
        "baseline, a different answer each run (the labelled set's English answers shuffled) and the "
        "matcher's word caches emptied before each, so every run stems, corrects and looks up words it has "
        f"not seen. Wall-clock median on this shared machine: {median(result['wall']) * 1000:.1f} ms.",
        max_subject=MAX_MS, target_text=f"≤ {MAX_MS:g} ms", extra={"section": section})
    log(f"  {figure.title}: {fmt(median(figure.subject), 'ms')} ms [{figure.target}: {figure.verdict}]")
    for line in quality_lines()[2:]:
        log(f"  {line}")
    return [figure]
