"""Typed text as the matcher sees it: clauses of canonical terms, their negations, sentences and claims.

Every difference the matcher must ignore is removed here, once, the same way for a key point and for an
answer: case, punctuation, inflection (Snowball stemmers for English and Russian, chosen per word by its
script, so a Russian answer full of English terms works), British/American spelling, and the thesaurus's
abbreviations and translations ("BN", "батчнорм" and "batch normalization" are one term). What must
*not* be ignored is kept: negations are counted per clause, and claims are cut at sentence ends,
semicolons, contrast words ("while", "но") and ", and", so "boosting reduces variance, while bagging
reduces bias" is two claims, not a bag of four words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer  # PyStemmer: the Snowball stemmers in C (no type stubs; see pyproject's mypy overrides)
from rapidfuzz import process
from rapidfuzz.distance import OSA

from quizterm.rehearsal.lexicon import (
    ANTONYMS,
    CONTRASTS,
    JOINERS,
    LIGHT_WORDS,
    NEGATION_SYMBOLS,
    NEGATIONS,
    NOT_NEGATIONS,
    STOPWORDS_EN,
    STOPWORDS_RU,
    SURFACE_STOPWORDS,
)
from quizterm.rehearsal.thesaurus import SYNONYMS

_SENTENCE = re.compile(r"(?<!\d)[.!?]+(?!\d)|\n+|(?<=\d)[.!?]+(?=\s|$)")
_CLAUSE = re.compile(r"[,()\[\]{}]|(;)")
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
_NOT = re.compile(r"n[’']t\b")
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$")
_SUPERSCRIPT = re.compile(r"([²³¹⁰⁴-⁹]+)")
_CYRILLIC = re.compile(r"[а-я]")
_PROBABILITY = re.compile(r"(?<![\w.])p\s*\((?=[^)]*\|)")
"""`P(A | B)`: the notation of a conditional probability, read as the word (the bar is what tells it apart
from a function named p)."""

_english = Stemmer.Stemmer("english")
_russian = Stemmer.Stemmer("russian")


@dataclass(frozen=True, slots=True)
class Clause:
    """A run of words between commas, semicolons or contrast words; `negations` counts its negations, and
    `negated` tells for each term whether a negation before it in the clause denies it ("X is not Y":
    Y is denied, X is not)."""

    terms: tuple[str, ...]
    negations: int
    text: str
    sentence: int
    claim: int
    negated: tuple[bool, ...] = ()


def normalise(text: str) -> str:
    """Compatibility forms folded (NFKC: `²` is `2`, full-width letters are letters), lower case, ё as е."""
    text = _SUPERSCRIPT.sub(r" ^\1", text)  # bias² is "bias ^2", not a word "bias2"
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    for symbol in NEGATION_SYMBOLS:
        text = text.replace(symbol, " not ")
    text = _NOT.sub(" not", text.replace("cannot", "can not"))
    text = _PROBABILITY.sub("probability (", text)
    for phrase, meaning in NOT_NEGATIONS:
        text = text.replace(phrase, meaning)
    return text


_stem_cache: dict[str, str] = {}


def _stem(word: str) -> str:
    """`stem`, remembered: a session reads the same few thousand words again and again."""
    known = _stem_cache.get(word)
    if known is None:
        if len(_stem_cache) > 65536:
            _stem_cache.clear()
        known = _stem_cache[word] = stem(word)
    return known


def forget() -> None:
    """Empty every cache of words and texts (the benchmark times answers whose words are all new)."""
    _stem_cache.clear()
    _spelled.cache_clear()
    analyse.cache_clear()


def stem(word: str) -> str:
    """One word's stem, by the stemmer of its script; British `-ise` spellings become `-ize` first."""
    if _CYRILLIC.search(word):
        return str(_russian.stemWord(word))
    if "is" in word[-8:]:
        word = _BRITISH.sub(r"iz\1", word)
    return str(_english.stemWord(word))


