"""For deck authors: `quizterm new`, `quizterm new --card` and `quizterm validate --watch`."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizterm.cli import main
from quizterm.deck.loader import load_decks
from quizterm.deck.watch_validate import watch_validate
from tests.deck.conftest import deck_text


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_new_writes_a_commented_deck_that_passes_strict_validation(tmp_path: Path) -> None:
    deck = tmp_path / "ML basics.yaml"
    (tmp_path / "other.yaml").write_text(deck_text("ml-basics-1"))  # the id is taken beside it
    code, out, _ = run("new", deck)
    assert (code, out) == (0, f"wrote {deck} with an example card (ml-basics-2); schema written to "
                               f"{tmp_path / 'deck.schema.json'}\n")
    text = deck.read_text()
    assert text.startswith("# yaml-language-server: $schema=./deck.schema.json\n# A quizterm deck")
    assert "title: ML basics\n" in text
    assert run("validate", "--strict", tmp_path)[0] == 0
    assert run("new", deck)[0] == 2  # never overwritten
    assert deck.read_text() == text


def test_new_card_appends_a_skeleton_with_a_fresh_id_and_touches_nothing_else(tmp_path: Path) -> None:
    deck = tmp_path / "algo.yaml"
    original = "# my own comment\n" + deck_text("algo-1", "algo-3") + "# trailing comment\n"
    deck.write_text(original)
    (tmp_path / "graphs.yaml").write_text(deck_text("algo-2"))
    code, out, _ = run("new", deck, "--card")
    assert (code, out) == (0, f"added card algo-4 at {deck}:20; replace its TODO text\n")
    text = deck.read_text()
    assert text.startswith(original.removesuffix("# trailing comment\n")) and text.endswith("# trailing comment\n")
    assert [card.id for card in load_decks([deck]).decks[0].cards] == ["algo-1", "algo-3", "algo-4"]
    assert run("new", deck, "--card")[1].startswith("added card algo-5 ")
    assert run("validate", tmp_path)[0] == 0


def test_new_card_on_an_unfinished_deck_adds_no_error_and_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    deck = tmp_path / "wip.yaml"
    deck.write_text(deck_text("wip-1").replace("    short_answer: It is wip-1.\n", ""))  # an error already
    assert run("new", deck, "--card")[0] == 0
    assert len(load_decks([deck]).errors) == 1 and "algo" not in deck.read_text()
    code, _, err = run("new", tmp_path / "missing.yaml", "--card")
    assert code == 2 and "no such deck; start one with 'quizterm new" in err
    code, _, err = run("new", tmp_path / "notes.txt")
    assert code == 2 and "must end in .yaml or .yml" in err
    flow = tmp_path / "flow.yaml"
    flow.write_text("title: F\ncards: [{id: f, question: Q, short_answer: A}]\n")
    code, _, err = run("new", flow, "--card")
    assert code == 1 and "'cards' is not a block list" in err and "the card was not added" in err


def test_validate_watch_validates_again_on_each_change(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(deck_text("a"))

    def changes() -> Iterator[set[Path]]:
        deck.write_text(deck_text("a", "b"))
        yield {deck}
        deck.write_text("title: [")
        yield {deck, tmp_path / "e.yaml"}
        deck.unlink()
        yield {deck}

    out, err = io.StringIO(), io.StringIO()
    assert watch_validate([str(tmp_path)], strict=False, errors_only=True, out=out, err=err, changes=changes()) == 0
    assert out.getvalue().splitlines() == [
        "1 deck, 1 card: valid",
        f"--- changed: {deck}",
        "1 deck, 2 cards: valid",
        f"--- changed: {deck}, {tmp_path / 'e.yaml'}",
        out.getvalue().splitlines()[4],  # the located YAML error (its wording is libyaml's)
        "1 error in 1 of 1 file",
        f"--- changed: {deck}",
        f"quizterm: error: {tmp_path}: no deck files (*.yaml, *.yml) in this folder",
    ]
    assert out.getvalue().splitlines()[4].startswith(f"{deck}:") and err.getvalue().endswith("(Ctrl-C stops)\n")


def _as_from_a_shell() -> None:
    """Start the child with ctrl-c deliverable, as a shell starts a command. A test worker that ran Textual
    apps before may have SIGINT blocked or ignored, and a child inherits both: in a full CI run the watch
    then never saw the ctrl-c (it passed alone)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_validate_watch_from_the_command_line_sees_an_edit_and_ctrl_c_exits_0(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(deck_text("a"))
    process = subprocess.Popen([sys.executable, "-m", "quizterm", "validate", "--watch", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=_as_from_a_shell)
    assert process.stdout is not None and process.stderr is not None
    lines: list[str] = []
    stdout = process.stdout
    reader = threading.Thread(target=lambda: lines.extend(iter(stdout.readline, "")), daemon=True)
    reader.start()
    try:
        assert process.stderr.readline().startswith("watching ")
        for attempt in range(100):  # until the broken save is reported (the watch may still be starting)
            if attempt % 20 == 0:
                deck.write_text(deck_text("a").replace("question: What is a?", "question: [What is a?"))
            if any(": error: " in line for line in lines):
                break
            time.sleep(0.1)
        assert any(line.startswith("--- changed: ") for line in lines), lines
        assert lines[-1].strip() == "1 error in 1 of 1 file", lines
    finally:
        process.send_signal(signal.SIGINT)
        try:  # a generous bound: a loaded 2-core CI runner with parallel workers once needed more than 10 s
            code = process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError(f"ctrl-c did not stop validate --watch; stderr: {process.stderr.read()!r}") from None
    assert code == 0 and process.stderr.read() == ""
