"""Deterministic generated decks: realistic card lengths, valid deck format, marker tokens for the pty.

A card has a ~100-character question, a ~300-character short answer, a ~1.5 KB Markdown breakdown with
a fenced code block and a list, ~400 characters of theory, 3 common mistakes and 2 interview tips:
about 2.8 KB of YAML, like the bundled cards (3.3 KB on average). Every other card (the second, fourth,
...) also has 6 key points (`KEY_POINTS`), drawn from a generator of their own so the rest of the text
is the same with or without them: the reveal benchmark compares the two kinds in one run. The YAML is
written as text with `|` block scalars and double-quoted strings made only of safe characters: no anchors,
aliases or tags.

Markers (found in the terminal output, ANSI escapes stripped, by the start-up benchmarks):
- the first card of each set has its question start with `QZMARK<set>` (the first card shown when a
  single deck file is drilled with an empty data directory);
- the first deck file of a folder set has `QZDECK<set>` in its title (a folder of several decks opens
  the deck list first, which shows the deck titles).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from quizterm.deck.cards import Card, Deck


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = _words(
    "gradient loss batch model layer weight bias variance tensor embedding attention token sequence "
    "kernel feature label sample dataset epoch optimiser momentum schedule warmup dropout norm scale "
    "shard replica pipeline latency throughput memory cache queue index partition replica checkpoint "
    "activation softmax logit entropy margin prior posterior likelihood estimate error residual update "
    "step rate decay penalty regulariser validation split fold metric recall precision threshold score "
    "ranking retrieval encoder decoder head projection vector matrix rank spectrum eigenvalue "
    "convolution stride padding pooling channel filter window context prompt cluster centroid distance "
    "similarity hash bucket sketch stream window join shuffle reduce broadcast gather scatter "
    "allreduce bandwidth device host kernel fusion precision overflow underflow rounding mantissa "
    "exponent quantile histogram calibration drift monitor alert rollback canary traffic request "
    "server client budget trade-off baseline ablation variant hypothesis confidence interval effect "
    "power sample-size bootstrap permutation leakage target proxy objective constraint solver"
)

VERBS = _words("reduces increases stabilises doubles halves bounds dominates hides explains controls shifts "
               "limits changes improves hurts normalises averages couples decouples amortises")

TAGS = _words("optimisation regularisation architecture evaluation systems statistics probability "
              "retrieval serving training inference data-quality scaling numerics")

SNIPPETS = (
    ("def step(params, grads, state, lr=0.01, beta=0.9):",
     "    state = [beta * v + g for v, g in zip(state, grads)]",
     "    return [p - lr * v for p, v in zip(params, state)], state"),
    ("for batch in loader:",
     "    loss = criterion(model(batch.x), batch.y)",
     "    loss.backward()",
     "    optimiser.step()",
     "    optimiser.zero_grad(set_to_none=True)"),
    ("scores = queries @ keys.T / math.sqrt(dim)",
     "weights = softmax(scores - scores.max(axis=-1, keepdims=True))",
     "output = weights @ values"),
    ("counts = Counter(token for doc in corpus for token in doc.split())",
     "vocab = {token: i for i, (token, _) in enumerate(counts.most_common(50_000))}"),
    ("mask = (labels != ignore_index).float()",
     "loss = (per_token_loss * mask).sum() / mask.sum().clamp(min=1)"),
)


@dataclass(frozen=True, slots=True)
class DeckSet:
    """A generated set of deck files: `files` files of `per_file` cards each."""

    name: str  # folder name under the work dir, and the marker suffix
    files: int
    per_file: int
    id_prefix: str

    @property
    def cards(self) -> int:
        return self.files * self.per_file

    @property
    def card_marker(self) -> str:
        """In the first card's question: the first screen of a single-file drill."""
        return f"QZMARK{self.name.upper()}"

    @property
    def deck_marker(self) -> str:
        """In the first deck's title: the deck list, the first screen of a multi-file drill."""
        return f"QZDECK{self.name.upper()}"

    def file_name(self, index: int) -> str:
        return f"{self.id_prefix}-{index + 1:02d}.yaml"

    def deck_key(self, index: int) -> str:
        return f"{self.id_prefix}-{index + 1:02d}"

    def card_id(self, file_index: int, card_index: int) -> str:
        if self.files == 1:
            return f"{self.id_prefix}-{card_index + 1:05d}"
        return f"{self.id_prefix}-{file_index + 1:02d}-{card_index + 1:04d}"


