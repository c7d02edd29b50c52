"""An interview round as a session: the round's cards (interview.py) through the drill's screens.

`InterviewSession` is a `DrillSession`, so the drill's screens and loop run it unchanged: `current` is the
round's next question, `time_limit` its time, `grade` records it. What differs:

- a card today's drill would ask gets a real grade (`DrillSession.grade`: the drill's rules, the new-card
  limit, the leech rule); any other card a practice grade (`record_practice`), which never moves a
  schedule. Both keep the checklist's marks, the suggested grade (follow-ups counted) and the time;
- each card is asked once: a card failed in the round does not come back in it (a real grade below 4
  still brings it back in today's drill, as any grade does);
- one follow-up question is asked before the grade (the app asks it between the answer and the rubric:
  `follow_up_first`), and counts in the suggested grade like a key point;
- it ends with a report (interview_report.py) instead of the drill's summary; quitting early reports
  what was answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from quizterm.deck.cards import Card, comparable
from quizterm.plan.readiness import predicted_recall
from quizterm.rehearsal.checklist import Checklist
from quizterm.rehearsal.interview import DEFAULT_QUESTIONS, Round, RoundQuestion, pick_round
from quizterm.rehearsal.interview_report import QuestionResult, RoundReport
from quizterm.scheduler.queue import QueueCounts
from quizterm.session import DrillSession
from quizterm.store.kinds import GRADE, PRACTICE

if TYPE_CHECKING:
    from quizterm.store.events import Grade
    from quizterm.store.progress import ProgressStore, Review
    from quizterm.store.summary_reads import PointTally


def missed_shares(cards: Sequence[Card], tallies: Sequence[PointTally]) -> dict[str, float]:
    """Per card, the share of its key points its scheduling grades missed: over the card's current key points
    (compared by text as stats does), missed marks / times asked. Cards never asked a point are absent."""
    points = {card.id: {comparable(point.text) for point in card.key_points} for card in cards if card.key_points}
    asked: dict[str, int] = {}
    missed: dict[str, int] = {}
    for tally in tallies:
        current = points.get(tally.card_id)
        if current is None or comparable(tally.point) not in current or tally.asked <= 0:
            continue
        asked[tally.card_id] = asked.get(tally.card_id, 0) + tally.asked
        missed[tally.card_id] = missed.get(tally.card_id, 0) + max(0, tally.asked - tally.mentioned)
    return {card_id: missed[card_id] / total for card_id, total in asked.items()}


@dataclass
class InterviewSession(DrillSession):
    """A mock interview round over `cards` (see the module docstring)."""

    questions: int = DEFAULT_QUESTIONS  # --questions
    minutes: float | None = None  # --minutes: the round's time, shared over its questions
    round: Round = field(init=False)
    results: list[QuestionResult] = field(init=False)

    def __post_init__(self) -> None:
        super().__post_init__()  # today's drill queue: which grades are real
        self.results = []
        self.round = self._pick(self.store)

    def _pick(self, store: ProgressStore) -> Round:
        memories = store.memories()
        recall = {card.id: predicted_recall(memories.get(card.id), self.today) for card in self.cards}
        return pick_round(self.cards, self._states, self.queue.upcoming(), store.grades_on(self.today), self.today,
                          questions=self.questions, minutes=self.minutes,
                          missed_share=missed_shares(self.cards, store.point_tallies()), recall=recall)

    # ----- where the round is -------------------------------------------------------------------------
    @property
    def position(self) -> int:
        """How many questions are answered (the index of the current one)."""
        return len(self.results)

    def current_question(self) -> RoundQuestion | None:
        questions = self.round.questions
        return questions[self.position] if self.position < len(questions) else None

    def current(self) -> Card | None:
        question = self.current_question()
        return None if question is None else question.card

    @property
    def counts(self) -> QueueCounts:
        """The round's progress: `heading` says which question this is and whether its grade is real."""
        total = len(self.round.questions)
        question = self.current_question()
        if question is None:
            heading = f"interview: {total} of {total} questions answered"
        else:
            kind = "a real review" if question.real else "practice: moves no schedule"
            heading = f"interview: question {self.position + 1} of {total} · {kind}"
        return QueueCounts(new=0, due=total - self.position, again=0, done=self.position, heading=heading)

    def _question_of(self, card: Card) -> RoundQuestion | None:
        return next((question for question in self.round.questions if question.card.id == card.id), None)

    def time_limit(self, card: Card) -> int | None:
        question = self._question_of(card)
        return None if question is None else question.time_limit

    def follow_up_first(self, card: Card) -> bool:
        """Ask a follow-up before the rubric's grade: the card has one, and it is a question of the round."""
        return bool(card.follow_ups) and self._question_of(card) is not None

    def is_real(self, card: Card) -> bool:
        question = self._question_of(card)
        return question is not None and question.real

    def use_cards(self, cards: Sequence[Card]) -> None:
        """A deck changed on disk: the round's cards are shown as they are now; a card removed from its deck
        leaves the round (unless already answered); no card joins it."""
        by_id = {card.id: card for card in cards}
        answered = {result.card_id for result in self.results}
        kept = tuple(question if question.card.id in answered else RoundQuestion(by_id[question.card.id],
                                                                                   question.pool, question.real,
                                                                                   question.time_limit)
                     for question in self.round.questions if question.card.id in by_id or question.card.id in answered)
        self.round = Round(kept, self.round.asked_for, self.round.new_left_today)
        self.cards = list(cards)

    # ----- intents ------------------------------------------------------------------------------------
    def grade(self, card: Card, grade: int, *, answer: str = "", seconds: float = 0.0,
              checklist: Checklist | None = None, time_up: bool = False) -> Review:
        """Record the grade (committed before returning): a real grade for a card today's drill would ask, a
        practice grade for any other; then the round moves to its next question."""
        question = self._question_of(card)
        marks = checklist or Checklist()
        if question is not None and question.real:
            review = super().grade(card, grade, answer=answer, seconds=seconds, checklist=marks, time_up=time_up)
        else:
            review = self.practise(card, grade, answer=answer, seconds=seconds, checklist=marks, time_up=time_up)
        number = self.position + 1
        self.results.append(QuestionResult(
            number=number, card_id=card.id, deck=card.deck, question=card.question,
            pool=question.pool if question is not None else "weak", real=review.kind == GRADE, seconds=seconds,
            time_limit=self.time_limit(card) or 0, time_up=time_up, points=marks.points,
            mentioned=marks.mentioned_points, mistakes=marks.made_mistakes, follow_ups=marks.follow_ups,
            grade=grade, suggested=marks.suggested))
        return review

    def undo(self) -> Grade | None:
        """Undo the round's last grade (real or practice): its card is the current question again, its rubric
        shown as it was. A real grade's state is restored exactly (`DrillSession.undo`). Nothing before the
        round's first answer is undone here."""
        if not self.results:
            return None
        found = self.store.undo_last(kinds=(GRADE, PRACTICE), moment=self.clock(), day=self.today)
        if found is None:
            return None
        undone = cast("Grade", found)
        if undone.answer and not self.draft(undone.card_id):
            self.save_draft(undone.card_id, undone.answer)
        if self._reviews and self._reviews[-1].event_id == undone.event_id:
            self._reviews.pop()
        if self.results and self.results[-1].card_id == undone.card_id:
            self.results.pop()
        self.queue = self._build()  # the drill's queue as it is now (a real grade undone)
        return undone

    def learn_more(self, extra: int = 0) -> int:
        return 0  # a round's size is fixed when it starts

    def more_new(self, extra: int = 0) -> int:
        return 0

    def report(self) -> RoundReport:
        """The round as it went so far: every question answered (all of them once the round is over)."""
        return RoundReport(started=self._started_at, results=tuple(self.results),
                           planned=len(self.round.questions), asked_for=self.round.asked_for,
                           note=self.round.shortfall_note())
