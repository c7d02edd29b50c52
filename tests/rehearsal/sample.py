"""A card with key points, common mistakes and follow-ups, shared by the rehearsal tests."""

from __future__ import annotations

from quizterm.deck.cards import Card, KeyPoint

DROPOUT = Card(
    id="dropout",
    deck="dl",
    question="How do dropout and BatchNorm behave at inference?",
    short_answer="Dropout is off; BatchNorm uses its running statistics.",
    common_mistakes=("Keeping dropout on at inference.", "Using batch statistics at test time."),
    key_points=(
        "Dropout is turned off at inference",
        "Activations are scaled by 1/(1-p) during training",
        KeyPoint("BatchNorm uses running statistics at inference", ("running mean and variance",)),
    ),
    follow_ups=(
        ("Does gradient accumulation fix BatchNorm on small batches?",
         "No; each forward pass normalises over its own small batch."),
        ("What is inverted dropout?", "Scaling at train time, so inference needs no change."),
    ),
)
GOOD_ANSWER = "At inference dropout is turned off. BatchNorm switches to the running mean and variance."
"""Makes the first and third point (the third by its alias), not the second."""

PLAIN = Card(id="plain", deck="dl", question="What is a tensor?", short_answer="An n-dimensional array.")
