"""Data directories sharing a plain folder: every device ends with the same log and the same states."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quizterm.errors import QuiztermError
from quizterm.scheduler.sm2 import CardState, schedule
from quizterm.store.progress import ProgressStore
from quizterm.sync.journal import ROOT

from .helpers import REAL, at, cards, data_dirs, day, device, event_caches, grade, journal_bytes, sync


def sync_all(folder: Path, *dirs: Path, rounds: int = 2) -> None:
    for _ in range(rounds):
        for data_dir in dirs:
            report = sync(data_dir, folder)
            assert report.problems == []


def test_two_data_dirs_exchange_their_grades(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 5)
    grade(b, "y", 3, minutes=1)
    first = sync(a, folder)
    assert (first.imported, first.exported) == (0, 1)
    second = sync(b, folder)
    assert (second.imported, second.from_devices, second.exported) == (1, 1, 1)
    assert sync(a, folder).imported == 1
    assert cards(a) == cards(b) and len(cards(a)) == 2
    assert event_caches(a) == event_caches(b)
    assert sorted(journal_bytes(folder)) == sorted(f"{ROOT}/{device(d)}/2026-11.jsonl" for d in (a, b))


def test_three_data_dirs_grading_the_same_card_on_the_same_day_agree(tmp_path: Path) -> None:
    """Each gave the card its "first grade of the day" locally; after syncing, the earliest one schedules
    everywhere and the others are drills."""
    a, b, c = data_dirs(tmp_path, "a", "b", "c")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(b, "x", 2, minutes=20)
    grade(a, "x", 5, minutes=30)
    grade(c, "x", 4, minutes=10)
    grade(c, "x", 1, days=3)
    sync_all(folder, a, b, c)
    expected = schedule(schedule(CardState(), 4, day(0)), 1, day(3))
    for data_dir in (a, b, c):
        with ProgressStore.open(data_dir, real_now=REAL) as store:
            assert store.state("x") == expected
            assert [(r.grade, r.scheduling) for r in store.history("x")] == [(4, True), (2, False), (5, False),
                                                                            (1, True)]
    assert cards(a) == cards(b) == cards(c)
    assert event_caches(a) == event_caches(b) == event_caches(c)


def test_an_undo_on_one_side_cancels_the_grade_everywhere(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    with ProgressStore.open(a, real_now=REAL) as store:
        store.record_grade(card_id="x", deck="d", grade=1, moment=at(0), day=day(0))
        sync(a, folder)
        sync(b, folder)
        assert store.undo_last() is not None  # after the grade travelled
        store.record_grade(card_id="x", deck="d", grade=5, moment=at(0, 1), day=day(0))
    grade(b, "x", 3, minutes=2)
    sync_all(folder, a, b)
    for data_dir in (a, b):
        with ProgressStore.open(data_dir, real_now=REAL) as store:
            assert [(r.grade, r.scheduling) for r in store.history("x")] == [(5, True), (3, False)]
            assert store.state("x") == schedule(CardState(), 5, day(0))
    assert cards(a) == cards(b)
    assert event_caches(a) == event_caches(b)


def test_syncing_again_changes_nothing(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    for minute, g in enumerate((5, 4, 2)):
        grade(a, f"card-{minute}", g, minutes=minute)
        grade(b, f"card-{minute}", g, days=1, minutes=minute)
    sync_all(folder, a, b)
    files, states = journal_bytes(folder), (cards(a), event_caches(a), cards(b), event_caches(b))
    again = [sync(d, folder) for d in (a, b, a)]
    assert [(r.imported, r.exported, r.duplicates, r.problems) for r in again] == [(0, 0, 0, [])] * 3
    assert journal_bytes(folder) == files
    assert (cards(a), event_caches(a), cards(b), event_caches(b)) == states
    assert again[0].summary().endswith(": nothing new")


def test_every_kind_of_event_travels(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    with ProgressStore.open(a, real_now=REAL) as store:
        store.record_grade(card_id="x", deck="d", grade=4, moment=at(0), day=day(0), answer="typed ✓\nline two",
                           seconds=12.5, points=["p", "q"], mentioned=["p"], mistakes=["m"], suggested=0,
                           accepted=True, time_limit=90, time_up=True)
        store.record_practice(card_id="x", deck="d", grade=2, moment=at(0, 1), day=day(0), answer="again")
        store.record_follow_up(card_id="x", deck="d", question="And then?", answer="this", answered=True,
                               moment=at(0, 2), day=day(0))
        store.suspend(card_id="y", deck="d", moment=at(0, 3), day=day(0))
        store.unsuspend(card_id="y", deck="d", moment=at(0, 4), day=day(0))
        store.bury(card_id="y", deck="d", until=day(2), moment=at(0, 5), day=day(0))
        store.reset(card_id="z", deck="d", moment=at(0, 6), day=day(0))
        store.record_grade(card_id="z", deck="d", grade=0, moment=at(0, 7), day=day(0))
        store.undo_last()
    sync_all(folder, a, b)
    assert event_caches(a) == event_caches(b) and len(event_caches(b)) == 9
    assert cards(a) == cards(b)
    with ProgressStore.open(b, real_now=REAL) as store:
        assert store.history("x")[0].answer == "typed ✓\nline two"
        assert store.history("x")[0].details.suggested == 0


def test_a_malformed_line_is_reported_with_its_place_and_the_others_arrive(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    for minute in range(3):
        grade(a, f"c{minute}", 4, minutes=minute)
    sync(a, folder)
    path = folder / ROOT / device(a) / "2026-11.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + b'{"kind": "grade", "oops\n' + lines[1] + lines[2])
    report = sync(b, folder)
    assert report.problems == [f"{path}:2: Invalid JSON: EOF while parsing a string (column 23); skipped"]
    assert report.imported == 3
    assert sync(b, folder).problems == []  # reported once: the place is read


@pytest.mark.parametrize(("change", "message"), [
    ({"grade": 9}, "grade: Input should be less than or equal to 5"),
    ({"moment": "2026-11-26 09:00"}, "moment: '2026-11-26 09:00' is not a time in UTC (YYYY-MM-DDTHH:MM:SS.ffffffZ)"),
    ({"moment": "2026-02-30T09:00:00.000000Z"}, "moment: '2026-02-30T09:00:00.000000Z' is not a time in UTC"),
    ({"day": "2026-12-01"}, "day: study day 2026-12-01 does not fit moment 2026-11-26T09:00:00.000000Z"),
    ({"card_id": "evil\u001b[2Jcard"}, "card_id: holds control characters"),
    ({"seq": -1}, "seq: Input should be greater than or equal to 1"),
    ({"seconds": "12"}, "seconds: Input should be a valid number"),
    ({"colour": "red"}, "colour: Extra inputs are not permitted"),
    ({"kind": None}, "kind: Input should be a valid string"),
])
def test_impossible_values_are_reported_and_skipped(tmp_path: Path, change: dict[str, object], message: str) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 4)
    grade(a, "y", 4, minutes=1)
    sync(a, folder)
    path = folder / ROOT / device(a) / "2026-11.jsonl"
    first, second = path.read_text(encoding="utf-8").splitlines()
    line = {**json.loads(first), **change}
    path.write_text(json.dumps(line) + "\n" + second + "\n", encoding="utf-8")
    report = sync(b, folder)
    assert len(report.problems) == 1 and report.problems[0].startswith(f"{path}:1: {message}")
    assert report.problems[0].endswith("; skipped")
    assert report.imported == 1


def test_a_moment_in_the_future_is_normal(tmp_path: Path) -> None:
    """`--now` grades are real grades: a grade dated next year travels like any other."""
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 4, days=400)
    sync_all(folder, a, b)
    assert cards(a) == cards(b) and len(cards(b)) == 1
    assert (folder / ROOT / device(a) / "2027-12.jsonl").is_file()


def test_a_partial_last_line_waits_for_the_next_sync(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 4)
    grade(a, "y", 5, minutes=1)
    sync(a, folder)
    path = folder / ROOT / device(a) / "2026-11.jsonl"
    whole = path.read_bytes()
    cut = whole.index(b"\n") + 30
    path.write_bytes(whole[:cut])  # the other machine's sync engine is still writing the second line
    report = sync(b, folder)
    assert (report.imported, report.problems) == (1, [])
    path.write_bytes(whole)
    report = sync(b, folder)
    assert (report.imported, report.problems) == (1, [])
    assert cards(a) == cards(b)


def test_a_file_that_shrank_or_was_rewritten_is_reported_and_nothing_local_is_lost(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    for minute in range(3):
        grade(a, f"c{minute}", 4, minutes=minute)
    sync(a, folder)
    sync(b, folder)
    path = folder / ROOT / device(a) / "2026-11.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0])
    report = sync(b, folder)
    assert report.problems == [f"{path}: shrank from {sum(map(len, lines)):,} to {len(lines[0]):,} bytes since the "
                               "last sync (rewritten by a sync engine?); read again from its start, nothing local "
                               "was deleted"]
    assert len(cards(b)) == 3
    path.write_bytes(lines[1] + lines[0] + lines[2])  # same size, other bytes
    report = sync(b, folder)
    assert len(report.problems) == 1 and "changed since the last sync (rewritten?)" in report.problems[0]
    assert (report.imported, report.duplicates, len(cards(b))) == (0, 3, 3)


def test_lines_of_another_device_in_a_folder_and_odd_files_are_left_out(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    grade(a, "x", 4)
    sync(a, folder)
    source = folder / ROOT / device(a) / "2026-11.jsonl"
    impostor = folder / ROOT / "0123456789abcdef" / "2026-11.jsonl"
    impostor.parent.mkdir()
    impostor.write_bytes(source.read_bytes())
    conflict = source.with_name("2026-11.sync-conflict-20261126-101010-ABCDEFG.jsonl")
    conflict.write_bytes(b"not even json\n")
    (folder / ROOT / device(a) / "notes.txt").write_text("hello")
    (folder / ROOT / "link").symlink_to(source.parent)
    report = sync(b, folder)
    assert report.problems == [f"{impostor}:1: an event of device {device(a)} in the folder of device "
                               "0123456789abcdef; skipped"]
    assert report.notes == [f"{conflict}: not a journal file name (a sync engine's conflict copy?); ignored",
                            f"{folder / ROOT / 'link'}: not a folder (a link?); ignored"]
    assert report.imported == 1


def test_a_journal_file_that_is_a_link_is_never_read_or_written(tmp_path: Path) -> None:
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n")
    own = folder / ROOT / device(a)
    own.mkdir(parents=True)
    (own / "2026-11.jsonl").symlink_to(secret)
    grade(a, "x", 4)
    with pytest.raises(QuiztermError, match="cannot write it"):
        sync(a, folder)
    assert secret.read_text() == "password\n"
    report = sync(b, folder)
    assert report.notes == [f"{own / '2026-11.jsonl'}: not a regular file (a link?); ignored"]
    assert report.problems == [] and report.imported == 0


def test_the_folder_cannot_hold_the_data_directory_or_be_one(tmp_path: Path) -> None:
    (a,) = data_dirs(tmp_path, "a")
    with pytest.raises(QuiztermError, match=r"the data directory .* is inside it"):
        sync(a, tmp_path)
    with pytest.raises(QuiztermError, match="holds a progress database"):
        sync(a, a)
    with pytest.raises(QuiztermError, match="the sync folder does not exist"):
        sync(a, tmp_path / "nowhere")


def test_a_file_read_in_many_chunks_arrives_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chunk is imported and remembered before the next is read (here: a few lines a chunk)."""
    from quizterm.sync import reader

    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    with ProgressStore.open(a, real_now=REAL) as store:
        for i in range(60):
            store.record_grade(card_id=f"c{i % 9}", deck="d", grade=i % 6, moment=at(i // 9, i), day=day(i // 9))
    sync(a, folder)
    monkeypatch.setattr(reader, "BIG_CHUNK", 700)
    report = sync(b, folder)
    assert (report.imported, report.problems) == (60, [])
    assert cards(a) == cards(b) and event_caches(a) == event_caches(b)


def test_the_lines_of_several_files_share_a_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A device writes a file a month; a long history arrives in batches of many files (one import each),
    and every file is remembered as read: the next sync reads nothing."""
    a, b = data_dirs(tmp_path, "a", "b")
    folder = tmp_path / "folder"
    folder.mkdir()
    with ProgressStore.open(a, real_now=REAL) as store:
        for i in range(40):
            store.record_grade(card_id=f"c{i % 7}", deck="d", grade=i % 6, moment=at(3 * i, i), day=day(3 * i))
    sync(a, folder)
    assert len(journal_bytes(folder)) >= 4  # four months and more
    imports: list[int] = []
    real_import = ProgressStore.import_rows

    def counted(self: ProgressStore, rows: Any, carry: Any = None) -> Any:
        imports.append(len(rows))
        return real_import(self, rows, carry)

    monkeypatch.setattr(ProgressStore, "import_rows", counted)
    report = sync(b, folder)
    assert (report.imported, report.problems, imports) == (40, [], [40])
    assert cards(a) == cards(b) and event_caches(a) == event_caches(b)
    assert sync(b, folder).imported == 0 and imports == [40]
