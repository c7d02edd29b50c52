"""Errors meant for the user.

Every failure a user can cause or meet (a broken deck, a corrupt database, a bad option) is raised as a
`QuiztermError` whose message is one line saying where and what to do; the CLI prints it and exits with
`exit_code`. Anything else is a bug.
"""

from __future__ import annotations


class QuiztermError(Exception):
    """A failure explained to the user in one line."""

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(QuiztermError):
    """The command line itself is wrong (a missing path, a bad option value): exit status 2."""

    exit_code = 2
