"""Options and helpers shared by several commands: the data directory, the clock, the decks."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizterm.errors import QuiztermError, UsageError

if TYPE_CHECKING:
    from quizterm.config import Settings
    from quizterm.deck.cards import Deck
    from quizterm.deck.loader import BrokenDeck, LoadResult
    from quizterm.store.progress import ProgressStore

Clock = Callable[[], datetime]


def add_data_dir(parser: argparse.ArgumentParser, *, now: bool = True) -> None:
    """`--data-dir`, and `--now` for commands that act at a moment."""
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where progress, backups and settings live (default: $QUIZTERM_DATA_DIR, "
                             "else the platform's user data directory)")
    if now:
        parser.add_argument("--now", metavar="ISO",
                            help="act at this moment instead of the real one, e.g. 2026-11-27 or "
                                 "2026-11-27T21:30: what is due, study days, grade times; grades given "
                                 "are real grades (backups always follow the real clock)")


def add_day_start(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--day-start-hour", type=int, metavar="H",
                        help="local hour at which a new study day starts (default 4, or config.toml)")


def wall_clock() -> datetime:
    """The real time, whatever `--now` says: for safety (backups are named, kept and chosen by it)."""
    return datetime.now().astimezone()


def make_clock(now_option: str | None) -> Clock:
    """The clock quizterm acts by (the only other place it reads the time, beside `wall_clock`). `--now`
    fixes the start; time then runs on from it."""
    if now_option is None:
        return wall_clock
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


def data_dir_and_settings(args: argparse.Namespace) -> tuple[Path, Settings]:
    """The data directory named by the options (or the default) and its `config.toml`."""
    from quizterm.config import load_settings
    from quizterm.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    return data_dir, load_settings(data_dir)


def open_progress(data_dir: Path, settings: Settings, err: TextIO) -> ProgressStore:
    """Open the data directory's progress store under the configured scheduler, the way every command
    does: backups of a migration named by the real clock, and a one-time upgrade announced on `err`."""
    from quizterm.store.progress import ProgressStore

    return ProgressStore.open(data_dir, real_now=wall_clock(), scheduler=settings.make_scheduler(),
                              notice=lambda message: print(f"quizterm: {message}", file=err, flush=True))


def load_valid_decks(paths: Sequence[str | Path], data_dir: Path | None, err: TextIO, *,
                     defer_cache_writes: bool = False, compact: bool = False) -> tuple[LoadResult, list[BrokenDeck]]:
    """Load decks through the shared loader: the valid decks, and the broken files of folders set aside.

    A broken file named directly (or a folder without one valid deck) prints every located error once
    and stops the command. Without a data directory the deck cache is not used (a command that reads no
    progress need not create one).
    """
    from quizterm.deck.loader import load_decks
    from quizterm.deck.problems import DeckError

    cache_dir = data_dir / "deck-cache" if data_dir is not None else None
    result = load_decks(paths, cache_dir=cache_dir, defer_cache_writes=defer_cache_writes,
                        compact=compact, warnings=False)  # no command using it shows warnings: `validate` does
    try:
        return result, result.broken_in_folders()
    except DeckError as exc:
        for problem in exc.problems:
            print(problem.format(), file=err)
        raise QuiztermError(f"{exc.summary}, listed above") from None


def known_tags(given: Sequence[str], decks: Sequence[Deck]) -> tuple[str, ...]:
    """The `--tag` values of drill, cram and interview as tags (`#` dropped, lower-cased); a tag no card
    has is a usage error, not an empty drill that looks like "nothing is due"."""
    if not given:  # no pass over every card's tags (10,000 cards: a few ms of start-up)
        return ()
    from quizterm.deck.tags import all_tags, no_card_has, parse_tags, unknown_tags

    tags = parse_tags(" ".join(given))
    unknown = unknown_tags(tags, known := all_tags(decks))
    if unknown:
        raise UsageError(f"--tag {unknown[0]}: {no_card_has(unknown[0], known)}")
    return tags
