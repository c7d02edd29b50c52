"""Shared test helpers for the Anki export and import: sample decks, and reading a package's collection."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from quizterm.deck.cards import Card, Deck, FollowUp, KeyPoint
from quizterm.interop.anki_export import export_anki
from quizterm.interop.anki_notetype import FIELDS


class CountingProgress:
    """Progress that remembers what it was told."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, int | None]] = []
        self.done = 0

    def start(self, what: str, total: int | None) -> None:
        self.steps.append((what, total))

    def advance(self, units: int = 1) -> None:
        self.done += units


def rich_card(card_id: str = "bias-variance", deck: str = "ml") -> Card:
    return Card(
        card_id, deck, "What is the bias-variance trade-off?\nSecond line",
        "Error splits into bias², variance and noise.",
        breakdown="Expected error is $\\text{bias}^2 + \\text{var}$.\n\n```python\ndef f(x):\n    return x < 1\n```\n",
        theory="See **ESL** ch. 7, [link](https://example.com/esl).",
        common_mistakes=("Saying more data reduces bias",),
        interview_tips=("Draw the U-curve", "Name the noise floor"),
        tags=("ml", "theory"),
        key_points=(KeyPoint("Bias is error from wrong assumptions", ("underfitting error",)),
                    KeyPoint("Variance is sensitivity to the sample")),
        follow_ups=(FollowUp("Does bagging reduce bias?", "No, mostly variance."),),
        sources=("Hastie et al. (2009), ESL",),
    )


def sample_decks() -> list[Deck]:
    first = Deck("ml", "ML basics", Path("ml.yaml"), (rich_card(), Card("plain", "ml", "Q?", "A.")),
                 description="Basics <b>here</b>")
    second = Deck("stats", "Statistics", Path("stats.yaml"), (Card("p-value", "stats", "What is a p-value?",
                                                                   "P(data this extreme | H0)."),))
    return [first, second]


@dataclass
class PackageNote:
    guid: str
    fields: dict[str, str]
    tags: list[str]
    deck: str
    model_id: int


@dataclass
class PackageContents:
    names: list[str]
    decks: dict[int, str]
    models: dict[int, tuple[str, list[str]]]
    notes: list[PackageNote]


def read_package(path: Path, scratch: Path) -> PackageContents:
    """Open a package written by the exporter: a zip holding an SQLite `collection.anki2`."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        archive.extract("collection.anki2", scratch)
    connection = sqlite3.connect(scratch / "collection.anki2")
    try:
        models_json, decks_json = connection.execute("select models, decks from col").fetchone()
        models = {int(key): (value["name"], [field["name"] for field in value["flds"]])
                  for key, value in json.loads(models_json).items()}
        decks = {int(key): value["name"] for key, value in json.loads(decks_json).items()}
        notes = []
        rows = connection.execute("select guid, mid, tags, flds, id from notes order by id").fetchall()
        for guid, mid, tags, flds, note_id in rows:
            (did,) = connection.execute("select did from cards where nid = ?", (note_id,)).fetchone()
            values = flds.split("\x1f")
            field_names = models[mid][1]
            notes.append(PackageNote(guid, dict(zip(field_names, values, strict=True)), tags.split(), decks[did], mid))
    finally:
        connection.close()
    return PackageContents(names, decks, models, notes)


def export_to(path: Path, decks: list[Deck] | None = None, *, timestamp: float = 1_800_000_000.0) -> Path:
    export_anki(decks if decks is not None else sample_decks(), path, timestamp=timestamp,
                progress=CountingProgress())
    return path


__all__ = ["FIELDS", "CountingProgress", "PackageContents", "export_to", "read_package", "rich_card", "sample_decks"]
