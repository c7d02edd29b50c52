"""`quizterm sync --status`: this device, the devices seen, the last event of each, what is pending.

Reads only: the progress database (read-only) and the sync state. "Pending" is per sync folder: this
device's events newer than the newest its journal there holds (state.py's `max_seq` of its files).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from quizterm.store.db import database_path
from quizterm.sync.journal import ROOT
from quizterm.sync.state import STATE_NAME, Run, SyncState
from quizterm.words import plural


def status_lines(data_dir: Path, *, real_now: datetime, folder: Path | None = None,
                 configured: str | None = None) -> Iterator[str]:
    """The status report, line by line. `folder`: the sync folder named or configured (`configured` says
    where it came from), else every folder this data directory has synced with."""
    from quizterm.store.progress import ProgressStore

    if not database_path(data_dir).is_file():
        yield f"{data_dir}: no progress database yet; nothing to sync"
        return
    with ProgressStore.open(data_dir, real_now=real_now, read_only=True) as store:
        me = store.device_id()
        devices = store.devices()
        yield f"this device: {me} (data directory {data_dir})"
        if not devices:
            yield "devices seen: none (no events yet)"
        else:
            yield f"devices seen: {len(devices)}"
        for found in devices:
            card = f" of {found.last_card}" if found.last_card else ""
            mark = " (this device)" if found.device == me else ""
            yield (f"  {found.device}{mark}: {plural(found.events, 'event')}; last: {found.last_kind}{card} at "
                   f"{_local(found.last_moment)} (#{found.last_seq})")
        runs = _runs(data_dir)
        folders = [str(folder.resolve())] if folder is not None else sorted(runs)
        if not folders:
            yield "sync folder: none yet (quizterm sync DIR, or sync_dir / sync_git in config.toml)"
        for key in folders:
            exported = _exported(data_dir, key, me)
            pending = store.count_device_events(me, after_seq=exported)
            source = f" ({configured})" if configured and folder is not None else ""
            yield f"sync folder: {key}{source}"
            yield f"  pending: {plural(pending, 'event')} of this device not yet written there"
            run = runs.get(key)
            if run is None:
                yield "  last sync: never"
                continue
            yield f"  last sync: {_local(run.finished_at)}: {run.outcome}"
            if run.problems_at is not None:
                yield f"  reported by the sync of {_local(run.problems_at)}:"
                yield from (f"    {problem}" for problem in run.problems)


def _local(moment: str) -> str:
    return datetime.fromisoformat(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def _runs(data_dir: Path) -> dict[str, Run]:
    if not (data_dir / STATE_NAME).is_file():
        return {}
    with SyncState.open(data_dir) as state:
        return state.runs()


def _exported(data_dir: Path, key: str, device: str) -> int:
    if not (data_dir / STATE_NAME).is_file():
        return 0
    with SyncState.open(data_dir) as state:
        prefix = f"{ROOT}/{device}/"
        return max((s.max_seq for name, s in state.files(key).items() if name.startswith(prefix)), default=0)
