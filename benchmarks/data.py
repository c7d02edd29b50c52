"""The work directory: generated decks and progress databases, reused while the recipe is unchanged.

`prepare` writes everything under the work dir (default `benchmarks/.data/`, git-ignored) and records
the recipe (seed, sizes, generator version) in `manifest.json`; a later run with the same recipe
reuses the files, a different recipe (or `--regenerate`) rebuilds them.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from benchmarks.decks import SET_1K, SET_10K, SETS, write_set
from benchmarks.history import HistoryStats, write_history

GENERATOR_VERSION = 6  # 2: the backup in the generated data is made by the real clock (issue 10); 3: the log
# as events (schema 3), and a wave-1 copy of it for the migration figure; 4: FSRS's memory per card (schema 4);
# 5: the summary tables (schema 6); 6: every other card has 6 key points
NOW = "2026-11-26"
TODAY = date(2026, 11, 26)


@dataclass(frozen=True)
class Data:
    root: Path
    decks: dict[str, Path]  # set name -> folder
    history: Path  # data dir: 10k cards x ~1M reviews
    control: Path  # data dir: the same card states, only today's reviews in the log
    legacy: Path  # data dir: the whole history in the wave-1 schema (version 2), for the migration
    reviews: int
    today_reviews: int
    overdue_today: int
    graded_cards: int
    deck_bytes: dict[str, int]
    seconds: float  # generation time (0 when reused)

    def deck_file(self, set_name: str) -> Path:
        return next(iter(sorted(self.decks[set_name].glob("*.yaml"))))


def _recipe(seed: int) -> dict[str, object]:
    recipe = {"generator": GENERATOR_VERSION, "seed": seed, "now": NOW,
              "sets": [[s.name, s.files, s.per_file] for s in SETS]}
    return json.loads(json.dumps(recipe))  # as read back from manifest.json


def prepare(root: Path, seed: int, *, regenerate: bool = False, log: object = print) -> Data:
    manifest = root / "manifest.json"
    recipe = _recipe(seed)
    if not regenerate and manifest.is_file():
        saved = json.loads(manifest.read_text())
        if saved.get("recipe") == recipe:
            facts = saved["facts"]
            return Data(root=root, decks={s.name: root / "decks" / s.name for s in SETS},
                        history=root / "history-10k", control=root / "control-10k",
                        legacy=root / "history-10k-v2", seconds=0.0, **facts)
    start = time.perf_counter()
    manifest.unlink(missing_ok=True)
    for name in ("decks", "history-10k", "control-10k", "history-10k-v2"):  # the lock and the bytecode cache stay
        shutil.rmtree(root / name, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    folders = {}
    for deck_set in SETS:
        log(f"  generating {deck_set.cards:,} cards ({deck_set.files} file(s)) ...")  # type: ignore[operator]
        folders[deck_set.name] = write_set(deck_set, root / "decks", seed)
    from benchmarks.decks import card_order

    log("  simulating three years of reviews of 10,000 cards into three progress databases ...")  # type: ignore[operator]
    stats: HistoryStats = write_history(root / "history-10k", root / "control-10k", root / "history-10k-v2",
                                        card_order(SET_10K), today=TODAY, seed=seed)
    facts = {
        "reviews": stats.reviews, "today_reviews": stats.today_reviews, "overdue_today": stats.overdue_today,
        "graded_cards": stats.graded_cards,
        "deck_bytes": {name: sum(p.stat().st_size for p in folder.glob("*.yaml")) for name, folder in folders.items()},
    }
    manifest.write_text(json.dumps({"recipe": recipe, "facts": facts}, indent=2))
    data = Data(root=root, decks=folders, history=root / "history-10k", control=root / "control-10k",
                legacy=root / "history-10k-v2",
                seconds=time.perf_counter() - start, **facts)  # type: ignore[arg-type]
    assert data.deck_file(SET_1K.name).is_file()
    return data


def describe(data: Data) -> dict[str, object]:
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(data).items() if k != "decks"}
