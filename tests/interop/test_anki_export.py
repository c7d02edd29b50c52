"""The Anki export: the package's decks, notes and fields, GUIDs stable across exports, untrusted text escaped."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import Card, Deck
from quizterm.interop import anki_html
from quizterm.interop.anki_export import export_anki, note_fields
from quizterm.interop.anki_notetype import FIELDS, NOTE_TYPE_ID, NOTE_TYPE_NAME, deck_id, note_guid
from tests.interop.anki_helpers import CountingProgress, export_to, read_package, sample_decks


def test_package_holds_one_deck_per_quizterm_deck_under_the_parent(tmp_path: Path) -> None:
    package = read_package(export_to(tmp_path / "out.apkg"), tmp_path / "x")
    assert package.names == ["collection.anki2", "media"]
    names = set(package.decks.values())
    assert {"quizterm", "quizterm::ML basics", "quizterm::Statistics"} <= names
    assert package.models[NOTE_TYPE_ID] == (NOTE_TYPE_NAME, list(FIELDS))
    assert [(note.fields["Id"], note.deck) for note in package.notes] == [
        ("bias-variance", "quizterm::ML basics"), ("plain", "quizterm::ML basics"), ("p-value", "quizterm::Statistics")]
    assert package.decks[deck_id("quizterm::Statistics")] == "quizterm::Statistics"


def test_fields_carry_every_section(tmp_path: Path) -> None:
    note = read_package(export_to(tmp_path / "out.apkg"), tmp_path / "x").notes[0]
    fields = note.fields
    assert fields["Question"] == "What is the bias-variance trade-off?<br>Second line"
    assert fields["Short answer"] == "Error splits into bias², variance and noise."
    assert '<span class="qt-math">\\(\\text{bias}^2 + \\text{var}\\)</span>' in fields["Breakdown"]
    assert '<pre class="qt-code"><code class="language-python"><span class="qt-k">def</span>' in fields["Breakdown"]
    assert "&lt;" in fields["Breakdown"]  # `x < 1` inside the code, escaped
    assert fields["Theory"] == ('<p>See <strong>ESL</strong> ch. 7, <a href="https://example.com/esl">link</a>.</p>')
    assert fields["Common mistakes"] == '<ul class="qt-mistakes"><li>Saying more data reduces bias</li></ul>'
    assert fields["Interview tips"] == '<ul class="qt-tips"><li>Draw the U-curve</li><li>Name the noise floor</li></ul>'
    assert fields["Key points"] == (
        '<ul class="qt-key-points"><li><span class="qt-point">Bias is error from wrong assumptions</span>'
        '<ul class="qt-aliases"><li>underfitting error</li></ul></li>'
        '<li><span class="qt-point">Variance is sensitivity to the sample</span></li></ul>')
    assert fields["Follow-ups"] == ('<dl class="qt-follow-ups"><dt>Does bagging reduce bias?</dt>'
                                    "<dd>No, mostly variance.</dd></dl>")
    assert fields["Sources"] == '<ul class="qt-sources"><li>Hastie et al. (2009), ESL</li></ul>'
    assert fields["Card tags"] == "ml theory"
    assert note.tags == ["ml", "theory"]


def test_empty_sections_are_empty_fields(tmp_path: Path) -> None:
    plain = read_package(export_to(tmp_path / "out.apkg"), tmp_path / "x").notes[1].fields
    assert plain["Question"] == "Q?" and plain["Short answer"] == "A."
    assert all(plain[name] == "" for name in FIELDS[3:])


def test_guids_and_ids_are_stable_across_exports(tmp_path: Path) -> None:
    first = read_package(export_to(tmp_path / "a.apkg", timestamp=1_800_000_000), tmp_path / "a")
    second = read_package(export_to(tmp_path / "b.apkg", timestamp=1_800_086_400), tmp_path / "b")
    assert [note.guid for note in first.notes] == [note.guid for note in second.notes]
    assert [note.guid for note in first.notes] == [note_guid("bias-variance"), note_guid("plain"), note_guid("p-value")]
    assert first.decks == second.decks and first.models.keys() == second.models.keys()


def test_guid_depends_on_the_card_id_alone(tmp_path: Path) -> None:
    """Editing a card's text keeps its note (Anki updates it); a new id is a new note."""
    original = read_package(export_to(tmp_path / "a.apkg"), tmp_path / "a").notes[0]
    edited = Card("bias-variance", "ml", "A reworded question", "A new answer")
    deck = Deck("ml", "ML basics", Path("ml.yaml"), (edited,))
    again = read_package(export_to(tmp_path / "b.apkg", [deck]), tmp_path / "b").notes[0]
    assert again.guid == original.guid and again.fields["Question"] == "A reworded question"
    assert note_guid("bias-variance") != note_guid("bias-variance-2")


