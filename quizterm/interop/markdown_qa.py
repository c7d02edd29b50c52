"""Markdown Q&A files, as public interview-question collections are written, into cards.

Three shapes are recognised, and the one with the most questions wins in a file:
- headings: `## 1. What is overfitting?` with the answer below, up to the next heading of that level;
- bold question lines: `**What is overfitting?**` (or `**Q:** …`, `Q1: …`) with the answer below;
- numbered lists: `1. What is overfitting?` with the answer in the item or under it.
A question is a line ending in `?` or starting with a question word ("Explain …", "How …"). The answer's
first paragraph is the short answer (plain text: it is shown exactly as written), the rest the breakdown
(Markdown as written: tables, code, `$…$` math and links stay). An "Answer" heading or `A:` before it is
dropped. Headings above the questions become tags, a single top heading the deck's title, and links in a
question its sources.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from quizterm.errors import QuiztermError
from quizterm.interop.ids import card_id
from quizterm.interop.imported import Imported, ImportedCard, Progress
from quizterm.interop.markdown_inline import plain_text
from quizterm.interop.source_text import check_field, read_text
from quizterm.interop.text import RefusedText, clean_text

_NUMBERING = re.compile(r"^[^\w$`(\"'“]*(?:(?:q(?:uestion)?\s*)?#?\d+[.):]*\s+|q(?:uestion)?\s*#?\d*\s*[.:)]\s*)",
                        re.IGNORECASE)
_QUESTION_WORDS = re.compile(
    r"^(what|why|how|when|which|who|whom|whose|where|explain|describe|compare|contrast|define|list|name|can|could|"
    r"does|do|did|is|are|was|were|should|would|will|give|derive|implement|write|design|discuss|tell|walk|"
    r"difference|differentiate|distinguish|outline|state|suppose|imagine|calculate|estimate|prove)\b", re.IGNORECASE)
_ANSWER_PREFIX = re.compile(r"^\s*(?:\*\*|__)?\s*(?:a|ans|answer)\s*[:.)-]\s*(?:\*\*|__)?\s*", re.IGNORECASE)
_ANSWER_HEADING = re.compile(r"^(answers?|solution|explanation)\W*$", re.IGNORECASE)
_EMPTY_BRACKETS = re.compile(r"[\[(]\s*[\])]")
_FILLER_HTML = re.compile(r"^\s*(?:</?(?:br|hr|p|div|center)\b[^>]*>\s*)+$", re.IGNORECASE)


@cache
def _parser() -> MarkdownIt:
    """One parser for the file and every answer in it (building one costs more than parsing an answer)."""
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(dollarmath_plugin)


@dataclass
class _Block:
    """A top-level block: its first token index, its lines [start, end), and a heading's level (else 0)."""

    index: int
    start: int
    end: int
    kind: str
    level: int = 0


@dataclass
class _Question:
    text: str
    links: list[str]
    line: int
    answer_head: str
    """Answer text before the next top-level block (the rest of a bold line's paragraph, a list item's
    body); "" when the answer starts with the next block."""
    first_block: int
    """Index in the block list of the first block after the question."""
    level: int = 6
    """The heading level of a question written as a heading; 6 for other questions (any heading ends them)."""


def question_text(text: str) -> str:
    """A question line as the card's question: numbering dropped, and the empty brackets a citation link
    leaves behind (`… variance? [[src](url)]` → `… variance?`)."""
    return " ".join(_EMPTY_BRACKETS.sub(" ", strip_numbering(text)).split())


def is_question(text: str) -> bool:
    """A question line: ends with `?`, or starts with a question word once its numbering is dropped."""
    text = text.strip()
    return text.endswith(("?", "？")) or bool(_QUESTION_WORDS.match(strip_numbering(text)))


def strip_numbering(text: str) -> str:
    """`🔹 1. What…` → `What…`; `Q3: How…` → `How…`; also bullets and emoji before the numbering."""
    return _NUMBERING.sub("", text, count=1).strip() or text.strip()


def read_markdown(path: Path, progress: Progress) -> Imported:
    text = read_text(path, "a Markdown file").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    tokens = _parser().parse(text)
    blocks = _blocks(tokens)
    questions = _questions(tokens, blocks, lines)
    if not questions:
        raise QuiztermError(f"{path}: no questions found; write each question as a heading (## What is …?), a "
                            "bold line (**What is …?**) or a numbered line (1. What is …?) with its answer below")
    imported = Imported(title=_title(tokens, blocks, questions))
    progress.start("reading questions", len(questions))
    for number, (question, tags) in enumerate(zip(questions, _tags(tokens, blocks, questions), strict=True)):
        end = questions[number + 1].first_block - 1 if number + 1 < len(questions) else len(blocks)
        card = _card(path, question, _answer_blocks(blocks, question.first_block, end, question.level, lines),
                     lines, tags, imported)
        if card is not None:
            imported.cards.append(card)
        progress.advance()
    return imported


