"""Which of a card's key points a typed answer mentions.

Precision before recall: crediting a point the answer did not make teaches the candidate to fool
themselves, while a missed point costs one toggle on the checklist. The matcher is lexical (offline,
deterministic, no model): it compares terms, after `text.py` has folded away case, punctuation,
inflection, typos, British spellings, abbreviations and English/Russian translations.

How a point is scored (`features.py` measures, this module decides):
- a term's weight is how much it tells this point apart from the rest of the card: 1 / (how many of the
  card's key points use it + half if the question does), a quarter of that for words too general to
  make a point ("model", "data", "help"); the point's *said* terms are those other than topic words (the
  card's question) and names (GroupNorm, PR-AUC);
- the answer's best claim (a run of words between sentence ends, semicolons, contrast words and ", and")
  and best sentence are the places holding most of the point's weight, with at least two of its terms;
  a place that negates what the point affirms, or puts a rival in the place of a missing term
  ("boosting reduces variance" for "bagging reduces variance", `lexicon.ANTONYMS`), does not count;
- a point written as several claims ("A does X, but B does Y") may also be made claim by claim;
- how much of the card's *other* points the answer holds (`context`) is the last number: the same weak
  overlap is more often a real mention in an answer that makes the rest of the card;
- a point whose said terms are all missing scores 0 (`Evidence.topic_only`): naming the topic is not
  making the point, however much of the rest of the card the answer makes;
- the score is a logistic function of a few of these numbers (`COEFFICIENTS`), and the point counts as
  mentioned when it reaches `THRESHOLD`. The coefficients and the threshold were fitted on the tune half
  of the labelled set only, by `python -m benchmarks.matcher.fit` (5-fold cross-validation by item);
- an alias counts when one clause holds all its terms.

Measured on the labelled set (benchmarks/matcher/labelled.yaml): see docs/benchmarks.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from quizterm.rehearsal.features import (
    NOWHERE,
    Place,
    Sims,
    Target,
    agreeing,
    best,
    measure,
    only_for,
    sentence_windows,
    soft_map,
)
from quizterm.rehearsal.text import LIGHT_TERMS, Clause, analyse, names_of, vocabulary_of

MIN_TERMS = 2
"""Terms of a point (of two or more) a place must hold: one shared word is a topic, not a claim."""
QUESTION_WEIGHT = 0.5
"""How much the card's question counts in a term's frequency: topic words are weak, not worthless."""
LIGHT = 0.25
"""Weight factor of words too general to make a point on their own (`lexicon.LIGHT_WORDS`)."""

FEATURES = ("claim share", "sentence share", "sentence said", "said terms held", "answer share", "other points")
COEFFICIENTS = (-3.920, 1.389, 1.624, 1.034, 2.257, 2.737, 3.630)
"""Intercept, then one weight per feature (`FEATURES`, `Evidence.vector`): fitted on the tune half by
`python -m benchmarks.matcher.fit` (L2-penalised logistic regression)."""
THRESHOLD = 0.761
"""The score from which a point counts as mentioned: fitted with the coefficients."""


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
    """The matcher's confidence that the point is made, 0–1 (1.0 for an alias), rounded."""
    evidence: str
    """The answer's words that made the point (empty when it is not mentioned)."""


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


def _target(clauses: Sequence[Clause], card: _Card, weights: dict[str, float] | None = None) -> Target:
    terms = tuple(dict.fromkeys(term for clause in clauses for term in clause.terms))
    if weights is None:
        weights = {term: (LIGHT if term in LIGHT_TERMS else 1.0) / max(card.frequency.get(term, 1.0), 1.0)
                   for term in terms}
    said = frozenset(term for term in terms if term not in card.topic and term not in LIGHT_TERMS)
    denied = frozenset(term for clause in clauses for term, no in zip(clause.terms, clause.negated, strict=True)
                       if no)
    return Target(terms, {term: weights[term] for term in terms}, said, denied,
                  tuple((frozenset(t for c in claim for t in c.terms), any(c.negations for c in claim))
                        for claim in _claims(clauses)),
                  tuple(frozenset(clause.terms) for clause in clauses))


