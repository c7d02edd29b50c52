"""Start-up pays only for the first screen: what later screens, other commands or a cold deck load need is
imported when they are used (wave 2 had added ~60 modules to a warm start; the benchmark's start-up rows
are ratios to a bare Textual app, see docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIRST_SCREEN = """
import sys
AT_START = set(sys.modules)  # what the interpreter and site-packages' .pth files loaded, not quizterm
from quizterm.cli import main
from quizterm.tui.app import QuiztermApp

NOT_YET = ("quizterm.rehearsal.matcher", "quizterm.rehearsal.interview", "quizterm.insights", "quizterm.tui.charts",
           "quizterm.browse", "quizterm.sync", "quizterm.plan.planner", "quizterm.plan.forecast", "quizterm.interop",
           "quizterm.commands.interview", "quizterm.commands.import_", "quizterm.deck.parallel",
           "quizterm.deck.models", "pydantic", "yaml", "tomlkit", "tomllib", "watchfiles", "fsrs", "zipfile",
           "markdown_it")

async def first_screen(pilot):
    await pilot.pause()
    later = sorted(m for m in sys.modules if m.startswith(NOT_YET) and m not in AT_START)
    print(type(pilot.app.screen).__name__, later)
    pilot.app.exit()

run = QuiztermApp.run
QuiztermApp.run = lambda self, **_: run(self, headless=True, size=(80, 24), auto_pilot=first_screen)
main(["--data-dir", sys.argv[1], "--now", "2026-11-26"])
"""


def test_a_warm_start_imports_nothing_the_deck_list_does_not_need(tmp_path: Path) -> None:
    """The bundled decks' deck list, from a warm deck cache: no other command, no later screen's domain
    modules (matcher, insights, charts, browser, sync, planner), no YAML or pydantic, no TOML parser without
    config.toml, no file watcher (it starts a second after the first screen)."""
    root = Path(__file__).resolve().parents[2]
    data = tmp_path / "data"
    data.mkdir()
    warm = [sys.executable, "-m", "quizterm", "stats", "--data-dir", str(data), "--now", "2026-11-26"]
    subprocess.run(warm, cwd=tmp_path, capture_output=True, check=True)  # fills the deck cache
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "TERM": "dumb"}
    result = subprocess.run([sys.executable, "-c", FIRST_SCREEN, str(data)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "DeckListScreen []"
