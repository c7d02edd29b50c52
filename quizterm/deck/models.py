"""The deck file format as pydantic models: the validation rules and the JSON Schema come from here.

Strict (a number or boolean where text belongs is an error, never coerced) and closed (unknown keys
are errors, so a misspelled key cannot silently drop a section). These models only check files; the
rest of quizterm uses the plain dataclasses in `cards.py`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
SLUG_RULE = "lowercase letters, digits, '-', '_' and '.', starting with a letter or digit"

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(json_schema_extra={"pattern": r"\S"}),
]
"""Non-empty text (whitespace alone is empty); surrounding whitespace is dropped."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


class CardModel(BaseModel):
    """One card in a deck file."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, hide_input_in_errors=True,
                              title="Card")

    id: Slug = Field(description=(
        "Identifies the card forever: progress is stored under it, so keep it when you edit the card. "
        f"Unique across all decks; {SLUG_RULE}."))
    question: Text = Field(description="The interview question, as the interviewer would ask it.")
    short_answer: Text = Field(description="The answer in two or three sentences: what a good reply must say.")
    breakdown: Text = Field(default="", description="The full breakdown, in Markdown.")
    theory: Text = Field(default="", description="The theory behind the answer, in Markdown.")
    common_mistakes: list[Text] = Field(default_factory=list,
                                        description="Mistakes candidates often make, one per item.")
    interview_tips: list[Text] = Field(default_factory=list,
                                       description="How to answer well in an interview, one tip per item.")
    tags: list[Slug] = Field(default_factory=list,
                             description=f"Tags for this card, added to the deck's tags; {SLUG_RULE}.")


class DeckModel(BaseModel):
    """A deck file: one YAML document."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, hide_input_in_errors=True,
                              title="quizterm deck")

    title: Text = Field(description="The deck's title, shown in the deck list.")
    description: Text = Field(default="", description="Optional description, shown in the deck list.")
    tags: list[Slug] = Field(default_factory=list,
                             description=f"Tags added to every card of the deck; {SLUG_RULE}.")
    cards: list[CardModel] = Field(min_length=1, description="The cards, at least one.")


CARD_FIELDS: tuple[str, ...] = tuple(CardModel.model_fields)
DECK_FIELDS: tuple[str, ...] = tuple(DeckModel.model_fields)
REQUIRED: frozenset[str] = frozenset(
    name for model in (CardModel, DeckModel) for name, info in model.model_fields.items() if info.is_required()
)

# Rubric sections a card may leave out: a warning each, so authors notice a thin rubric.
RUBRIC_SECTIONS: dict[str, str] = {
    "breakdown": "no breakdown; the rubric will not show a full breakdown",
    "theory": "no theory; the rubric will not show the theory",
    "common_mistakes": "no common_mistakes; the rubric will not list common mistakes",
    "interview_tips": "no interview_tips; the rubric will not give interview tips",
}
