"""`quizterm stats`: progress per deck and in total, as text or as one JSON object.

Cost: one pass over the state table (O(cards)) plus queries on the day index: today's grades, the
scheduling grades of the last 30 days, and the graded days back to where the longest streak breaks; and
passes over the log for the ids graded under several deck names (store/shared_ids.py), the key points
of the grades that recorded some and the follow-up answers (rehearsal/coverage.py).
Cards that left the decks keep their progress in the store but are not counted here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from quizterm.deck.cards import Deck
from quizterm.rehearsal.coverage import PointCount, PointTally, WeakPoint, weakest, weakest_lines
from quizterm.scheduler.fsrs import FsrsScheduler, FsrsState
from quizterm.scheduler.leech import LeechRule
from quizterm.scheduler.sm2 import MATURE_REPS, PASSING_GRADE, CardState
from quizterm.store.progress import ProgressStore
from quizterm.words import plural

MAX_SHARED_LISTED = 20  # ids graded under several deck names, listed one by one in the text; --json has all
RETENTION_DAYS = 30


@dataclass(frozen=True, slots=True)
class CardStats:
    """One card of the given decks with what the store knows of it."""

    id: str
    deck: str
    state: CardState  # as the chosen scheduler schedules it: under FSRS, interval and due are FSRS's
    reviews: int = 0  # every grade, drills included
    last_grade: int | None = None
    last_reviewed: datetime | None = None  # aware, UTC
    leech: bool = False  # lapses reached `leech_lapses` (scheduler/leech.py)
    memory: FsrsState = field(default_factory=FsrsState)  # FSRS's memory, whichever scheduler is chosen
    key_points: tuple[PointCount, ...] = ()  # over its scheduling grades, one per key point of the card
    follow_ups: tuple[int, int] = (0, 0)  # follow-up questions asked, of which answered


@dataclass(frozen=True, slots=True)
class Totals:
    """The figures shown for one deck, and for all of them."""

    cards: int
    new: int
    learning: int  # scheduled, reps < MATURE_REPS
    mature: int
    due_today: int  # scheduled cards due today or overdue, neither suspended nor buried today
    reviews_today: int
    reviews_total: int
    streak_days: int  # consecutive study days with a grade, ending today (or yesterday if none yet today)
    scheduling_30d: int  # scheduling grades in the last RETENTION_DAYS study days
    passed_30d: int  # ... of which >= PASSING_GRADE
    next_due: tuple[date, int] | None  # the first due date after today, and how many cards fall on it
    suspended: int = 0
    leeches: int = 0

    @property
    def retention_30d(self) -> float | None:
        return None if self.scheduling_30d == 0 else self.passed_30d / self.scheduling_30d


@dataclass(frozen=True, slots=True)
class DeckStats:
    key: str
    title: str
    totals: Totals
    weakest: tuple[WeakPoint, ...] = ()  # its key points made least often


@dataclass(frozen=True, slots=True)
class Stats:
    today: date
    now: datetime
    cards: tuple[CardStats, ...]
    decks: tuple[DeckStats, ...]
    totals: Totals
    shared_ids: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Card ids of these decks graded under more than one deck name, each with those names: progress
    follows the id, so a copied card shares its original's progress until given an id of its own."""
    fsrs: FsrsScheduler | None = None
    """The FSRS scheduler when it is the chosen one (the JSON then shows each card's FSRS memory)."""
    plan_due: Mapping[str, date] = field(default_factory=dict)
    """The effective due dates an interview plan moves (plan/view.py), by card id."""


