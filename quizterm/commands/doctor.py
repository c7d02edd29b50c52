"""`quizterm doctor [--restore-backup [FILE]]`: check the database and rebuild derived state."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from quizterm.commands.common import add_data_dir, data_dir_and_settings, make_clock
from quizterm.errors import QuiztermError, UsageError

NAME = "doctor"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="check the progress database and repair derived state",
                            description="Run SQLite's quick_check and rebuild every card's state from the "
                                        "review log, repairing the state table if it differs.")
    parser.add_argument("--restore-backup", nargs="?", const="newest", metavar="FILE",
                        help="put a backup (default: the newest) in place of the progress database; the old "
                             "file is moved aside to progress.sqlite3.damaged-<time>, never deleted")
    add_data_dir(parser)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.store.doctor import run_doctor

    clock = make_clock(args.now)
    data_dir, _ = data_dir_and_settings(args)
    if args.restore_backup is not None:
        from quizterm.store.backups import newest_backup, restore_backup

        if args.restore_backup == "newest":
            backup = newest_backup(data_dir)
            if backup is None:
                raise QuiztermError(f"{data_dir / 'backups'}: there is no backup to restore")
        else:
            backup = Path(args.restore_backup)
            if not backup.is_file():
                raise UsageError(f"{backup}: no such backup file")
        aside = restore_backup(data_dir, backup, now=clock())
        print(f"restored {backup}; the previous database was moved to {aside}", file=out)
    return run_doctor(data_dir, now=clock(), out=out)
