"""The start-up baseline: a bare Textual app that shows one line, `BAREMARK ready`.

`python benchmarks/bare_app.py [DIR...]` first parses every `*.yaml` file in each DIR with libyaml's
`CSafeLoader` (the baseline of the cold start-up: what any program that reads those decks must pay),
then runs the app. Run as a script, so nothing of quizterm or of the benchmarks is imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

MARKER = "BAREMARK"


def parse_decks(folders: list[str]) -> int:
    import yaml

    cards = 0
    for folder in folders:
        for path in sorted(Path(folder).glob("*.yaml")):
            with path.open("rb") as handle:
                cards += len(yaml.load(handle, Loader=yaml.CSafeLoader)["cards"])
    return cards


def main() -> None:
    parse_decks(sys.argv[1:])

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(f"{MARKER} ready", markup=False)

    BareApp().run()


if __name__ == "__main__":
    main()
