"""What the matcher measures of one key point in one answer: the few numbers its score is made of.

A point is a list of weighted terms; an answer is a list of clauses grouped into claims and sentences
(`text.py`). Three places of the answer are measured, each by the share of the point's weight it holds:
its best claim, its best sentence, and the whole answer less the claims that contradict the point.
Sentences and the whole answer widen the net for terse answers that cut a point in pieces ("BN: batch
stats in train, running in eval") and for explanations that take two sentences to make it; the logistic
score (`matcher.py`) weighs how far each may be trusted.

A place never counts when it contradicts the point:
- a rival stands where one of the point's terms is missing ("boosting" for "bagging", `lexicon.ANTONYMS`);
- it denies a term of an affirmative claim of the point: a negation denies the `text.NEGATION_SCOPE`
  terms after it in its clause ("needs no reward model and no loop: it directly …" denies the reward
  model and the loop, not "directly"), a negation at a clause's end denies the whole clause ("отдельно
  смотреть не нужно");
- it says a negative claim of the point ("it is not the probability that H0 is true") with no negation
  in the clauses that hold its denied terms (the terms a negation of the point denies: "keys are cached
  so they are not recomputed" needs a negation for "recomputed", not for "cached").
A sentence is refused as a whole as soon as one of its claims contradicts the point on its own, so
"boosting reduces variance, while bagging reduces bias" never makes "bagging reduces variance" by
pooling its words.

Terms match exactly (after the thesaurus) or softly: an answer's word that shares a long prefix with a
point's word ("growth" for "grow", "explosions" for "exploding") counts `SOFT` of a full match, unless
the two are rivals. Why not a full match: a shared prefix is sometimes a different word ("part",
"partition").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizterm.rehearsal.text import ANTONYM_OF, Clause, concept_forms

SOFT = 0.7
"""What a prefix-only match (not the same stem, not the same concept) is worth, against 1 for a full one."""
PREFIX = 4
"""Letters two stems must share at the start to be taken as one word in another form..."""
PREFIX_SHARE = 0.75
"""... and the share of the shorter stem those letters make up (`grow`/`growth`, `explos`/`explod`)."""


@dataclass(frozen=True, slots=True)
class Target:
    """A point (or one claim of it, or an alias) as weighted terms; `said` marks its non-topic terms and
    `denied` the terms it negates ("not only the average": only, average)."""

    terms: tuple[str, ...]
    weights: dict[str, float]
    said: frozenset[str]
    denied: frozenset[str]
    clauses: tuple[tuple[frozenset[str], bool], ...]
    """The point's clauses: their terms, and whether each holds a negation."""
    parts: tuple[frozenset[str], ...] = ()
    """The terms of each of the point's comma-separated pieces ("bagging reduces variance, boosting reduces
    bias"): where a point names both rivals, a rival only contradicts the piece it stands in."""


@dataclass(frozen=True, slots=True)
class Place:
    """The best place of one kind: the share of the point's weight it holds, of its said weight, and how many
    of its said terms it holds fully."""

    share: float = 0.0
    said: float = 0.0
    said_terms: int = 0
    clauses: tuple[Clause, ...] = ()


NOWHERE = Place()

Sims = dict[str, dict[str, float]]
"""Answer term -> the point terms it stands for and how fully (`soft_map`)."""
Held = dict[str, tuple[float, frozenset[bool]]]
"""Point term -> how fully a place holds it, and whether it is denied there (one or both)."""


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _alike(a: str, b: str) -> bool:
    shorter = min(len(a), len(b))
    if shorter < PREFIX:
        return False
    common = _common_prefix(a, b)
    return common >= PREFIX and common >= PREFIX_SHARE * shorter


def soft_map(answer_terms: Iterable[str], point_terms: Iterable[str]) -> Sims:
    """For each answer term: the point terms it stands for, with how much (1 for itself, `SOFT` for a
    word in another form). Rivals never stand for each other; words of several terms ("fals_posit")
    only stand for others of several terms ("fals_posit_rate")."""
    by_prefix: dict[str, list[tuple[str, str]]] = {}
    for term in sorted(set(point_terms)):
        for form in concept_forms(term):
            if len(form) >= PREFIX:
                by_prefix.setdefault(form[:PREFIX], []).append((form, term))
    result: dict[str, dict[str, float]] = {}
    for a in set(answer_terms):
        sims = {a: 1.0}
        for form, term in by_prefix.get(a[:PREFIX], ()):
            if term != a and term not in sims and ("_" in a) == ("_" in form) and _alike(a, form) \
                    and a not in ANTONYM_OF.get(term, ()):
                sims[term] = SOFT
        result[a] = sims
    return result


_NONE: dict[str, float] = {}


def only_for(target: Target, sims: Sims) -> Sims:
    """`sims` cut down to the answer terms that stand for one of the target's terms: every later look-up
    of this target then skips the answer's other words at once."""
    return {a: kept for a, found in sims.items() if (kept := {t: v for t, v in found.items() if t in target.weights})}


