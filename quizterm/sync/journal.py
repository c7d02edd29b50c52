"""The journal: each device's events as JSON lines in a folder that something else synchronises.

Layout: `DIR/quizterm/<device>/<year-month>.jsonl`, one event per line (wire.py), the month being the
event's (UTC) month. A device appends to its own files only and never rewrites a line, so no sync engine
(Syncthing, Dropbox, git) ever sees two machines change one file. Files are plain data: nothing read from
the folder is ever executed or unpickled. Reading is defensive: symbolic links and anything but regular
files are refused (a FIFO would hang the reader), a line longer than `MAX_LINE` is skipped, and a last
line without its newline is someone's write in progress, left for the next sync.

Only this device's files are written, by appending; an incomplete last line of one (our own write cut
short by a crash) is cut off before the next append, so it never becomes a malformed line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from quizterm.errors import QuiztermError
from quizterm.store.kinds import BURY, CHECKPOINT, FOLLOW_UP, GRADE, PRACTICE, RESET, SUSPEND, UNDO, UNSUSPEND

ROOT = "quizterm"  # DIR/quizterm/ holds the journal; the rest of DIR is not ours
MAX_LINE = 1 << 20  # bytes; a typed answer is a few KB
READ_CHUNK = 4 << 20  # bytes per read (reader.py picks bigger ones for a long import nobody waits on)
PRINT_BYTES = 4096  # a fingerprint covers the first and the last this many bytes read
_DEVICE_DIR = re.compile(r"^[0-9A-Za-z_.-]{1,64}$")
_FILE = re.compile(r"^\d{4}-\d{2}\.jsonl$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


@dataclass(frozen=True, slots=True)
class JournalFile:
    """One device's file for one month; `name` is its path inside DIR, with `/` (the state's key)."""

    device: str
    path: Path
    name: str
    size: int
    mtime_ns: int


def journal_root(folder: Path) -> Path:
    return folder / ROOT


def file_name(device: str, moment: str) -> str:
    """Where an event of `device` at `moment` (the store's UTC text) goes, relative to DIR."""
    return f"{ROOT}/{device}/{moment[:7]}.jsonl"


def list_files(folder: Path) -> tuple[list[JournalFile], list[str]]:
    """Every device's journal files, sorted, and notes on what was left out (links, odd names)."""
    root = journal_root(folder)
    notes: list[str] = []
    try:
        info = root.lstat()
    except FileNotFoundError:
        return [], notes
    if not stat.S_ISDIR(info.st_mode):
        raise QuiztermError(f"{root}: not a folder (a link or a file); quizterm keeps its journal in a real folder "
                            "there: move it away")
    files = []
    for device_dir in sorted(root.iterdir()):
        name = device_dir.name
        if name.startswith(".") or not _DEVICE_DIR.match(name):
            continue  # .gitattributes, .stfolder, .DS_Store ...: not a device
        if not stat.S_ISDIR(device_dir.lstat().st_mode):
            notes.append(f"{device_dir}: not a folder (a link?); ignored")
            continue
        for path in sorted(device_dir.iterdir()):
            if not _FILE.match(path.name):
                if path.suffix == ".jsonl" or "conflict" in path.name.lower():
                    notes.append(f"{path}: not a journal file name (a sync engine's conflict copy?); ignored")
                continue
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode):
                notes.append(f"{path}: not a regular file (a link?); ignored")
                continue
            files.append(JournalFile(name, path, f"{ROOT}/{name}/{path.name}", info.st_size, info.st_mtime_ns))
    return files, notes