def _blocks(tokens: list[Token]) -> list[_Block]:
    blocks = []
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            level = int(token.tag[1]) if token.type == "heading_open" else 0
            blocks.append(_Block(index, token.map[0], token.map[1], token.type, level))
    return blocks


def _inline(tokens: list[Token], block: _Block, *, offset: int = 1) -> list[Token]:
    return tokens[block.index + offset].children or []


def _questions(tokens: list[Token], blocks: list[_Block], lines: list[str]) -> list[_Question]:
    """The questions of the shape with the most of them: headings of one level, or question lines (bold or
    numbered); headings win a tie."""
    by_heading: dict[int, list[_Question]] = {}
    bold: list[_Question] = []
    listed: list[_Question] = []
    for number, block in enumerate(blocks):
        if block.kind == "heading_open":
            plain = plain_text(_inline(tokens, block))
            if is_question(plain.text):
                by_heading.setdefault(block.level, []).append(
                    _Question(question_text(plain.text), plain.links, block.start + 1, "", number + 1, block.level))
        elif block.kind == "paragraph_open":
            found = _bold_question(_inline(tokens, block), lines[block.start:block.end])
            if found is not None:
                bold.append(_Question(*found, block.start + 1, _rest(lines, block), number + 1))
        elif block.kind == "ordered_list_open":
            listed += _list_questions(tokens, block, lines, number)
    headings = max(by_heading.values(), key=len, default=[])
    lines_found = sorted(bold + listed, key=lambda question: question.line)
    return headings if len(headings) >= len(lines_found) else lines_found


def _bold_question(children: list[Token], lines: list[str]) -> tuple[str, list[str]] | None:
    """A paragraph opening with a bold question (`**What…?**`, `1. **What…?**`) or `Q: …`/`Q1. …`."""
    first_line: list[Token] = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            break
        first_line.append(child)
    opening = [child for child in first_line if not (child.type == "text" and not child.content.strip())]
    if opening and opening[0].type == "text" and _NUMBERING.fullmatch(opening[0].content.strip() + " "):
        opening = opening[1:]
    if len(opening) >= 3 and opening[0].type == "strong_open":
        close = next((i for i, child in enumerate(opening) if child.type == "strong_close"), -1)
        inside = plain_text(opening[1:close])
        after = plain_text(opening[close + 1:])
        if re.fullmatch(r"q(uestion)?\s*#?\d*\s*[.:)]?", inside.text, re.IGNORECASE) and after.text:
            inside = after  # **Q:** What is …?
        if is_question(inside.text):
            return question_text(inside.text), inside.links
    plain = plain_text(first_line)
    if re.match(r"^\s*q(uestion)?\s*#?\d*\s*[.:)]", plain.text, re.IGNORECASE) and is_question(plain.text):
        return question_text(plain.text), plain.links
    return None


def _rest(lines: list[str], block: _Block) -> str:
    """The paragraph's lines after its first (the answer, when it starts right under a bold question)."""
    return "\n".join(lines[block.start + 1:block.end])


def _list_questions(tokens: list[Token], block: _Block, lines: list[str], number: int) -> list[_Question]:
    found = []
    depth = 0
    for index in range(block.index + 1, len(tokens)):
        token = tokens[index]
        if token.type == "ordered_list_close" and token.level == 0:
            break
        if token.type == "list_item_open" and token.level == 1 and token.map is not None:
            depth = token.map[1]
            para = tokens[index + 1]
            if para.type != "paragraph_open" or para.map is None:
                continue
            children = tokens[index + 2].children or []
            bold = _bold_question(children, lines[para.map[0]:para.map[1]])
            if bold is None:
                first = plain_text(_first_line(children))
                bold = first.text, first.links
            text, links = bold
            if not is_question(text):
                continue
            body = textwrap.dedent("\n".join(lines[para.map[0] + 1:depth]))
            found.append(_Question(question_text(text), links, token.map[0] + 1, body, number + 1))
    return found


def _first_line(children: list[Token]) -> list[Token]:
    out = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            break
        out.append(child)
    return out


