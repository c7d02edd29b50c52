"""The deck cache: a warm start imports neither yaml nor pydantic, and any change is noticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizterm.deck import cache as cache_module
from quizterm.deck.cache import DeckCache
from quizterm.deck.cards import FollowUp, KeyPoint
from quizterm.deck.loader import load_decks
from tests.deck.conftest import deck_text, lines, write_deck

ROOT = Path(__file__).resolve().parents[2]


def test_a_warm_cache_gives_the_same_decks_and_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_deck(Path("decks/a.yaml"), "x", "y")
    Path("decks/b.yaml").write_text("title: B\ncards:\n  - id: z\n    question: q\n    short_answer: s\n",
                                    encoding="utf-8")
    cold = load_decks(["decks"], cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2
    warm = load_decks(["decks"], cache_dir=tmp_path / "cache")
    assert warm == cold
    assert len(warm.warnings) == 5  # b.yaml: no breakdown, theory, mistakes, tips or key points
    # Reached through another path, the entries still hit and the paths are the new ones.
    again = load_decks([str(tmp_path / "decks")], cache_dir=tmp_path / "cache")
    assert [deck.path for deck in again.decks] == [tmp_path / "decks/a.yaml", tmp_path / "decks/b.yaml"]
    assert {problem.path for problem in again.warnings} == {str(tmp_path / "decks/b.yaml")}


def test_warm_start_imports_neither_yaml_nor_pydantic(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks/a.yaml", "x")
    write_deck(tmp_path / "decks/b.yaml", "y")
    code = (
        "import sys\nfrom pathlib import Path\nfrom quizterm.deck.loader import load_decks\n"
        f"result = load_decks([{str(tmp_path / 'decks')!r}], cache_dir=Path({str(tmp_path / 'cache')!r}))\n"
        "assert not result.problems and len(result.decks) == 2\n"
        "print(sorted(name for name in ('yaml', 'pydantic', 'pydantic_core') if name in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env=env, cwd=tmp_path).stdout.strip()

    assert run() == "['pydantic', 'pydantic_core', 'yaml']"  # cold: validated
    assert run() == "[]"  # warm: straight from the cache


def test_a_changed_file_is_validated_again(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "a.yaml", "x")
    cache = tmp_path / "cache"
    assert [c.id for c in load_decks([deck], cache_dir=cache).decks[0].cards] == ["x"]
    deck.write_text(deck_text("x", "y"), encoding="utf-8")  # a new size
    assert [c.id for c in load_decks([deck], cache_dir=cache).decks[0].cards] == ["x", "y"]
    before = deck.stat()
    deck.write_text(deck_text("x", "z"), encoding="utf-8")  # same size: only mtime tells
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert deck.stat().st_size == before.st_size
    assert [c.id for c in load_decks([deck], cache_dir=cache).decks[0].cards] == ["x", "z"]
    deck.write_text("title: broken\n", encoding="utf-8")
    assert lines(load_decks([deck], cache_dir=cache)) == [f"{deck}:1:1: error: missing required key 'cards'; "
                                                          "add 'cards: ...'"]


def test_same_size_and_mtime_is_trusted_so_the_key_must_include_both(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "a.yaml", "x")
    cache = tmp_path / "cache"
    load_decks([deck], cache_dir=cache)
    before = deck.stat()
    deck.write_text(deck_text("y"), encoding="utf-8")
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert [c.id for c in load_decks([deck], cache_dir=cache).decks[0].cards] == ["x"]


def test_corrupt_or_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "a.yaml", "x")
    cache = tmp_path / "cache"
    load_decks([deck], cache_dir=cache)
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"\x80\x05garbage")
    assert [d.key for d in load_decks([deck], cache_dir=cache).decks] == ["a"]
    assert [d.key for d in load_decks([deck], cache_dir=cache).decks] == ["a"]  # rebuilt
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert [d.key for d in load_decks([deck], cache_dir=not_a_dir).decks] == ["a"]
    assert not list(cache.glob(".tmp-*"))


@pytest.mark.parametrize("damage", ["truncate", "flip a byte near the end", "append"])
def test_a_damaged_entry_is_a_miss_never_a_failure_later(damage: str, tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "a.yaml", *[f"card-{n}" for n in range(70)])  # two rubric blocks
    cache = tmp_path / "cache"
    fresh = load_decks([deck], cache_dir=cache)
    (entry,) = cache.glob("*.pickle")
    data = bytearray(entry.read_bytes())
    if damage == "truncate":
        del data[-10:]
    elif damage == "append":
        data += b"x"
    else:  # inside the last rubric block: unpickling would not notice, decompressing it would
        data[-20] ^= 0xFF
    entry.write_bytes(bytes(data))
    again = load_decks([deck], cache_dir=cache)
    assert again == fresh
    assert [card.theory for card in again.decks[0].cards] == [f"The theory of card-{n}." for n in range(70)]


def test_invalid_files_are_not_cached_and_cross_file_checks_run_on_warm_loads(tmp_path: Path) -> None:
    write_deck(tmp_path / "a.yaml", "shared")
    write_deck(tmp_path / "b.yaml", "shared")
    cache = tmp_path / "cache"
    (tmp_path / "c.yaml").write_text("title: [\n", encoding="utf-8")
    cold = load_decks([tmp_path], cache_dir=cache)
    warm = load_decks([tmp_path], cache_dir=cache)
    assert lines(warm) == lines(cold)
    assert any("duplicate id 'shared', first defined at" in line for line in lines(warm))
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_symlink_with_another_name_does_not_reuse_the_deck_name(tmp_path: Path) -> None:
    real = write_deck(tmp_path / "real.yaml", "x")
    link = tmp_path / "alias.yaml"
    link.symlink_to(real)
    cache = tmp_path / "cache"
    assert load_decks([real], cache_dir=cache).decks[0].key == "real"
    assert load_decks([link], cache_dir=cache).decks[0].cards[0].deck == "alias"


def test_deferred_cache_writes_wait_for_write_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A drill defers the cache write until its first screen is up; nothing is lost by waiting."""
    monkeypatch.chdir(tmp_path)
    write_deck(Path("decks/a.yaml"), "x", "y")
    cache = tmp_path / "cache"
    cold = load_decks(["decks"], cache_dir=cache, defer_cache_writes=True)
    assert list(cache.glob("*.pickle")) == []
    cold.write_cache()
    assert len(list(cache.glob("*.pickle"))) == 1
    cold.write_cache()  # a second call has nothing left to write
    assert len(list(cache.glob("*.pickle"))) == 1
    assert load_decks(["decks"], cache_dir=cache) == cold


