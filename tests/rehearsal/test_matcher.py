"""The key-point matcher: what counts as making a point, and what must not."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.rehearsal.matcher import match, mentioned
from quizterm.rehearsal.text import analyse


class Point(NamedTuple):
    text: str
    aliases: tuple[str, ...] = ()


BN = [
    Point("Dropout is active during training and disabled at inference"),
    Point("BatchNorm uses batch statistics in training and running statistics at inference"),
    Point("Small batches make BatchNorm statistics noisy"),
    Point("Freeze BatchNorm when fine-tuning with small batches", ("keep BN in eval mode",)),
    Point("Replace BatchNorm with GroupNorm or LayerNorm"),
]
BN_QUESTION = "Dropout, BatchNorm and fine-tuning with small batches: what changes at inference?"


def marks(answer: str, points: list[Point] = BN, question: str = BN_QUESTION) -> list[int]:
    return [i for i, made in enumerate(mentioned(answer, points, question)) if made]


def test_the_points_own_words_make_it() -> None:
    for i, point in enumerate(BN):
        assert i in marks(point.text), point.text


@pytest.mark.parametrize("answer", [
    "SMALL BATCHES MAKE BATCHNORM STATISTICS NOISY!!!",
    "BatchNorm statistics are noisy with small batches.",          # word order
    "With a tiny batch the BN stats get noisy.",                   # abbreviations, synonyms
    "batchnorm: statistics - noisy; batch: small",                 # punctuation
    "Small batchs make BatchNorm statistcs noisy",                 # typos
])
def test_case_order_punctuation_abbreviations_and_typos_do_not_matter(answer: str) -> None:
    assert 2 in marks(answer)


def test_inflected_russian_and_mixed_answers() -> None:
    points = [Point("На маленьких батчах статистики BatchNorm шумные"),
              Point("Вместо BatchNorm можно использовать LayerNorm или GroupNorm")]
    question = "Dropout, BatchNorm и fine-tuning на маленьких батчах"
    assert marks("При маленьком батче статистика BN получается шумной.", points, question) == [0]
    assert marks("Батч маленький → noisy статистики в батчнорме", points, question) == [0]


def test_an_alias_counts_as_its_point() -> None:
    assert 3 in marks("I'd keep BN in eval mode.")


@pytest.mark.parametrize("answer", [
    "Dropout is not disabled at inference, it stays active.",      # negated
    "You should not freeze BatchNorm when fine-tuning with small batches.",
    "GroupNorm and LayerNorm are different normalization layers.",  # names the topic, makes no claim
    "BatchNorm has statistics.",
])
def test_negations_and_near_misses_are_not_credited(answer: str) -> None:
    assert marks(answer) == []


def test_a_swapped_claim_is_not_the_claim() -> None:
    points = [Point("Bagging mainly reduces variance, boosting mainly reduces bias")]
    question = "Random forest vs gradient boosting"
    assert marks("Bagging reduces variance and boosting reduces bias.", points, question) == [0]
    assert marks("Boosting reduces variance, while bagging reduces bias.", points, question) == []


def test_a_match_shows_its_evidence_and_a_miss_shows_none() -> None:
    results = match("Honestly no idea. With a tiny batch the BN stats get noisy.", BN, BN_QUESTION)
    assert results[2].mentioned and "noisy" in results[2].evidence and "idea" not in results[2].evidence
    assert not results[4].mentioned and results[4].evidence == ""


def test_no_points_and_empty_answers() -> None:
    assert mentioned("anything", []) == []
    assert mentioned("", BN) == [False] * len(BN)
    assert mentioned("...", [Point("!!!")]) == [False]


WORDS = st.sampled_from(["gradient", "clipping", "prevents", "exploding", "variance", "learning", "rate",
                         "warmup", "stabilises", "training", "embedding", "retrieval", "reranking", "кэш",
                         "ключей", "значений", "ускоряет", "декодирование", "early", "stopping", "ensemble"])
TEXTS = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4), TEXTS, TEXTS)
def test_deterministic_and_one_mark_per_point(points: list[str], answer: str, more: str) -> None:
    key_points = [Point(text) for text in points]
    first = mentioned(answer, key_points)
    assert first == mentioned(answer, key_points) and len(first) == len(key_points)
    assert mentioned(answer.upper(), key_points) == first  # case never matters


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4), TEXTS, TEXTS)
def test_saying_more_never_takes_a_point_back(points: list[str], answer: str, more: str) -> None:
    key_points = [Point(text) for text in points]
    before = mentioned(answer, key_points)
    after = mentioned(f"{answer}. {more}", key_points)
    assert all(a or not b for b, a in zip(before, after, strict=True))


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4), st.data())
def test_a_point_repeated_word_for_word_is_made(points: list[str], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(points) - 1))
    assert mentioned(points[index], [Point(text) for text in points])[index]


GRADIENTS = [Point("Backprop multiplies per-layer Jacobians, so gradients shrink or grow geometrically with depth"),
             Point("Gradient clipping handles exploding gradients")]
GRADIENTS_QUESTION = "What causes vanishing and exploding gradients, and how do you fix them?"


def test_a_word_in_another_form_counts_softly() -> None:
    """"growth" is "grow", "explosions" is "exploding": a long shared prefix is a soft match."""
    assert marks("Backprop multiplies Jacobians, so the gradient growth is geometric with depth.",
                 GRADIENTS, GRADIENTS_QUESTION) == [0]
    assert marks("Gradient clipping handles the explosions of gradients.", GRADIENTS, GRADIENTS_QUESTION) == [1]


def test_a_negation_denies_the_words_after_it_not_the_whole_clause() -> None:
    points = [Point("DPO optimises directly on preference pairs with a classification-style loss, without a "
                    "separate reward model or RL loop")]
    question = "How does DPO differ from RLHF?"
    assert marks("DPO needs no reward model and no RL loop: it optimises directly on preference pairs with a "
                 "classification loss.", points, question) == [0]
    assert marks("DPO optimises directly on preference pairs, but it still needs a separate reward model and an "
                 "RL loop.", points, question) == []


def test_a_terse_sentence_can_make_a_point_across_its_clauses() -> None:
    assert 1 in marks("BN: batch stats in train, running stats at inference.")


def test_the_score_is_a_probability_and_the_threshold_decides() -> None:
    from quizterm.rehearsal.matcher import THRESHOLD

    for result in match("BatchNorm uses batch statistics in training and running statistics at inference. "
                        "Dropout whatever.", BN, BN_QUESTION):
        assert 0.0 <= result.score <= 1.0
        assert result.mentioned == (result.score >= THRESHOLD) or result.score == 1.0


BN_REST = ("Dropout is off at inference. BN uses batch statistics in training and running statistics at inference. "
           "Small batches make its statistics noisy.")


def test_the_rest_of_the_card_lets_a_terse_point_count() -> None:
    """"Freeze BN." is too little on its own for "Freeze BatchNorm when fine-tuning with small batches", and
    enough in an answer that makes the card's other points."""
    assert 3 not in marks("Freeze BN.")
    assert 3 in marks(f"{BN_REST} Freeze BN.")


