"""The store's side of sync: each device's events as stored rows, and taking a new device id.

A mixin of `ProgressStore` (progress.py holds its lifetime and the connection). Sync (quizterm/sync)
writes this device's events to its journal files and reads other devices' back through
`Recording.import_rows`; what it needs from the store beyond that is here.

Taking a new device id: a data directory copied to a second machine (or restored from a backup older than
its journal) would go on numbering events under the id the journal already holds, and two different
events would claim one (device, seq). `take_new_device_id` gives the data directory a fresh id and moves
this device's events the journal does not hold under it (new sequence numbers, same event ids: an event is
still recognised wherever it went before); events the journal holds stay where they are, as the old
device's. Only the replay order's last tie-breaks change, so the cards concerned are replayed, and their
counts in the summary tables (summary.py: which grade of a day scheduled may change) are replaced.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizterm.store.db import transaction
from quizterm.store.explain import explained
from quizterm.store.kinds import EVENT_COLUMNS, new_device_id

_CHUNK = 900


@dataclass(frozen=True, slots=True)
class DeviceSummary:
    """One device seen in the log: how many events, and its newest (by sequence number)."""

    device: str
    events: int
    last_seq: int
    last_kind: str
    last_card: str | None
    last_moment: str


class Devices:
    """Reads and the one write sync needs; `ProgressStore` provides the connection and its lock."""

    path: Path
    _lock: threading.RLock

    def _db(self) -> sqlite3.Connection:
        raise NotImplementedError

    def device_rows(self, device: str, *, after_seq: int = 0) -> Iterator[tuple[Any, ...]]:
        """The stored rows (`EVENT_COLUMNS`) of `device`'s events above `after_seq`, in sequence order.
        Holds the store's lock until exhausted or closed."""
        with self._lock, explained(self.path):
            cursor = self._db().execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE device = ? AND seq > ? "
                                        "ORDER BY seq", (device, after_seq))
            try:
                yield from cursor
            finally:
                cursor.close()

    def count_device_events(self, device: str, *, after_seq: int = 0) -> int:
        with self._lock, explained(self.path):
            return int(self._db().execute("SELECT count(*) FROM events WHERE device = ? AND seq > ?",
                                          (device, after_seq)).fetchone()[0])

    def device_seqs(self, device: str, *, up_to: int) -> dict[int, str]:
        """seq -> event id of `device`'s events up to `up_to`."""
        with self._lock, explained(self.path):
            return dict(self._db().execute("SELECT seq, event_id FROM events WHERE device = ? AND seq <= ?",
                                           (device, up_to)))

    def known_events(self, event_ids: Iterable[str]) -> set[str]:
        """Which of these event ids the log holds (one index probe each)."""
        wanted = list(dict.fromkeys(event_ids))
        found: set[str] = set()
        with self._lock, explained(self.path):
            conn = self._db()
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                found.update(row[0] for row in conn.execute(
                    f"SELECT event_id FROM events WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def devices(self) -> list[DeviceSummary]:
        """Every device with an event in the log, by id."""
        with self._lock, explained(self.path):
            conn = self._db()
            found = []
            for device, count, last in conn.execute("SELECT device, count(*), max(seq) FROM events GROUP BY device "
                                                    "ORDER BY device").fetchall():
                kind, card, moment = conn.execute("SELECT kind, card_id, moment FROM events WHERE device = ? AND "
                                                  "seq = ?", (device, last)).fetchone()
                found.append(DeviceSummary(device, count, last, kind, card, moment))
            return found

    def take_new_device_id(self, keep: Callable[[int, str], bool]) -> tuple[str, str, int]:
        """Give this data directory a new device id; this device's events for which `keep(seq, event_id)`
        is false move under it, in their order (see the module docstring). Returns (old id, new id,
        events moved)."""
        from quizterm.store import summary
        from quizterm.store.replay import rebuild_card

        with self._lock, explained(self.path):
            conn = self._db()
            with transaction(conn):
                old = str(conn.execute("SELECT id FROM device").fetchone()[0])
                new = new_device_id()
                moving = [(n, card_id) for n, seq, event_id, card_id in conn.execute(
                    "SELECT n, seq, event_id, card_id FROM events WHERE device = ? ORDER BY seq", (old,)).fetchall()
                    if not keep(seq, event_id)]
                cards = sorted({card for _, card in moving if card is not None})
                delta = summary.Summary()
                for card_id in cards:
                    delta.add(summary.card_summary(conn, card_id), sign=-1)
                conn.execute("UPDATE device SET id = ?, next_seq = ?", (new, len(moving) + 1))
                conn.executemany("UPDATE events SET device = ?, seq = ? WHERE n = ?",
                                 ((new, seq, n) for seq, (n, _) in enumerate(moving, start=1)))
                for card_id in cards:
                    rebuild_card(conn, card_id)
                    delta.add(summary.card_summary(conn, card_id))
                summary.write_delta(conn, delta)
            return old, new, len(moving)

    def use_cache(self, kib: int) -> None:
        """A bigger page cache for this connection (sync's import of a long history: fewer index reads)."""
        with self._lock, explained(self.path):
            self._db().execute(f"PRAGMA cache_size=-{int(kib):d}")
