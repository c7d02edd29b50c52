"""Tags from the headings above each question of a Markdown import, for every question in one pass.

Each question's tags were once found by walking every block of the file above it (and counting the file's
titles again), so a collection of 16,000 questions took 43 s and a 48 MB one hours. The one-pass version
must give each question exactly the tags of that definition, restated here."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.interop.imported import NoProgress
from quizterm.interop.markdown_qa import read_markdown


def tags_by_definition(text: str) -> dict[str, tuple[str, ...]]:
    """For each question line: the headings above it, each level keeping the nearest heading and dropping
    deeper ones under an earlier heading, only those shallower than the question's own heading, without
    a single `#` title and without headings that are questions themselves."""
    lines = text.split("\n")
    headings = [(n, len(line) - len(line.lstrip("#")), line.lstrip("#").strip())
                for n, line in enumerate(lines) if line.startswith("#")]
    titles = sum(1 for _, level, _ in headings if level == 1)
    result: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(lines):
        if "?" not in line:
            continue
        own = next((level for m, level, _ in headings if m == n), 7)
        path: dict[int, str] = {}
        for m, level, title in headings:
            if m < n and level < own:
                path = {lvl: t for lvl, t in path.items() if lvl < level}
                path[level] = title
        result[line.lstrip("#* ").rstrip("* ")] = tuple(
            t for lvl, t in sorted(path.items()) if not (lvl == 1 and titles == 1) and "?" not in t)
    return result


SECTION = st.tuples(st.integers(1, 4), st.sampled_from(["Basics", "Deep Learning", "Stats", "Systems"]))
QUESTION = st.tuples(st.booleans(), st.integers(2, 5))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(SECTION, QUESTION), min_size=1, max_size=25))
def test_each_question_gets_the_tags_of_the_headings_above_it(tmp_path_factory: object, items: list) -> None:
    out: list[str] = []
    number = 0
    for item in items:
        if isinstance(item[1], str):
            out.append(f"{'#' * item[0]} {item[1]}\n")
        else:
            number += 1
            as_heading, level = item
            question = f"What is question {number}?"
            out.append(f"{'#' * level} {question}\n" if as_heading else f"**{question}**\n")
            out.append(f"Answer {number}.\n")
    text = "\n".join(out)
    path = Path(str(tmp_path_factory.mktemp("md"))) / "q.md"  # type: ignore[attr-defined]
    path.write_text(text, encoding="utf-8")
    expected = tags_by_definition(text)
    try:
        imported = read_markdown(path, NoProgress())
    except Exception as exc:  # no question of the file's winning shape: nothing to compare
        assert "no questions found" in str(exc)
        return
    assert imported.cards
    for card in imported.cards:
        want = expected[card.question]
        assert card.tags == want, (card.question, text)


def test_each_section_heading_is_read_once_however_many_questions_are_under_it(
        tmp_path: Path, monkeypatch: object) -> None:
    """The work per question must not grow with the headings above it (that made large imports quadratic):
    the text of each section heading is worked out once, not once per question below it."""
    import quizterm.interop.markdown_qa as markdown_qa

    seen: list[str] = []
    real = markdown_qa.plain_text

    def counting(children: list, **kw: bool) -> object:  # type: ignore[type-arg]
        plain = real(children, **kw)
        seen.append(plain.text)
        return plain

    monkeypatch.setattr(markdown_qa, "plain_text", counting)  # type: ignore[attr-defined]
    text = "".join(f"## Section {s}\n\n" + "".join(f"**What is {s}.{q}?**\n\nIt is {q}.\n\n" for q in range(20))
                   for s in range(5))
    path = tmp_path / "q.md"
    path.write_text(text, encoding="utf-8")
    imported = read_markdown(path, NoProgress())
    assert len(imported.cards) == 100 and imported.cards[-1].tags == ("Section 4",)
    assert max(seen.count(f"Section {s}") for s in range(5)) <= 2
