"""The domain knows nothing of the UI: importing it must never load Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _domain_modules() -> list[str]:
    """Every module of quizterm outside `quizterm.tui`, found on disk: a new package is covered at once."""
    package = ROOT / "quizterm"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[1:2] == ("tui",) or parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


DOMAIN_MODULES = _domain_modules()


def test_domain_never_imports_textual() -> None:
    assert "quizterm.commands.drill" in DOMAIN_MODULES and "quizterm.store.progress" in DOMAIN_MODULES
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
