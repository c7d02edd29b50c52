"""An interview round against a real store: real grades for the cards today's drill would ask, practice
grades (which never move a schedule) for the rest, the new-card limit, undo, and the report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.deck.cards import Card
from quizterm.rehearsal.checklist import FollowUpAnswer
from quizterm.rehearsal.interview_session import InterviewSession, missed_shares
from quizterm.scheduler.queue import Limits
from quizterm.store.progress import ProgressStore
from quizterm.store.summary_reads import PointTally

from .rehearsal.sample import DROPOUT, GOOD_ANSWER
from .test_session_rehearsal import Ticking

DAY1 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def plain(card_id: str) -> Card:
    return Card(id=card_id, deck="dl", question=f"{card_id}?", short_answer="a")


DECK = [DROPOUT, *(plain(i) for i in ("b", "c", "d", "e"))]


def seed(store: ProgressStore) -> None:
    """On the 20th dropout is graded 4 and b 1 (both due on the 21st: overdue today, the 26th); c is graded 5
    on the 20th and again on the 21st (due on the 27th: not due today); d and e are new."""
    for card_id, grade in (("dropout", 4), ("b", 1), ("c", 5)):
        store.record_grade(card_id=card_id, deck="dl", grade=grade, moment=DAY1, day=DAY1.date())
    later = DAY1 + timedelta(days=1)
    store.record_grade(card_id="c", deck="dl", grade=5, moment=later, day=later.date())


def interview(store: ProgressStore, *, questions: int = 6, new_per_day: int = 20,
              minutes: float | None = None) -> InterviewSession:
    return InterviewSession(cards=DECK, store=store, clock=Ticking(NOW), limits=Limits(new_per_day=new_per_day),
                            questions=questions, minutes=minutes)


def test_a_round_mixes_due_weak_and_new_and_grades_the_due_and_new_ones_for_real(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        seed(store)
        c_before = store.state("c")
        round_ = interview(store, new_per_day=1)
        assert [(q.card.id, q.pool, q.real) for q in round_.round.questions] == [
            ("dropout", "due", True), ("c", "weak", False), ("d", "new", True), ("b", "due", True)]
        assert round_.round.short
        assert round_.time_limit(DROPOUT) == 180
        for grade in (5, 2, 4, 3):
            card = round_.current()
            assert card is not None
            round_.grade(card, grade, answer="x", seconds=10.0, checklist=round_.checklist(card, "x"))
        assert round_.current() is None
        assert [entry.kind for entry in store.card_log("c")] == ["grade", "grade", "practice"]
        assert [review.kind for review in store.history("d")] == ["grade"]
        assert store.state("c") == c_before  # a practice grade never moves a schedule
        assert store.state("d").due is not None  # the new card was introduced for real
        assert store.state("dropout").reps == 2
        report = round_.report()
    assert [(r.card_id, r.real, r.grade) for r in report.results] == [
        ("dropout", True, 5), ("c", False, 2), ("d", True, 4), ("b", True, 3)]
    assert report.finished and report.note.startswith("Only 4 questions of the 6")


def test_follow_ups_count_in_the_suggested_grade_logged_with_the_grade(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        seed(store)
        round_ = interview(store, questions=1)
        assert round_.current() == DROPOUT and round_.follow_up_first(DROPOUT)
        probe = round_.next_follow_up(DROPOUT)
        assert probe is not None
        answer = FollowUpAnswer(probe.question, "no", answered=False)
        round_.answer_follow_up(DROPOUT, answer)
        marks = round_.checklist(DROPOUT, GOOD_ANSWER).with_follow_up(answer)
        assert marks.suggested == 3  # round(5 × 2 / (3 + 1)) = 3 (2.5 rounds up)
        round_.grade(DROPOUT, 3, answer=GOOD_ANSWER, seconds=30.0, checklist=marks, time_up=True)
        [_, review] = store.history("dropout")
        result = round_.report().results[0]
    assert (review.details.suggested, review.details.accepted, review.details.time_limit,
            review.details.time_up) == (3, True, 180, True)
    assert result.follow_ups == (answer,) and result.suggested == 3 and result.time_up


def test_undo_takes_back_a_practice_grade_and_a_real_one_and_asks_the_card_again(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        seed(store)
        round_ = interview(store, new_per_day=0)
        dropout_before = store.state("dropout")
        round_.grade(DROPOUT, 5)
        weak = round_.current()
        assert weak is not None and weak.id == "c"
        round_.grade(weak, 1, answer="typed")
        assert round_.undo() is not None
        assert round_.current() == weak
        assert round_.undo() is not None
        assert round_.current() == DROPOUT and store.state("dropout") == dropout_before
        assert round_.report().results == ()
        assert round_.undo() is None


def test_missed_shares_count_only_the_cards_current_key_points() -> None:
    tallies = [PointTally("dropout", "dropout is turned off at INFERENCE", 4, 1),
               PointTally("dropout", "an old point", 9, 0), PointTally("b", "x", 3, 0)]
    assert missed_shares(DECK, tallies) == {"dropout": 0.75}


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=6), st.integers(0, 3))
def test_practice_grades_never_change_a_due_date_or_interval_and_new_cards_stay_within_the_limit(
        grades: list[int], new_per_day: int) -> None:
    with TemporaryDirectory() as folder, ProgressStore.open(Path(folder), real_now=NOW) as store:
        seed(store)
        before = store.states()
        round_ = interview(store, new_per_day=new_per_day)
        practice = {q.card.id for q in round_.round.questions if not q.real}
        for grade in grades:
            card = round_.current()
            if card is None:
                break
            round_.grade(card, grade)
        after = store.states()
        today = round_.today
        introduced = [card_id for card_id in after if card_id not in before and after[card_id].due is not None]
        assert len(introduced) <= new_per_day
        for card_id in practice:
            assert (after[card_id].due, after[card_id].interval) == (before[card_id].due, before[card_id].interval)
        assert all(event.card_id not in practice for event in store.grades_on(today))
        assert today == date(2026, 11, 26)


def test_cards_changed_on_disk_are_asked_as_they_are_now_and_a_removed_one_leaves_the_round(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, real_now=NOW) as store:
        seed(store)
        round_ = interview(store, new_per_day=1)
        round_.grade(DROPOUT, 4)
        edited = Card(id="c", deck="dl", question="c, reworded?", short_answer="a")
        round_.use_cards([DROPOUT, edited, plain("b")])  # d removed
        assert [q.card.question for q in round_.round.questions] == [DROPOUT.question, "c, reworded?", "b?"]
        assert round_.current() == edited and round_.counts.heading.startswith("interview: question 2 of 3")
