"""`quizterm interview --report FILE.md`: where the round's Markdown report may go, and writing it.

The path is checked before the round starts, so a typo never costs a round: a folder, a missing folder,
something that is not a regular file, or a name not ending in `.md`/`.markdown` (a deck file given by
mistake must never get a report appended) is a one-line usage error.

An existing file is kept and the new report is appended to it, under what it holds, as `quizterm import -o`
adds cards to an existing deck rather than replacing it: nothing is ever overwritten, and one file can
collect every round. The file is written whole through a temporary file and a rename (`write_atomically`),
so an interruption leaves it as it was or with the whole new report, never half of one.
"""

from __future__ import annotations

from pathlib import Path

from quizterm.errors import QuiztermError, UsageError

SUFFIXES = (".md", ".markdown")


def check_report_path(path: Path) -> None:
    """Refuse a `--report` path that cannot take a report (see the module docstring)."""
    if path.is_dir():
        raise UsageError(f"--report {path}: is a folder; give the Markdown file to write, e.g. {path / 'interview.md'}")
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(f"--report {path}: a report is Markdown; give a file name ending in .md")
    if not path.parent.is_dir():
        raise UsageError(f"--report {path}: no such folder {path.parent}; create it first")
    if path.exists():
        if not path.is_file():
            raise UsageError(f"--report {path}: not a regular file")
        _existing_text(path)


def _existing_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"--report {path}: exists and is not UTF-8 text; the report is appended to an existing "
                         "file, so name a new file or a Markdown file") from None
    except OSError as exc:
        raise UsageError(f"--report {path}: cannot read it ({exc.strerror or exc}); a report is appended to an "
                         "existing file") from None


def write_report(path: Path, markdown: str) -> bool:
    """Write `markdown` to `path`, after what the file already holds (one blank line between); atomic.
    Returns True when it was appended to an existing file."""
    from quizterm.interop.output import write_atomically

    existing = _existing_text(path) if path.exists() else ""
    before = existing if not existing or existing.endswith("\n") else existing + "\n"
    text = (before + "\n" if before else "") + markdown
    try:
        write_atomically(path, text, check_deck=False)
    except OSError as exc:
        raise QuiztermError(f"--report {path}: could not write the report ({exc.strerror or exc})") from None
    return bool(existing)
