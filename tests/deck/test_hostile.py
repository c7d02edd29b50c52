"""Hostile and broken bytes: every one gets located one-line problems, fast, and never a traceback.

These files are written by the tests (binary data, other encodings, huge or deeply nested files) rather
than committed to the corpus.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from quizterm.deck import compose
from quizterm.deck.loader import load_decks
from quizterm.deck.source import MAX_FILE_BYTES
from tests.deck.conftest import deck_text, lines


def load_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, name: str = "deck.yaml") -> list[str]:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(data)
    return lines(load_decks([name]))


def test_non_utf8_bytes_are_located_by_line_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = "title: Résumé\ncards:\n  - id: café\n".encode("latin-1")
    assert load_bytes(tmp_path, monkeypatch, data) == [
        "deck.yaml:1:9: error: byte 0xe9 is not valid UTF-8 (is the file in another encoding?); "
        "save the file as UTF-8"]


def test_the_column_counts_characters_not_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = "title: Тест\ncards: [ok, ".encode() + b"\xff]\n"
    assert load_bytes(tmp_path, monkeypatch, data) == [
        "deck.yaml:2:13: error: byte 0xff is not valid UTF-8 (is the file in another encoding?); "
        "save the file as UTF-8"]


def test_a_binary_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert load_bytes(tmp_path, monkeypatch, png, "image.yaml") == [
        "image.yaml:3:1: error: a NUL byte: this is a binary file, not a YAML deck; deck files are UTF-8 text"]


def test_a_nul_byte_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_bytes(tmp_path, monkeypatch, b"title: T\ncards: [a\x00b]\n") == [
        "deck.yaml:2:10: error: a NUL byte: this is a binary file, not a YAML deck; deck files are UTF-8 text"]


def test_utf16_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = deck_text("a").encode("utf-16")
    assert load_bytes(tmp_path, monkeypatch, data) == [
        "deck.yaml:1:1: error: the file is UTF-16 encoded; save it as UTF-8"]


def test_raw_control_characters_are_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = "title: T\ncards:\n  - question: \x1b[2Jgone\n    short_answer: \u009bx\x7f\n".encode()
    assert load_bytes(tmp_path, monkeypatch, data) == [
        "deck.yaml:3:15: error: control character U+001B is not allowed in a deck file "
        "(control characters could drive the terminal); remove it",
        "deck.yaml:4:19: error: control character U+009B is not allowed in a deck file "
        "(control characters could drive the terminal); remove it",
        "deck.yaml:4:21: error: control character U+007F is not allowed in a deck file "
        "(control characters could drive the terminal); remove it",
    ]


@pytest.mark.parametrize("transform", [
    pytest.param(lambda text: codecs.BOM_UTF8 + text.encode(), id="bom"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param(lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode(), id="bom-crlf"),
])
def test_bom_and_crlf_are_valid_and_keep_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    transform: object, yaml_backend: str) -> None:
    text = deck_text("first", "second", title="Тест 日本 🎲") + "  - id: Third\n    question: q\n    short_answer: a\n"
    assert callable(transform)
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_bytes(transform(text))
    result = load_decks(["deck.yaml"])
    assert [p.format() for p in result.errors] == [
        "deck.yaml:19:9: error: cards[2].id: 'Third' is not a valid id: use lowercase letters, digits, '-', "
        "'_' and '.', starting with a letter or digit, e.g. 'third'"]
    Path("deck.yaml").write_bytes(transform(deck_text("first", title="Тест 日本 🎲")))
    result = load_decks(["deck.yaml"])
    assert result.problems == []
    assert result.decks[0].title == "Тест 日本 🎲"
    assert result.decks[0].cards[0].question == "What is first?"


@pytest.mark.timeout(30)  # a hang guard; speed is measured in benchmarks/
def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Path("huge.yaml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert lines(load_decks(["huge.yaml"])) == [
        "huge.yaml:1:1: error: the file is too large (20.0 MiB; the limit is 20 MiB); split it into several deck files"]


def test_too_many_values_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yaml_backend: str) -> None:
    if yaml_backend == "pure":  # the pure-Python parser needs ~30 µs per value: test the logic on a smaller limit
        monkeypatch.setattr(compose, "MAX_EVENTS", 5000)
    data = b"title: T\ncards: [" + b"a," * (compose.MAX_EVENTS + 10) + b"a]\n"
    assert load_bytes(tmp_path, monkeypatch, data) == [
        f"deck.yaml:1:1: error: too many YAML values in one file (more than {compose.MAX_EVENTS:,}); "
        "split the deck into several files"]


@pytest.mark.parametrize("text", [
    pytest.param("[" * 100_000, id="flow-unclosed"),
    pytest.param("[" * 30_000 + "]" * 30_000, id="flow-closed"),
    pytest.param("- " * 100_000 + "a", id="compact-lists"),
    pytest.param("".join(" " * i + "k:\n" for i in range(2000)), id="indentation"),
    pytest.param("[&a !t " * 50_000, id="flow-with-properties"),
])
@pytest.mark.timeout(30)  # a guard against a hang (libyaml is quadratic in depth), not a speed target
def test_deep_nesting_is_refused_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                      yaml_backend: str) -> None:
    problems = load_bytes(tmp_path, monkeypatch, text.encode())
    assert any("nesting too deep (more than 32 levels" in line for line in problems), problems


def test_every_problem_is_one_printable_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("e\x1b[31m.yaml").write_text('title: "\\e[31m"\n"k\\e[0m\\n": x\ncards: x\n', encoding="utf-8")
    problems = lines(load_decks(["."]))
    assert problems
    for line in problems:
        assert "\x1b" not in line and "\n" not in line
        assert line.startswith("e\\x1b[31m.yaml:")


def test_an_unreadable_or_special_file_is_a_problem_not_a_crash(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert lines(load_decks(["/dev/null"])) == ["/dev/null:1:1: error: not a regular file; give a deck file (.yaml) "
                                                "or a folder"]


@pytest.mark.parametrize(("text", "expected"), [
    ("a: Stop! R&D and x != y!!\n", False),
    ("a: |\n  b & c ! d\n", False),
    ("a: &x 1\n", True),
    ("a: !t 1\n", True),
    ("- !!python/object:os.system\n", True),
    ("[a,&b c]\n", True),
    ("{a:\t!t b}\n", True),
    ("&a\nk: v\n", True),
    ("? !t k\n: v\n", True),
])
def test_the_anchor_and_tag_prefilter_never_misses_one(text: str, expected: bool) -> None:
    from quizterm.deck.convert import may_have_properties

    assert may_have_properties(text) is expected


@pytest.mark.timeout(30)  # a hang guard; speed is measured in benchmarks/
def test_shared_nodes_are_never_expanded_even_past_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    from quizterm.deck import convert

    monkeypatch.setattr(convert, "may_have_properties", lambda text: False)
    result = load_decks([Path(__file__).parent / "corpus" / "alias_bomb.yaml"])
    assert [problem.message for problem in result.problems] == [
        "values are shared through YAML aliases; deck files may not use anchors or aliases: "
        "write every value out in full"]
