"""Rehearsing like the interview: which key points an answer makes, and the grade that follows.

Domain code only (no Textual): `matcher` reads a typed answer against a card's key points, `grading`
turns the marks into a suggested grade.
"""
