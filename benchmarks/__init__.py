"""quizterm's benchmark suite (issue 6): `python -m benchmarks` from the repository root.

Generates its own decks and review histories (seeded, no network) under `benchmarks/.data/`, measures
each figure against a baseline taken in the same run, and rewrites `docs/benchmarks.md`.
Needs nothing beyond quizterm's own dependencies and the standard library.
"""
