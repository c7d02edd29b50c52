"""The formats `quizterm import` reads, and how a source's format is recognised.

Each format names its importer as `module:function`, imported only when used: reading a CSV file never
loads the Markdown parser or an Anki reader. A source's format comes from `--format`, else from its file
name's suffix.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from quizterm.errors import UsageError
from quizterm.interop.imported import Importer


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    importer: str
    """`module:function`, an `Importer`."""
    what: str
    """The source as errors name it, e.g. "a Markdown file"."""


FORMATS: tuple[Format, ...] = (
    Format("markdown", (".md", ".markdown"), "quizterm.interop.markdown_qa:read_markdown", "a Markdown file"),
    Format("csv", (".csv",), "quizterm.interop.table:read_csv", "a CSV file"),
    Format("tsv", (".tsv", ".tab"), "quizterm.interop.table:read_tsv", "a TSV file"),
    Format("anki", (".apkg", ".colpkg"), "quizterm.interop.anki_import:import_anki_package", "an Anki package"),
    # Anki's "Notes in Plain Text" export is the `.txt` file Anki writes; other text is Markdown or CSV.
    Format("anki-text", (".txt",), "quizterm.interop.anki_import:import_anki_text", "Anki's text export"),
)


def format_names() -> list[str]:
    return [fmt.name for fmt in FORMATS]


def format_for(source: Path, name: str | None = None) -> Format:
    """The format named by `name` (from `--format`), else the one the source's suffix says."""
    if name is not None:
        for fmt in FORMATS:
            if fmt.name == name:
                return fmt
        raise UsageError(f"--format {name}: unknown format; choose one of {', '.join(format_names())}")
    suffix = source.suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for fmt in FORMATS for s in fmt.suffixes)
    raise UsageError(f"{source}: cannot tell its format from its name (known: {known}); name it with --format")


def importer_for(fmt: Format) -> Importer:
    module, function = fmt.importer.split(":")
    return cast(Importer, getattr(importlib.import_module(module), function))
