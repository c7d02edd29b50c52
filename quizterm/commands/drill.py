"""`quizterm [drill] [PATH...]`: today's cards in the terminal UI (the default command)."""

from __future__ import annotations

import argparse
import gc
from functools import partial
from typing import TYPE_CHECKING, TextIO

from quizterm.commands.common import (
    add_data_dir,
    add_day_start,
    data_dir_and_settings,
    default_deck_paths,
    known_tags,
    load_valid_decks,
    make_clock,
    open_progress,
    wall_clock,
)
from quizterm.errors import UsageError
from quizterm.words import plural

if TYPE_CHECKING:
    from pathlib import Path

    from quizterm.config import Settings
    from quizterm.sync.background import DrillSync

NAME = "drill"
MAX_AHEAD = 36_500


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="drill today's cards (the default command)",
                            description="Drill today's cards. Without a path: ./decks if it exists, "
                                        "else the bundled decks.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only cards with this tag (repeat for any of several)")
    parser.add_argument("--new-per-day", type=int, metavar="N", help="new cards per day (default 20)")
    parser.add_argument("--reviews-per-day", type=int, metavar="N", help="reviews per day (default 200)")
    parser.add_argument("--timed", type=_seconds, metavar="SECONDS",
                        help="time each card: a countdown while you answer, and the rubric opens by itself at zero "
                             "(a card's or its deck's time_limit wins over SECONDS)")
    parser.add_argument("--ahead", type=int, default=0, metavar="DAYS",
                        help="also take the cards due in the next DAYS days (real reviews, scheduled from today)")
    parser.add_argument("--theme", metavar="NAME",
                        help="colour theme: dark, light or any theme the command palette lists (default dark, "
                             "or config.toml)")
    add_day_start(parser)
    add_data_dir(parser)


MAX_TIMED = 3600  # as a deck's time_limit


def _seconds(text: str) -> int:
    """`--timed`'s value: whole seconds from 1 to MAX_TIMED (argparse reports the error as a usage error)."""
    try:
        seconds = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole seconds such as 120, not {text!r}") from None
    if not 1 <= seconds <= MAX_TIMED:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_TIMED} seconds, not {seconds}")
    return seconds


def _drill_sync(data_dir: Path, settings: Settings) -> DrillSync | None:
    """The sync of config.toml's `sync_dir` / `sync_git`, or None."""
    target = settings.sync_target(data_dir)
    if target is None:
        return None
    from quizterm.sync.background import DrillSync

    return DrillSync(data_dir, target[0], git=target[1])


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.config import save_setting
    from quizterm.plan.plans import load_plans
    from quizterm.plan.view import Planning
    from quizterm.scheduler.leech import LeechRule
    from quizterm.scheduler.queue import Limits
    from quizterm.store.drafts import DraftStore

    if not 0 <= args.ahead <= MAX_AHEAD:
        raise UsageError(f"--ahead takes a number of days from 0 to {MAX_AHEAD}, not {args.ahead}")
    clock = make_clock(args.now)
    data_dir, settings = data_dir_and_settings(args)
    plans = load_plans(data_dir)
    settings = settings.with_overrides(new_per_day=args.new_per_day, reviews_per_day=args.reviews_per_day,
                                       day_start_hour=args.day_start_hour, theme=args.theme)
    # The decks live, unchanged, for the whole run: once loaded they are moved out of the collector's
    # sight so its full collections (frequent while Textual starts) do not walk 10,000 cards again and
    # again. (Collection stays on while they load: a cold load makes cyclic garbage.)
    loaded, broken = load_valid_decks(args.paths or default_deck_paths(), data_dir, err,
                                      defer_cache_writes=True, compact=True)
    tags = known_tags(args.tag, loaded.decks)
    gc.freeze()
    from quizterm.store.daily_backup import DailyBackup
    from quizterm.tui.app import QuiztermApp

    daily = DailyBackup(data_dir)
    sync = _drill_sync(data_dir, settings)

    def after_first_screen() -> None:
        """Housekeeping in a background thread once the first screen is up: the deck cache, then the day's
        backup (real clock), which quitting abandons if it is still running, then the sync with the folder
        of config.toml, which quitting stops."""
        try:
            loaded.write_cache()
        finally:
            daily.run(wall_clock())
        if daily.problem:
            # App.notify only posts a message, which Textual makes safe from any thread.
            app.notify(daily.problem, severity="error", timeout=30, markup=False)
        if sync is not None:
            sync.at_start(wall_clock())
            if sync.problem:
                app.notify(sync.problem, severity="warning", timeout=15, markup=False)
            elif sync.imported:
                app.notify(f"synced {plural(sync.imported, 'new event')} from {sync.folder}", timeout=5,
                           markup=False)

    # Drafts are stamped with the real clock whatever `--now` says: they are a safety record, not study.
    with open_progress(data_dir, settings, err) as store, \
            DraftStore.open(store.path, clock=wall_clock) as drafts:
        app = QuiztermApp(
            decks=loaded.decks, broken=broken, store=store, after_first_screen=after_first_screen, clock=clock,
            tags=tags, simulated=args.now is not None,
            limits=Limits(new_per_day=settings.new_per_day, reviews_per_day=settings.reviews_per_day),
            day_start_hour=settings.day_start_hour, theme_name=settings.theme,
            remember_theme=partial(save_setting, data_dir, "theme"), drafts=drafts, live_reload=True,
            timed=args.timed,
            leech=LeechRule(settings.leech_lapses, settings.leech_action), ahead=args.ahead,
            plan=(Planning([card for deck in loaded.decks for card in deck.cards], plans, settings.new_per_day)
                  if plans else None),
        )
        try:
            app.run()
        finally:
            app.stop_watching()
            daily.abandon()
    loaded.write_cache()  # in case the app ended before its background write started; a no-op otherwise
    if daily.problem:
        print(f"quizterm: warning: {daily.problem}", file=err)
    if sync is not None:
        sync.at_quit(wall_clock())  # this sitting's grades to the sync folder (at most a git timeout per command)
        if sync.problem:
            print(f"quizterm: warning: {sync.problem}", file=err)
    if app.farewell:
        print(app.farewell, file=out)
    return app.return_code or 0
