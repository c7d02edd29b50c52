"""The marks on one card's rubric: which key points the answer made, which common mistakes it made, and
the follow-up questions asked meanwhile; and the grade they suggest.

A value, not a widget: the rubric screen shows one and replaces it with each toggle, the session builds
it (pre-marked by the matcher) and records it with the grade, and an undo rebuilds it from the review log
so the rubric comes back with the marks as they were. Points and mistakes are kept by their text, as the
log keeps them, so a later edit of the deck cannot move a mark onto another point.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from quizterm.rehearsal.grading import suggested_grade
from quizterm.store.kinds import FollowUpAnswer

if TYPE_CHECKING:
    from quizterm.deck.cards import Card

__all__ = ["Checklist", "FollowUpAnswer"]  # FollowUpAnswer: the store's (kinds.py), the one a follow-up is logged as


@dataclass(frozen=True, slots=True)
class Checklist:
    """Key points (each mentioned or not, with the words of the answer that the matcher took as making
    it), common mistakes (each made or not) and follow-ups asked. Toggling returns a new checklist."""

    points: tuple[str, ...] = ()
    mentioned: tuple[bool, ...] = ()
    evidence: tuple[str, ...] = ()
    """Per point, the answer's words that made the matcher mark it ("" when it did not): shown beside the
    mark so a wrong pre-mark is easy to see and undo."""
    mistakes: tuple[str, ...] = ()
    made: tuple[bool, ...] = ()
    follow_ups: tuple[FollowUpAnswer, ...] = ()

    def __post_init__(self) -> None:
        if not (len(self.points) == len(self.mentioned) == len(self.evidence) and len(self.mistakes) == len(self.made)):
            raise ValueError("a mark for every point and every mistake")

    @classmethod
    def for_answer(cls, card: Card, answer: str) -> Checklist:
        """The checklist for `answer` to `card`, each point the matcher finds pre-marked as mentioned.

        A card without key points runs no matcher (and its matcher module is not even imported)."""
        points = card.key_points
        found = []
        if points:
            from quizterm.rehearsal.matcher import match

            found = match(answer, points, card.question)
        mistakes = card.common_mistakes
        return cls(points=tuple(point.text for point in points), mentioned=tuple(f.mentioned for f in found),
                   evidence=tuple(f.evidence if f.mentioned else "" for f in found), mistakes=mistakes,
                   made=(False,) * len(mistakes))

    @classmethod
    def restored(cls, card: Card, answer: str, *, mentioned: Collection[str], mistakes: Collection[str],
                 follow_ups: Sequence[FollowUpAnswer] = ()) -> Checklist:
        """The checklist as a grade recorded it (points and mistakes by their text), for the card as the deck
        has it now (texts compared as `cards.comparable` does): a point or mistake the deck no longer has is
        dropped, a new one is unmarked. The matcher's evidence is shown again where it still finds the point."""
        from quizterm.deck.cards import comparable

        fresh = cls.for_answer(card, answer)
        said, wrong = {comparable(text) for text in mentioned}, {comparable(text) for text in mistakes}
        return replace(fresh, mentioned=tuple(comparable(text) in said for text in fresh.points),
                       made=tuple(comparable(text) in wrong for text in fresh.mistakes), follow_ups=tuple(follow_ups))

    # ----- changes ---------------------------------------------------------------------------------------
    def toggle_point(self, index: int) -> Checklist:
        marks = list(self.mentioned)
        marks[index] = not marks[index]
        return replace(self, mentioned=tuple(marks))

    def toggle_mistake(self, index: int) -> Checklist:
        marks = list(self.made)
        marks[index] = not marks[index]
        return replace(self, made=tuple(marks))

    def with_follow_up(self, answer: FollowUpAnswer) -> Checklist:
        return replace(self, follow_ups=(*self.follow_ups, answer))

    # ----- what the marks add up to -------------------------------------------------------------------
    @property
    def items(self) -> int:
        """How many marks can be toggled: the points, then the mistakes."""
        return len(self.points) + len(self.mistakes)

    def toggle(self, item: int) -> Checklist:
        """Toggle item `item` of `items` (points first, then mistakes)."""
        if item < len(self.points):
            return self.toggle_point(item)
        return self.toggle_mistake(item - len(self.points))

    def is_marked(self, item: int) -> bool:
        if item < len(self.points):
            return self.mentioned[item]
        return self.made[item - len(self.points)]

    @property
    def mentioned_points(self) -> tuple[str, ...]:
        return tuple(text for text, marked in zip(self.points, self.mentioned, strict=True) if marked)

    @property
    def made_mistakes(self) -> tuple[str, ...]:
        return tuple(text for text, marked in zip(self.mistakes, self.made, strict=True) if marked)

    @property
    def suggested(self) -> int | None:
        """The grade the marks suggest (grading.py's formula; a follow-up asked counts as one more point), or
        None for a card without key points."""
        return suggested_grade(len(self.points), len(self.mentioned_points), len(self.made_mistakes),
                               follow_ups_asked=len(self.follow_ups),
                               follow_ups_answered=sum(answer.answered for answer in self.follow_ups))
