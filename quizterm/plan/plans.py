"""Interview plans as the user set them: `<data dir>/plans.toml`.

A plan is a date and the deck names it covers (deck names, not paths: moving a folder keeps its plan),
with the study day it was set on and the first day of its final window (chosen then, see planner.py).
Plans are settings, not progress: they say what the user intends, they are never replayed from the review
log, and a restored backup of the progress database must not take an interview date away or bring an old
one back. So they live in a small file of their own beside `config.toml` (whose keys are flat), written
whole by quizterm and atomically replaced; a file quizterm cannot read is an error naming it, never
silently ignored or overwritten.

Where plans overlap (a deck in two plans), the earliest date still ahead wins; a plan whose date has
come is over and no longer moves anything (it stays listed until cleared).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from quizterm.errors import QuiztermError

Day = date  # a study day (the name `date` is a field of `Plan`)
PLANS_NAME = "plans.toml"
_HEADER = ("# Interview plans, written by `quizterm plan` (see its --help). One [[plan]] per date and set of\n"
           "# decks; a deck in several plans follows the earliest date still ahead.\n")


@dataclass(frozen=True, slots=True)
class Plan:
    """One interview date for some decks."""

    date: Day  # the interview day: the plan is over on it
    decks: tuple[str, ...]  # deck names (deck file names without .yaml), sorted
    set_on: Day  # the study day the plan was set
    window_from: Day  # the first study day of the final window

    def active_on(self, today: Day) -> bool:
        return today < self.date

    def days_left(self, today: Day) -> int:
        """Study days left before the date, today included (0 once the date has come)."""
        return max(0, (self.date - today).days)


def plans_path(data_dir: Path) -> Path:
    return data_dir / PLANS_NAME


def load_plans(data_dir: Path) -> list[Plan]:
    """The plans in `plans.toml`, in the file's order; none when it does not exist."""
    path = plans_path(data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise QuiztermError(f"{path}: cannot read the plans ({exc.strerror})") from None
    import tomllib  # only when the file exists: most starts have none, and the parser is ~1.5 ms to import

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise QuiztermError(f"{path}: not valid TOML ({exc}); fix it or remove it (`quizterm plan --clear` "
                            "cannot read it either)") from None
    unknown = set(data) - {"plan"}
    if unknown:
        raise QuiztermError(f"{path}: unknown key {sorted(unknown)[0]!r}; plans are [[plan]] tables")
    entries = data.get("plan", [])
    if not isinstance(entries, list):
        raise QuiztermError(f"{path}: `plan` must be a list of tables ([[plan]])")
    return [_plan_from(entry, f"{path}: plan {number}") for number, entry in enumerate(entries, 1)]


def _plan_from(entry: object, where: str) -> Plan:
    if not isinstance(entry, dict):
        raise QuiztermError(f"{where}: must be a table with date, decks, set_on and window_from")
    missing = {"date", "decks", "set_on", "window_from"} - set(entry)
    extra = set(entry) - {"date", "decks", "set_on", "window_from"}
    if missing or extra:
        name = sorted(missing)[0] if missing else sorted(extra)[0]
        raise QuiztermError(f"{where}: {'missing' if missing else 'unknown'} key {name!r}")
    for key in ("date", "set_on", "window_from"):
        if type(entry[key]) is not date:
            raise QuiztermError(f"{where}: {key} must be a date written as 2026-12-22, not {entry[key]!r}")
    decks = entry["decks"]
    if not isinstance(decks, list) or not decks or not all(isinstance(d, str) and d for d in decks):
        raise QuiztermError(f"{where}: decks must be a non-empty list of deck names")
    plan = Plan(date=entry["date"], decks=tuple(sorted(set(decks))), set_on=entry["set_on"],
                window_from=entry["window_from"])
    if not plan.set_on <= plan.window_from <= plan.date:
        raise QuiztermError(f"{where}: window_from must lie between set_on and date")
    return plan


def save_plans(data_dir: Path, plans: Sequence[Plan]) -> None:
    """Write `plans` as the whole file (atomically: a crash leaves the old file or the new one)."""
    from quizterm.config import _replace_text

    parts = [_HEADER]
    for plan in plans:
        decks = ", ".join(_quoted(deck) for deck in plan.decks)
        parts.append(f"\n[[plan]]\ndate = {plan.date.isoformat()}\ndecks = [{decks}]\n"
                     f"set_on = {plan.set_on.isoformat()}\nwindow_from = {plan.window_from.isoformat()}\n")
    _replace_text(plans_path(data_dir), "".join(parts))


def _quoted(text: str) -> str:
    """A TOML basic string (deck names are file names: any character may occur)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def with_plan(plans: Sequence[Plan], new: Plan) -> list[Plan]:
    """`plans` with `new` in place of the plan for the same decks (or added after the others)."""
    found = [new if plan.decks == new.decks else plan for plan in plans]
    return found if new in found else [*plans, new]


def without_decks(plans: Sequence[Plan], decks: Iterable[str]) -> tuple[list[Plan], list[Plan]]:
    """`plans` with `decks` taken out of every plan (plans left with no deck go), and the plans changed."""
    gone = set(decks)
    kept: list[Plan] = []
    changed: list[Plan] = []
    for plan in plans:
        left = tuple(deck for deck in plan.decks if deck not in gone)
        if left != plan.decks:
            changed.append(plan)
        if left:
            kept.append(plan if left == plan.decks else replace(plan, decks=left))
    return kept, changed


def winning_plans(plans: Iterable[Plan], today: date) -> dict[str, Plan]:
    """Each deck's plan on `today`: among its plans still ahead, the one with the earliest date (on a tie,
    the one listed first)."""
    found: dict[str, Plan] = {}
    for plan in plans:
        if not plan.active_on(today):
            continue
        for deck in plan.decks:
            if deck not in found or plan.date < found[deck].date:
                found[deck] = plan
    return found


def days_left_by_deck(plans: Iterable[Plan], today: date) -> Mapping[str, int]:
    """For the deck list: study days left before each planned deck's interview."""
    return {deck: plan.days_left(today) for deck, plan in winning_plans(plans, today).items()}
