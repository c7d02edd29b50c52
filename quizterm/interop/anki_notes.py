"""Anki notes as quizterm cards.

- A note of quizterm's own note type (recognised by its field names) comes back section by section,
  with the id it was exported with, so progress recorded under that id stays attached.
- A cloze note becomes a question with every deletion blanked (`[...]`, or its hint) and the full text
  as the short answer; its other fields (Back Extra) are the breakdown.
- Any other note: first field → question, second → short answer, the rest → breakdown (each under its
  field's name when there are several). Its id is a slug of the question and a hash of the note's GUID,
  so importing the same notes again gives the same ids even after their text was edited in Anki.

Media cannot be carried into a deck: each note referring to some gets a notice naming the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from quizterm.deck.cards import FollowUp, KeyPoint
from quizterm.errors import QuiztermError
from quizterm.interop.anki_collection import RawNote
from quizterm.interop.anki_fields import (
    blank_cloze,
    field_markdown,
    field_text,
    fill_cloze,
    has_cloze,
    media_references,
)
from quizterm.interop.anki_notetype import FIELDS, PARENT_DECK
from quizterm.interop.ids import card_id, is_card_id, slug
from quizterm.interop.imported import Imported, ImportedCard, Progress
from quizterm.interop.source_text import check_field
from quizterm.interop.text import RefusedText, clean_text

ANKI_STATE_TAGS = frozenset({"leech", "marked"})
"""Tags Anki sets to mark a note's study state, not its content."""


def cards_from_notes(notes: Iterable[RawNote], source: Path, total: int | None, progress: Progress) -> Imported:
    """Every note as a card (or a notice saying why it was left out); the title and a tag per deck.

    Raises `QuiztermError` for a note with a control character or a text too long to be a card's."""
    result = Imported()
    made: list[tuple[ImportedCard, str]] = []
    progress.start("Reading Anki notes", total)
    for note in notes:
        try:
            card = _card(note, result)
        except RefusedText as exc:
            raise QuiztermError(f"{source}: {note.where}: {exc}") from None
        if card is not None:
            _check_lengths(card, source)
            made.append((card, note.deck))
        progress.advance()
    decks = list(dict.fromkeys(deck for _, deck in made if deck))
    several = len(decks) > 1
    result.cards = [_with_tags(card, (_deck_leaf(deck),)) if several and deck else card for card, deck in made]
    result.title = _title(decks)
    return result


def _check_lengths(card: ImportedCard, source: Path) -> None:
    texts = [("question", card.question), ("short answer", card.short_answer), ("breakdown", card.breakdown),
             ("theory", card.theory)]
    for name, items in (("common mistake", card.common_mistakes), ("interview tip", card.interview_tips),
                        ("source", card.sources)):
        texts += [(name, item) for item in items]
    for name, text in texts:
        check_field(text, source, card.where, name)


def _card(note: RawNote, result: Imported) -> ImportedCard | None:
    media = [name for field in note.fields for name in media_references(field)]
    if media:
        shown = ", ".join(media[:5]) + (f" and {len(media) - 5} more" if len(media) > 5 else "")
        result.notice(note.where, f"media not imported ({shown}): the card shows each file's name in brackets")
    if note.note_type.fields == FIELDS and len(note.fields) == len(FIELDS):
        return _own_card(note, result)
    if "occlusion" in note.note_type.name.lower():
        result.notice(note.where, "an image occlusion note has nothing to drill in a terminal; skipped")
        return None
    if note.note_type.cloze or (note.fields and has_cloze(note.fields[0])):
        return _cloze_card(note, result)
    return _basic_card(note, result)


def _own_card(note: RawNote, result: Imported) -> ImportedCard | None:
    fields = dict(zip(FIELDS, note.fields, strict=True))
    question, short_answer = clean_text(field_text(fields["Question"])), clean_text(field_text(fields["Short answer"]))
    if not question or not short_answer:
        result.notice(note.where, f"no {'question' if not question else 'short answer'}; skipped")
        return None
    exported_id = clean_text(field_text(fields["Id"]))
    identifier = exported_id if is_card_id(exported_id) else _guid_id(question, note.guid)
    if identifier != exported_id:
        result.notice(note.where, f"its Id field {exported_id!r} is not a card id; the card's id is {identifier}")
    tags = [*clean_text(field_text(fields["Card tags"])).split(), *_note_tags(note)]
    return ImportedCard(
        id=identifier, question=question, short_answer=short_answer,
        breakdown=clean_text(field_markdown(fields["Breakdown"])), theory=clean_text(field_markdown(fields["Theory"])),
        common_mistakes=_items(fields["Common mistakes"]), interview_tips=_items(fields["Interview tips"]),
        key_points=_key_points(fields["Key points"]), follow_ups=_follow_ups(fields["Follow-ups"], note, result),
        sources=_items(fields["Sources"]), tags=tuple(dict.fromkeys(tags)), where=note.where)