def test_the_rest_of_the_card_never_carries_a_point_whose_own_words_are_missing() -> None:
    """The answer makes every other point and names small batches and BatchNorm, but never says "freeze"."""
    results = match(f"{BN_REST} Swap to GroupNorm or LayerNorm.", BN, BN_QUESTION)
    assert [r.mentioned for r in results] == [True, True, True, False, True]
    assert results[3].score == 0.0


def test_a_point_that_names_both_rivals_is_made_one_part_at_a_time() -> None:
    points = [Point("A random forest averages deep trees trained on bootstrap samples"),
              Point("Bagging mainly reduces variance, boosting mainly reduces bias"),
              Point("Boosting needs early stopping")]
    question = "Random forest vs gradient boosting"
    assert 1 in marks("Bagging of deep trees cuts variance. Boosting with shallow trees cuts bias.", points, question)
    assert 1 not in marks("Bagging of deep trees cuts bias. Boosting with shallow trees cuts variance.", points,
                          question)
    assert 1 not in marks("Bagging reduces bias.", points, question)


KV = [Point("During decoding the keys and values of previous tokens are cached so they are not recomputed"),
      Point("This makes each new token cost linear rather than quadratic work in the context length")]


def test_a_negative_point_needs_a_negation_only_for_what_it_denies() -> None:
    question = "What is the KV cache and why does it matter?"
    assert marks("Decoding caches the keys and values of previous tokens instead of recomputing them.", KV,
                 question) == [0]
    assert marks("The keys and values of previous tokens are recomputed at every step of decoding.", KV,
                 question) == []


P_VALUE = [Point("The p-value is the probability of data at least as extreme as observed, assuming the null "
                 "hypothesis is true"),
           Point("It is not the probability that the null hypothesis is true")]


def test_conditional_probability_notation_reads_as_probability() -> None:
    question = "What does a p-value mean?"
    assert marks("P(data at least this extreme | H0), not P(H0 | data).", P_VALUE, question) == [0, 1]
    assert marks("The p-value is P(H0 | data).", P_VALUE, question) == []
    assert "probabl" not in {term for clause in analyse("p(x) is the density") for term in clause.terms}