def open_journal_file(path: Path, *, write: bool = False) -> int:
    """A descriptor of a regular file, never through a link; QuiztermError otherwise."""
    flags = (os.O_RDWR | os.O_CREAT | os.O_APPEND if write else os.O_RDONLY | _NONBLOCK) | _NOFOLLOW | _BINARY
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise QuiztermError(f"{path}: cannot {'write' if write else 'read'} it ({exc.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise QuiztermError(f"{path}: not a regular file; move it away")
    return fd


def read_at(fd: int, start: int, size: int) -> bytes:
    os.lseek(fd, start, os.SEEK_SET)
    parts, left = [], size
    while left > 0:
        part = os.read(fd, min(left, READ_CHUNK))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def fingerprint(fd: int, end: int) -> tuple[bytes, bytes]:
    """Hashes of the first and of the last `PRINT_BYTES` of the file's first `end` bytes: a file rewritten
    since it was read to `end` (not just appended to) almost surely changes one of them."""
    head = read_at(fd, 0, min(end, PRINT_BYTES))
    tail = read_at(fd, max(0, end - PRINT_BYTES), min(end, PRINT_BYTES))
    return hashlib.blake2b(head, digest_size=16).digest(), hashlib.blake2b(tail, digest_size=16).digest()


class Line(NamedTuple):
    """A complete line: its number in the file and its bytes (None: longer than MAX_LINE, skipped). A named
    tuple: a million are made per import, at half the cost of a frozen dataclass."""

    number: int
    text: bytes | None


def read_lines(fd: int, offset: int, line: int,
               size: Callable[[], int] | None = None) -> Iterator[tuple[list[Line], int, int]]:
    """The complete lines after byte `offset` (line `line` was the last read), in batches of about
    `size()` bytes (asked before each read; default `READ_CHUNK`): (lines, the offset after the batch's last
    newline, the number of that line). A last line without its newline is not read."""
    position = offset  # just after the last newline read
    pending = b""
    dropped = 0  # bytes of the current overlong line, counted but not kept
    cursor = offset  # where the next read starts: the caller may move the file's own position between batches
    while chunk := read_at(fd, cursor, READ_CHUNK if size is None else size()):
        cursor += len(chunk)
        pieces = (pending + chunk).split(b"\n")
        pending = pieces.pop()
        batch = []
        for piece in pieces:
            line += 1
            position += dropped + len(piece) + 1
            batch.append(Line(line, None if dropped or len(piece) > MAX_LINE else piece))
            dropped = 0
        if len(pending) > MAX_LINE:  # keep counting the line's bytes, not holding them
            dropped += len(pending)
            pending = b""
        if batch:
            yield batch, position, line


def append_lines(path: Path, data: bytes) -> tuple[int, int]:
    """Append `data` (whole lines) to this device's file `path`, creating it (and its folders) if need be,
    and flush it to disk; returns the file's size before and after. An incomplete last line (our own write
    cut short) is cut off first."""
    for folder in (path.parent.parent, path.parent):
        try:
            if not stat.S_ISDIR(folder.lstat().st_mode):
                raise QuiztermError(f"{folder}: not a folder (a link or a file); move it away")
        except FileNotFoundError:
            try:
                folder.mkdir()
            except OSError as exc:
                raise QuiztermError(f"{folder}: cannot create it ({exc.strerror})") from None
    fd = open_journal_file(path, write=True)
    try:
        size = os.fstat(fd).st_size
        if size and read_at(fd, size - 1, 1) != b"\n":
            size = _last_newline(fd, size)
            os.ftruncate(fd, size)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        return size, os.fstat(fd).st_size
    except OSError as exc:
        raise QuiztermError(f"{path}: cannot write it ({exc.strerror})") from None
    finally:
        os.close(fd)


def _last_newline(fd: int, size: int) -> int:
    """The size of the file cut after its last newline (0 when it has none)."""
    end = size
    while end > 0:
        start = max(0, end - READ_CHUNK)
        found = read_at(fd, start, end - start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0


def encode(row: tuple[Any, ...]) -> bytes:
    """One stored event row (`EVENT_COLUMNS`) as its journal line (wire.py's format), newline included.
    Plain json: exporting never needs pydantic."""
    event_id, device, seq, kind, card_id, deck, moment, day, grade, answer, seconds, target, data, _ = row
    if kind not in _KNOWN:  # a kind this version does not know: its line as it came
        text = str(data)
        return (text if text.endswith("\n") else text + "\n").encode("utf-8")
    line: dict[str, Any] = {"kind": kind, "event_id": event_id, "device": device, "seq": seq, "moment": moment,
                            "day": day, "card_id": card_id, "deck": deck}
    fields: dict[str, Any] = json.loads(data) if data else {}
    if kind in (GRADE, PRACTICE):
        line["grade"] = grade
        if answer:
            line["answer"] = answer
        if seconds:
            line["seconds"] = float(seconds)
        line.update(fields)
    elif kind == FOLLOW_UP:
        line["question"] = fields["question"]
        if answer:
            line["answer"] = answer
        line["answered"] = fields["answered"]
    elif kind == UNDO:
        line["target"] = target
    elif kind in (BURY, CHECKPOINT):
        line.update(fields)
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


_KNOWN = frozenset({GRADE, PRACTICE, FOLLOW_UP, UNDO, SUSPEND, UNSUSPEND, RESET, BURY, CHECKPOINT})
