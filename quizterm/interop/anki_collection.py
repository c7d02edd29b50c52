"""Reading the notes of an Anki collection (an SQLite file already copied out of its package).

Two schemas exist: Anki 2.1.28+ keeps note types, their fields and decks in tables of their own (schema
15 and later; the note type's kind, normal or cloze, is in a protobuf blob), older collections keep them
as JSON in the `col` row (schema 11). Both give the same `RawNote`s.

The file is untrusted: it is opened read-only (`mode=ro`, `query_only`), with `trusted_schema` off so a
view or trigger cannot call functions, checked with `quick_check` first (a damaged file is one clear
error, not a crash halfway), and every query runs under an instruction budget, so a crafted schema
cannot hang the import. Field text is only ever read as a value: SQL inside a field is text like any
other.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quizterm.errors import QuiztermError

MAX_NOTE_CHARS = 2**20
"""The most text one note may hold (all fields): a note bigger than that is no interview card."""
INSTRUCTION_STEP = 100_000
MAX_STEPS = 20_000
"""SQLite instructions allowed per query, in steps of `INSTRUCTION_STEP` (2·10⁹, tens of seconds):
enough to read a million notes, not enough to hang on a crafted schema."""

STUB_TEXT = "Please update to the latest Anki version"
"""The only note of the stub `collection.anki2` newer Anki writes beside its real collection."""
CLOZE_KIND = 1


class CollectionError(QuiztermError):
    """A collection that cannot be read: says why, in one line."""


@dataclass(frozen=True, slots=True)
class NoteType:
    name: str
    fields: tuple[str, ...]
    cloze: bool = False


@dataclass(frozen=True, slots=True)
class RawNote:
    """A note as Anki stores it: field HTML in note-type order, tags, and the deck of its first card."""

    where: str
    """How notices name it, e.g. `note 1796142287340` (Anki's note id)."""
    guid: str
    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str


class AnkiCollection:
    """An open collection: its note count, then its notes one by one (in the order they were added)."""

    def __init__(self, path: Path, label: str) -> None:
        self.label = label
        try:
            self._db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise CollectionError(f"{label}: cannot open its collection ({exc})") from None
        self._steps = 0
        self._db.set_progress_handler(self._budget, INSTRUCTION_STEP)
        self._db.create_collation("unicase", _unicase)
        try:
            self._db.execute("pragma query_only = on")
            self._db.execute("pragma trusted_schema = off")
            self._check()
            self.note_types = self._note_types()
            self.decks = self._decks()
            count = self._one("select count(*) from notes")
            if not isinstance(count, int):
                raise CollectionError(f"{label}: not an Anki collection (its notes cannot be counted)")
            self.count = count
        except (sqlite3.Error, ValueError, TypeError, AttributeError) as exc:  # a damaged file, or crafted JSON
            self._db.close()
            raise CollectionError(f"{label}: damaged Anki collection ({exc})") from None
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> AnkiCollection:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _budget(self) -> int:
        self._steps += 1
        return 1 if self._steps > MAX_STEPS else 0

    def _query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        self._steps = 0
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            if str(exc) == "interrupted":
                raise CollectionError(f"{self.label}: refused: reading its collection takes too long (a crafted "
                                      "or damaged file?)") from None
            raise

    def _one(self, sql: str) -> object:
        rows = self._query(sql)
        return rows[0][0] if rows else None

    def _check(self) -> None:
        verdict = self._query("pragma quick_check")
        if [row[0] for row in verdict] != ["ok"]:
            raise CollectionError(f"{self.label}: damaged Anki collection (SQLite's quick_check: {verdict[0][0]})")
        tables = {row[0] for row in self._query("select name from sqlite_master where type = 'table'")}
        missing = {"col", "notes", "cards"} - tables
        if missing:
            raise CollectionError(f"{self.label}: not an Anki collection (no {', '.join(sorted(missing))} table)")
        self._modern = {"notetypes", "fields", "decks"} <= tables

    def _note_types(self) -> dict[int, NoteType]:
        if self._modern:
            fields: dict[int, list[tuple[int, str]]] = {}
            for ntid, order, name in self._query("select ntid, ord, name from fields"):
                fields.setdefault(_int(ntid), []).append((_int(order), _str(name)))
            return {_int(ntid): NoteType(_str(name), tuple(name for _, name in sorted(fields.get(_int(ntid), []))),
                                         _protobuf_kind(config) == CLOZE_KIND)
                    for ntid, name, config in self._query("select id, name, config from notetypes")}
        models = self._json("models")
        types = {}
        for key, model in models.items():
            if not isinstance(model, dict):
                continue
            names = tuple(str(field.get("name", "")) for field in sorted(
                (f for f in model.get("flds", []) if isinstance(f, dict)), key=lambda f: int(f.get("ord", 0))))
            types[int(key)] = NoteType(str(model.get("name", "")), names, model.get("type") == CLOZE_KIND)
        return types

    def _decks(self) -> dict[int, str]:
        if self._modern:
            rows = self._query("select id, name from decks")
            return {_int(did): _str(name).replace("\x1f", "::") for did, name in rows}
        decks = self._json("decks").items()
        return {int(key): str(deck.get("name", "")) for key, deck in decks if isinstance(deck, dict)}

    def _json(self, column: str) -> dict[str, object]:
        text = self._one(f"select {column} from col")
        try:
            value = json.loads(text) if isinstance(text, str) else None
        except (ValueError, RecursionError):
            value = None
        if not isinstance(value, dict):
            raise CollectionError(f"{self.label}: damaged Anki collection (its {column} are not a JSON object)")
        return value

    def is_stub(self) -> bool:
        """Whether this is the stub a newer Anki writes beside its real collection (one note saying so)."""
        if self.count != 1:
            return False
        return STUB_TEXT in str(self._query("select flds from notes")[0][0])

    def notes(self) -> Iterator[RawNote]:
        """Every note, with the deck of its first card; raises `CollectionError` for a damaged or huge note."""
        decks: dict[int, str] = {}
        for nid, did in self._query("select nid, did from cards order by nid, ord desc"):
            decks[_int(nid)] = self.decks.get(_int(did), "")
        rows = self._query("select id, guid, mid, tags, flds from notes order by id")
        for nid, guid, mid, tags, flds in rows:
            where = f"note {nid}"
            if not (isinstance(nid, int) and isinstance(flds, str) and isinstance(guid, str) and isinstance(mid, int)):
                raise CollectionError(f"{self.label}: {where}: damaged (its fields are not text)")
            if len(flds) > MAX_NOTE_CHARS:
                raise CollectionError(f"{self.label}: {where}: refused: {len(flds):,} characters in one note (at most "
                                      f"{MAX_NOTE_CHARS:,}); not an interview card")
            note_type = self.note_types.get(mid, NoteType("", ()))
            yield RawNote(where, guid, note_type, tuple(flds.split("\x1f")), tuple(str(tags or "").split()),
                          decks.get(nid, ""))


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise sqlite3.DatabaseError(f"expected a number, found {type(value).__name__}")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise sqlite3.DatabaseError(f"expected text, found {type(value).__name__}")
    return value


def _unicase(left: str, right: str) -> int:
    """Anki's `unicase` collation (its tables name it); only its existence matters to reading."""
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def _protobuf_kind(blob: object) -> int:
    """Field 1 (`kind`) of Anki's NotetypeConfig protobuf: 0 normal, 1 cloze; 0 when absent or unreadable."""
    if not isinstance(blob, bytes):
        return 0
    position = 0
    while position < len(blob):
        key, position = _varint(blob, position)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _varint(blob, position)
            if field == 1:
                return value
        elif wire == 2:
            length, position = _varint(blob, position)
            position += length
        elif wire == 1:
            position += 8
        elif wire == 5:
            position += 4
        else:
            return 0
    return 0


def _varint(blob: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while position < len(blob) and shift < 64:
        byte = blob[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    return value, len(blob)
