"""quizterm's Anki note type, and the ids that make a second export update the first instead of adding to it.

Anki recognises a note it already has by its GUID, a note type by its id and a deck by its name. So the
GUID is derived from the card's id (the key quizterm keeps progress under), the note type's id is a
constant, and each deck's id is derived from its name: exporting again after editing a deck and
importing the package into Anki updates the notes in place, with their review history.

One field per section of a card, in the order of a deck file; the importer recognises the note type by
these field names (Anki may give an imported note type another id, never other field names).
"""

from __future__ import annotations

import hashlib

FIELDS = ("Id", "Question", "Short answer", "Breakdown", "Theory", "Common mistakes", "Interview tips",
          "Key points", "Follow-ups", "Sources", "Card tags")
"""The note type's fields. The last is not called "Tags": in a template `{{Tags}}` names the note's Anki
tags, and a field of that name would make it ambiguous."""

NOTE_TYPE_NAME = "quizterm card"
NOTE_TYPE_ID = 1895220564
"""Fixed for good: `(1 << 30) + sha256("quizterm card note type") mod 2^30`, in genanki's suggested range."""

PARENT_DECK = "quizterm"
GUID_SALT = "quizterm-card"

# Section titles as quizterm's rubric shows them (quizterm/tui/screens/rubric.py), in its order.
_SECTIONS = (
    ("Breakdown", "Full breakdown"),
    ("Theory", "Theory"),
    ("Common mistakes", "Common mistakes"),
    ("Interview tips", "How to answer in the interview"),
    ("Key points", "Key points"),
    ("Follow-ups", "Follow-ups"),
    ("Sources", "Sources"),
)

FRONT = '<div class="qt-question">{{Question}}</div>'

BACK = "\n".join([
    "{{FrontSide}}",
    '<hr id="answer">',
    '<section class="qt-section qt-short"><h3>Short answer</h3><div>{{Short answer}}</div></section>',
    *(f'{{{{#{field}}}}}<section class="qt-section"><h3>{title}</h3><div>{{{{{field}}}}}</div></section>'
      f"{{{{/{field}}}}}" for field, title in _SECTIONS),
    '<div class="qt-meta">{{Id}}{{#Card tags}} · {{Card tags}}{{/Card tags}}</div>',
])

BASE_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.45; text-align: left;
        color: #1d1d1f; background-color: #ffffff; max-width: 46em; margin: 0 auto; }
.nightMode.card, .nightMode .card { color: #e8e8e8; background-color: #1e1e1e; }
.qt-question { font-size: 1.25em; font-weight: 600; }
.qt-section { margin: 0.9em 0; }
.qt-section h3 { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.06em; opacity: 0.7;
                 margin: 0 0 0.3em 0; border-bottom: 1px solid rgba(128, 128, 128, 0.35); }
.qt-short > div { border-left: 3px solid #3d7ebf; padding-left: 0.6em; }
.qt-aliases { font-size: 0.85em; opacity: 0.75; margin: 0.1em 0 0.2em 0; }
.qt-aliases li { list-style: circle; }
.qt-follow-ups dt { font-weight: 600; }
.qt-follow-ups dd { margin: 0 0 0.5em 1.2em; }
.qt-meta { margin-top: 1.2em; font-size: 0.75em; opacity: 0.6; font-family: monospace; }
pre.qt-code { padding: 0.6em; border-radius: 4px; overflow-x: auto; font-size: 0.85em; }
.nightMode pre.qt-code { background: #272822; color: #f8f8f2; }
table { border-collapse: collapse; }
th, td { border: 1px solid rgba(128, 128, 128, 0.5); padding: 0.2em 0.5em; }
"""


def _stable_id(kind: str, name: str) -> int:
    """An id in genanki's suggested range [2^30, 2^31), the same for the same name on every export."""
    digest = hashlib.sha256(f"quizterm {kind} {name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def deck_id(anki_name: str) -> int:
    """The id of the Anki deck with this full name (e.g. `quizterm::Statistics`)."""
    return _stable_id("deck", anki_name)


def anki_deck_name(title: str) -> str:
    """A quizterm deck's Anki deck: its title under the `quizterm::` parent. `::` inside the title
    would make Anki nest decks, so it becomes a single `:`."""
    clean = " ".join(title.replace("::", ":").split())
    return f"{PARENT_DECK}::{clean}"


def note_guid(card_id: str) -> str:
    """The GUID of a card's note: a hash of the card id in Anki's base-91 form (what genanki makes)."""
    import genanki

    guid: str = genanki.guid_for(GUID_SALT, card_id)
    return guid
