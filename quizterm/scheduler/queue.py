"""Today's session queue (being written: see the scheduler issue)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GradeEvent:
    """One grade as the queue needs it, oldest first when in a list.

    `scheduling` is true for the first grade of the card on its study day (it moved the SM-2 state),
    false for a same-day drill grade. `was_new` is true when the card had never been scheduled before
    this grade (it counts against the new-card limit rather than the review limit).
    """

    card_id: str
    grade: int
    scheduling: bool
    was_new: bool


@dataclass(frozen=True, slots=True)
class Limits:
    """Daily limits; grades already given today count against them."""

    new_per_day: int = 20
    reviews_per_day: int = 200
