"""Reading and appending journal files: complete lines only, wherever the reads cut them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.errors import QuiztermError
from quizterm.sync import journal
from quizterm.sync.journal import Line, append_lines, open_journal_file, read_lines


def read_all(path: Path, offset: int = 0, line: int = 0) -> tuple[list[Line], int, int]:
    fd = open_journal_file(path)
    try:
        lines: list[Line] = []
        end, last = offset, line
        for batch, batch_end, batch_last in read_lines(fd, offset, line):
            lines += batch
            end, last = batch_end, batch_last
            os.lseek(fd, 0, os.SEEK_SET)  # the reader fingerprints the file between batches
        return lines, end, last
    finally:
        os.close(fd)


LINES = st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=12)


@settings(max_examples=150, deadline=None)
@given(lines=LINES, tail=st.binary(max_size=20).map(lambda b: b.replace(b"\n", b"")), chunk=st.integers(1, 40),
       split=st.integers(0, 400))
def test_complete_lines_whatever_the_chunks(tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], tail: bytes,
                                            chunk: int, split: int) -> None:
    """Every complete line once, numbered; the unfinished tail never; reading on from any returned offset
    gives the rest."""
    path = tmp_path_factory.mktemp("j") / "2026-11.jsonl"
    data = b"".join(line + b"\n" for line in lines) + tail
    path.write_bytes(data)
    saved = journal.READ_CHUNK
    journal.READ_CHUNK = chunk
    try:
        found, end, last = read_all(path)
        assert [(x.number, x.text) for x in found] == list(enumerate(lines, start=1))
        assert (end, last) == (len(data) - len(tail), len(lines))
        stop = min(split % (len(lines) + 1), len(lines))
        offset = sum(len(line) + 1 for line in lines[:stop])
        rest, _, _ = read_all(path, offset, stop)
        assert [x.text for x in rest] == lines[stop:]
    finally:
        journal.READ_CHUNK = saved


def test_an_overlong_line_is_skipped_and_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "MAX_LINE", 10)
    monkeypatch.setattr(journal, "READ_CHUNK", 4)
    path = tmp_path / "2026-11.jsonl"
    path.write_bytes(b"short\n" + b"x" * 50 + b"\nnext\n" + b"y" * 30)
    found, end, last = read_all(path)
    assert [(x.number, x.text) for x in found] == [(1, b"short"), (2, None), (3, b"next")]
    assert (end, last) == (62, 3)


def test_an_own_write_cut_short_is_cut_off_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "quizterm" / "dev" / "2026-11.jsonl"
    assert append_lines(path, b'{"a":1}\n') == (0, 8)
    with path.open("ab") as file:
        file.write(b'{"b":')  # a crash in the middle of the next write
    assert append_lines(path, b'{"c":3}\n') == (8, 16)
    assert path.read_bytes() == b'{"a":1}\n{"c":3}\n'


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "2026-11.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(QuiztermError, match="not a regular file"):
        open_journal_file(fifo)
