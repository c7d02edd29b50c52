"""How long the matcher takes on a long answer: a 2,000-character answer against 8 key points.

Run in a fresh process (`python -m benchmarks.workers matcher ...`). Each run gets a different answer
(the labelled set's English answers, shuffled by the run's seed and cut at 2,000 characters) and starts
with the matcher's word caches emptied, so every run pays for words it has never seen, as the first
answer of a session does. The baseline is the least any matcher must do with the same text: lower-case
it, split it into words and intersect the set with each point's words.
"""

from __future__ import annotations

import random
import time
from typing import Any

CLOCK = time.thread_time
"""CPU time of this thread: the machine is shared, and wall time would charge the matcher for other
processes' work (the report gives the wall-clock median too)."""
ANSWER_CHARS = 2000
POINTS = 8


def _answer(rng: random.Random, texts: list[str]) -> str:
    rng.shuffle(texts)
    answer = ""
    for text in texts:
        if len(answer) >= ANSWER_CHARS:
            break
        answer += text + " "
    return answer[:ANSWER_CHARS]


def measure(runs: int, seed: int) -> dict[str, Any]:
    from benchmarks.matcher.evaluate import items
    from quizterm.rehearsal import text
    from quizterm.rehearsal.matcher import match

    english = [item for item in items() if item.lang == "en"]
    texts = [answer for item in english for answer, _ in item.answers]
    points = [point for item in english[:2] for point in item.points][:POINTS]
    question = english[0].question
    assert len(points) == POINTS
    rng = random.Random(seed)

    def baseline(answer: str) -> float:
        started = CLOCK()
        words = set(answer.lower().split())
        [words & set(point.text.lower().split()) for point in points]
        return CLOCK() - started

    wall: list[float] = []

    def subject(answer: str) -> float:
        text.forget()
        started, started_wall = CLOCK(), time.perf_counter()
        match(answer, points, question)
        wall.append(time.perf_counter() - started_wall)
        return CLOCK() - started

    subject(_answer(rng, texts))  # warm-up: imports, the thesaurus, the regular expressions
    base: list[float] = []
    subj: list[float] = []
    for run in range(runs):
        answer = _answer(rng, texts)
        if run % 2 == 0:
            base.append(baseline(answer))
            subj.append(subject(answer))
        else:
            subj.append(subject(answer))
            base.append(baseline(answer))
    return {"baseline": base, "subject": subj, "wall": wall[1:], "chars": ANSWER_CHARS, "points": POINTS}
