"""`quizterm stats [PATH...] [--json]`: progress per deck and in total."""

from __future__ import annotations

import argparse
from typing import TextIO

from quizterm.commands.common import (
    add_data_dir,
    add_day_start,
    data_dir_and_settings,
    default_deck_paths,
    load_valid_decks,
    make_clock,
    open_progress,
)

NAME = "stats"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="show progress per deck and in total",
                            description="Show progress per deck and in total.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders")
    parser.add_argument("--json", action="store_true", help="print one JSON object (see README)")
    add_day_start(parser)
    add_data_dir(parser)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from quizterm.deck.problems import count, printable
    from quizterm.plan.plans import load_plans
    from quizterm.plan.view import Planning
    from quizterm.scheduler.day import study_day
    from quizterm.scheduler.leech import LeechRule
    from quizterm.stats import compute_stats, render_stats, stats_json

    clock = make_clock(args.now)
    data_dir, settings = data_dir_and_settings(args)
    settings = settings.with_overrides(day_start_hour=args.day_start_hour)
    loaded, broken = load_valid_decks(args.paths or default_deck_paths(), data_dir, err)
    for deck in broken:  # a deck list's broken file does not hide the progress of the others
        print(f"quizterm: warning: not counted: {deck.first.format()} ({count(deck.errors, 'error')} in this "
              f"deck; `quizterm validate {printable(str(deck.path))}` lists them)", file=err)
    decks = loaded.decks
    now = clock()
    # Reads only: no daily backup (a migration still backs the file up first, by the real clock).
    today = study_day(now, settings.day_start_hour)
    plans = load_plans(data_dir)
    with open_progress(data_dir, settings, err) as store:
        planning = Planning([card for deck in decks for card in deck.cards], plans, settings.new_per_day)
        view = planning.view(store, today) if plans else None
        stats = compute_stats(decks, store, now=now, today=today,
                              leech=LeechRule(settings.leech_lapses, settings.leech_action),
                              plan_due=None if view is None else view.plan_due)
    if args.json:
        out.write(json.dumps(stats_json(stats), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_stats(stats))
    return 0
