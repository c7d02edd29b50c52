"""Deck files: finding, validating, caching and loading them (`loader.load_decks` is the entry point).

Nothing here imports Textual; yaml and pydantic are imported only when a file has to be validated.
"""
