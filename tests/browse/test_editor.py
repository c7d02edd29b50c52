"""`e`: the editor command, the card's line, bundled decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizterm.browse.editor import card_line, editor_command, is_bundled
from quizterm.errors import QuiztermError

DECK = """\
title: T
cards:
  - id: first
    question: Q
  -   id: "second"   # quoted, with a comment
    question: id: second is not this line
  - question: Q3
    id: third
"""


def test_card_line_finds_the_id_key_however_it_is_written() -> None:
    assert [card_line(DECK, i) for i in ("first", "second", "third", "missing")] == [3, 5, 8, 1]
    assert card_line("cards:\n  - id: a.b\n  - id: axb\n", "axb") == 3  # the dot is not a wildcard


@pytest.mark.parametrize(("env", "argv"), [
    ({"VISUAL": "nvim", "EDITOR": "nano"}, ["nvim", "+5"]),
    ({"EDITOR": "nano -w"}, ["nano", "-w", "+5"]),
    ({"EDITOR": "/usr/bin/vi"}, ["/usr/bin/vi", "+5"]),
    ({"VISUAL": " ", "EDITOR": "code --wait"}, ["code", "--wait"]),
])
def test_the_editor_opens_at_the_card_line_when_it_knows_plus_n(tmp_path: Path, env: dict[str, str],
                                                                 argv: list[str]) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(DECK)
    command = editor_command(env, path, "second", package_dir=tmp_path / "pkg")
    assert command.argv == [*argv, str(path)] and command.line == 5


def test_no_editor_and_a_bundled_deck_say_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(DECK)
    with pytest.raises(QuiztermError, match=r"set \$VISUAL or \$EDITOR"):
        editor_command({}, path, "first", package_dir=tmp_path / "pkg")
    assert is_bundled(path, tmp_path)
    with pytest.raises(QuiztermError, match=r"bundled deck, inside the installed quizterm: copy the decks first"):
        editor_command({"EDITOR": "vi"}, path, "first", package_dir=tmp_path)
    with pytest.raises(QuiztermError, match="cannot read the editor command"):
        editor_command({"EDITOR": "vi 'unclosed"}, path, "first", package_dir=tmp_path / "pkg")
