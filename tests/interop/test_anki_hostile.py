"""Hostile and broken Anki packages: each is one clear error, and nothing is extracted or left behind."""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizterm.errors import QuiztermError
from quizterm.interop import anki_collection, anki_package
from quizterm.interop.anki_import import import_anki_package
from quizterm.interop.imported import NO_PROGRESS
from tests.interop.anki_helpers import export_to


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary files go to a folder of the test's own, so the test can see that none is left."""
    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    yield scratch
    assert list(scratch.iterdir()) == [], "a temporary file was left behind"


def error_of(path: Path) -> str:
    with pytest.raises(QuiztermError) as caught:
        import_anki_package(path, NO_PROGRESS)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def zip_with(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def collection_bytes(tmp_path: Path, setup: str, rows: list[tuple[object, ...]] | None = None) -> bytes:
    """A minimal legacy collection made by hand: `setup` SQL, then notes."""
    database = tmp_path / "made.anki2"
    database.unlink(missing_ok=True)
    connection = sqlite3.connect(database)
    connection.executescript(setup)
    if rows:
        connection.executemany("insert into notes values (?, ?, ?, ?, ?)", rows)
    connection.commit()
    connection.close()
    return database.read_bytes()


LEGACY = """
create table col (ver integer, models text, decks text);
insert into col values (11, '{"1": {"name": "Basic", "type": 0, "flds": [{"name": "Front", "ord": 0},
                                    {"name": "Back", "ord": 1}]}}', '{"1": {"name": "Default"}}');
create table notes (id integer primary key, guid text, mid integer, tags text, flds text);
create table cards (id integer primary key, nid integer, did integer, ord integer);
"""


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.apkg"
    path.write_bytes(b"SQLite format 3\x00 and more")
    assert "not an Anki package (not a readable zip file" in error_of(path)


def test_no_collection_inside(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "x.apkg", {"media": b"{}"})
    assert "no Anki collection inside" in error_of(path)


@pytest.mark.parametrize("name", ["../evil", "media/../../evil", "/etc/evil", "C:\\evil", "..\\evil"])
def test_names_leading_out_of_the_package_are_refused(tmp_path: Path, name: str) -> None:
    good = export_to(tmp_path / "good.apkg")
    path = tmp_path / "x.apkg"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr(name, b"payload")
    assert "a path leading out of the package" in error_of(path)
    assert not (tmp_path.parent / "evil").exists()


def test_a_zip_bomb_is_refused_before_extraction(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": b"\0" * (6 * 2**20)})
    assert "looks like a zip bomb" in error_of(path)


def test_a_zstd_bomb_is_stopped_while_expanding(tmp_path: Path) -> None:
    import zstandard

    bomb = zstandard.ZstdCompressor(level=19).compress(b"\0" * (6 * 2**20))
    path = zip_with(tmp_path / "x.apkg", {"collection.anki21b": bomb}, compression=zipfile.ZIP_STORED)
    assert "looks like a zip bomb" in error_of(path)


def test_a_collection_over_the_size_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki_package, "MAX_COLLECTION_BYTES", 10_000)
    assert "uncompressed (at most 0 MiB)" in error_of(export_to(tmp_path / "x.apkg"))


def test_a_zip_that_lies_about_sizes_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki_package, "MAX_COLLECTION_BYTES", 10_000)
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": b"x" * 5_000})
    data = bytearray(path.read_bytes())
    directory = data.rindex(b"PK\x01\x02")  # the central directory entry: claim 100 bytes uncompressed
    data[directory + 24:directory + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "damaged package (collection.anki2: Bad CRC-32" in error_of(path)


def test_corrupt_databases(tmp_path: Path) -> None:
    garbage = zip_with(tmp_path / "garbage.apkg", {"collection.anki2": b"not sqlite at all" * 100})
    assert "damaged Anki collection (file is not a database)" in error_of(garbage)
    whole = export_to(tmp_path / "whole.apkg")
    with zipfile.ZipFile(whole) as archive:
        database = archive.read("collection.anki2")
    cut = zip_with(tmp_path / "cut.apkg", {"collection.anki2": database[:len(database) // 2]})
    assert "damaged Anki collection" in error_of(cut)
    other = zip_with(tmp_path / "other.apkg", {"collection.anki2": collection_bytes(tmp_path, "create table t (x);")})
    assert "not an Anki collection (no cards, col, notes table)" in error_of(other)


def test_crafted_json_is_a_damaged_collection(tmp_path: Path) -> None:
    setup = LEGACY.replace('{"1": {"name": "Default"}}', '{"x": {"name": "Default"}}')
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, setup)})
    assert "damaged Anki collection" in error_of(path)


def test_a_huge_field_is_refused(tmp_path: Path) -> None:
    rows = [(1, "g", 1, "", "Q\x1f" + "a" * (anki_collection.MAX_NOTE_CHARS + 1))]
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, LEGACY, rows)})
    assert "note 1: refused: 1,048,579 characters in one note" in error_of(path)


def test_a_control_character_in_a_field_is_a_located_error(tmp_path: Path) -> None:
    rows = [(7, "g", 1, "", "Q\x1b[31m\x1fA")]
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, LEGACY, rows)})
    assert "note 7: control character U+001B" in error_of(path)


def test_sql_in_fields_is_only_text(tmp_path: Path) -> None:
    injection = "'); DROP TABLE notes; --"
    rows = [(1, "g'; --", 1, "x'or'1'='1", f"{injection}\x1fRobert\"); DELETE FROM cards; --")]
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, LEGACY, rows)})
    (card,) = import_anki_package(path, NO_PROGRESS).cards
    assert card.question == injection and card.short_answer == 'Robert"); DELETE FROM cards; --'
    assert card.tags == ("x'or'1'='1",)


def test_fields_of_the_wrong_type_are_a_damaged_collection(tmp_path: Path) -> None:
    rows = [(1, "g", 1, "", b"\x00\x01 a blob")]
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, LEGACY, rows)})
    assert "note 1: damaged (its fields are not text)" in error_of(path)


def test_a_query_over_its_budget_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki_collection, "INSTRUCTION_STEP", 100)
    monkeypatch.setattr(anki_collection, "MAX_STEPS", 1)
    rows = [(index, f"g{index}", 1, "", f"Q{index}\x1fA") for index in range(2000)]
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, LEGACY, rows)})
    assert "reading its collection takes too long" in error_of(path)


def test_the_stub_alone_is_refused(tmp_path: Path) -> None:
    rows = [(1, "g", 1, "", "Please update to the latest Anki version, then import the .colpkg/.apkg file again.\x1f")]
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, LEGACY, rows)})
    assert "holds only the placeholder a newer Anki writes" in error_of(path)


def test_bad_zstd_data_is_a_damaged_package(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "x.apkg", {"collection.anki21b": b"\x28\xb5\x2f\xfd garbage"})
    assert "damaged package" in error_of(path)


def test_a_card_text_too_long_for_a_card_is_refused(tmp_path: Path) -> None:
    rows = [(3, "g", 1, "", "Q\x1f" + "word " * 30_000)]
    path = zip_with(tmp_path / "x.apkg", {"collection.anki2": collection_bytes(tmp_path, LEGACY, rows)})
    assert "note 3: short answer is 149,999 characters long (at most 100,000)" in error_of(path)