def _cloze_card(note: RawNote, result: Imported) -> ImportedCard | None:
    text = note.fields[0] if note.fields else ""
    question, answer = clean_text(field_text(blank_cloze(text))), clean_text(field_text(fill_cloze(text)))
    if not question or not has_cloze(text):
        result.notice(note.where, "a cloze note without deletions; skipped")
        return None
    return ImportedCard(id=_guid_id(question, note.guid), question=question, short_answer=answer,
                        breakdown=_rest(note, 1), tags=_note_tags(note), where=note.where)


def _basic_card(note: RawNote, result: Imported) -> ImportedCard | None:
    if len(note.fields) < 2:
        result.notice(note.where, f"note type {note.note_type.name!r} has one field; a card needs a question and an "
                      "answer; skipped")
        return None
    question, answer = clean_text(field_text(note.fields[0])), clean_text(field_text(note.fields[1]))
    if not question or not answer:
        result.notice(note.where, f"its {'first' if not question else 'second'} field is empty (a card needs a "
                      "question and an answer); skipped")
        return None
    return ImportedCard(id=_guid_id(question, note.guid), question=question,
                        short_answer=answer, breakdown=_rest(note, 2), tags=_note_tags(note), where=note.where)


def _rest(note: RawNote, start: int) -> str:
    """The fields from `start` on as one breakdown; each under its field's name when several have text."""
    names = note.note_type.fields
    parts = [(names[index] if index < len(names) else f"Field {index + 1}", clean_text(field_markdown(value)))
             for index, value in enumerate(note.fields) if index >= start]
    parts = [(name, text) for name, text in parts if text]
    if len(parts) == 1:
        return parts[0][1]
    return "\n\n".join(f"**{name}**\n\n{text}" for name, text in parts)


def _guid_id(question: str, guid: str) -> str:
    """`<slug of the question>-<hash of the GUID>`: readable, and stable while the note is the same note.
    Without a GUID (a text export without its column), the id is made from the question alone."""
    if not guid:
        return card_id(question)
    digest = hashlib.sha256(guid.encode("utf-8")).hexdigest()[:8]
    words = slug(question)
    return f"{words}-{digest}" if words else f"anki-{digest}"


def _note_tags(note: RawNote) -> tuple[str, ...]:
    return tuple(tag for tag in note.tags if tag.lower() not in ANKI_STATE_TAGS)


def _with_tags(card: ImportedCard, extra: tuple[str, ...]) -> ImportedCard:
    from dataclasses import replace

    return replace(card, tags=tuple(dict.fromkeys((*card.tags, *extra))))


def _deck_leaf(deck: str) -> str:
    return deck.rsplit("::", 1)[-1]


def _title(decks: list[str]) -> str:
    """One deck: its own name (`quizterm::Statistics` → Statistics); several: the parent they share."""
    if len(decks) == 1:
        return _deck_leaf(decks[0])
    if not decks:
        return ""
    paths = [deck.split("::") for deck in decks]
    shared: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    return "::".join(shared) if shared and shared != [PARENT_DECK] else ""


# quizterm's own list fields -------------------------------------------------------------------------------

def _soup(field: str) -> object:
    from bs4 import BeautifulSoup

    return BeautifulSoup(field, "html.parser")


def _items(field: str) -> tuple[str, ...]:
    """A bullet-list field as its items; a field edited into plain lines gives one item per line."""
    if not field.strip():
        return ()
    from bs4 import Tag

    soup = _soup(field)
    assert isinstance(soup, Tag)
    items = [clean_text(field_text(item.decode_contents())) for item in soup.find_all("li")]
    if not items:
        items = clean_text(field_text(field)).splitlines()
    return tuple(item for item in items if item)


def _key_points(field: str) -> tuple[KeyPoint, ...]:
    if not field.strip():
        return ()
    from bs4 import Tag

    soup = _soup(field)
    assert isinstance(soup, Tag)
    points = []
    top = soup.find("ul")
    for item in top.find_all("li", recursive=False) if isinstance(top, Tag) else []:
        aliases_list = item.find("ul")
        aliases = tuple(clean_text(field_text(alias.decode_contents()))
                        for alias in aliases_list.find_all("li")) if isinstance(aliases_list, Tag) else ()
        if isinstance(aliases_list, Tag):
            aliases_list.extract()
        text = clean_text(field_text(item.decode_contents()))
        if text:
            points.append(KeyPoint(text, tuple(alias for alias in aliases if alias)))
    if not points:
        points = [KeyPoint(line) for line in clean_text(field_text(field)).splitlines() if line]
    return tuple(points)


def _follow_ups(field: str, note: RawNote, result: Imported) -> tuple[FollowUp, ...]:
    if not field.strip():
        return ()
    from bs4 import Tag

    soup = _soup(field)
    assert isinstance(soup, Tag)
    questions = soup.find_all("dt")
    answers = soup.find_all("dd")
    probes = [FollowUp(clean_text(field_text(q.decode_contents())), clean_text(field_text(a.decode_contents())))
              for q, a in zip(questions, answers, strict=False)]
    probes = [probe for probe in probes if probe.question and probe.answer]
    if len(probes) != max(len(questions), len(answers)):
        result.notice(note.where, "some follow-ups lost their question or answer in Anki; only complete ones are kept")
    return tuple(probes)