def compute_stats(decks: Sequence[Deck], store: ProgressStore, *, now: datetime, today: date,
                  leech: LeechRule | None = None, plan_due: Mapping[str, date] | None = None) -> Stats:
    """Stats of the cards of `decks` (a card id listed twice counts once, in its first deck) on `today`;
    `leech` says which cards are leeches (the default rule when None); `plan_due` the effective due dates
    the interview plans move (shown beside the scheduler's own)."""
    rule = leech or LeechRule()
    records = store.records()
    scheduler = store.scheduler
    tally = PointTally()
    for marked in store.marked_grades():
        tally.add(marked.card_id, marked.points, marked.mentioned)
    follow_ups = store.follow_up_counts()
    cards: list[CardStats] = []
    group_of: dict[str, int] = {}  # card id -> index of its deck; the total is group len(decks)
    for index, deck in enumerate(decks):
        for card in deck.cards:
            if card.id in group_of:
                continue
            group_of[card.id] = index
            record = records.get(card.id)
            points, asked = tuple(tally.counts(card)), follow_ups.get(card.id, (0, 0))
            cards.append(CardStats(id=card.id, deck=deck.key, state=CardState(), key_points=points, follow_ups=asked)
                         if record is None else
                         CardStats(id=card.id, deck=deck.key,
                                   state=scheduler.scheduled_state(record.state, record.memory),
                                   reviews=record.reviews, last_grade=record.last_grade,
                                   last_reviewed=record.last_reviewed, leech=rule.is_leech(record.state),
                                   memory=record.memory, key_points=points, follow_ups=asked))
    total = len(decks)
    groups = range(total + 1)
    today_counts = Counter(event.card_id for event in store.grades_on(today))
    scheduling: Counter[int] = Counter()
    passed: Counter[int] = Counter()
    for card_id, grade in store.scheduling_grades_between(today - timedelta(days=RETENTION_DAYS - 1), today):
        if (group := group_of.get(card_id)) is not None:
            for g in (group, total):
                scheduling[g] += 1
                passed[g] += grade >= PASSING_GRADE
    streaks = _streaks(store, group_of, total, today)
    members: list[list[CardStats]] = [[] for _ in groups]
    for card_stats in cards:
        members[group_of[card_stats.id]].append(card_stats)
        members[total].append(card_stats)
    totals = [_totals(members[g], today, today_counts, streaks[g], scheduling[g], passed[g]) for g in groups]
    shared = tuple((card_id, names) for card_id, names in store.shared_ids().items() if card_id in group_of)
    return Stats(today=today, now=now, cards=tuple(cards),
                 decks=tuple(DeckStats(key=deck.key, title=deck.title, totals=totals[i],
                                       weakest=tuple(weakest((c.id, c.key_points) for c in members[i])))
                             for i, deck in enumerate(decks)),
                 totals=totals[total], shared_ids=shared,
                 fsrs=scheduler if isinstance(scheduler, FsrsScheduler) else None, plan_due=dict(plan_due or {}))


def _totals(cards: list[CardStats], today: date, today_counts: Counter[str], streak: int, scheduling: int,
            passed: int) -> Totals:
    new = learning = mature = due_today = suspended = leeches = 0
    dues: Counter[date] = Counter()
    for card in cards:
        state = card.state
        suspended += state.suspended
        leeches += card.leech
        if state.due is None:
            new += 1
            continue
        if state.reps >= MATURE_REPS:
            mature += 1
        else:
            learning += 1
        if state.suspended:
            continue  # never asked: due on no day
        due = state.due if state.buried_until is None else max(state.due, state.buried_until)
        if due <= today:
            due_today += 1
        else:
            dues[due] += 1
    first = min(dues, default=None)
    return Totals(cards=len(cards), new=new, learning=learning, mature=mature, due_today=due_today,
                  reviews_today=sum(today_counts[card.id] for card in cards),
                  reviews_total=sum(card.reviews for card in cards), streak_days=streak,
                  scheduling_30d=scheduling, passed_30d=passed,
                  next_due=None if first is None else (first, dues[first]), suspended=suspended, leeches=leeches)


def _streaks(store: ProgressStore, group_of: dict[str, int], total: int, today: date) -> list[int]:
    """Each group's streak: walk back through the graded days until every group's run has broken.

    A group's run ends today, or yesterday if it has no grade yet today; any other day without a grade
    ends every run. Cost: the graded days of the longest run, read lazily off the day index.
    """
    streak = [0] * (total + 1)
    alive = set(range(total + 1))
    expected = today
    with closing(store.graded_days(group_of, until=today)) as days:
        for day, graded in days:
            if day != expected and (expected != today or day != today - timedelta(days=1)):
                break  # a day without any grade
            graded.add(total)
            for group in list(alive):
                if group in graded:
                    streak[group] += 1
                elif day != today:  # nothing yet today: the run may still end yesterday
                    alive.discard(group)
            if not alive:
                break
            expected = day - timedelta(days=1)
    return streak


def stats_json(stats: Stats) -> dict[str, object]:
    """The `--json` object: `{"cards": [...], "totals": {...}, "shared_ids": [...]}`."""
    return {"cards": [_card_json(card, stats.today, stats.fsrs, stats.plan_due.get(card.id)) for card in stats.cards],
            "totals": _totals_json(stats.totals),
            "shared_ids": [{"id": card_id, "decks": list(names)} for card_id, names in stats.shared_ids]}


