"""One module per `quizterm` command.

Each module defines `NAME`, `register(sub)` (adds its subparser) and `run(args, out, err) -> int`.
Heavy imports (Textual, pydantic, the store) stay inside `run`, so building the parser for one command
never pays for another's dependencies. `cli.py` only builds the parser and dispatches.
"""
