"""Interview mode's report: the figures, and its Markdown exactly (card text escaped, never markup)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from quizterm.rehearsal.checklist import FollowUpAnswer
from quizterm.rehearsal.interview_report import QuestionResult, RoundReport, escape_markdown, render_markdown

STARTED = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)

FIRST = QuestionResult(
    number=1, card_id="dropout", deck="dl", question="How does *dropout* behave\nat <inference>?", pool="due",
    real=True, seconds=95.4, time_limit=120, time_up=False,
    points=("Dropout is off at inference", "Scale by 1/(1-p) in training", "# not a heading"),
    mentioned=("Dropout is off at inference",), mistakes=("Keeping [dropout](x) on.",),
    follow_ups=(FollowUpAnswer("What is inverted dropout?", "scaling", True),
                FollowUpAnswer("Why | pipes?", "", False)),
    grade=2, suggested=2)
SECOND = QuestionResult(
    number=2, card_id="tensor", deck="dl", question="What is a tensor?", pool="weak", real=False, seconds=20.0,
    time_limit=20, time_up=True, points=(), mentioned=(), mistakes=(), follow_ups=(), grade=4, suggested=None)


def report(*results: QuestionResult, planned: int = 2, note: str = "") -> RoundReport:
    return RoundReport(started=STARTED, results=results, planned=planned, asked_for=planned, note=note)


def test_the_figures_add_up_over_the_questions_answered() -> None:
    whole = report(FIRST, SECOND)
    assert (whole.points, whole.mentioned, whole.follow_ups_asked, whole.follow_ups_answered) == (3, 1, 2, 1)
    assert whole.coverage_text() == "1 of 3 key points (33%)"
    assert whole.real == 1 and whole.finished and whole.headline() == "2 of 2 questions answered."
    early = report(SECOND, planned=6)
    assert early.coverage is None and early.coverage_text() == "no key points (the cards answered have none)"
    assert early.headline() == "Ended early: 1 of 6 questions answered."


def test_the_markdown_report_exactly() -> None:
    assert render_markdown(report(FIRST, SECOND)) == r"""# Interview round, 2026-12-01 18:30

2 of 2 questions answered.

- Coverage: 1 of 3 key points (33%)
- Follow-ups: 1 of 2 answered
- Time answering: 1:55
- Real reviews: 1; practice grades (no schedule moved): 1

| # | card | time | points | mistakes | follow-ups | grade | counts as |
|---|---|---|---|---|---|---|---|
| 1 | dropout | 1:35 of 2:00 | 1/3 | 1 | 1/2 | 2 (suggested 2) | review |
| 2 | tensor | 0:20 of 0:20 (time's up) | – | 0 | – | 4 | practice |

## 1. How does \*dropout\* behave at \<inference\>?

- Card: dropout (dl), review
- Time: 1:35 of 2:00
- Grade: 2 (suggested 2)
- Key points: 1 of 3
  - [x] Dropout is off at inference
  - [ ] Scale by 1/(1-p) in training
  - [ ] \# not a heading
- Mistakes made: 1
  - Keeping \[dropout\](x) on.
- Follow-ups: 1 of 2 answered
  - [x] What is inverted dropout?
  - [ ] Why \| pipes?

## 2. What is a tensor?

- Card: tensor (dl), practice: a practice grade, no schedule moved
- Time: 0:20 of 0:20 (time's up)
- Grade: 4
- Key points: none on this card
- Mistakes made: none
- Follow-ups: none asked
"""


def test_a_round_quit_before_any_answer_still_has_a_report() -> None:
    text = render_markdown(report(planned=6, note="Only 3 questions of the 6 asked for: ..."))
    assert text.splitlines()[2] == "Ended early: 0 of 6 questions answered."
    assert "Only 3 questions" in text and "| # |" not in text


def _rendered_text(markdown: str) -> str:
    """What a Markdown reader shows for `markdown`, as plain text, and whether any markup got through."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {token.type for token in tokens}
    inline = [child for token in tokens if token.children for child in token.children]
    assert kinds <= {"paragraph_open", "paragraph_close", "inline"}, kinds
    assert {child.type for child in inline} <= {"text", "softbreak"}, [child.type for child in inline]
    return "".join(child.content if child.type == "text" else "\n" for child in inline)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1.-+#=*_`[]()<>&|~$!\\\n:>")), max_size=40))
def test_escaped_text_reads_exactly_as_written_and_is_never_markup(text: str) -> None:
    paragraph = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not paragraph:
        return
    shown = _rendered_text(escape_markdown(paragraph))
    assert re.sub(r"\s+", " ", shown).strip() == re.sub(r"\s+", " ", paragraph).strip()
