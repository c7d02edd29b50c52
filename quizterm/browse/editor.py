"""`e` in the card browser: which editor to run, on which file, at which line.

The editor is `$VISUAL`, else `$EDITOR` (a command line: `code --wait` works). Editors known to take
`+N` (vi and its kin, nano, emacs, micro, kakoune ...) open at the card's line; others get the file
alone. A deck inside the installed package (a bundled deck) is not edited there: an upgrade would
overwrite the change, so the user is told to copy the decks first.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quizterm.errors import QuiztermError

LINE_PLUS = frozenset({"vi", "vim", "nvim", "gvim", "view", "vis", "elvis", "nvi", "ex", "nano", "pico", "rnano",
                       "emacs", "emacsclient", "micro", "kak", "joe", "jed", "mg", "ne"})
"""Editors that open a file at line N when given `+N` before it."""


@dataclass(frozen=True, slots=True)
class EditCommand:
    argv: list[str]
    path: Path
    line: int


def installed_package_dir() -> Path:
    import quizterm

    return Path(quizterm.__file__).resolve().parent


def is_bundled(path: Path, package_dir: Path | None = None) -> bool:
    """The deck file lives inside the installed quizterm package (where `pip install .` put the decks)."""
    return path.resolve().is_relative_to((package_dir or installed_package_dir()).resolve())


def card_line(text: str, card_id: str) -> int:
    """The line (from 1) of the card's `id:` key in a deck file's text; 1 when it is not found as a plain
    `id: VALUE` line (the file still opens, at its top)."""
    pattern = re.compile(rf"^[ \t]*(?:-[ \t]+)?id:[ \t]*(['\"]?){re.escape(card_id)}\1[ \t]*(?:#.*)?$", re.MULTILINE)
    found = pattern.search(text)
    return 1 if found is None else text.count("\n", 0, found.start()) + 1


def editor_command(env: Mapping[str, str], path: Path, card_id: str, *,
                   package_dir: Path | None = None) -> EditCommand:
    """The command that opens `path` at the card's line; `QuiztermError` saying what to do instead when
    the deck is bundled, no editor is set, or the file cannot be read."""
    if is_bundled(path, package_dir):
        raise QuiztermError(f"{path.name} is a bundled deck, inside the installed quizterm: copy the decks first "
                            f"(cp -r {shlex.quote(str(path.parent))} ./decks), then run quizterm in that folder "
                            "and edit your copy")
    editor = (env.get("VISUAL") or "").strip() or (env.get("EDITOR") or "").strip()
    if not editor:
        raise QuiztermError("no editor set: set $VISUAL or $EDITOR (e.g. export EDITOR=nano) and try again")
    try:
        argv = shlex.split(editor)
    except ValueError as exc:
        raise QuiztermError(f"cannot read the editor command {editor!r} ({exc}); fix $VISUAL or $EDITOR") from None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuiztermError(f"{path}: cannot read the deck file ({exc})") from None
    line = card_line(text, card_id)
    name = Path(argv[0]).name.removesuffix(".exe")
    at_line = [f"+{line}"] if name in LINE_PLUS else []
    return EditCommand([*argv, *at_line, str(path)], path, line)