def _claims(clauses: Sequence[Clause]) -> list[tuple[Clause, ...]]:
    claims: dict[int, list[Clause]] = {}
    for clause in clauses:
        claims.setdefault(clause.claim, []).append(clause)
    return [tuple(claim) for claim in claims.values()]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The numbers a point's score is made of, and the answer's clauses behind them."""

    claim: Place
    sentence: Place
    answer: Place
    alias: tuple[Clause, ...] | None
    says: bool = True
    """Whether the point says anything beyond its topic words and names (most points do)."""

    @property
    def topic_only(self) -> bool:
        """The point says something, and no place of the answer holds one of its said terms in full: it
        names the topic at most. Such a point is never credited, however much of the rest of the card the
        answer makes (`context` alone must not carry a point)."""
        return self.says and not (self.claim.said_terms or self.sentence.said_terms or self.answer.said_terms)

    @property
    def held(self) -> float:
        """The share of the point's weight its best claim or sentence holds."""
        return max(self.claim.share, self.sentence.share)

    def vector(self, others: float) -> tuple[float, ...]:
        """The features (`FEATURES`); `others` is `context` of the card's other points."""
        place = max(self.claim, self.sentence, key=lambda p: p.share)
        return (self.claim.share, self.sentence.share, self.sentence.said,
                min(place.said_terms, 4) / 4, self.answer.share, others)


def context(found: Sequence[Evidence | None], index: int) -> float:
    """How much of the card's *other* points the answer holds: the mean of their `Evidence.held` (0 for a
    card of one point).

    The same partial overlap means more in an answer that makes the card's other points than in one that
    only names the topic: a near-miss ("BatchNorm behaves differently in eval mode") rarely makes the rest
    of the card, while a terse or paraphrased real answer makes several points at once, each in few words.
    Cross-validated on the tune half, this one number raised recall at precision 0.97 from 0.44 to 0.58.
    """
    others = [evidence.held if evidence is not None else 0.0 for i, evidence in enumerate(found) if i != index]
    return sum(others) / len(others) if others else 0.0


def score(vector: Sequence[float], coefficients: Sequence[float] = COEFFICIENTS) -> float:
    z = coefficients[0] + sum(w * x for w, x in zip(coefficients[1:], vector, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def evidence(point: KeyPointLike, claims: Sequence[tuple[Clause, ...]], sims: Sims,
             card: _Card) -> Evidence | None:
    """What the answer holds of the point, or None when the point has no terms at all."""
    clauses = analyse(point.text)
    whole = _target(clauses, card)
    if not whole.terms:
        return None
    mine = only_for(whole, sims)
    touching = [claim for claim in claims if any(a in mine for clause in claim for a in clause.terms)]
    claim = best(whole, touching, mine, MIN_TERMS)
    sentence = best(whole, sentence_windows(touching, whole, mine), mine, MIN_TERMS)
    answer = measure(whole, agreeing(whole, touching, mine), mine, MIN_TERMS) or NOWHERE
    alias = None
    for text in point.aliases:
        target = _target(analyse(text), card)
        for claim_clauses in claims:
            for clause in claim_clauses:
                place = measure(target, (clause,), sims, MIN_TERMS) if target.terms else None
                if place is not None and place.share >= 1.0 and alias is None:
                    alias = (clause,)
    return Evidence(claim, sentence, answer, alias, bool(whole.said))


def prepare(answer: str, points: Sequence[KeyPointLike],
            question: str) -> tuple[list[tuple[Clause, ...]], Sims, _Card]:
    """The answer's claims, how its terms stand for the points' terms, and the card's term frequencies."""
    texts = [*(point.text for point in points), *(alias for point in points for alias in point.aliases)]
    claims = _claims(analyse(answer, vocabulary_of(texts)))
    point_terms = {term for text in texts for clause in analyse(text) for term in clause.terms}
    sims = soft_map((term for claim in claims for clause in claim for term in clause.terms), point_terms)
    return claims, sims, _card(points, question)


def match(answer: str, points: Sequence[KeyPointLike], question: str = "") -> list[PointMatch]:
    """One `PointMatch` per key point, in order. `question` (the card's) marks its words as topic words."""
    claims, sims, card = prepare(answer, points, question)
    everything = [evidence(point, claims, sims, card) for point in points]
    results = []
    for index, found in enumerate(everything):
        if found is None:
            results.append(PointMatch(False, 0.0, ""))
            continue
        if found.alias is not None:
            results.append(PointMatch(True, 1.0, " … ".join(clause.text for clause in found.alias)))
            continue
        value = 0.0 if found.topic_only else score(found.vector(context(everything, index)))
        place = max(found.claim, found.sentence, key=lambda p: p.share)
        made = value >= THRESHOLD
        results.append(PointMatch(made, round(value, 3),
                                  " … ".join(clause.text for clause in place.clauses) if made else ""))
    return results


def mentioned(answer: str, points: Sequence[KeyPointLike], question: str = "") -> list[bool]:
    """Whether the answer mentions each key point, in order."""
    return [result.mentioned for result in match(answer, points, question)]
