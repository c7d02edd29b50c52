"""The deck file format as pydantic models: the validation rules and the JSON Schema come from here.

Strict (a number or boolean where text belongs is an error, never coerced) and closed (unknown keys
are errors, so a misspelled key cannot silently drop a section). These models only check files; the
rest of quizterm uses the plain dataclasses in `cards.py`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
SLUG_RULE = "lowercase letters, digits, '-', '_' and '.', starting with a letter or digit"

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(json_schema_extra={"pattern": r"\S"}),
]
"""Non-empty text (whitespace alone is empty); surrounding whitespace is dropped."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]

MIN_KEY_POINTS, MAX_KEY_POINTS = 2, 8
"""One point is a yes/no grade, not a checklist; more than 8 is a rubric nobody ticks through in an interview."""
MAX_ALIASES = 8
"""Per key point: the matcher compares every alias with the answer, so their number is bounded."""
MAX_TIME_LIMIT = 3600
"""Seconds: no single interview question gets more than an hour; a larger number is a typo."""

TimeLimit = Annotated[int, Field(ge=1, le=MAX_TIME_LIMIT)]
"""Whole seconds. Left out it stays 0, its default (defaults are not validated): null is not a time limit,
so the schema does not offer it."""

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True, hide_input_in_errors=True)


class KeyPointModel(BaseModel):
    """A key point in its mapping form: the point and other wordings that also count as making it."""

    model_config = ConfigDict(**_STRICT, title="Key point")

    point: Text = Field(description="The point a strong answer must make, as it is shown on the checklist.")
    aliases: list[Text] = Field(default_factory=list, max_length=MAX_ALIASES, description=(
        f"Other wordings that also count as making the point (at most {MAX_ALIASES}); may be left out."))


def _key_point_form(value: object) -> str:
    """Which form a key point is written in: a mapping is the long form, anything else must be text."""
    return "mapping" if isinstance(value, dict) else "text"


KEY_POINT_FORMS = ("text", "mapping")
"""The tags of the two forms; they appear in pydantic's error locations after the item's index."""

KeyPointItem = Annotated[
    Annotated[Text, Tag("text")] | Annotated[KeyPointModel, Tag("mapping")],
    Discriminator(_key_point_form),
]


class FollowUpModel(BaseModel):
    """A probe an interviewer adds after the answer, with its terse answer."""

    model_config = ConfigDict(**_STRICT, title="Follow-up")

    question: Text = Field(description="The follow-up question.")
    answer: Text = Field(description="Its answer, terse: a sentence or two.")


class CardModel(BaseModel):
    """One card in a deck file."""

    model_config = ConfigDict(**_STRICT, title="Card")

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
    key_points: list[KeyPointItem] = Field(
        default_factory=list, min_length=MIN_KEY_POINTS, max_length=MAX_KEY_POINTS, description=(
            f"The points a strong answer must make, {MIN_KEY_POINTS} to {MAX_KEY_POINTS}: each a text, or a "
            "mapping {point: ..., aliases: [...]} whose aliases also count as making it. Points and aliases "
            "of a card must differ (ignoring case, punctuation and spacing)."))
    follow_ups: list[FollowUpModel] = Field(default_factory=list, description=(
        "Follow-up questions an interviewer would add, each with a terse answer."))
    sources: list[Text] = Field(default_factory=list, description=(
        "Papers and documentation behind the card (authors, title, year, arXiv id, DOI or URL), one per item; "
        "shown on the rubric, links never opened."))
    time_limit: TimeLimit = Field(default=0, description=(
        f"Seconds to answer this card, a whole number from 1 to {MAX_TIME_LIMIT}; overrides the deck's."))
    tags: list[Slug] = Field(default_factory=list,
                             description=f"Tags for this card, added to the deck's tags; {SLUG_RULE}.")


class DeckModel(BaseModel):
    """A deck file: one YAML document."""

    model_config = ConfigDict(**_STRICT, title="quizterm deck")

    title: Text = Field(description="The deck's title, shown in the deck list.")
    description: Text = Field(default="", description="Optional description, shown in the deck list.")
    tags: list[Slug] = Field(default_factory=list,
                             description=f"Tags added to every card of the deck; {SLUG_RULE}.")
    time_limit: TimeLimit = Field(default=0, description=(
        f"Seconds to answer each card of the deck, a whole number from 1 to {MAX_TIME_LIMIT}; a card's own "
        "time_limit wins."))
    cards: list[CardModel] = Field(min_length=1, description="The cards, at least one.")


CARD_FIELDS: tuple[str, ...] = tuple(CardModel.model_fields)
DECK_FIELDS: tuple[str, ...] = tuple(DeckModel.model_fields)
KEY_POINT_FIELDS: tuple[str, ...] = tuple(KeyPointModel.model_fields)
FOLLOW_UP_FIELDS: tuple[str, ...] = tuple(FollowUpModel.model_fields)
REQUIRED: frozenset[str] = frozenset(
    name for model in (CardModel, DeckModel, KeyPointModel, FollowUpModel)
    for name, info in model.model_fields.items() if info.is_required()
)

# Rubric sections a card may leave out: a warning each, so authors notice a thin rubric.
RUBRIC_SECTIONS: dict[str, str] = {
    "breakdown": "no breakdown; the rubric will not show a full breakdown",
    "theory": "no theory; the rubric will not show the theory",
    "common_mistakes": "no common_mistakes; the rubric will not list common mistakes",
    "interview_tips": "no interview_tips; the rubric will not give interview tips",
    "key_points": "no key_points; the rubric will have no checklist and suggest no grade",
}
