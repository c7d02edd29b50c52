"""`quizterm doctor`: check the progress database and repair the replay's caches from the event log.

Steps: SQLite's `PRAGMA quick_check` (a damaged file is reported with the newest backup and never
modified); then the whole log is replayed and compared with the caches: the `cards` table (SM-2 state,
counters and FSRS memory), each event's `cancelled`/`scheduling`/`was_new`, and the summary tables
(summary.py). Any difference is reported and, after a backup, the cards concerned (and the summary
tables, whole) are rebuilt from the log. Last, card ids graded under more than one deck name are named (a
copied id shares its original's progress): a report, not a problem. Every message is one line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from quizterm.store import summary
from quizterm.store.backups import make_backup
from quizterm.store.db import connect, database_path, transaction, use_wal
from quizterm.store.explain import damaged, explain, explained, is_damage
from quizterm.store.progress import ProgressStore, check_data_dir, check_database_file
from quizterm.store.replay import RECORD_COLUMNS, CardRecord, read_record, rebuild_card, replay_all, write_fixes
from quizterm.store.shared_ids import decks_of_shared_ids
from quizterm.words import plural

MAX_LISTED = 20  # problems listed one by one; the rest are counted


@dataclass
class DoctorReport:
    """What doctor found: `healthy` is false only when a problem is left (damage, unrepaired rows)."""

    lines: list[str] = field(default_factory=list)
    healthy: bool = True
    repaired: int = 0


def run_doctor(data_dir: Path, *, real_now: datetime, out: TextIO, repair: bool = True) -> int:
    """Run `check` and print its lines; the exit status is 0 when healthy, else 1."""
    report = check(data_dir, real_now=real_now, repair=repair, emit=lambda line: print(line, file=out, flush=True))
    return 0 if report.healthy else 1


def check(data_dir: Path, *, real_now: datetime, repair: bool = True,
          emit: Callable[[str], None] | None = None) -> DoctorReport:
    """Check (and with `repair`, fix) the database in `data_dir`. Raises `QuiztermError` only when the
    database cannot be opened at all for a reason other than damage (missing folder, read-only, newer).
    `real_now` is the real wall-clock moment (it names the backups made first), never `--now`."""
    report = DoctorReport()

    def say(line: str) -> None:
        report.lines.append(line)
        if emit is not None:
            emit(line)

    path = database_path(data_dir)
    if not path.exists():
        check_data_dir(data_dir)
        say(f"{path}: no progress database yet; nothing to check")
        return report
    check_database_file(path)
    problems = _quick_check(path)
    if problems:
        for problem in problems[:MAX_LISTED]:
            say(f"{path}: quick_check: {problem}")
        say(str(damaged(path, problems[0], in_doctor=True)))
        report.healthy = False
        return report
    say(f"{path}: quick_check ok")
    # Migrates (after a backup) like any first use, saying so.
    ProgressStore.open(data_dir, real_now=real_now, notice=say).close()
    with explained(path):
        conn = connect(path)
        try:
            use_wal(conn)
            _compare_and_repair(conn, path, data_dir, real_now=real_now, repair=repair, say=say, report=report)
            if report.healthy:  # the state table matches the log, as the query needs
                _list_shared_ids(conn, path, say)
        finally:
            conn.close()
    return report


def _quick_check(path: Path) -> list[str]:
    """quick_check's complaints ([] when "ok"); a file SQLite cannot read at all is one complaint."""
    try:
        conn = connect(path)
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path) from None
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return [str(exc)]
        raise explain(exc, path) from None
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def _compare_and_repair(conn: sqlite3.Connection, path: Path, data_dir: Path, *, real_now: datetime, repair: bool,
                        say: Callable[[str], None], report: DoctorReport) -> None:
    stored = dict(read_record(row) for row in conn.execute(f"SELECT {RECORD_COLUMNS} FROM cards"))
    rebuilt: dict[str, CardRecord] = {}
    stale_events = 0
    stale_cards: set[str | None] = set()  # cards whose events' caches differ (None: events naming no card)
    for card_id, record, fixes in replay_all(conn):
        if fixes:
            stale_events += len(fixes)
            stale_cards.add(card_id)
        if card_id is not None and record is not None:
            rebuilt[card_id] = record
    reviews = sum(record.reviews for record in rebuilt.values())
    wrong = sorted(card_id for card_id in stored.keys() | rebuilt.keys()
                   if stored.get(card_id) != rebuilt.get(card_id))
    for card_id in wrong[:MAX_LISTED]:
        say(f"{path}: card {card_id!r}: {_difference(stored.get(card_id), rebuilt.get(card_id))}")
    if len(wrong) > MAX_LISTED:
        say(f"{path}: … and {len(wrong) - MAX_LISTED} more cards whose state differs from the log")
    if stale_events:
        say(f"{path}: {plural(stale_events, 'event')} of {plural(len(stale_cards), 'card')} cache a replay "
            "result (cancelled, scheduling, was_new) that differs from the log's")
    tables = list(summary.differences(conn))
    if tables:
        say(f"{path}: summary tables differ from the review log: {', '.join(tables)}")
    if not wrong and not stale_events and not tables:
        say(f"{path}: the state of all {plural(len(rebuilt), 'card')} matches the review log "
            f"({plural(reviews, 'review')})")
        return
    what = (plural(len(wrong), 'card') + (f" and {plural(stale_events, 'event')}" if stale_events else "")
            + (" and the summary tables" if tables else ""))
    if not repair:
        say(f"{path}: {what} differ from the review log; run `quizterm doctor` to repair them")
        report.healthy = False
        return
    backup = make_backup(conn, data_dir, made_at=real_now, verify=True)
    with transaction(conn):
        # Replayed again under the write lock: another quizterm may have recorded events since.
        for card_id in sorted(set(wrong) | {card for card in stale_cards if card is not None}):
            rebuild_card(conn, card_id)
        if None in stale_cards:
            for card_id, _, fixes in replay_all(conn):
                if card_id is None:
                    write_fixes(conn, fixes)
                break
        if tables or wrong or stale_events:  # rebuilt caches change what the tables must say
            summary.rebuild(conn)
    report.repaired = len(wrong)
    say(f"{path}: repaired {what} from the review log (backup first: {backup})")


