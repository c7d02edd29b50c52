"""`quizterm interview [PATH...] [--questions N] [--minutes M] [--tag TAG]... [--report FILE.md]`: a mock
interview round through the drill's screens, ending with a report (rehearsal/interview*.py)."""

from __future__ import annotations

import argparse
import gc
import math
from collections.abc import Sequence
from functools import partial
from pathlib import Path
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
from quizterm.errors import QuiztermError
from quizterm.rehearsal.interview import DEFAULT_QUESTIONS, DEFAULT_SECONDS, MAX_QUESTIONS

if TYPE_CHECKING:
    from quizterm.deck.cards import Card
    from quizterm.rehearsal.interview_report import RoundReport
    from quizterm.session import DrillSession

NAME = "interview"
MAX_MINUTES = 600


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        NAME, help="a mock interview round: timed questions, follow-ups, a report",
        description="A mock interview round: N cards mixing due, weak and new ones, each timed, a follow-up "
                    "question before each grade, and a report at the end. Grades of cards today's drill would "
                    "ask are real reviews; the others are practice grades that move no schedule.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders")
    parser.add_argument("--questions", type=_questions, default=DEFAULT_QUESTIONS, metavar="N",
                        help=f"questions in the round (default {DEFAULT_QUESTIONS}, at most {MAX_QUESTIONS})")
    parser.add_argument("--minutes", type=_minutes, metavar="M",
                        help="the round's time, shared equally over its questions (a card's or deck's time_limit "
                             f"wins); default {DEFAULT_SECONDS // 60} minutes a question")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only cards with this tag (repeat for any of several)")
    parser.add_argument("--report", metavar="FILE.md",
                        help="also write the report as Markdown (appended to the file if it exists)")
    parser.add_argument("--theme", metavar="NAME", help="colour theme (as for drill)")
    add_day_start(parser)
    add_data_dir(parser)


def _questions(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of questions such as 6, not {text!r}") from None
    if not 1 <= value <= MAX_QUESTIONS:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_QUESTIONS} questions, not {value}")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected minutes such as 20 or 7.5, not {text!r}") from None
    if not (math.isfinite(value) and 0 < value <= MAX_MINUTES):
        raise argparse.ArgumentTypeError(f"expected more than 0 and at most {MAX_MINUTES} minutes, not {text}")
    return value


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizterm.config import save_setting
    from quizterm.plan.plans import load_plans
    from quizterm.plan.view import Planning
    from quizterm.rehearsal.interview_session import InterviewSession
    from quizterm.rehearsal.report_file import check_report_path
    from quizterm.scheduler.leech import LeechRule
    from quizterm.scheduler.queue import Limits, filter_cards
    from quizterm.store.drafts import DraftStore

    report_path = Path(args.report) if args.report else None
    if report_path is not None:
        check_report_path(report_path)  # before the round: a typo must not cost one
    clock = make_clock(args.now)
    data_dir, settings = data_dir_and_settings(args)
    plans = load_plans(data_dir)  # today's drill follows them: so does which grade is real
    settings = settings.with_overrides(day_start_hour=args.day_start_hour, theme=args.theme)
    loaded, broken = load_valid_decks(args.paths or default_deck_paths(), data_dir, err, compact=True)
    for deck in broken:
        print(f"quizterm: warning: left out: {deck.first.format()}", file=err)
    tags = known_tags(args.tag, loaded.decks)
    gc.freeze()
    from quizterm.tui.app import QuiztermApp

    with open_progress(data_dir, settings, err) as store, DraftStore.open(store.path, clock=wall_clock) as drafts:
        every_card = [card for deck in loaded.decks for card in deck.cards]
        cards = filter_cards(every_card, tags)
        session = InterviewSession(cards=cards, store=store, clock=clock, day_start_hour=settings.day_start_hour,
                                   limits=Limits(new_per_day=settings.new_per_day,
                                                 reviews_per_day=settings.reviews_per_day),
                                   drafts=drafts, leech=LeechRule(settings.leech_lapses, settings.leech_action),
                                   plan=Planning(every_card, plans) if plans else None,
                                   questions=args.questions, minutes=args.minutes)
        if not session.round.questions:
            raise QuiztermError("nothing to ask: no card of these decks is due, seen before, or new within today's "
                                "new-card limit (raise new_per_day in config.toml, or name other decks)")

        def the_round(_: Sequence[Card]) -> DrillSession:
            return session  # made above, from the same cards: the round is known before the first screen

        def say_why_short() -> None:
            if note := session.round.shortfall_note():
                app.notify(note, severity="warning", timeout=10, markup=False)

        app = QuiztermApp(decks=loaded.decks, store=store, clock=clock, tags=tags, simulated=args.now is not None,
                          day_start_hour=settings.day_start_hour, theme_name=settings.theme,
                          remember_theme=partial(save_setting, data_dir, "theme"), drafts=drafts,
                          session_factory=the_round, after_first_screen=say_why_short)
        app.report_path = str(report_path) if report_path is not None else None
        try:
            app.run()
        finally:
            report = session.report()
            if report_path is not None:
                _write(report_path, report, out)
    print(_farewell(report), file=out)
    if app.kept_draft:
        from quizterm.tui.app import KEPT_DRAFT

        print(KEPT_DRAFT, file=out)
    return app.return_code or 0


def _write(path: Path, report: RoundReport, out: TextIO) -> None:
    """Write the report; if that fails, say why in one line and print the Markdown instead, so nothing is
    lost (the grades are in the log whatever happens)."""
    from quizterm.rehearsal.interview_report import render_markdown
    from quizterm.rehearsal.report_file import write_report

    markdown = render_markdown(report)
    try:
        appended = write_report(path, markdown)
    except QuiztermError:
        print(markdown, file=out)
        raise
    print(f"Report {'appended to' if appended else 'written to'} {path}.", file=out)


def _farewell(report: RoundReport) -> str:
    if not report.answered:
        return "Interview round ended before the first answer; nothing was graded."
    return (f"{report.headline()} Coverage: {report.coverage_text()}; "
            f"{report.real} real, {report.answered - report.real} practice.")
