"""The `quizterm` command line.

Heavy modules (Textual, pydantic, the store) are imported inside the command that needs them, so
`quizterm validate` never pays for the UI and a warm `quizterm` start never pays for pydantic.
Every user-facing failure is a `QuiztermError`, printed as one line; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizterm import __version__
from quizterm.errors import QuiztermError, UsageError

if TYPE_CHECKING:
    from quizterm.config import Settings
    from quizterm.deck.loader import LoadResult

COMMANDS = ("drill", "validate", "schema", "stats", "doctor")
PROG = "quizterm"


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as `UsageError` (exit 2, one line) instead of exiting itself."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _common(parser: argparse.ArgumentParser, *, now: bool = True) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where progress, backups and settings live (default: $QUIZTERM_DATA_DIR, "
                             "else the platform's user data directory)")
    if now:
        parser.add_argument("--now", metavar="ISO",
                            help="behave as if it were this moment, e.g. 2026-11-27 or 2026-11-27T21:30 "
                                 "(preview another day)")


def _day_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--day-start-hour", type=int, metavar="H",
                        help="local hour at which a new study day starts (default 4, or config.toml)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Spaced-repetition interview drills in the terminal. "
                     "Without a command, `drill` runs.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    drill = sub.add_parser("drill", help="drill today's cards (the default command)",
                           description="Drill today's cards. Without a path: ./decks if it exists, "
                                       "else the bundled decks.")
    drill.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders")
    drill.add_argument("--tag", action="append", default=[], metavar="TAG",
                       help="only cards with this tag (repeat for any of several)")
    drill.add_argument("--new-per-day", type=int, metavar="N", help="new cards per day (default 20)")
    drill.add_argument("--reviews-per-day", type=int, metavar="N", help="reviews per day (default 200)")
    drill.add_argument("--theme", choices=("dark", "light"), help="colour theme (default dark)")
    _day_options(drill)
    _common(drill)

    validate = sub.add_parser("validate", help="check deck files and report every problem",
                              description="Check deck files; every problem is one line FILE:LINE:COL.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")

    sub.add_parser("schema", help="print the JSON Schema of a deck file",
                   description="Print the JSON Schema of a deck file (for editor autocompletion).")

    stats = sub.add_parser("stats", help="show progress per deck and in total",
                           description="Show progress per deck and in total.")
    stats.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders")
    stats.add_argument("--json", action="store_true", help="print one JSON object (see README)")
    _day_options(stats)
    _common(stats)

    doctor = sub.add_parser("doctor", help="check the progress database and repair derived state",
                            description="Run SQLite's quick_check and rebuild every card's state from the "
                                        "review log, repairing the state table if it differs.")
    doctor.add_argument("--restore-backup", nargs="?", const="newest", metavar="FILE",
                        help="put a backup (default: the newest) in place of the progress database; the old "
                             "file is moved aside to progress.sqlite3.damaged-<time>, never deleted")
    _common(doctor)
    return parser


def _normalise_argv(argv: Sequence[str]) -> list[str]:
    """`quizterm` and `quizterm PATH...` mean `quizterm drill ...`."""
    args = list(argv)
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        return args
    return ["drill", *args]


def make_clock(now_option: str | None) -> Callable[[], datetime]:
    """The only place quizterm reads the clock. `--now` fixes the start; time then runs on from it."""
    if now_option is None:
        return lambda: datetime.now().astimezone()
    from quizterm.scheduler.day import parse_now

    try:
        start = parse_now(now_option)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    origin = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - origin)


def default_deck_paths() -> list[Path]:
    """`./decks` when the current folder has one, else the decks shipped with quizterm."""
    local = Path("decks")
    if local.is_dir():
        return [local]
    from quizterm.deck.bundled import bundled_decks_dir

    return [bundled_decks_dir()]


def _data_dir_and_settings(args: argparse.Namespace) -> tuple[Path, Settings]:
    from quizterm.config import load_settings
    from quizterm.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    return data_dir, load_settings(data_dir)


def load_valid_decks(paths: Sequence[str | Path], data_dir: Path, err: TextIO, *,
                     defer_cache_writes: bool = False, compact: bool = False) -> LoadResult:
    """Load decks through the shared loader; a broken deck prints every located error and stops."""
    from quizterm.deck.loader import load_decks
    from quizterm.deck.problems import DeckError

    result = load_decks(paths, cache_dir=data_dir / "deck-cache", defer_cache_writes=defer_cache_writes,
                        compact=compact)
    try:
        result.require_valid()
        return result
    except DeckError as exc:
        for problem in exc.problems:
            print(problem.format(), file=err)
        raise


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.deck.validate import run_validate

    return run_validate(args.paths, strict=args.strict, out=out)


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.deck.schema import schema_text

    out.write(schema_text())
    return 0


def cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from quizterm.scheduler.day import study_day
    from quizterm.stats import compute_stats, render_stats, stats_json
    from quizterm.store.progress import ProgressStore

    clock = make_clock(args.now)
    data_dir, settings = _data_dir_and_settings(args)
    settings = settings.with_overrides(day_start_hour=args.day_start_hour)
    decks = load_valid_decks(args.paths or default_deck_paths(), data_dir, err).decks
    now = clock()
    with ProgressStore.open(data_dir, now=now) as store:
        stats = compute_stats(decks, store, now=now, today=study_day(now, settings.day_start_hour))
    if args.json:
        out.write(json.dumps(stats_json(stats), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_stats(stats))
    return 0


def cmd_doctor(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.store.doctor import run_doctor

    clock = make_clock(args.now)
    data_dir, _ = _data_dir_and_settings(args)
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


def cmd_drill(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.scheduler.queue import Limits
    from quizterm.store.progress import ProgressStore

    clock = make_clock(args.now)
    data_dir, settings = _data_dir_and_settings(args)
    settings = settings.with_overrides(new_per_day=args.new_per_day, reviews_per_day=args.reviews_per_day,
                                       day_start_hour=args.day_start_hour, theme=args.theme)
    # The decks live, unchanged, for the whole run: once loaded they are moved out of the collector's
    # sight so its full collections (frequent while Textual starts) do not walk 10,000 cards again and
    # again. (Collection stays on while they load: a cold load makes cyclic garbage.)
    loaded = load_valid_decks(args.paths or default_deck_paths(), data_dir, err, defer_cache_writes=True,
                              compact=True)
    gc.freeze()
    from quizterm.tui.app import QuiztermApp

    with ProgressStore.open(data_dir, now=clock()) as store:
        app = QuiztermApp(
            decks=loaded.decks, store=store, after_first_screen=loaded.write_cache, clock=clock, tags=tuple(args.tag),
            limits=Limits(new_per_day=settings.new_per_day, reviews_per_day=settings.reviews_per_day),
            day_start_hour=settings.day_start_hour, theme_name=settings.theme,
        )
        app.run()
    loaded.write_cache()  # in case the app ended before its background write started; a no-op otherwise
    if app.farewell:
        print(app.farewell, file=out)
    return app.return_code or 0


HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "drill": cmd_drill, "validate": cmd_validate, "schema": cmd_schema, "stats": cmd_stats, "doctor": cmd_doctor,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; returns the exit status (0 ok, 1 failure, 2 usage error, 130 interrupted)."""
    out = out or sys.stdout
    err = err or sys.stderr
    raw = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(_normalise_argv(raw))
        return HANDLERS[args.command](args, out, err)
    except QuiztermError as exc:
        print(f"{PROG}: error: {exc}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=err)
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("QUIZTERM_DEBUG"):
            raise
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc} "
              "(please report it; set QUIZTERM_DEBUG=1 to see the traceback)", file=err)
        return 70
