"""What `quizterm new` writes: a commented deck with one example card, and card skeletons with fresh ids.

The example card fills every section, so a new deck passes `quizterm validate --strict` before its author
changes a word, and shows what each section is for. A skeleton's id is `<deck name>-<n>`, the first such
id no card uses in the deck or in the decks beside it (ids are unique across decks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from quizterm.deck.cards import FollowUp, KeyPoint
from quizterm.deck.loader import DECK_SUFFIXES
from quizterm.interop.ids import slug
from quizterm.interop.imported import ImportedCard
from quizterm.interop.writer import SCHEMA_LINE, cards_text, tag_list, value

_ID_KEY = re.compile(r"""^[ \t-]*id:[ \t]*["']?([a-z0-9][a-z0-9._-]*)""", re.MULTILINE)

HEADER = """\
# A quizterm deck: one YAML file is one deck. Check it with `quizterm validate {name}` (add `--watch` to
# check on every save), add a card with `quizterm new {name} --card`, drill it with `quizterm {name}`.
# Every key is described in deck.schema.json (your editor reads it through the line above) and in
# quizterm's README, "Writing decks"."""

CARD_COMMENT = """\
  # A card's id identifies it forever: progress is stored under it, so keep it when you edit the card.
  # Question, short answer, mistakes and tips are shown as written; breakdown and theory are Markdown."""


def deck_name(path: Path) -> str:
    """The slug a deck's card ids start with: its file name's words (`ML basics.yaml` → `ml-basics`)."""
    return slug(path.stem, words=4, chars=24) or "card"


def ids_in_texts(texts: Iterable[str]) -> set[str]:
    """Every card id written in these deck texts (a broken deck's too: ids are found by their key)."""
    return {match.group(1) for text in texts for match in _ID_KEY.finditer(text)}


def ids_beside(path: Path) -> set[str]:
    """The card ids of `path` and of the deck files in its folder."""
    texts = []
    for file in sorted(path.parent.iterdir()) if path.parent.is_dir() else []:
        if file.suffix.lower() in DECK_SUFFIXES and not file.name.startswith(".") and file.is_file():
            try:
                texts.append(file.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
    return ids_in_texts(texts)


def fresh_id(path: Path, taken: set[str]) -> str:
    """`<deck name>-<n>` for the smallest n from 1 that no card uses."""
    base = deck_name(path)
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def example_card(card_id: str) -> ImportedCard:
    return ImportedCard(
        id=card_id,
        question="What does the example card of a new deck show?",
        short_answer="Every section a card can have, filled in: replace its text with your own question and answer.",
        breakdown="The full breakdown, in **Markdown**: lists, tables, code blocks and `$…$` math.\n\n"
                  "```python\nprint(\"code blocks are highlighted\")\n```",
        theory="The principle behind the answer, also in Markdown.",
        common_mistakes=("A mistake candidates often make.",),
        interview_tips=("How to answer it well in an interview.",),
        key_points=(KeyPoint("every section is filled in"),
                    KeyPoint("replace the text with your own", ("write your own question",))),
        follow_ups=(FollowUp("What would an interviewer ask next?", "A follow-up, answered in a sentence."),),
        sources=("A paper or documentation page behind the card (authors, title, year, URL).",),
    )


def skeleton_card(card_id: str) -> ImportedCard:
    """A card to fill in: every section present, each holding what it is for."""
    return ImportedCard(
        id=card_id,
        question="TODO write the question, as the interviewer would ask it?",
        short_answer="TODO write the answer in two or three sentences.",
        breakdown="TODO write the full breakdown, in Markdown.",
        theory="TODO write the theory behind the answer, in Markdown.",
        common_mistakes=("TODO name a mistake candidates often make.",),
        interview_tips=("TODO say how to answer it well in an interview.",),
        key_points=(KeyPoint("TODO the first point a strong answer makes"),
                    KeyPoint("TODO the second point a strong answer makes")),
    )


def new_deck_text(path: Path, title: str, card_id: str) -> str:
    tag = deck_name(path)
    lines = [SCHEMA_LINE, HEADER.format(name=path.name), f"title: {value(title, 2)}",
             "description: What this deck drills, shown in the deck list.", f"tags: {tag_list([tag])}",
             "cards:", CARD_COMMENT]
    return "\n".join(lines) + "\n" + cards_text([example_card(card_id)])