def holding(target: Target, clauses: Sequence[Clause], sims: Sims) -> Held:
    """The target's terms these clauses hold."""
    found: dict[str, tuple[float, set[bool]]] = {}
    for clause in clauses:
        for a, denied in zip(clause.terms, clause.negated, strict=True):
            for term, value in sims.get(a, _NONE).items():
                if term in target.weights:
                    old, polarities = found.get(term, (0.0, set()))
                    polarities.add(denied)
                    found[term] = (max(old, value), polarities)
    return {term: (value, frozenset(polarities)) for term, (value, polarities) in found.items()}


def contradicts(target: Target, clauses: Sequence[Clause], held: Held, sims: Sims) -> bool:
    """The place puts a rival where one of the point's terms is missing ("boosting" for "bagging"), denies
    a term of an affirmative clause of the point, or says a negative clause of the point with no negation."""
    holders = [(clause, {term for a in clause.terms for term in sims.get(a, _NONE) if term in held})
               for clause in clauses]
    near = {term for clause, found in holders if found for term in clause.terms}
    if any(_rival_stands_in(target, term, held, near) for term in target.terms):
        return True
    for terms, negative in target.clauses:
        mine = terms & held.keys()
        if not mine:
            continue
        denied = mine & target.denied
        if negative and denied and not any(clause.negations for clause, found in holders if found & denied):
            return True
        if not negative and any(held[term][1] == {True} for term in mine - target.denied):
            return True
    return False


def _rival_stands_in(target: Target, term: str, held: Held, near: set[str]) -> bool:
    """A rival of the missing `term` is near: if the point names that rival too ("bagging reduces variance,
    boosting reduces bias"), only when the place holds a word of `term`'s own piece that no other piece has
    ("bagging reduces bias" contradicts; "GBM cuts bias" is the other piece, made)."""
    if term in held:
        return False
    rivals = ANTONYM_OF.get(term, frozenset()) & near
    if not rivals:
        return False
    if not rivals & target.weights.keys():
        return True
    for part in target.parts:
        if term in part and not rivals & part:  # "a small p-value does not mean a large effect" names both
            others: set[str] = set()
            for other in target.parts:
                if other is not part:
                    others |= other
            if (part - others) & held.keys():
                return True
    return False


def measure(target: Target, clauses: Sequence[Clause], sims: Sims,
            min_terms: int) -> Place | None:
    """How much of the target these clauses hold, or None when they contradict it or touch one term only."""
    held = holding(target, clauses, sims)
    if len(held) < min(min_terms, len(target.terms)) or all(value < 1.0 for value, _ in held.values()):
        return None
    if contradicts(target, clauses, held, sims):
        return None
    total = sum(target.weights.values())
    said_total = sum(target.weights[t] for t in target.said)
    share = sum(target.weights[t] * v for t, (v, _) in held.items()) / total
    said = (sum(target.weights[t] * v for t, (v, _) in held.items() if t in target.said) / said_total
            if said_total else 1.0)
    said_terms = sum(1 for t, (v, _) in held.items() if t in target.said and v >= 1.0)
    used = tuple(clause for clause in clauses if any(
        term in held for a in clause.terms for term in sims.get(a, _NONE)))
    return Place(round(share, 6), round(said, 6), said_terms, used)


def best(target: Target, windows: Sequence[Sequence[Clause]], sims: Sims,
         min_terms: int) -> Place:
    """The window holding the most of the target's weight (the first of equals), or `NOWHERE`."""
    found = NOWHERE
    for window in windows:
        place = measure(target, window, sims, min_terms)
        if place is not None and (place.share, place.said) > (found.share, found.said):
            found = place
    return found


def sentence_windows(claims: Sequence[tuple[Clause, ...]], target: Target,
                     sims: Sims) -> list[tuple[Clause, ...]]:
    """Each sentence's clauses, unless one of its claims touching the target contradicts it on its own."""
    by_sentence: dict[int, list[tuple[Clause, ...]]] = {}
    for claim in claims:
        by_sentence.setdefault(claim[0].sentence, []).append(claim)
    windows = []
    for sentence_claims in by_sentence.values():
        if len(sentence_claims) == 1:
            windows.append(sentence_claims[0])
            continue
        if any((held := holding(target, claim, sims)) and contradicts(target, claim, held, sims)
               for claim in sentence_claims):
            continue
        windows.append(tuple(clause for claim in sentence_claims for clause in claim))
    return windows


def agreeing(target: Target, claims: Sequence[tuple[Clause, ...]], sims: Sims) -> tuple[Clause, ...]:
    """The whole answer less the claims that contradict the target on their own."""
    return tuple(clause for claim in claims if not contradicts(target, claim, holding(target, claim, sims), sims)
                 for clause in claim)
