"""The suggested grade: what the marks on the rubric checklist add up to.

One formula, everywhere (the rubric screen, interview mode, `quizterm check`):

    suggested = clamp(round_half_up(5 × (points mentioned + follow-ups answered)
                                       / (key points + follow-ups asked)) − mistakes made, 0, 5)

A follow-up question counts like one more key point: asked, it joins the checklist; answered, it is
ticked. So a drill without follow-ups gives exactly `round(5 × mentioned / points) − mistakes`, and in
interview mode a missed probe costs as much as a missed point. A card without key points has no
suggestion (None): its grade is the candidate's own 0–5.

The arithmetic is exact (integers, halves rounded up: 2.5 is 3), so the same marks always give the same
grade on every machine.
"""

from __future__ import annotations

MAX_GRADE = 5


def suggested_grade(points: int, mentioned: int, mistakes: int = 0, *, follow_ups_asked: int = 0,
                    follow_ups_answered: int = 0) -> int | None:
    """The grade the marks suggest, or None when the card has no key points.

    `points` key points of which `mentioned` are marked; `mistakes` common mistakes marked "I made
    this"; `follow_ups_asked` follow-up questions asked, of which `follow_ups_answered` were answered.
    """
    if min(points, mentioned, mistakes, follow_ups_asked, follow_ups_answered) < 0:
        raise ValueError("counts cannot be negative")
    if mentioned > points or follow_ups_answered > follow_ups_asked:
        raise ValueError("cannot mark more than there is")
    if points == 0:
        return None
    made = mentioned + follow_ups_answered
    asked = points + follow_ups_asked
    rounded = (2 * MAX_GRADE * made + asked) // (2 * asked)  # round half up, exactly
    return max(0, min(MAX_GRADE, rounded - mistakes))
