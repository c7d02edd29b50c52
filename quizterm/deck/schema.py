"""The JSON Schema of a deck file, for editors (yaml-language-server reads it from a `$schema` comment).

Generated from the pydantic models so the schema and the validator cannot disagree; the committed
`decks/deck.schema.json` is checked against it by the tests (`quizterm schema > decks/deck.schema.json`).
"""

from __future__ import annotations

import json

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def deck_json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a deck file."""
    from quizterm.deck.models import DeckModel

    generated = DeckModel.model_json_schema(mode="validation")
    _drop_defaults(generated)
    return {"$schema": JSON_SCHEMA_DIALECT, **generated}


def _drop_defaults(schema: object) -> None:
    """Remove `default` entries: an absent section is not an empty string, and editors would offer one."""
    if isinstance(schema, dict):
        schema.pop("default", None)
        for value in schema.values():
            _drop_defaults(value)
    elif isinstance(schema, list):
        for value in schema:
            _drop_defaults(value)


def schema_text() -> str:
    """The schema as committed in `decks/deck.schema.json`."""
    return json.dumps(deck_json_schema(), indent=2, ensure_ascii=False) + "\n"