RUBRIC_DECK = """\
title: Rubric fields
time_limit: 240
cards:
  - id: own-limit
    question: Q?
    short_answer: A.
    key_points:
      - A plain point
      - {point: A point with aliases, aliases: [first wording, second wording]}
    follow_ups:
      - {question: A probe?, answer: Its answer.}
    sources: ["Author (2024), Title, arXiv:2401.00001"]
    time_limit: 45
  - id: deck-limit
    question: Q?
    short_answer: A.
"""


def test_key_points_follow_ups_sources_and_time_limits_come_back_from_the_cache(tmp_path: Path) -> None:
    deck_file = tmp_path / "rubric.yaml"
    deck_file.write_text(RUBRIC_DECK, encoding="utf-8")
    cold = load_decks([deck_file], cache_dir=tmp_path / "cache")
    warm = load_decks([deck_file], cache_dir=tmp_path / "cache")
    assert warm == cold
    (deck,) = warm.decks
    own, default = deck.cards
    assert own.compact and deck.time_limit == 240
    assert own.key_points == (KeyPoint("A plain point"), KeyPoint("A point with aliases",
                                                                  ("first wording", "second wording")))
    assert own.follow_ups == (FollowUp("A probe?", "Its answer."),)
    assert own.sources == ("Author (2024), Title, arXiv:2401.00001",)
    assert (own.time_limit, default.time_limit) == (45, 240)
    assert (default.key_points, default.follow_ups, default.sources) == ((), (), ())


def test_an_entry_of_another_format_version_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries written before the card tuple gained its time limit must never be unpickled as cards."""
    deck_file = write_deck(tmp_path / "a.yaml", "x")
    monkeypatch.setattr(cache_module, "FORMAT_VERSION", cache_module.FORMAT_VERSION - 1)
    load_decks([deck_file], cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    monkeypatch.undo()
    info = deck_file.stat()
    assert DeckCache(tmp_path / "cache").get(deck_file.resolve(), info.st_size, info.st_mtime_ns) is None