def _build_thesaurus() -> tuple[dict[tuple[str, ...], str], int]:
    phrases: dict[tuple[str, ...], str] = {}
    for group in SYNONYMS:
        concept = "_".join(stem(word) for word in _WORD.findall(normalise(group[0])))
        for phrase in group:
            key = tuple(stem(word) for word in _WORD.findall(normalise(phrase)))
            phrases.setdefault(key, concept)
    return phrases, max(len(key) for key in phrases)


THESAURUS, _LONGEST = _build_thesaurus()
_PHRASE_LENGTH: dict[str, int] = {}
"""The longest thesaurus phrase starting with each stem: most words start none longer than themselves."""
for _key in THESAURUS:
    _PHRASE_LENGTH[_key[0]] = max(_PHRASE_LENGTH.get(_key[0], 1), len(_key))
STOPWORDS = frozenset(stem(word) for word in STOPWORDS_EN | STOPWORDS_RU | CONTRASTS) - {stem(w) for w in NEGATIONS}
_NEGATION_STEMS = frozenset(stem(word) for word in NEGATIONS)
CLAIM_STARTERS = CONTRASTS | JOINERS


def canonical(word: str) -> str:
    """The term for one word: its thesaurus concept, else its stem."""
    stemmed = stem(word)
    return THESAURUS.get((stemmed,), stemmed)


LIGHT_TERMS = frozenset(canonical(word) for word in LIGHT_WORDS)


def _phrase_term(phrase: str) -> str:
    stems = tuple(stem(word) for word in _WORD.findall(normalise(phrase)))
    return THESAURUS.get(stems, "_".join(stems))


def _antonyms() -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    for left, right in ANTONYMS:
        a, b = _phrase_term(left), _phrase_term(right)
        pairs.setdefault(a, set()).add(b)
        pairs.setdefault(b, set()).add(a)
    return {term: frozenset(others) for term, others in pairs.items()}


ANTONYM_OF = _antonyms()


NEGATION_SCOPE = 3
"""How many terms after a negation it denies: "needs no reward model and no loop: it directly …" denies
the reward model and the loop, not what follows."""


TYPO_MIN = 5
"""Words this long or longer may be a typo of a known word: one edit away (two from nine letters on)."""


@lru_cache(maxsize=64)
def _by_initial(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The known words by first letter, sorted so that a tie between two corrections always ends alike."""
    index: dict[str, list[str]] = {}
    for word in sorted(vocabulary):
        index.setdefault(word[0], []).append(word)
    return {initial: tuple(words) for initial, words in index.items()}


@lru_cache(maxsize=65536)
def _spelled(word: str, vocabulary: frozenset[str]) -> str:
    """The known word `word` is a typo of, or `word` itself.

    Known words are the key points' own words and the thesaurus's. A typo keeps its first letter (people
    rarely mistype it) and is one edit away, two for long words; a transposition is one edit.
    """
    if len(word) < TYPO_MIN or word in vocabulary or not word.isalpha():
        return word
    limit = 1 if len(word) < 9 else 2
    found = process.extractOne(word, _by_initial(vocabulary).get(word[0], ()), scorer=OSA.distance,
                               score_cutoff=limit)
    return word if found is None else found[0]


def _clause(words: list[str], text: str, vocabulary: frozenset[str], sentence: int, claim: int) -> Clause:
    if vocabulary:
        words = [_spelled(word, vocabulary) for word in words]
    stems = [_stem(word) for word in words]
    terms: list[str] = []
    negated: list[bool] = []
    negations = 0
    denied_from = -NEGATION_SCOPE - 1
    i = 0
    while i < len(stems):
        longest = min(_PHRASE_LENGTH.get(stems[i], 1), len(stems) - i)
        for length in range(longest, 0, -1):
            concept = THESAURUS.get(tuple(stems[i:i + length]))
            if concept is not None:
                terms.append(concept)
                negated.append(len(terms) - denied_from <= NEGATION_SCOPE)
                i += length
                break
        else:
            term = stems[i]
            if term in _NEGATION_STEMS:
                negations += 1
                denied_from = len(terms)
            elif term not in STOPWORDS and words[i] not in SURFACE_STOPWORDS:
                terms.append(term)
                negated.append(len(terms) - denied_from <= NEGATION_SCOPE)
            i += 1
    if negations and not any(negated):  # "… отдельно смотреть не нужно": a trailing negation denies it all
        negated = [True] * len(terms)
    return Clause(tuple(terms), negations, text.strip(), sentence, max(claim, 0), tuple(negated))


def _pieces(sentence: str) -> list[tuple[str, bool]]:
    """The sentence's clauses, each with whether it starts a new claim.

    Commas and brackets end a clause; a semicolon, a contrast word ("while", "но") or a comma followed by
    a joining word (", and", ", so") also ends the claim: "precision is X, and recall is Y" is two claims.
    """
    pieces: list[tuple[str, bool]] = []
    new_claim = True
    for chunk in _CLAUSE.split(sentence):
        if chunk is None or chunk == ";":
            new_claim = new_claim or chunk == ";"
            continue
        current: list[str] = []
        for word in chunk.split():
            if word in CONTRASTS and current:
                pieces.append((" ".join(current), new_claim))
                current, new_claim = [], True
            elif word in CLAIM_STARTERS and not current:
                new_claim = True
            current.append(word)
        pieces.append((" ".join(current), new_claim))
        new_claim = False
    return pieces


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([^\W\d_]*[A-ZА-Я][^\W_]*)")


def names_of(text: str) -> frozenset[str]:
    """Terms written with a capital letter other than a sentence's first: names of things (GroupNorm,
    PR-AUC, Great Expectations). Naming a thing is not saying something about it."""
    names: set[str] = set()
    for match in _NAME.finditer(text.strip()):
        for clause in analyse(match.group(1)):
            names.update(clause.terms)
    return frozenset(names)


def words_of(text: str) -> frozenset[str]:
    """The text's words, normalised but not stemmed: what a typo of one of them is corrected to."""
    return frozenset(_WORD.findall(normalise(text)))


