"""Importing Anki packages: quizterm's own notes field by field, basic and cloze notes, HTML, math, media."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from quizterm.deck.cards import FollowUp, KeyPoint
from quizterm.interop.anki_export import write_package
from quizterm.interop.anki_fields import blank_cloze, field_markdown, field_text, fill_cloze, media_references
from quizterm.interop.anki_import import import_anki_package
from quizterm.interop.imported import NO_PROGRESS, Imported
from tests.interop.anki_helpers import CountingProgress, export_to


def genanki_package(path: Path, notes: list[tuple[str, list[str], list[str]]], deck: str = "Interview::ML",
                    guids: list[str] | None = None) -> Path:
    """A legacy package (collection.anki2 only) written by genanki, with its stock Basic and Cloze types."""
    import genanki

    models = {"basic": genanki.BASIC_MODEL, "cloze": genanki.CLOZE_MODEL}
    anki_deck = genanki.Deck(2059400110, deck)
    for index, (kind, fields, tags) in enumerate(notes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # genanki warns about the HTML some notes hold on purpose
            anki_deck.add_note(genanki.Note(model=models[kind], fields=fields, tags=tags,
                                            guid=guids[index] if guids else None))
    write_package(genanki.Package(anki_deck), path, 1_800_000_000)  # genanki's own writer leaves a temp file
    return path


def read(path: Path) -> Imported:
    return import_anki_package(path, NO_PROGRESS)


def test_quizterm_notes_come_back_field_by_field_with_their_ids(tmp_path: Path) -> None:
    imported = read(export_to(tmp_path / "out.apkg"))
    assert [card.id for card in imported.cards] == ["bias-variance", "plain", "p-value"]
    card = imported.cards[0]
    assert card.question == "What is the bias-variance trade-off?\nSecond line"
    assert card.short_answer == "Error splits into bias², variance and noise."
    assert card.breakdown == ("Expected error is $\\text{bias}^2 + \\text{var}$.\n\n"
                              "```python\ndef f(x):\n    return x < 1\n```")
    assert card.theory == "See **ESL** ch. 7, [link](https://example.com/esl)."
    assert card.common_mistakes == ("Saying more data reduces bias",)
    assert card.interview_tips == ("Draw the U-curve", "Name the noise floor")
    assert card.key_points == (KeyPoint("Bias is error from wrong assumptions", ("underfitting error",)),
                               KeyPoint("Variance is sensitivity to the sample"))
    assert card.follow_ups == (FollowUp("Does bagging reduce bias?", "No, mostly variance."),)
    assert card.sources == ("Hastie et al. (2009), ESL",)
    assert card.tags[:2] == ("ml", "theory") and "ML basics" in card.tags  # the Anki deck, as there are two
    assert imported.notices == [] and imported.title == ""


def test_hostile_text_survives_the_round_trip_as_text(tmp_path: Path) -> None:
    from quizterm.deck.cards import Card, Deck

    text = "<script>alert(1)</script> & {{c1::x}} \\(not math\\) '); DROP TABLE notes; --"
    deck = Deck("d", "D", Path("d.yaml"), (Card("hostile", "d", text, text, common_mistakes=(text,)),))
    card = read(export_to(tmp_path / "out.apkg", [deck])).cards[0]
    assert card.id == "hostile" and card.common_mistakes == (text.replace("\\(not math\\)", "$not math$"),)
    assert card.question == text.replace("\\(not math\\)", "$not math$")


def test_basic_and_cloze_notes(tmp_path: Path) -> None:
    package = genanki_package(tmp_path / "basic.apkg", [
        ("basic", ["What is <b>bias</b>? \\(x^2 &lt; y_1\\)", "Error from <i>wrong</i> assumptions<br>line two"],
         ["ml", "marked"]),
        ("cloze", ["The {{c1::sigmoid}} maps to {{c2::(0, 1)::a range}}", "<ul><li>extra</li></ul>"], []),
    ], guids=["abc", "def"])
    imported = read(package)
    basic, cloze = imported.cards
    assert basic.question == "What is bias? $x^2 < y_1$"
    assert basic.short_answer == "Error from wrong assumptions\nline two"
    assert basic.tags == ("ml",)  # Anki's own state tags (marked, leech) are not content
    assert basic.id.startswith("what-is-bias-x-2-y-1-")
    assert cloze.question == "The [...] maps to [a range]"
    assert cloze.short_answer == "The sigmoid maps to (0, 1)"
    assert cloze.breakdown == "- extra"
    assert imported.title == "ML"


def test_ids_come_from_guids_so_an_edited_note_keeps_its_card(tmp_path: Path) -> None:
    first = read(genanki_package(tmp_path / "a.apkg", [("basic", ["What is a tensor?", "An array"], [])], guids=["g1"]))
    edited = read(genanki_package(tmp_path / "b.apkg", [("basic", ["What is a tensor?", "A multi-dim array"], [])],
                                  guids=["g1"]))
    other = read(genanki_package(tmp_path / "c.apkg", [("basic", ["What is a tensor?", "An array"], [])], guids=["g2"]))
    assert first.cards[0].id == edited.cards[0].id != other.cards[0].id
    assert first.cards[0].id.startswith("what-is-a-tensor-")


def test_media_are_named_in_the_card_and_reported(tmp_path: Path) -> None:
    package = genanki_package(tmp_path / "media.apkg", [
        ("basic", ['Name this <img src="heart.png">', "The heart [sound:heart.mp3]"], [])])
    imported = read(package)
    assert imported.cards[0].question == "Name this [heart.png]"
    assert imported.cards[0].short_answer == "The heart [heart.mp3]"
    assert [notice.message for notice in imported.notices] == [
        "media not imported (heart.png, heart.mp3): the card shows each file's name in brackets"]
    assert imported.notices[0].where.startswith("note ")


def test_notes_that_cannot_be_cards_are_skipped_with_a_notice(tmp_path: Path) -> None:
    package = genanki_package(tmp_path / "odd.apkg", [
        ("basic", ["Only a front", ""], []),
        ("cloze", ["No deletion here", ""], []),
        ("basic", ["Good?", "Yes"], []),
    ])
    imported = read(package)
    assert [card.question for card in imported.cards] == ["Good?"]
    assert [notice.message for notice in imported.notices] == [
        "its second field is empty (a card needs a question and an answer); skipped",
        "a cloze note without deletions; skipped"]


def test_progress_counts_the_notes(tmp_path: Path) -> None:
    progress = CountingProgress()
    import_anki_package(export_to(tmp_path / "out.apkg"), progress)
    assert progress.steps == [("Reading Anki notes", 3)] and progress.done == 3


@pytest.mark.parametrize(("html", "text"), [
    ("a&nbsp;b&amp;c", "a b&c"),
    ("<div>one</div><div>two</div>", "one\ntwo"),
    ('<a href="https://x.org">x</a> and <a href="https://y.org">https://y.org</a>', "x (https://x.org) and https://y.org"),
    ("\\[\\frac{a}{b}<br>+ c\\]", "$$\\frac{a}{b} + c$$"),
    ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"),
])
def test_field_text(html: str, text: str) -> None:
    assert field_text(html) == text


@pytest.mark.parametrize(("html", "markdown"), [
    ("<b>x_1</b> * y", "**x_1** \\* y"),
    ("line<br>next", "line\\\nnext"),
    ("<pre>a<br>b</pre>", "```\na\nb\n```"),
    ("<h2>Title</h2><p>text with \\(a_b\\)</p>", "## Title\n\ntext with $a_b$"),
    ("<script>alert(1)</script>safe", "safe"),
])
def test_field_markdown(html: str, markdown: str) -> None:
    assert field_markdown(html) == markdown


def test_cloze_blanks_and_fills_nested_deletions() -> None:
    text = "{{c1::outer {{c2::inner::hint}} end}} and {{c3::x}}"
    assert blank_cloze(text) == "[...] and [...]"
    assert fill_cloze(text) == "outer inner end and x"
    assert blank_cloze("{{c2::inner::hint}}") == "[hint]"


def test_media_references() -> None:
    assert media_references('<img src="a.png"><IMG SRC=b.jpg> [sound:c.mp3] <video src=\'d.mp4\'>') == [
        "c.mp3", "a.png", "b.jpg", "d.mp4"]
