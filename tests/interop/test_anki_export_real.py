"""quizterm's export imported into a real Anki collection: twice, the second time updating, never duplicating."""

from __future__ import annotations

from pathlib import Path

from quizterm.deck.cards import Card, Deck
from quizterm.interop.anki_notetype import FIELDS, NOTE_TYPE_NAME
from tests.interop.anki_helpers import export_to, rich_card, sample_decks
from tests.interop.real_anki import collection, import_package


def test_importing_a_second_export_updates_the_notes(tmp_path: Path) -> None:
    first = export_to(tmp_path / "first.apkg", timestamp=1_800_000_000)
    decks = sample_decks()
    edited = Card("plain", "ml", "Q, reworded?", "A, reworded.")
    decks[0] = Deck("ml", "ML basics", Path("ml.yaml"), (rich_card(), edited))
    second = export_to(tmp_path / "second.apkg", decks, timestamp=1_800_086_400)
    with collection(tmp_path / "anki") as col:
        log = import_package(col, first)
        assert (len(log.log.new), len(log.log.updated)) == (3, 0)
        log = import_package(col, second)
        assert len(log.log.new) == 0 and len(log.log.updated) == 3
        assert col.note_count() == 3
        assert {deck.name for deck in col.decks.all_names_and_ids()} >= {
            "quizterm", "quizterm::ML basics", "quizterm::Statistics"}
        (note_id,) = col.find_notes('"Id:plain"')
        note = col.get_note(note_id)
        assert note.note_type()["name"] == NOTE_TYPE_NAME and list(note.keys()) == list(FIELDS)
        assert note["Question"] == "Q, reworded?" and note["Short answer"] == "A, reworded."
        assert col.decks.name(note.cards()[0].did) == "quizterm::ML basics"
        assert len(col.models.all_names_and_ids()) == 7  # Anki's six stock note types and quizterm's, once


def test_anki_renders_the_rubric_on_the_back(tmp_path: Path) -> None:
    with collection(tmp_path / "anki") as col:
        import_package(col, export_to(tmp_path / "out.apkg"))
        (note_id,) = col.find_notes('"Id:bias-variance"')
        card = col.get_note(note_id).cards()[0]
        front, back = card.question(), card.answer()
        assert "What is the bias-variance trade-off?<br>Second line" in front and "Short answer" not in front
        titles = ["Short answer", "Full breakdown", "Theory", "Common mistakes", "How to answer in the interview",
                  "Key points", "Follow-ups", "Sources"]
        positions = [back.index(f"<h3>{title}</h3>") for title in titles]
        assert positions == sorted(positions)
        assert "\\(\\text{bias}^2 + \\text{var}\\)" in back and "bias-variance · ml theory" in back
        (plain_id,) = col.find_notes('"Id:plain"')
        plain_back = col.get_note(plain_id).cards()[0].answer()
        assert "Short answer" in plain_back and "Full breakdown" not in plain_back  # empty sections are left out
