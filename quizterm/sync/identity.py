"""Is this data directory the only one writing as its device? Its own journal says.

Normally a device's files hold exactly what it appended (state.py remembers their size and time), so this
costs a `stat` per file. When one of them changed otherwise, is new to the state, or the log lacks the
last event it holds, the files are read whole and compared with the log:
- the journal holds an event of this device that the log lacks (another machine appended it under this
  id: the data directory was copied; or the log went back to a backup), or
- the log holds an event of this device, numbered no later than the journal's newest, that the journal
  lacks (the file was rewritten, or another machine used the number),
and then the data directory takes a new device id (`ProgressStore.take_new_device_id`): its events the
journal does not hold move under the new id, the old id's files become another device's, imported like
any other, and nothing is deleted. Otherwise the journal and the log agree, and export goes on after the
journal's newest sequence number.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizterm.sync.journal import JournalFile, fingerprint, open_journal_file, read_lines
from quizterm.sync.reader import ReadTally, needs_reading
from quizterm.sync.state import FileState, SyncState
from quizterm.words import plural

if TYPE_CHECKING:
    from quizterm.store.progress import ProgressStore


@dataclass(frozen=True, slots=True)
class Identity:
    """The outcome: this device's id now, how far its journal goes, and what changed."""

    device: str
    exported_seq: int  # this device's newest event in the journal (0: none)
    old_device: str | None = None  # set when a new id was taken
    moved: int = 0


def check_identity(store: ProgressStore, state: SyncState, folder_key: str, own: list[JournalFile],
                   known: dict[str, FileState], logged: set[str], tally: ReadTally) -> Identity:
    """Compare this device's journal files with the log; take a new id when they disagree (see above)."""
    device = store.device_id()
    vanished = [name for name in known if name.startswith(f"quizterm/{device}/")
                and name not in {f.name for f in own}]
    if not vanished and not any(needs_reading(f, known.get(f.name), logged) for f in own):
        return Identity(device, max((known[f.name].max_seq for f in own), default=0))
    journal, states, problems = _scan(own)
    newest = max(journal, default=0)
    ids = {event_id for ids_at in journal.values() for event_id in ids_at}
    missing = ids - store.known_events(ids)
    stored = store.device_seqs(device, up_to=newest)
    lacking = [seq for seq, event_id in stored.items() if event_id not in journal.get(seq, ())]
    if not missing and not lacking:
        tally.problems += problems
        for file, file_state in states.items():
            state.put(folder_key, file.name, file_state)
        for name in vanished:
            state.forget(folder_key, name)
        return Identity(device, newest)
    old, new, moved = store.take_new_device_id(lambda seq, event_id: journal.get(seq) == {event_id})
    for name in [f.name for f in own] + vanished:  # the old id's files are read whole, as another device's
        state.forget(folder_key, name)
    reasons = []
    if missing:
        reasons.append(f"holds {plural(len(missing), 'event')} of this device that its database lacks")
    if lacking:
        reasons.append(f"lacks {plural(len(lacking), 'event')} of its database")
    tally.notes.append(
        f"{own[0].path.parent if own else old}: this device's journal {' and '.join(reasons)}: this data directory "
        f"was copied from another machine, or restored from an older backup. It now writes as device {new} "
        f"({plural(moved, 'event')} moved to it); the events under {old} are read as another device's; nothing "
        "was deleted")
    return Identity(new, 0, old, moved)


def _scan(own: list[JournalFile]) -> tuple[dict[int, set[str]], dict[JournalFile, FileState], list[str]]:
    """Every event id of this device's files by sequence number, each file's state read to its end, and
    the lines skipped (`FILE:LINE: ...`)."""
    from quizterm.sync.wire import LineError, parse_line

    journal: dict[int, set[str]] = {}
    states: dict[JournalFile, FileState] = {}
    problems: list[str] = []
    for file in own:
        fd = open_journal_file(file.path)
        try:
            end, lines, last_event, max_seq = 0, 0, None, 0
            for batch, batch_end, batch_lines in read_lines(fd, 0, 0):
                end, lines = batch_end, batch_lines
                for line in batch:
                    try:
                        row = parse_line(line.text) if line.text and line.text.strip() else None
                    except (LineError, UnicodeDecodeError) as exc:
                        problems.append(f"{file.path}:{line.number}: {exc}; skipped")
                        continue
                    if row is None or row[1] != file.device:
                        continue
                    journal.setdefault(row[2], set()).add(row[0])
                    last_event, max_seq = row[0], max(max_seq, row[2])
            head, tail = fingerprint(fd, end)
            states[file] = FileState(end, lines, os.fstat(fd).st_mtime_ns, head, tail, last_event, max_seq)
        finally:
            os.close(fd)
    return journal, states, problems