def _concept_words() -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {}
    for group in SYNONYMS:
        concept = _phrase_term(group[0])
        words.setdefault(concept, set()).update(word for phrase in group for word in words_of(phrase))
    return {concept: frozenset(group) for concept, group in words.items()}


_CONCEPT_WORDS = _concept_words()
_CONCEPT_STEMS: dict[str, frozenset[str]] = {}
for _group in SYNONYMS:
    _CONCEPT_STEMS[_phrase_term(_group[0])] = frozenset(
        stem(_word) for _phrase in _group if len(_words := _WORD.findall(normalise(_phrase))) == 1
        for _word in _words)


def concept_forms(term: str) -> frozenset[str]:
    """The stems a term is written with: itself, and every one-word way the thesaurus writes its concept."""
    return _CONCEPT_STEMS.get(term, frozenset()) | {term}


def vocabulary_of(texts: Iterable[str]) -> frozenset[str]:
    """The words an answer's typos are read as: the texts' own words, and every way the thesaurus
    writes their terms and those terms' rivals (a typo of "бустинг" must still be seen as boosting)."""
    words: set[str] = set()
    for text in texts:
        words |= words_of(text)
        for clause in analyse(text):
            for term in clause.terms:
                for related in (term, *ANTONYM_OF.get(term, ())):
                    words |= _CONCEPT_WORDS.get(related, frozenset())
    return frozenset(words)


@lru_cache(maxsize=4096)
def analyse(text: str, vocabulary: frozenset[str] = frozenset()) -> tuple[Clause, ...]:
    """The text's clauses of canonical terms, numbered by sentence and by claim (empty clauses dropped).

    Words of `vocabulary` (the key points' words) that the text mistypes are read as typed correctly.
    """
    clauses: list[Clause] = []
    sentence = claim = -1
    for raw_sentence in _SENTENCE.split(normalise(text)):
        sentence += 1
        for piece, new_claim in _pieces(raw_sentence):
            words = _WORD.findall(piece)
            clause = _clause(words, piece, vocabulary, sentence, claim + 1 if new_claim else claim)
            if clause.terms or clause.negations:
                clauses.append(clause)
                claim = clause.claim
    return tuple(clauses)
