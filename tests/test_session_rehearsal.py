"""The session's rehearsal decisions: the checklist logged with a grade, the next follow-up, time limits,
and the checklist an undo brings back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizterm.deck.cards import Card
from quizterm.rehearsal.checklist import Checklist, FollowUpAnswer
from quizterm.session import DrillSession
from quizterm.store.progress import ProgressStore

from .rehearsal.sample import DROPOUT, GOOD_ANSWER, PLAIN

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
POINTS = tuple(point.text for point in DROPOUT.key_points)
FIRST, SECOND = (probe.question for probe in DROPOUT.follow_ups)


@dataclass
class Ticking:
    """A clock that moves a minute each time it is read, so events keep their order."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def session(store: ProgressStore, *cards: Card, timed: int | None = None) -> DrillSession:
    return DrillSession(cards=list(cards), store=store, clock=Ticking(), timed=timed)


def test_a_grade_records_its_checklist_by_text(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        drill = session(store, DROPOUT)
        marks = drill.checklist(DROPOUT, GOOD_ANSWER).toggle(4)  # the second mistake
        assert marks.suggested == 2  # round(5 × 2/3) − 1
        drill.grade(DROPOUT, 2, answer=GOOD_ANSWER, seconds=40.0, checklist=marks)
        [review] = store.history("dropout")
    details = review.details
    assert details.points == POINTS
    assert details.mentioned == (POINTS[0], POINTS[2])
    assert details.mistakes == (DROPOUT.common_mistakes[1],)
    assert (details.suggested, details.accepted, details.time_limit, details.time_up) == (2, True, None, False)


def test_a_grade_other_than_the_suggestion_is_not_accepted_and_a_plain_card_logs_no_details(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        drill = session(store, DROPOUT, PLAIN)
        drill.grade(DROPOUT, 5, answer=GOOD_ANSWER, checklist=drill.checklist(DROPOUT, GOOD_ANSWER))
        drill.grade(PLAIN, 4, checklist=drill.checklist(PLAIN, "an array"))
        rich, plain = store.history("dropout")[0].details, store.history("plain")[0].details
    assert (rich.suggested, rich.accepted) == (3, False)
    assert plain.points == () and plain.suggested is None and not plain.accepted


def test_time_limits_apply_only_to_a_timed_drill_and_the_card_s_own_wins(tmp_path: Path) -> None:
    limited = Card(id="limited", deck="d", question="q", short_answer="a", time_limit=90)
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        assert session(store, limited, PLAIN).time_limit(limited) is None
        timed = session(store, limited, PLAIN, timed=30)
        assert (timed.time_limit(limited), timed.time_limit(PLAIN)) == (90, 30)
        timed.grade(limited, 1, seconds=90.0, time_up=True)
        timed.grade(PLAIN, 4, seconds=12.5)
        summary = timed.summary()
        reviews = (*store.history("limited"), *store.history("plain"))
        assert [(r.details.time_limit, r.details.time_up) for r in reviews] == [(90, True), (30, False)]
    assert (summary.answering, summary.timed, summary.time_up) == (102.5, 2, 1)


def test_follow_ups_come_least_recently_asked_first(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        drill = session(store, DROPOUT, PLAIN)
        assert drill.next_follow_up(PLAIN) is None
        order = []
        for answered in (True, False, True):
            probe = drill.next_follow_up(DROPOUT)
            assert probe is not None
            order.append(probe.question)
            drill.answer_follow_up(DROPOUT, FollowUpAnswer(probe.question, "typed", answered))
        assert order == [FIRST, SECOND, FIRST]
        assert store.follow_up_counts() == {"dropout": (3, 2)}


def test_undo_brings_back_the_marks_and_the_follow_ups_of_that_rubric(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        drill = session(store, DROPOUT)
        drill.answer_follow_up(DROPOUT, FollowUpAnswer(FIRST, "before any rubric of today", answered=True))
        drill.grade(DROPOUT, 1, answer="nothing")  # that rubric's follow-up belongs to this grade
        asked = FollowUpAnswer(SECOND, "scale at train time", answered=False)
        drill.answer_follow_up(DROPOUT, asked)
        marks = drill.checklist(DROPOUT, GOOD_ANSWER).toggle(1).toggle(2).toggle(3).with_follow_up(asked)
        drill.grade(DROPOUT, 3, answer=GOOD_ANSWER, checklist=marks)
        undone = drill.undo()
        assert undone is not None
        restored = drill.checklist_of(undone, DROPOUT)
        assert restored == marks
        # graded again on the restored rubric, then undone again: the same follow-up carries over
        drill.grade(DROPOUT, 4, answer=GOOD_ANSWER, checklist=restored)
        again = drill.undo()
        assert again is not None and drill.checklist_of(again, DROPOUT) == marks


def test_an_undone_grade_given_without_a_checklist_gets_the_matcher_s_marks(tmp_path: Path) -> None:
    """A grade logged without a checklist (by a tool, or an older quizterm) has no marks to bring back: its
    rubric comes back as a fresh reveal would show it."""
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        drill = session(store, DROPOUT)
        drill.grade(DROPOUT, 4, answer=GOOD_ANSWER)
        undone = drill.undo()
        assert undone is not None
        assert drill.checklist_of(undone, DROPOUT) == Checklist.for_answer(DROPOUT, GOOD_ANSWER)
