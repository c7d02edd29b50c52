"""Which of a card's key points a typed answer mentions.

Precision before recall: crediting a point the answer did not make teaches the candidate to fool
themselves, while a missed point costs one toggle on the checklist. The matcher is lexical (offline,
deterministic, no model): it compares terms, after `text.py` has folded away case, punctuation,
inflection, typos, British spellings, abbreviations and English/Russian translations.

How a point counts as mentioned, in one claim of the answer (a run of words between sentence ends,
semicolons, contrast words and ", and"):
- the claim holds at least `SHARE` of the point's weight in terms, at least two of its terms, and at
  least `SAID` of the weight of what the point *says* — its terms other than topic words (the card's
  question) and names (GroupNorm, PR-AUC): "GroupNorm and LayerNorm are different layers" names a point
  about replacing BatchNorm without making it;
- a term's weight is how much it tells this point apart from the rest of the card: 1 / (how many of the
  card's key points use it + half if the question does), a quarter of that for words too general to
  make a point ("model", "data", "help");
- the claim's polarity agrees with the point's: a negation in one and not in the other refuses the
  match ("it is not the probability that H0 is true" is never "… is the probability …");
- the claim does not put a rival in the place of a missing term ("boosting reduces variance" does not
  make "bagging reduces variance"; `lexicon.ANTONYMS`).
A point written as several claims ("A does X, but B does Y") may also be made claim by claim across the
answer, when every one of its claims is found. An alias counts when one clause holds all its terms.

Measured on the labelled set (benchmarks/matcher/labelled.yaml): see docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from quizterm.rehearsal.text import ANTONYM_OF, LIGHT_TERMS, Clause, analyse, names_of, vocabulary_of

SHARE = 0.45
"""Share of a point's weight one claim of the answer must hold (chosen on the tune half: the highest
recall whose precision stayed at or above 0.95 there, leaving room for text it has not seen)."""
SAID = 0.2
"""Share of the weight of the point's non-topic, non-name terms the claim must hold."""
MIN_TERMS = 2
"""Terms of a point (of two or more) a claim must hold: one shared word is a topic, not a claim."""
QUESTION_WEIGHT = 0.5
"""How much the card's question counts in a term's frequency: topic words are weak, not worthless."""
LIGHT = 0.25
"""Weight factor of words too general to make a point on their own (`lexicon.LIGHT_WORDS`)."""


