"""`quizterm cram [PATH...] [--tag TAG]... [--weakest N]`: practise now, weakest first, moving no schedule."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
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
    from quizterm.deck.cards import Card
    from quizterm.session import DrillSession

NAME = "cram"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="practise now, weakest cards first, without moving any schedule",
                            description="Practise the cards now, weakest first (lowest predicted recall, then "
                                        "missed key points, then lapses). Grades are practice grades: logged, "
                                        "never scheduling a card or counting in limits and statistics.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only cards with this tag (repeat for any of several)")
    parser.add_argument("--weakest", type=int, metavar="N", help="only the N weakest cards")
    parser.add_argument("--theme", metavar="NAME", help="colour theme (as for drill)")
    add_day_start(parser)
    add_data_dir(parser)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.config import save_setting
    from quizterm.plan.cram import CramSession
    from quizterm.plan.plans import load_plans
    from quizterm.plan.view import Planning
    from quizterm.store.drafts import DraftStore

    if args.weakest is not None and args.weakest < 1:
        raise UsageError(f"--weakest takes a number of cards from 1 up, not {args.weakest}")
    clock = make_clock(args.now)
    data_dir, settings = data_dir_and_settings(args)
    settings = settings.with_overrides(day_start_hour=args.day_start_hour, theme=args.theme)
    loaded, broken = load_valid_decks(args.paths or default_deck_paths(), data_dir, err, compact=True)
    for deck in broken:
        print(f"quizterm: warning: left out: {deck.first.format()}", file=err)
    tags = known_tags(args.tag, loaded.decks)
    gc.freeze()
    from quizterm.tui.app import QuiztermApp

    with open_progress(data_dir, settings, err) as store, \
            DraftStore.open(store.path, clock=wall_clock) as drafts:

        made: list[CramSession] = []
        plans = load_plans(data_dir)
        planning = (Planning([card for deck in loaded.decks for card in deck.cards], plans, settings.new_per_day)
                    if plans else None)

        def cram(cards: Sequence[Card]) -> DrillSession:
            made.append(CramSession(cards=cards, store=store, clock=clock, day_start_hour=settings.day_start_hour,
                                    drafts=drafts, weakest=args.weakest, plan=planning))
            return made[-1]

        app = QuiztermApp(decks=loaded.decks, store=store, clock=clock, tags=tags, simulated=args.now is not None,
                          day_start_hour=settings.day_start_hour, theme_name=settings.theme,
                          remember_theme=partial(save_setting, data_dir, "theme"), drafts=drafts,
                          session_factory=cram)
        app.run()
        practised = sum(session.summary().graded for session in made)
    if practised:
        print(f"{plural(practised, 'practice grade')} saved; no due date moved.", file=out)
    return app.return_code or 0
