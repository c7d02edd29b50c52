"""Decks in and out: importers that turn other formats into quizterm cards, and the deck writer.

An importer reads a source (a Markdown Q&A file, a CSV/TSV table, an Anki package) into `ImportedCard`s
and `Notice`s (`imported.py`); `writer.py` writes them as a deck file that passes `quizterm validate`, or
appends them to an existing deck without touching a byte of what is already there. Nothing here imports
Textual or Rich: progress is reported through the small `Progress` protocol, which the command fills
with a Rich bar on a terminal.
"""
