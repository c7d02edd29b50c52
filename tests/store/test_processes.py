"""Real processes: a grader killed with SIGKILL loses nothing it reported; two graders at once keep all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import IO

import pytest

from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.doctor import check

from .helpers import ROOT, at, day, open_store, raw, stale_caches

pytestmark = pytest.mark.slow

PRELUDE = """
import sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from quizterm.store.progress import ProgressStore
data_dir = Path(sys.argv[1])
now = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
store = ProgressStore.open(data_dir, real_now=now)
def grade(card, g, minute, offset=0):
    store.record_grade(card_id=card, deck="d", grade=g, moment=now + timedelta(seconds=minute + offset),
                       day=now.date(), answer="typed " + card, seconds=1.5)
"""

# Grades N cards, printing after each commit, then holds a write transaction open and waits to be killed.
EXACT = PRELUDE + """
n = int(sys.argv[2])
for i in range(n):
    grade(f"c{i:03d}", 4, i)
    print("graded", i, flush=True)
import sqlite3
other = sqlite3.connect(data_dir / "progress.sqlite3", isolation_level=None)
other.execute("BEGIN IMMEDIATE")
other.execute("UPDATE cards SET reps = 99")
other.execute("DELETE FROM events")
print("in-flight", flush=True)
time.sleep(60)
"""

# Grades as fast as it can until killed.
FLOOD = PRELUDE + """
i = 0
while True:
    grade(f"c{i % 50:03d}", i % 6, i)
    print("graded", i, flush=True)
    i += 1
"""

# Waits for "go" on stdin, then grades every card once, in the given order, with one grade. The short
# pause between grades stands for the user: back-to-back writers starve each other's busy handler
# (SQLite's lock is not fair), which would serialise the two runs instead of interleaving them.
RACE = PRELUDE + """
order, g, offset = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
cards = [f"c{i:03d}" for i in range(200)]
if order == "down":
    cards.reverse()
print("ready", flush=True)
sys.stdin.readline()
for minute, card in enumerate(cards):
    grade(card, g, minute, offset)
    time.sleep(0.002)
print("done", store.session, flush=True)
"""


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def read_line(stream: IO[str] | None) -> str:
    assert stream is not None
    line = stream.readline()
    assert line, "the child died early"
    return line


def kill(child: subprocess.Popen[str]) -> str:
    """SIGKILL, then everything it had printed but we had not read yet."""
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=10) == -signal.SIGKILL
    assert child.stdout is not None
    rest = child.stdout.read()  # through the same buffer readline() filled (communicate() would skip it)
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            stream.close()
    return rest


def assert_consistent(data_dir: Path) -> None:
    report = check(data_dir, real_now=at(0), repair=False)
    assert report.healthy, report.lines
    assert "matches the review log" in report.lines[-1]


def test_sigkill_mid_transaction_leaves_exactly_the_committed_grades(tmp_path: Path) -> None:
    n = 7
    child = spawn(EXACT, str(tmp_path), str(n))
    for i in range(n):
        assert read_line(child.stdout) == f"graded {i}\n"
    assert read_line(child.stdout) == "in-flight\n"  # an uncommitted write is pending
    kill(child)
    with open_store(tmp_path) as store:
        assert store.review_count() == n
        assert store.states() == {f"c{i:03d}": CardState(reps=1, interval=1, due=day(1)) for i in range(n)}
        assert store.history("c003")[0].answer == "typed c003"
    assert_consistent(tmp_path)


def test_sigkill_at_any_moment_keeps_every_reported_grade(tmp_path: Path) -> None:
    child = spawn(FLOOD, str(tmp_path))
    for _ in range(300):
        read_line(child.stdout)
    reported = 300 + kill(child).count("graded")
    with open_store(tmp_path) as store:
        count = store.review_count()
    # printed after commit: every reported grade is there; at most one more committed unreported
    assert reported <= count <= reported + 1
    with raw(tmp_path) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert_consistent(tmp_path)


def race(tmp_path: Path, down_offset: int) -> set[int]:
    """"up" grades c000..c199 with 4, "down" c199..c000 with 1, at once; down's moments are shifted by
    `down_offset` seconds. Returns the two session ids."""
    up = spawn(RACE, str(tmp_path), "up", "4", "0")
    down = spawn(RACE, str(tmp_path), "down", "1", str(down_offset))
    for child in (up, down):
        assert read_line(child.stdout) == "ready\n"
    for child in (up, down):
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = [child.communicate(timeout=60) for child in (up, down)]
    for child, (out, err) in zip((up, down), outputs, strict=True):
        assert child.returncode == 0, err
        assert out.startswith("done")
    sessions = {int(out.split()[1]) for out, _ in outputs}
    assert len(sessions) == 2
    with raw(tmp_path) as conn:  # they really raced: their commits interleave in arrival order
        arrivals = [session for (session,) in conn.execute("SELECT session FROM events ORDER BY n")]
    assert sum(a != b for a, b in pairwise(arrivals)) > 1
    return sessions


def test_two_processes_grading_at_once_keep_all_grades(tmp_path: Path) -> None:
    sessions = race(tmp_path, 0)
    with open_store(tmp_path) as store:
        assert store.review_count() == 400
        states = store.states()
        first_by: Counter[int] = Counter()
        for i in range(200):
            card = f"c{i:03d}"
            history = store.history(card)
            assert len(history) == 2 and {r.session for r in history} == sessions
            # exactly one scheduling grade per card, the earlier one, decided under the lock
            assert [r.scheduling for r in history] == [True, False]
            first = history[0]
            assert states[card] == schedule(CardState(), first.grade, day(0))
            first_by[first.grade] += 1
    assert_consistent(tmp_path)
    # the earlier moment schedules: up's on the first half of the cards, down's on the second
    assert first_by == {4: 100, 1: 100}


def test_two_processes_one_writing_earlier_moments_replay_under_the_lock(tmp_path: Path) -> None:
    """down's moments are an hour earlier: on the cards up graded first, down's grade arrives later but
    sorts first, so each such card is replayed inside down's write transaction while up keeps writing."""
    race(tmp_path, -3600)
    with open_store(tmp_path) as store:
        assert store.review_count() == 400
        assert store.states() == {f"c{i:03d}": schedule(CardState(), 1, day(0)) for i in range(200)}
        for i in range(200):
            assert [(r.grade, r.scheduling) for r in store.history(f"c{i:03d}")] == [(1, True), (4, False)]
    with raw(tmp_path) as conn:
        assert stale_caches(conn) == 0
    assert_consistent(tmp_path)
