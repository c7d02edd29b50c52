"""`quizterm plan DATE [PATH...]`, `quizterm plan [PATH...]`, `quizterm plan --clear [PATH...]`: interview plans."""

from __future__ import annotations

import argparse
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, TextIO

from quizterm.commands.common import (
    add_data_dir,
    add_day_start,
    data_dir_and_settings,
    default_deck_paths,
    load_valid_decks,
    make_clock,
    open_progress,
)
from quizterm.errors import UsageError
from quizterm.words import plural

if TYPE_CHECKING:
    from quizterm.plan.report import PlanReport

NAME = "plan"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DAYS_PER_LINE = 6


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(NAME, help="set, show or clear an interview date for decks",
                            description="`plan DATE [PATH...]` sets the interview date (a study day, "
                                        "YYYY-MM-DD) for the decks (default: what `quizterm` would drill); "
                                        "`plan [PATH...]` shows the plans; `plan --clear [PATH...]` removes "
                                        "those decks from every plan.")
    parser.add_argument("args", nargs="*", metavar="DATE|PATH", help="the interview date, then deck files or folders")
    parser.add_argument("--clear", action="store_true", help="remove the decks from every plan")
    parser.add_argument("--json", action="store_true", help="print one JSON object (see README)")
    add_day_start(parser)
    add_data_dir(parser)


def _split(args: argparse.Namespace) -> tuple[date | None, list[str]]:
    """The DATE (when the first argument is one) and the paths."""
    given = list(args.args)
    if not given or not _DATE.fullmatch(given[0]):
        return None, given
    try:
        day = date.fromisoformat(given[0])
    except ValueError:
        raise UsageError(f"{given[0]!r} is not a date; write the interview day as YYYY-MM-DD, "
                         "e.g. 2026-12-22") from None
    if args.clear:
        raise UsageError("--clear takes deck paths, not a date: it removes the decks from every plan")
    return day, given[1:]


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from quizterm.plan.plans import Plan, load_plans, save_plans, with_plan, without_decks
    from quizterm.plan.report import close_date_warning, plan_reports
    from quizterm.plan.view import Planning, window_for
    from quizterm.scheduler.day import study_day

    interview, paths = _split(args)
    clock = make_clock(args.now)
    data_dir, settings = data_dir_and_settings(args)
    settings = settings.with_overrides(day_start_hour=args.day_start_hour)
    today = study_day(clock(), settings.day_start_hour)
    if interview is not None and interview < today:
        raise UsageError(f"{interview.isoformat()} is in the past (today is the study day {today.isoformat()}); "
                         "give the interview day ahead")
    loaded, broken = load_valid_decks(paths or default_deck_paths(), data_dir, err)
    for broken_deck in broken:
        print(f"quizterm: warning: left out: {broken_deck.first.format()}", file=err)
    names = tuple(sorted({deck.key for deck in loaded.decks}))
    cards = [card for deck in loaded.decks for card in deck.cards]
    plans = load_plans(data_dir)
    messages: list[str] = []
    with open_progress(data_dir, settings, err) as store:
        if args.clear:
            plans, changed = without_decks(plans, names)
            save_plans(data_dir, plans)
            removed = [name for name in names if any(name in plan.decks for plan in changed)]
            messages.append(f"Removed {', '.join(removed)} from {plural(len(changed), 'plan')}." if changed
                            else f"No plan covers {', '.join(names)}.")
        elif interview is not None:
            new = Plan(date=interview, decks=names, set_on=today,
                       window_from=window_for(cards, names, interview, today, store, settings.new_per_day))
            plans = with_plan(plans, new)
            save_plans(data_dir, plans)
            messages.append(f"Interview on {interview.isoformat()} for {', '.join(names)}: "
                            f"{plural(new.days_left(today), 'study day')} left.")
        states = store.states()
        view = Planning(cards, plans, settings.new_per_day).view(store, today, states)
        reports = plan_reports(plans, view, states, store.memories(), today)
    warnings: list[str] = []
    if interview is not None:
        mine = next((r for r in reports if r.plan.decks == names and r.plan.date == interview), None)
        unseen = mine.unseen if mine is not None else 0
        if (warning := close_date_warning((interview - today).days, unseen)) is not None:
            warnings.append(warning)
        for deck, follows in _overridden(reports, names, interview):
            warnings.append(f"{deck} follows the plan for {follows.isoformat()} (the earliest date wins); "
                            f"`quizterm plan --clear` it first to follow {interview.isoformat()}")
    for warning in warnings:
        print(f"quizterm: warning: {warning}", file=err)
    if args.json:
        body = {"today": today.isoformat(), "plans": [report.to_json() for report in reports], "warnings": warnings}
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        return 0
    lines = [*messages, *([""] if messages else [])]
    if not reports:
        lines.append("No interview plan. Set one with `quizterm plan YYYY-MM-DD [PATH...]`.")
    for report in reports:
        lines += render_report(report)
    out.write("\n".join(lines).rstrip("\n") + "\n")
    return 0


def _overridden(reports: list[PlanReport], names: tuple[str, ...], interview: date) -> list[tuple[str, date]]:
    """Decks of the plan just set that follow an earlier plan."""
    found = []
    for deck in names:
        earlier = [r.plan.date for r in reports if r.active and deck in r.plan.decks and r.plan.date < interview]
        if earlier:
            found.append((deck, min(earlier)))
    return found


def render_report(report: PlanReport) -> list[str]:
    """One plan as text: a block of lines ending with a blank one."""
    plan = report.plan
    decks = ", ".join(plan.decks)
    if not report.active:
        return [f"Interview on {plan.date.isoformat()} ({decks}): over", ""]
    lines = [f"Interview on {plan.date.isoformat()} ({decks}): {plural(report.days_left, 'study day')} left"]
    if not report.cards:
        return [*lines, *(f"  ✗ {problem}" for problem in report.problems), ""]
    lines.append(f"  {plural(report.cards, 'card')}: {report.unseen} unseen · {report.learning} learning · "
                 f"{report.mature} mature")
    window = plan.window_from.isoformat() if plan.window_from > report.today else "today"
    lines.append(f"  final window from {window}: every card gets one successful review in it")
    if report.load:
        lines.append(f"  today: {plural(report.load[0], 'review')} expected ({report.new_today} new)")
        cells = [f"{report.today + timedelta(days=i):%m-%d} {load:>3}" for i, load in enumerate(report.load)]
        lines.append("  each day left (expected reviews):")
        for start in range(0, len(cells), DAYS_PER_LINE):
            lines.append("    " + "   ".join(cells[start:start + DAYS_PER_LINE]))
    ready = report.readiness
    if ready is not None:
        weakest = ", ".join(f"{c.card_id} {c.recall:.0%}" for c in ready.weakest[:5])
        lines.append(f"  readiness on {plan.date.isoformat()} if you stopped now: mean recall {ready.mean:.0%}, "
                     f"{ready.share_below:.0%} of cards below {ready.threshold:.0%}"
                     + (f" ({ready.unseen} unseen count as 0)" if ready.unseen else ""))
        if weakest:
            lines.append(f"  weakest: {weakest}")
    lines += [f"  ✗ cannot fit: {problem}" for problem in report.problems]
    return [*lines, ""]
