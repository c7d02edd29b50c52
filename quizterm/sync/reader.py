"""Reading other devices' journal files into the log, each from where the last sync stopped.

Per file (state.py says how far it was read): an unchanged file is not opened; a file that grew is read
from the offset after its last complete line; a file that shrank or whose bytes already read changed is
reported and read again from its start (the events the log holds are recognised by their ids, nothing
local is ever deleted); a file whose last imported event the log lacks (a restored backup) is read again
from its start too. Lines go into the log in batches of about `BIG_CHUNK` bytes (`import_rows`, one
transaction each), a batch taking the lines of as many files as fit, and the state of each file whose lines
a batch held is saved after it: an interrupted sync goes on from there next time.

A line that does not parse, holds an impossible value, belongs to another device than its folder's, or
whose (device, seq) another event holds, is reported as `FILE:LINE: ...` and skipped; the rest arrive.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from quizterm.store.bulk import Carry
from quizterm.sync.journal import READ_CHUNK, JournalFile, fingerprint, open_journal_file, read_lines
from quizterm.sync.state import FileState, SyncState

if TYPE_CHECKING:
    from quizterm.store.progress import ProgressStore

Progress = Callable[[int], None]  # bytes read since the last call
# Bytes of lines per import transaction. Each commit writes every index page its rows touched, so a long
# history imports fastest in big transactions (a million events: ~1.4 times faster at 24 MB than at 4 MB);
# a grade recorded meanwhile waits for the transaction in progress, so beside a drill (and as soon as
# another connection is seen writing) they stay small: well under a second each.
BIG_CHUNK = 24 << 20


class SyncCancelled(Exception):
    """The sync was asked to stop (a drill quitting); what was read so far is in the log and the state."""


@dataclass
class ReadTally:
    """What reading the files did, for the report."""

    imported: int = 0
    duplicates: int = 0
    unknown_kinds: int = 0
    devices: set[str] = field(default_factory=set)
    carry: Carry = field(default_factory=Carry)  # what one chunk's import tells the next (store/bulk.py)
    alongside_drill: bool = False  # small transactions throughout (see BIG_CHUNK)
    problems: list[str] = field(default_factory=list)  # lines skipped, files changed: FILE[:LINE]: ...
    notes: list[str] = field(default_factory=list)  # worth saying, not wrong (a new device id)


def needs_reading(file: JournalFile, known: FileState | None, logged: set[str]) -> bool:
    """False when the file is as it was when last read to its end, and the log still holds what it gave."""
    return known is None or (file.size, file.mtime_ns) != (known.size, known.mtime_ns) or \
        (known.last_event is not None and known.last_event not in logged)


@dataclass
class _Piece:
    """One read of one file waiting in the batch: its parsed rows, and where the file stands after it."""

    file: JournalFile
    rows: list[tuple[Any, ...]]
    places: list[int]  # line numbers of the rows
    offset: int  # where the read started
    state: FileState  # the file read up to the end of this piece (last_event and max_seq filled at import)


def read_files(store: ProgressStore, state: SyncState, folder_key: str, files: list[JournalFile],
               known: dict[str, FileState], logged: set[str], tally: ReadTally, *, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> None:
    """Import the files' new complete lines (see the module docstring); `logged` is which `last_event`s of
    the state the log holds. Lines of several files share a transaction (a device writes a file a month,
    a few MB: one transaction each would rewrite the log's indexes once a month of history)."""
    known = dict(known)  # each file's state as saved so far (updated as the batches are imported)
    pending: list[_Piece] = []

    def waiting() -> int:  # bytes of lines read but not imported yet
        return sum(piece.state.size - piece.offset for piece in pending)

    for file in files:
        fd = open_journal_file(file.path)
        try:
            offset, line = _start(fd, file, known.get(file.name), logged, tally)
            for lines, end, last_line in read_lines(fd, offset, line,
                                                    lambda: max(_chunk(tally) - waiting(), _chunk(tally) // 4)):
                if cancel is not None and cancel.is_set():
                    raise SyncCancelled
                rows, places = _parse(file, lines, tally)
                head, tail = fingerprint(fd, end)
                read = FileState(end, last_line, os.fstat(fd).st_mtime_ns, head, tail, None, 0)
                pending.append(_Piece(file, rows, places, offset, read))
                offset = end
                if waiting() >= _chunk(tally):
                    _import(store, state, folder_key, pending, known, tally, progress)
                    pending = []
            mtime = os.fstat(fd).st_mtime_ns
            if pending and pending[-1].file is file:
                pending[-1].state = replace(pending[-1].state, mtime_ns=mtime)
            elif (now := known.get(file.name)) is not None and now.mtime_ns != mtime and now.size == offset:
                state.put(folder_key, file.name, replace(now, mtime_ns=mtime))
        finally:
            os.close(fd)
    if pending:
        _import(store, state, folder_key, pending, known, tally, progress)


def _chunk(tally: ReadTally) -> int:
    return READ_CHUNK if tally.alongside_drill or tally.carry.contended else BIG_CHUNK


def _start(fd: int, file: JournalFile, known: FileState | None, logged: set[str], tally: ReadTally) -> tuple[int, int]:
    """Where to read from: after what was read, or from the start (with a report when the file changed)."""
    if known is None:
        return 0, 0
    if file.size < known.size:
        tally.problems.append(f"{file.path}: shrank from {known.size:,} to {file.size:,} bytes since the last sync "
                              "(rewritten by a sync engine?); read again from its start, nothing local was deleted")
        return 0, 0
    if fingerprint(fd, known.size) != (known.head, known.tail):
        tally.problems.append(f"{file.path}: its first {known.size:,} bytes changed since the last sync (rewritten?); "
                              "read again from its start, nothing local was deleted")
        return 0, 0
    if known.last_event is not None and known.last_event not in logged:
        return 0, 0  # the log went back (a restored backup): what the file gave it comes again
    return known.size, known.lines


def _parse(file: JournalFile, lines: list[Any], tally: ReadTally) -> tuple[list[tuple[Any, ...]], list[int]]:
    from quizterm.sync.wire import KNOWN_KINDS, LineError, parse_line

    rows, places = [], []
    for line in lines:
        if line.text is None:
            tally.problems.append(f"{file.path}:{line.number}: longer than 1 MiB; skipped")
            continue
        if not line.text or line.text.isspace():  # blank (strip() would copy every line)
            continue
        try:
            row = parse_line(line.text)
        except LineError as exc:
            tally.problems.append(f"{file.path}:{line.number}: {exc}; skipped")
            continue
        except UnicodeDecodeError:
            tally.problems.append(f"{file.path}:{line.number}: not UTF-8; skipped")
            continue
        if row[1] != file.device:
            tally.problems.append(f"{file.path}:{line.number}: an event of device {row[1]} in the folder of device "
                                  f"{file.device}; skipped")
            continue
        if row[3] not in KNOWN_KINDS:
            tally.unknown_kinds += 1
        rows.append(row)
        places.append(line.number)
    return rows, places


def _import(store: ProgressStore, state: SyncState, folder_key: str, pending: list[_Piece],
            known: dict[str, FileState], tally: ReadTally, progress: Progress | None) -> None:
    """Import the pieces' rows in one transaction, then remember how far each file was read: its last event
    the log now holds, and its highest seq (a piece continuing a file keeps what the earlier ones found)."""
    rows = [row for piece in pending for row in piece.rows]
    if rows:
        result = store.import_rows(rows, tally.carry)
        inserted, clashes = sorted(result.inserted), set(result.clashes)
        tally.imported += len(inserted)
        tally.duplicates += result.duplicates
    else:
        inserted, clashes = [], set()
    first = 0
    for piece in pending:
        after = first + len(piece.rows)
        if bisect_left(inserted, after) > bisect_left(inserted, first):
            tally.devices.add(piece.file.device)
        for i in range(first, after):
            if i in clashes:
                row = rows[i]
                tally.problems.append(f"{piece.file.path}:{piece.places[i - first]}: event {row[0]}: device {row[1]} "
                                      f"already has another event numbered {row[2]}; skipped")
        last = next((rows[i][0] for i in range(after - 1, first - 1, -1) if i not in clashes), None)
        max_seq = max((row[2] for row in piece.rows), default=0)
        before = known.get(piece.file.name)
        if before is not None and piece.offset > 0:  # continuing: keep what earlier reads found
            last = last or before.last_event
            max_seq = max(max_seq, before.max_seq)
        known[piece.file.name] = replace(piece.state, last_event=last, max_seq=max_seq)
        state.put(folder_key, piece.file.name, known[piece.file.name])
        if progress is not None:
            progress(piece.state.size - piece.offset)
        first = after
