"""`quizterm doctor [--list-backups [--json] | --restore-backup [FILE]]`: check the database, rebuild
derived state, list or restore backups.

Doctor acts only for safety, so it takes no `--now`: its backups and the name of a file moved aside
follow the real clock (`wall_clock`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizterm.commands.common import add_data_dir, data_dir_and_settings, wall_clock
from quizterm.errors import QuiztermError, UsageError
from quizterm.words import plural

if TYPE_CHECKING:
    from quizterm.config import Settings
    from quizterm.store.backup_list import BackupInfo

NAME = "doctor"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="check the progress database and repair derived state",
                            description="Run SQLite's quick_check and rebuild every card's state from the "
                                        "review log, repairing the state table if it differs.")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--restore-backup", nargs="?", const="newest", metavar="FILE",
                        help="put a backup (default: the newest) in place of the progress database; the old "
                             "file is moved aside to progress.sqlite3.damaged-<time>, never deleted")
    action.add_argument("--list-backups", action="store_true",
                        help="list the backups, newest first: when made, size, reviews inside, whether it "
                             "passes quick_check now")
    parser.add_argument("--json", action="store_true", help="with --list-backups: print one JSON object")
    add_data_dir(parser, now=False)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.store.doctor import run_doctor

    if args.json and not args.list_backups:
        raise UsageError("--json goes with --list-backups (see 'quizterm doctor --help')")
    data_dir, settings = data_dir_and_settings(args)
    if args.list_backups:
        return _list_backups(data_dir, out, as_json=args.json)
    if args.restore_backup is not None:
        from quizterm.store.backups import newest_backup
        from quizterm.store.restore import restore_backup

        if args.restore_backup == "newest":
            backup = newest_backup(data_dir)
            if backup is None:
                raise QuiztermError(f"{data_dir / 'backups'}: there is no backup to restore")
        else:
            backup = Path(args.restore_backup)
            if not backup.is_file():
                raise UsageError(f"{backup}: no such backup file")
        aside = restore_backup(data_dir, backup, real_now=wall_clock())
        where = f"the previous database was moved to {aside}" if aside else "there was no database before"
        print(f"restored {backup}; {where}", file=out)
        _catch_up_from_journal(data_dir, settings, out)
    return run_doctor(data_dir, real_now=wall_clock(), out=out)


def _catch_up_from_journal(data_dir: Path, settings: Settings, out: TextIO) -> None:
    """A backup is older than the log it replaces: the sync folder of config.toml holds this device's events
    since then (and every other device's), so a local sync brings them back (no git pull or push: that is
    for the next `quizterm sync`)."""
    target = settings.sync_target(data_dir)
    if target is None:
        return
    from quizterm.sync.folder import sync_folder

    try:
        report = sync_folder(data_dir, target[0], real_now=wall_clock(), lock_wait=10.0)
    except QuiztermError as exc:
        print(f"quizterm: warning: the sync folder could not bring back newer events: {exc}; run `quizterm sync` "
              "once it can", file=out)
        return
    print(f"brought back {plural(report.imported, 'event')} from the journal in {target[0]}", file=out)
    for line in report.notes + report.problems:
        print(line, file=out)


def _list_backups(data_dir: Path, out: TextIO, *, as_json: bool) -> int:
    """Exit 0 even when a copy is damaged: the listing itself worked, and says so per copy."""
    import json

    from quizterm.store.backup_list import describe_backups
    from quizterm.store.backups import backups_dir
    from quizterm.words import plural

    if not data_dir.is_dir():
        raise QuiztermError(f"{data_dir}: the data directory does not exist; use another --data-dir")
    found = describe_backups(data_dir)
    if as_json:
        out.write(json.dumps({"folder": str(backups_dir(data_dir)), "backups": [_as_json(b) for b in found]},
                             indent=2) + "\n")
        return 0
    if not found:
        print(f"{backups_dir(data_dir)}: no backups yet (one is made on the first drill of each day that "
              "has grades to keep)", file=out)
        return 0
    print(f"{backups_dir(data_dir)}: {plural(len(found), 'backup')}, newest first (`doctor --restore-backup` takes the "
          "first)", file=out)
    rows = [("made (local time)", "size", "reviews", "verified", "file")]
    rows += [(b.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), _size(b.size),
              "?" if b.reviews is None else f"{b.reviews:,}", "yes" if b.verified else f"NO: {b.problem}",
              b.path.name) for b in found]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].rjust(widths[2]),
                 row[3].ljust(widths[3]), row[4]]
        print("  ".join(cells).rstrip(), file=out)
    return 0


def _as_json(info: BackupInfo) -> dict[str, object]:
    return {"path": str(info.path), "made_at": info.made_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "bytes": info.size,
            "reviews": info.reviews, "verified": info.verified, "problem": info.problem}


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"