def _list_shared_ids(conn: sqlite3.Connection, path: Path, say: Callable[[str], None]) -> None:
    shared = decks_of_shared_ids(conn)
    for card_id, names in list(shared.items())[:MAX_LISTED]:
        say(f"{path}: card id {card_id!r} has progress under {len(names)} deck names: {', '.join(names)} "
            "(fine after renaming a deck file; if the card was copied, give the copy a new id)")
    if len(shared) > MAX_LISTED:
        say(f"{path}: … and {len(shared) - MAX_LISTED} more card ids with progress under several deck names")


def _difference(stored: CardRecord | None, rebuilt: CardRecord | None) -> str:
    if stored is None:
        return "missing from the state table though the log has its reviews"
    if rebuilt is None:
        return "has a state row but no events in the log"
    return f"state table says {_describe(stored)}; the log gives {_describe(rebuilt)}"


def _describe(record: CardRecord) -> str:
    s = record.state
    due = "new" if s.due is None else s.due.isoformat()
    flags = (" suspended" if s.suspended else "") + ("" if s.buried_until is None else
                                                      f" buried_until={s.buried_until.isoformat()}")
    return (f"reps={s.reps} ef={s.ef_centi / 100:.2f} interval={s.interval} due={due} lapses={s.lapses} "
            f"reviews={record.reviews} last_grade={record.last_grade} deck={record.deck}{flags} "
            f"stability={_number(record.stability)} difficulty={_number(record.difficulty)}")


def _number(value: float | None) -> str:
    return "None" if value is None else f"{value:.6g}"
