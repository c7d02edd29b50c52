"""The deck writer: what it writes is what the loader reads back, exactly, and it reads well."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import Card, FollowUp, KeyPoint
from quizterm.deck.deckfile import load_file
from quizterm.interop.imported import ImportedCard
from quizterm.interop.text import RefusedText, clean_text, is_clean
from quizterm.interop.writer import SCHEMA_LINE, deck_text, value

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_names = itertools.count()


def load_text(text: str) -> list[Card]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"deck{next(_names)}.yaml")
        path.write_text(text, encoding="utf-8", newline="")
        result = load_file(path, str(path))
    errors = [p.format() for p in result.problems if p.severity == "error"]
    assert not errors, (errors, text)
    assert result.deck is not None
    return list(result.deck.cards)


def cleaned(raw: str) -> str:
    try:
        text = clean_text(raw)
    except RefusedText:
        assume(False)
        raise
    assume(text)
    return text


# Any characters at all, and the ones YAML cares about most often.
YAML_HAZARDS = st.sampled_from([*":#-?|>!&*%@`'\"{}[],\\ \t\n\r", "no", "1.10", "12:30", "~", "null", "---",
                                "...", "- ", ": ", " #", "\u2028", "\x85", "\ufeff", "$x$", "0o7", "<<", "="])
_REFUSED = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]))
_CHARS = st.characters(codec="utf-8", exclude_characters=_REFUSED)
RAW = st.one_of(st.text(_CHARS), st.lists(st.one_of(YAML_HAZARDS, st.text(_CHARS, max_size=3)), max_size=12)
                .map("".join))
TEXT = RAW.map(lambda raw: clean_text(raw) or "x")
"""Clean texts (what an importer hands the writer): any character a deck may hold."""


@SETTINGS
@given(st.one_of(RAW, st.text()))
def test_clean_text_is_idempotent_and_accepted_by_the_writer(raw: str) -> None:
    text = cleaned(raw)
    assert clean_text(text) == text and is_clean(text)
    assert "\r" not in text and text == text.strip()


@SETTINGS
@given(TEXT, TEXT, TEXT)
def test_any_clean_text_round_trips_through_the_writer_and_the_loader(a: str, b: str, c: str) -> None:
    one, two, three = cleaned(a), cleaned(b), cleaned(c)
    assume(len({one.casefold(), two.casefold()}) == 2)
    card = ImportedCard(id="c1", question=one, short_answer=two, breakdown=three, theory=one,
                        common_mistakes=(one, two), interview_tips=(three,), sources=(two,),
                        follow_ups=(FollowUp(one, three),))
    loaded = load_text(deck_text(three, [card], description=one))[0]
    assert (loaded.question, loaded.short_answer, loaded.breakdown, loaded.theory) == (one, two, three, one)
    assert loaded.common_mistakes == (one, two) and loaded.interview_tips == (three,)
    assert loaded.sources == (two,) and loaded.follow_ups == (FollowUp(one, three),)


@SETTINGS
@given(st.lists(TEXT, min_size=2, max_size=4))
def test_key_points_and_aliases_round_trip(raws: list[str]) -> None:
    from quizterm.deck.distinct import comparable

    texts = [cleaned(raw) for raw in raws]
    assume(len({comparable(text) for text in texts}) == len(texts))
    points = (KeyPoint(texts[0], tuple(texts[2:])), KeyPoint(texts[1]))
    card = ImportedCard(id="c1", question="Q?", short_answer="A.", key_points=points)
    assert load_text(deck_text("T", [card]))[0].key_points == points


def test_a_deck_reads_as_a_person_would_write_it() -> None:
    card = ImportedCard(
        id="bias-variance-1a2b3c4d", question="What's the trade-off between bias and variance?",
        short_answer="no", breakdown="Bias: error from wrong assumptions.\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        common_mistakes=("Say: more data always helps",), key_points=(KeyPoint("bias falls"), KeyPoint("variance rises",
                                                                                                       ("var up",))),
        follow_ups=(FollowUp("And boosting?", "It lowers bias."),), time_limit=90, tags=("ml", "basics"))
    text = deck_text("ML questions", [card])
    assert text == f"""{SCHEMA_LINE}
title: ML questions
cards:
  - id: bias-variance-1a2b3c4d
    question: What's the trade-off between bias and variance?
    short_answer: 'no'
    breakdown: |-
      Bias: error from wrong assumptions.

      | a | b |
      |---|---|
      | 1 | 2 |
    common_mistakes:
      - 'Say: more data always helps'
    key_points:
      - bias falls
      - point: variance rises
        aliases:
          - var up
    follow_ups:
      - question: And boosting?
        answer: It lowers bias.
    time_limit: 90
    tags: [ml, basics]
"""
    assert load_text(text)[0].short_answer == "no"


@pytest.mark.parametrize("text", ["no", "1.10", "12:30", "2024-01-01", "~", "null", "- x", "a: b", "x #y", "&a",
                                  "!!python/object:os.system", "*x", "'", '"', "@x", "`x`", "%x", "=", "<<",
                                  "[a]", "{a: b}", "? x", "| x", "> x", "0x10", ".inf", "yes", "on", "010"])
def test_values_yaml_would_misread_are_quoted(text: str) -> None:
    assert load_text(deck_text("T", [ImportedCard(id="c", question=text, short_answer=text)]))[0].question == text
    assert value(text, 4) != text or text in ("x #y", "=", "<<")


@pytest.mark.parametrize("text", ["", " padded", "a\r\nb", "bell\x07", "line\n"])
def test_the_writer_refuses_text_that_is_not_clean(text: str) -> None:
    with pytest.raises(ValueError):
        value(text, 4)


def test_clean_text_normalises_line_breaks_and_refuses_control_characters() -> None:
    assert clean_text("  one\r\ntwo  \rthree\x85four\u2028five\u2029six\n\n") == "one\ntwo\nthree\nfour\nfive\nsix"
    with pytest.raises(RefusedText, match=r"U\+001B"):
        clean_text("red \x1b[31m")