SET_25 = DeckSet("s25", files=1, per_file=25, id_prefix="small")
SET_1K = DeckSet("s1k", files=1, per_file=1_000, id_prefix="mid")
SET_10K = DeckSet("s10k", files=50, per_file=200, id_prefix="gen")
SETS = (SET_25, SET_1K, SET_10K)


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    n = rng.randint(low, high)
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randint(1, n - 1), rng.choice(VERBS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = _sentence(rng)
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def _code_block(rng: random.Random) -> list[str]:
    first, second = rng.sample(SNIPPETS, 2)
    return ["```python", *first, "", *second, "```"]


@dataclass(frozen=True, slots=True)
class CardText:
    """One generated card's fields, as written to YAML (`key_points` empty for every other card)."""

    id: str
    question: str
    short_answer: str
    breakdown: str
    theory: str
    common_mistakes: tuple[str, ...]
    interview_tips: tuple[str, ...]
    tags: tuple[str, ...]
    key_points: tuple[str, ...] = ()


KEY_POINTS = 6


def key_points(card_id: str, seed: int) -> tuple[str, ...]:
    """The card's 6 key points, from a generator seeded by its id: distinct short claims."""
    rng = random.Random(f"{seed}/{card_id}/key-points")
    points: list[str] = []
    while len(points) < KEY_POINTS:
        point = _sentence(rng, 4, 7)[:-1]
        if point.casefold() not in (p.casefold() for p in points):
            points.append(point)
    return tuple(points)


def has_key_points(card_index: int) -> bool:
    return card_index % 2 == 1


def make_card(rng: random.Random, card_id: str, marker: str = "") -> CardText:
    question = _sentence(rng, 12, 16)[:-1] + "?"
    if marker:
        question = f"{marker} {question}"
    breakdown_lines = [
        _paragraph(rng, 360), "",
        *_code_block(rng), "",
        _paragraph(rng, 320), "",
        *(f"- {_sentence(rng, 6, 10)}" for _ in range(3)), "",
        _paragraph(rng, 200),
    ]
    return CardText(
        id=card_id,
        question=question,
        short_answer=_paragraph(rng, 240),
        breakdown="\n".join(breakdown_lines),
        theory=_paragraph(rng, 200) + "\n\n" + _paragraph(rng, 150),
        common_mistakes=tuple(_sentence(rng, 12, 18) for _ in range(3)),
        interview_tips=tuple(_sentence(rng, 12, 18) for _ in range(2)),
        tags=tuple(rng.sample(TAGS, 2)),
    )


def deck_cards(deck_set: DeckSet, file_index: int, seed: int) -> tuple[str, list[CardText]]:
    """The title and cards of one file of a set; each file has its own seeded generator."""
    rng = random.Random(f"{seed}/{deck_set.name}/{file_index}")
    title = f"Generated deck {file_index + 1:02d}"
    if file_index == 0:
        title += f" {deck_set.deck_marker}"
    cards = [make_card(rng, deck_set.card_id(file_index, i),
                       deck_set.card_marker if file_index == 0 and i == 0 else "")
             for i in range(deck_set.per_file)]
    return title, [replace(card, key_points=key_points(card.id, seed)) if has_key_points(i) else card
                   for i, card in enumerate(cards)]


def _quoted(text: str) -> str:
    assert '"' not in text and "\\" not in text, text
    return f'"{text}"'


def _block(text: str, indent: str) -> list[str]:
    return [f"{indent}{line}" if line else "" for line in text.split("\n")]


def deck_yaml(title: str, cards: list[CardText]) -> str:
    lines = [
        "# yaml-language-server: $schema=./deck.schema.json",
        f"title: {_quoted(title)}",
        f"description: {_quoted('Generated for the benchmarks: ' + str(len(cards)) + ' cards.')}",
        "tags: [generated]",
        "cards:",
    ]
    for card in cards:
        lines += [
            f"  - id: {card.id}",
            f"    question: {_quoted(card.question)}",
            f"    short_answer: {_quoted(card.short_answer)}",
            "    breakdown: |",
            *_block(card.breakdown, "      "),
            "    theory: |",
            *_block(card.theory, "      "),
            "    common_mistakes:",
            *(f"      - {_quoted(m)}" for m in card.common_mistakes),
            "    interview_tips:",
            *(f"      - {_quoted(t)}" for t in card.interview_tips),
            *(["    key_points:", *(f"      - {_quoted(k)}" for k in card.key_points)] if card.key_points else []),
            f"    tags: [{', '.join(card.tags)}]",
            "",
        ]
    return "\n".join(lines)


def write_set(deck_set: DeckSet, root: Path, seed: int) -> Path:
    """Write the set's files into `root/<name>/`; returns that folder."""
    folder = root / deck_set.name
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(deck_set.files):
        title, cards = deck_cards(deck_set, index, seed)
        (folder / deck_set.file_name(index)).write_text(deck_yaml(title, cards), encoding="utf-8")
    return folder


def iter_decks(deck_set: DeckSet, seed: int) -> Iterator[Deck]:
    """The set as quizterm's `Deck`/`Card` values, built directly (no loader): for the in-process benchmarks.

    Tags follow the loader's rule: the deck's tags first, then the card's own.
    """
    for index in range(deck_set.files):
        title, cards = deck_cards(deck_set, index, seed)
        key = deck_set.deck_key(index)
        yield Deck(
            key=key, title=title, path=Path(deck_set.name) / deck_set.file_name(index),
            description=f"Generated for the benchmarks: {len(cards)} cards.", tags=("generated",),
            cards=tuple(Card(id=c.id, deck=key, question=c.question, short_answer=c.short_answer,
                             breakdown=c.breakdown, theory=c.theory,
                             common_mistakes=c.common_mistakes, interview_tips=c.interview_tips,
                             key_points=c.key_points, tags=("generated", *c.tags)) for c in cards),
        )


def card_order(deck_set: DeckSet) -> list[tuple[str, str]]:
    """(card id, deck key) of every card of the set, in deck order (cheap: no text generated)."""
    return [(deck_set.card_id(f, i), deck_set.deck_key(f))
            for f in range(deck_set.files) for i in range(deck_set.per_file)]