def test_same_titles_get_told_apart_by_file_name(tmp_path: Path) -> None:
    decks = [Deck("a", "Same", Path("a.yaml"), (Card("x", "a", "Q", "A"),)),
             Deck("b", "Same", Path("b.yaml"), (Card("y", "b", "Q", "A"),)),
             Deck("c", "Nested::Title", Path("c.yaml"), (Card("z", "c", "Q", "A"),))]
    package = read_package(export_to(tmp_path / "out.apkg", decks), tmp_path / "x")
    assert [note.deck for note in package.notes] == ["quizterm::Same (a)", "quizterm::Same (b)",
                                                     "quizterm::Nested:Title"]


def test_progress_counts_every_note_and_the_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.apkg"
    target.write_bytes(b"an older export")
    progress = CountingProgress()
    export_anki(sample_decks(), target, timestamp=1_800_000_000, progress=progress)
    assert progress.steps == [("Exporting to Anki", 3)] and progress.done == 3
    assert target.read_bytes()[:2] == b"PK"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.apkg"]  # no temporary file left
    assert target.stat().st_mode & 0o777 == 0o644


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> {{Question}} & "q"'


def test_untrusted_text_is_escaped_in_every_field() -> None:
    card = Card("hostile", "d", HOSTILE, HOSTILE, breakdown=HOSTILE + "\n\n[x](javascript:alert(3))",
                theory="<iframe src=//evil></iframe>\n\n![pic](https://evil.example/p.png \"t\")\n\n$<b>$",
                common_mistakes=(HOSTILE,), interview_tips=(HOSTILE,), key_points=(HOSTILE, "b"),
                follow_ups=((HOSTILE, HOSTILE),), sources=(HOSTILE,))
    fields = note_fields(card)
    for field in fields:
        assert "<script" not in field and "<img" not in field and "<iframe" not in field
        assert "onerror=\"" not in field and 'href="javascript' not in field
    theory = fields[FIELDS.index("Theory")]
    assert '<a href="https://evil.example/p.png">pic</a>' in theory  # an image is a link, never loaded
    assert "\\(&lt;b&gt;\\)" in theory
    assert fields[1].startswith("&lt;script&gt;alert(1)&lt;/script&gt;")


def test_math_follows_quizterms_rule() -> None:
    assert anki_html.markdown_html("costs $5 and $10 today") == "<p>costs $5 and $10 today</p>"
    assert anki_html.markdown_html("$$\na^2\n$$") == '<div class="qt-math">\\[a^2\\]</div>'
    assert anki_html.markdown_html("inline $$x$$ too") == '<p>inline <span class="qt-math">\\[x\\]</span> too</p>'


def test_unknown_code_language_is_plain_escaped_text() -> None:
    assert anki_html.markdown_html("```nosuchlang\na<b\n```") == (
        '<pre class="qt-code"><code class="language-nosuchlang">a&lt;b\n</code></pre>')


ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "span", "div", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4",
                "h5", "h6", "blockquote", "hr", "table", "thead", "tbody", "tr", "th", "td", "s", "dl", "dt", "dd"}
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)([^>]*)>")
_ATTRIBUTE = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'=/:$`*_[]()! \nabcjsvrpt")), max_size=80))
def test_rendered_markdown_holds_only_safe_tags(text: str) -> None:
    """Whatever an author writes, the HTML has only formatting tags, and attributes that run nothing."""
    rendered = anki_html.markdown_html(text)
    for _closing, name, attributes in _TAG.findall(rendered):
        assert name.lower() in ALLOWED_TAGS, rendered
        for attribute, value in _ATTRIBUTE.findall(attributes):
            assert attribute in ("class", "href", "start", "style"), rendered
            if attribute == "href":
                assert not value.strip().lower().startswith(("javascript:", "vbscript:", "data:")), rendered
            if attribute == "style":
                assert re.fullmatch(r"text-align:(left|right|center)", value), rendered
    assert "<" not in re.sub(_TAG, "", rendered)


@given(st.text(max_size=60))
def test_escaped_text_has_no_markup_but_line_breaks(text: str) -> None:
    escaped = anki_html.escape_text(text)
    assert "<" not in escaped.replace("<br>", "") and ">" not in escaped.replace("<br>", "")
