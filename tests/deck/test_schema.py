"""The committed JSON Schema matches the models, and says what editors need."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from quizterm.deck.schema import deck_json_schema, schema_text

COMMITTED = Path(__file__).resolve().parents[2] / "decks" / "deck.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "decks/deck.schema.json is out of date; regenerate it: quizterm schema > decks/deck.schema.json")


def test_schema_is_closed_and_documented() -> None:
    schema = deck_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema
    assert schema["title"] == "quizterm deck"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["title", "cards"]
    card: dict[str, Any] = cast(dict[str, Any], schema["$defs"])["CardModel"]
    assert card["additionalProperties"] is False
    assert card["required"] == ["id", "question", "short_answer"]
    assert card["properties"]["id"]["pattern"] == "^[a-z0-9][a-z0-9._-]*$"
    assert card["properties"]["question"]["minLength"] == 1
    for props in (cast(dict[str, Any], schema["properties"]), card["properties"]):
        for name, prop in props.items():
            assert prop.get("description"), name
            assert "default" not in prop, name
    json.dumps(schema)
