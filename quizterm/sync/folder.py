"""One sync of a data directory with a folder that something else synchronises (`quizterm sync DIR`).

Steps, under the data directory's sync lock (state.py):
1. check the folder: it exists, it is not a data directory, and this data directory is not inside it
   (the sync engine would copy `progress.sqlite3`, which corrupts it, and the deck cache, which holds
   pickles: the deck cache must stay local);
2. list the journal files (journal.py) and check this device's own (identity.py: a copied data directory
   takes a new device id here);
3. read every other device's new lines into the log (reader.py);
4. append this device's new events to its own files (export.py).
Syncing again with nothing new on either side reads nothing and writes nothing.
"""

from __future__ import annotations

import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from quizterm.errors import QuiztermError
from quizterm.store.db import DB_NAME
from quizterm.sync.export import export_events
from quizterm.sync.identity import check_identity
from quizterm.sync.journal import list_files
from quizterm.sync.reader import ReadTally, needs_reading, read_files
from quizterm.sync.state import FileState, SyncState, sync_lock
from quizterm.words import plural

IMPORT_CACHE_KIB = 64_000  # page cache while importing: a long history's indexes stay in memory


class Progress(Protocol):
    """Where a long sync reports how far it is (the command draws a bar; the drill passes nothing)."""

    def start(self, what: str, total: int | None) -> None:
        """A new phase: `total` units to come (bytes read, events written), None when unknown."""

    def advance(self, amount: int) -> None:
        """`amount` more units of the phase are done."""


@dataclass
class SyncReport:
    """What one sync did."""

    folder: Path
    device: str
    imported: int = 0
    duplicates: int = 0
    unknown_kinds: int = 0
    from_devices: int = 0
    exported: int = 0
    old_device: str | None = None
    problems: list[str] = field(default_factory=list)  # lines skipped, files changed: FILE[:LINE]: ...
    notes: list[str] = field(default_factory=list)  # files left out (links, conflict copies), a new device id

    def summary(self) -> str:
        parts = []
        if self.imported:
            parts.append(f"{plural(self.imported, 'new event')} from {plural(self.from_devices, 'other device')}")
        if self.exported:
            parts.append(f"wrote {plural(self.exported, 'event')} of this device")
        if self.unknown_kinds:
            parts.append(f"kept {plural(self.unknown_kinds, 'event')} of kinds this quizterm does not know "
                         "(upgrade to use them)")
        if self.problems:
            parts.append(f"{plural(len(self.problems), 'problem')} reported")
        return f"synced {self.folder}: {'; '.join(parts) if parts else 'nothing new'}"


def check_folder(folder: Path, data_dir: Path) -> Path:
    """The sync folder, resolved; QuiztermError when it cannot be one (see the module docstring)."""
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise QuiztermError(f"{folder}: the sync folder {what}; create it (mkdir -p {folder}) or name another")
    resolved, data = folder.resolve(), data_dir.resolve()
    if (resolved / DB_NAME).exists():
        raise QuiztermError(f"{folder}: holds a progress database; sync through a folder of its own, never a data "
                            "directory (a synchronised SQLite file gets corrupted)")
    if data == resolved or data.is_relative_to(resolved):
        raise QuiztermError(f"{folder}: the data directory {data_dir} is inside it, so the sync engine would copy "
                            "progress.sqlite3 (which corrupts it) and the deck cache; choose a folder outside it")
    return resolved


def sync_folder(data_dir: Path, folder: Path, *, real_now: datetime, export: bool = True,
                progress: Progress | None = None, cancel: threading.Event | None = None,
                lock_wait: float = 0.0, locked: bool = False, alongside_drill: bool = False) -> SyncReport:
    """Sync `data_dir` with `folder` (steps in the module docstring). `real_now` is the real clock (it
    names a migration's backup and the run's record). `export=False` only reads; `locked`: the caller
    holds the sync lock already; `alongside_drill`: keep import transactions short (reader.BIG_CHUNK)."""
    from quizterm.store.progress import ProgressStore

    resolved = check_folder(folder, data_dir)
    key = str(resolved)
    lock = nullcontext() if locked else sync_lock(data_dir, wait=lock_wait)
    with lock, ProgressStore.open(data_dir, real_now=real_now) as store, SyncState.open(data_dir) as state:
        files, notes = list_files(folder)
        known = state.files(key)
        logged = store.known_events(k.last_event for k in known.values() if k.last_event)
        tally = ReadTally(alongside_drill=alongside_drill)
        me = store.device_id()
        identity = check_identity(store, state, key, [f for f in files if f.device == me], known, logged, tally)
        report = SyncReport(folder=folder, device=identity.device, old_device=identity.old_device, notes=notes)
        known = state.files(key)
        others = [f for f in files if f.device != identity.device and needs_reading(f, known.get(f.name), logged)]
        if others:
            store.use_cache(IMPORT_CACHE_KIB)
            if progress is not None:
                progress.start("reading", sum(f.size - _read(known, f.name, f.size) for f in others))
            read_files(store, state, key, others, known, logged, tally,
                       progress=None if progress is None else progress.advance, cancel=cancel)
        if export:
            after = identity.exported_seq
            if progress is not None:
                progress.start("writing", store.count_device_events(identity.device, after_seq=after))
            report.exported = export_events(store, state, folder, key, identity.device, after,
                                            progress=None if progress is None else progress.advance)
        report.imported, report.duplicates = tally.imported, tally.duplicates
        report.unknown_kinds, report.from_devices = tally.unknown_kinds, len(tally.devices)
        report.problems = tally.problems
        report.notes += tally.notes
        state.record_run(key, real_now.astimezone(UTC).isoformat(timespec="seconds"), report.summary(),
                         report.notes + report.problems)
        return report


def _read(known: dict[str, FileState], name: str, size: int) -> int:
    """Bytes of the file already read (0 when it will be read again from its start)."""
    state = known.get(name)
    return state.size if state is not None and state.size <= size else 0
