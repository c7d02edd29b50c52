"""The domain knows nothing of the UI: importing it must never load Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DOMAIN_MODULES = [
    "quizterm.cli",
    "quizterm.config",
    "quizterm.paths",
    "quizterm.session",
    "quizterm.stats",
    "quizterm.deck.loader",
    "quizterm.deck.schema",
    "quizterm.deck.validate",
    "quizterm.scheduler.sm2",
    "quizterm.scheduler.day",
    "quizterm.scheduler.queue",
    "quizterm.store.progress",
    "quizterm.store.doctor",
]


def test_domain_never_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {DOMAIN_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "", f"domain modules loaded UI modules: {result.stdout.strip()}"


def test_the_ui_does_load_textual() -> None:
    """The check above can fail: importing the TUI is seen."""
    code = "import sys, quizterm.tui.app; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "True"
