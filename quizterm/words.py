"""Small wording helpers shared by the screens and the command-line reports."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 card`, `2 cards`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
