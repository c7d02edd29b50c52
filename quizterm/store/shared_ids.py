"""Card ids whose progress was recorded under more than one deck name.

Progress follows a card's id across decks by design: a renamed deck file keeps its progress. The same
rule means a card copied, id and all, into another deck silently shares the original's progress. This
query finds such ids so that `stats` and `doctor` can name them; it cannot tell a rename from a copy, so
it only reports, never changes anything.

Cost: one pass over the log (no index holds the deck), each grade checked against the state table,
whose `deck` is the deck of the card's newest event: a card graded under another deck name has a grade
that differs from it. About 0.3 s at a million reviews (warm cache), then an index probe per id found.
"""

from __future__ import annotations

import sqlite3


def decks_of_shared_ids(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each card id graded under several deck names -> those names, sorted; ids in sorted order.

    Trusts the state table's `deck` column, so call it on a state table that matches the log (every
    write keeps them in step; `doctor` compares and repairs them first).
    """
    rows = conn.execute(
        "SELECT DISTINCT r.card_id, r.deck FROM events AS r WHERE r.kind = 'grade' AND r.cancelled = 0 "
        "AND r.card_id IN ("
        " SELECT l.card_id FROM events AS l NOT INDEXED JOIN cards AS c ON c.card_id = l.card_id"
        " WHERE l.kind = 'grade' AND l.cancelled = 0 AND l.deck <> c.deck"
        ") ORDER BY r.card_id, r.deck")
    shared: dict[str, list[str]] = {}
    for card_id, deck in rows:
        shared.setdefault(card_id, []).append(deck)
    # The newest event may be a suspend or a reset under another name than every grade: one name is not
    # a shared id.
    return {card_id: tuple(decks) for card_id, decks in shared.items() if len(decks) > 1}