def _answer_blocks(blocks: list[_Block], start: int, end: int, level: int, lines: list[str]) -> list[_Block]:
    """The blocks answering a question: up to the next question, or a heading of the question's level or
    above (a new section; any heading, for a question that is not a heading)."""
    answer: list[_Block] = []
    for block in blocks[start:max(start, end)]:
        opens_answer = not answer and bool(_ANSWER_HEADING.match(lines[block.start].lstrip("#").strip()))
        if block.kind == "heading_open" and block.level <= level and not opens_answer:
            break
        answer.append(block)
    return answer


def _tags(tokens: list[Token], blocks: list[_Block], questions: list[_Question]) -> list[list[str]]:
    """For each question (in line order): the headings above it (sections of the file) shallower than its
    own heading, as tags; a top `#` title is not one.

    One pass over the headings for all questions: walking every heading above each question made a large
    collection quadratic (16,000 questions took 43 s)."""
    headings = [block for block in blocks if block.kind == "heading_open"]
    own_level = {block.start + 1: block.level for block in headings}
    titles = sum(1 for block in headings if block.level == 1)
    outline: dict[int, str] = {}  # level -> the nearest heading of that level above, deeper ones dropped
    result: list[list[str]] = []
    next_heading = 0
    for question in questions:
        while next_heading < len(headings) and headings[next_heading].start + 1 < question.line:
            block = headings[next_heading]
            outline = {lvl: text for lvl, text in outline.items() if lvl < block.level}
            outline[block.level] = plain_text(_inline(tokens, block)).text
            next_heading += 1
        level = own_level.get(question.line, 7)
        result.append([text for lvl, text in sorted(outline.items())
                       if lvl < level and not (lvl == 1 and titles == 1) and not is_question(text)])
    return result


def _title(tokens: list[Token], blocks: list[_Block], questions: list[_Question]) -> str:
    top = [b for b in blocks if b.kind == "heading_open" and b.level == 1]
    if len(top) == 1 and top[0].start + 1 < questions[0].line:
        text = plain_text(_inline(tokens, top[0])).text
        return "" if is_question(text) else text
    return ""


def _card(path: Path, question: _Question, answer: list[_Block], lines: list[str], tags: list[str],
          imported: Imported) -> ImportedCard | None:
    where = f"line {question.line}"
    kept = [b for b in answer if b.kind != "hr" and not (b.kind == "html_block" and _FILLER_HTML.match(
        "\n".join(lines[b.start:b.end])))]
    if kept and kept[0].kind == "heading_open" and _ANSWER_HEADING.match(lines[kept[0].start].lstrip("#").strip()):
        kept = kept[1:]
    chunks = [question.answer_head] if question.answer_head.strip() else []
    chunks += ["\n".join(lines[b.start:b.end]) for b in kept]
    if not chunks:
        imported.notice(where, f"question {question.text!r} has no answer under it; skipped")
        return None
    short, breakdown = split_answer(_ANSWER_PREFIX.sub("", "\n\n".join(chunk.strip("\n") for chunk in chunks),
                                                    count=1))
    try:
        card = ImportedCard(
            id=card_id(question.text), question=clean_text(question.text), short_answer=clean_text(short),
            breakdown=clean_text(breakdown), tags=tuple(tags),
            sources=tuple(dict.fromkeys(question.links)), where=where)
    except RefusedText as exc:
        raise QuiztermError(f"{path}:{question.line}: {exc}") from None
    for name, value in (("question", card.question), ("short answer", card.short_answer),
                        ("breakdown", card.breakdown)):
        check_field(value, path, where, name)
    if not card.short_answer:
        imported.notice(where, f"question {question.text!r} has no answer under it; skipped")
        return None
    return card


def split_answer(answer: str) -> tuple[str, str]:
    """The short answer (the first block: a paragraph as plain text, with its line breaks; another block,
    such as a list or code, as written) and the breakdown (the rest, as written)."""
    tokens = _parser().parse(answer)
    blocks = [token for token in tokens if token.level == 0 and token.nesting >= 0 and token.map is not None]
    if not blocks:
        return "", ""
    lines = answer.split("\n")
    first = blocks[0]
    assert first.map is not None
    rest = "\n".join(lines[first.map[1]:]).strip("\n")
    if first.type == "paragraph_open":
        inline = tokens[tokens.index(first) + 1]
        return plain_text(inline.children or [], line_breaks=True).text, rest
    return "\n".join(lines[first.map[0]:first.map[1]]), rest
