"""Writing this device's new events to its own journal files.

The events after the journal's newest sequence number (identity.py found it) are appended, in sequence
order, to `quizterm/<device>/<year-month>.jsonl` by the month of each event's moment, a few megabytes at a
time, each write flushed to disk before the state records it. A crash between the two only means the next
sync finds the file longer than it remembers: identity.py reads it, finds its own events, and carries on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from quizterm.sync.journal import append_lines, encode, file_name, fingerprint, open_journal_file, read_at
from quizterm.sync.state import FileState, SyncState

if TYPE_CHECKING:
    from quizterm.store.progress import ProgressStore

FLUSH_BYTES = 4 << 20


def export_events(store: ProgressStore, state: SyncState, folder: Path, folder_key: str, device: str,
                  after_seq: int, *, progress: Callable[[int], None] | None = None) -> int:
    """Append `device`'s events after `after_seq` to its files; returns how many were written."""
    known = state.files(folder_key)
    pending: dict[str, list[bytes]] = {}
    last: dict[str, tuple[str, int]] = {}  # file -> its newest event written (id, seq)
    size = written = 0

    def flush() -> None:
        nonlocal size
        for name, lines in pending.items():
            known[name] = _append(state, folder, folder_key, name, lines, known.get(name), *last[name])
            if progress is not None:
                progress(len(lines))
        pending.clear()
        size = 0

    for row in store.device_rows(device, after_seq=after_seq):
        line = encode(row)
        name = file_name(device, row[6])
        pending.setdefault(name, []).append(line)
        last[name] = (row[0], row[2])
        size += len(line)
        written += 1
        if size >= FLUSH_BYTES:
            flush()
    flush()
    return written


def _append(state: SyncState, folder: Path, folder_key: str, name: str, lines: list[bytes], known: FileState | None,
            last_event: str, last_seq: int) -> FileState:
    path = folder / name
    before, after = append_lines(path, b"".join(lines))
    fd = open_journal_file(path)
    try:
        # A file this state did not follow to its end (a crash after a write): count its lines.
        counted = known.lines if known is not None and known.size == before else read_at(fd, 0, before).count(b"\n")
        head, tail = fingerprint(fd, after)
        written = FileState(after, counted + len(lines), os.fstat(fd).st_mtime_ns, head, tail, last_event,
                            max(last_seq, known.max_seq if known else 0))
        state.put(folder_key, name, written)
        return written
    finally:
        os.close(fd)