def _card_json(card: CardStats, today: date, fsrs: FsrsScheduler | None = None,
               plan_due: date | None = None) -> dict[str, object]:
    state = card.state
    buried = state.buried_until if state.buried_until is not None and state.buried_until > today else None
    found: dict[str, object] = {
        "id": card.id,
        "deck": card.deck,
        "reps": state.reps,
        "ef": state.ef,
        "interval": state.interval,
        "due": None if state.due is None else state.due.isoformat(),
        "plan_due": None if plan_due is None else plan_due.isoformat(),
        "reviews": card.reviews,
        "lapses": state.lapses,
        "last_grade": card.last_grade,
        "last_reviewed": None if card.last_reviewed is None else _utc_iso(card.last_reviewed),
        "suspended": state.suspended,
        "buried_until": None if buried is None else buried.isoformat(),
        "leech": card.leech,
        "key_points": [{"text": c.text, "mentioned": c.mentioned, "asked": c.asked} for c in card.key_points],
        "follow_ups": {"asked": card.follow_ups[0], "answered": card.follow_ups[1]},
    }
    if fsrs is not None:  # FSRS's memory; `interval` and `due` above are FSRS's already
        memory = card.memory
        found["stability"] = None if memory.stability is None else round(memory.stability, 4)
        found["difficulty"] = None if memory.difficulty is None else round(memory.difficulty, 4)
        found["retrievability"] = None if memory.is_new else round(fsrs.retrievability(memory, today), 4)
    return found


def _totals_json(totals: Totals) -> dict[str, object]:
    retention = totals.retention_30d
    return {
        "cards": totals.cards,
        "new": totals.new,
        "learning": totals.learning,
        "mature": totals.mature,
        "due_today": totals.due_today,
        "reviews_today": totals.reviews_today,
        "reviews_total": totals.reviews_total,
        "streak_days": totals.streak_days,
        "retention_30d": None if retention is None else round(retention, 4),
        "next_due": None if totals.next_due is None else {"date": totals.next_due[0].isoformat(),
                                                          "count": totals.next_due[1]},
        "suspended": totals.suspended,
        "leeches": totals.leeches,
    }


def _utc_iso(moment: datetime) -> str:
    """`2026-11-26T08:30:00Z`; fractions of a second only when there are some."""
    utc = moment.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{utc.microsecond:06d}Z" if utc.microsecond else f"{text}Z"


def render_stats(stats: Stats) -> str:
    """Human-readable stats: a block per deck, then the total."""
    lines = [f"Study day {stats.today.isoformat()}", ""]
    for deck in stats.decks:
        name = deck.key if deck.title in ("", deck.key) else f"{deck.title} [{deck.key}]"
        lines += _render_block(name, deck.totals, deck.weakest)
    lines += _render_block("All decks", stats.totals)
    if stats.shared_ids:
        lines += _render_shared(stats.shared_ids)
    return "\n".join(lines[:-1]) + "\n"


def _render_shared(shared: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    lines = ["Card ids graded under more than one deck name (progress follows the id: expected after renaming a "
             "deck file; a copied card shares it until you give the copy a new id):"]
    lines += [f"  {card_id}: {', '.join(names)}" for card_id, names in shared[:MAX_SHARED_LISTED]]
    if len(shared) > MAX_SHARED_LISTED:
        lines.append(f"  … and {len(shared) - MAX_SHARED_LISTED} more (all of them in `quizterm stats --json`)")
    return [*lines, ""]


def _render_block(name: str, t: Totals, weak: tuple[WeakPoint, ...] = ()) -> list[str]:
    retention = t.retention_30d
    if retention is None:
        recall = f"retention ({RETENTION_DAYS} days): no scheduling grades yet"
    else:
        recall = (f"retention ({RETENTION_DAYS} days): {retention:.0%} "
                  f"({t.passed_30d} of {plural(t.scheduling_30d, 'scheduling grade')} passed)")
    if t.next_due is None:
        upcoming = "next due: nothing scheduled after today"
    else:
        upcoming = f"next due: {t.next_due[0].isoformat()}, {plural(t.next_due[1], 'card')}"
    return [
        f"{name} ({plural(t.cards, 'card')})",
        f"  due today {t.due_today} · new {t.new} · learning {t.learning} · mature {t.mature}"
        + (f" · suspended {t.suspended}" if t.suspended else "") + (f" · leeches {t.leeches}" if t.leeches else ""),
        f"  reviews today {t.reviews_today} · in all {t.reviews_total} · streak {plural(t.streak_days, 'day')}",
        f"  {recall}",
        f"  {upcoming}",
        *weakest_lines(weak),
        "",
    ]