class KeyPointLike(Protocol):
    """What the matcher needs of a key point: `quizterm.deck.cards.KeyPoint` has it."""

    @property
    def text(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class PointMatch:
    mentioned: bool
    score: float
    """The share of the point's weight the best claim held (1.0 for an alias), rounded."""
    evidence: str
    """The answer's words that made the point (empty when it is not mentioned)."""


@dataclass(frozen=True, slots=True)
class _Target:
    terms: tuple[str, ...]
    weights: dict[str, float]
    negations: int
    alias: bool


@dataclass(frozen=True, slots=True)
class _Found:
    covered: frozenset[str]
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class _Card:
    frequency: dict[str, float]
    topic: frozenset[str]


def _card(points: Sequence[KeyPointLike], question: str) -> _Card:
    frequency: dict[str, float] = {}
    question_terms = {term for clause in analyse(question) for term in clause.terms}
    for point in points:
        for term in {term for clause in analyse(point.text) for term in clause.terms}:
            frequency[term] = frequency.get(term, 0.0) + 1.0
    for term in question_terms:
        frequency[term] = frequency.get(term, 0.0) + QUESTION_WEIGHT
    names = frozenset().union(*(names_of(point.text) for point in points),
                              *(names_of(alias) for point in points for alias in point.aliases))
    return _Card(frequency, frozenset(question_terms) | names)


def _target(clauses: Sequence[Clause], card: _Card, alias: bool = False) -> _Target:
    terms = tuple(dict.fromkeys(term for clause in clauses for term in clause.terms))
    weights = {term: (LIGHT if term in LIGHT_TERMS else 1.0) / max(card.frequency.get(term, 1.0), 1.0)
               for term in terms}
    return _Target(terms, weights, sum(clause.negations for clause in clauses), alias)


def _claims(clauses: Sequence[Clause]) -> list[tuple[Clause, ...]]:
    claims: dict[int, list[Clause]] = {}
    for clause in clauses:
        claims.setdefault(clause.claim, []).append(clause)
    return [tuple(claim) for claim in claims.values()]


def _find(target: _Target, window: Sequence[Clause]) -> _Found | None:
    """The target's terms this window holds, or None when it contradicts the target or barely touches it."""
    present = {term for clause in window for term in clause.terms}
    covered = frozenset(term for term in target.terms if term in present)
    if len(covered) < min(MIN_TERMS, len(target.terms)):
        return None
    used: list[Clause] = []  # the clauses that hold the covered terms: the most first
    left = set(covered)
    while left:
        clause = max(window, key=lambda c: sum(target.weights[t] for t in left.intersection(c.terms)))
        used.append(clause)
        left -= set(clause.terms)
    near = {term for clause in used for term in clause.terms}
    if any(term not in near and ANTONYM_OF.get(term, frozenset()) & near for term in target.terms):
        return None
    if target.alias and (len(used) > 1 or len(covered) < len(target.terms)):
        return None
    if (sum(clause.negations for clause in used) > 0) != (target.negations > 0):
        return None
    return _Found(covered, tuple(clause for clause in window if clause in used))


def _share(target: _Target, covered: frozenset[str]) -> float:
    """Summed in the point's own term order, so the result never depends on set iteration order."""
    return sum(w for t, w in target.weights.items() if t in covered) / sum(target.weights.values())


def _accepts(target: _Target, found: _Found, topic: frozenset[str]) -> bool:
    claim = {term: weight for term, weight in target.weights.items() if term not in topic | LIGHT_TERMS}
    said = sum(w for t, w in claim.items() if t in found.covered) / sum(claim.values()) if claim else 1.0
    return _share(target, found.covered) >= SHARE and said >= SAID


def _evidence(found: _Found) -> str:
    return " … ".join(clause.text for clause in found.clauses)


def _point(point: KeyPointLike, windows: Sequence[Sequence[Clause]], card: _Card) -> PointMatch:
    clauses = analyse(point.text)
    whole = _target(clauses, card)
    if not whole.terms:
        return PointMatch(False, 0.0, "")
    candidates = [found for window in windows if (found := _find(whole, window))]
    parts = _claims(clauses)
    if len(parts) > 1:  # "A does X, but B does Y": each claim in its own place
        pieces = []
        for part in parts:
            sub = _target(part, card)
            sub = _Target(sub.terms, {term: whole.weights[term] for term in sub.terms}, sub.negations, False)
            places = [f for window in windows if sub.terms and (f := _find(sub, window))]
            if places:
                pieces.append(max(places, key=lambda f: _share(sub, f.covered)))
        if len(pieces) == len(parts):
            candidates.append(_Found(frozenset().union(*(piece.covered for piece in pieces)),
                                     tuple(clause for piece in pieces for clause in piece.clauses)))
    for found in candidates:
        if _accepts(whole, found, card.topic):
            return PointMatch(True, round(_share(whole, found.covered), 3), _evidence(found))
    for alias in point.aliases:
        target = _target(analyse(alias), card, alias=True)
        for window in windows:
            if target.terms and (found := _find(target, window)):
                return PointMatch(True, 1.0, _evidence(found))
    best = max((_share(whole, found.covered) for found in candidates), default=0.0)
    return PointMatch(False, round(best, 3), "")


def match(answer: str, points: Sequence[KeyPointLike], question: str = "") -> list[PointMatch]:
    """One `PointMatch` per key point, in order. `question` (the card's) marks its words as topic words."""
    vocabulary = vocabulary_of([*(point.text for point in points),
                                *(alias for point in points for alias in point.aliases)])
    windows = _claims(analyse(answer, vocabulary))
    card = _card(points, question)
    return [_point(point, windows, card) for point in points]


def mentioned(answer: str, points: Sequence[KeyPointLike], question: str = "") -> list[bool]:
    """Whether the answer mentions each key point, in order."""
    return [result.mentioned for result in match(answer, points, question)]
