"""The `quizterm` command line: builds the parser from `quizterm.commands` and dispatches.

Each command lives in its own module under `quizterm/commands/`; heavy modules (Textual, pydantic, the
store) are imported inside the command that needs them, so `quizterm validate` never pays for the UI and
a warm `quizterm` start never pays for pydantic. Every user-facing failure is a `QuiztermError`, printed
as one line; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from quizterm import __version__
from quizterm.commands import (
    check,
    cram,
    doctor,
    drill,
    export,
    import_,
    interview,
    new,
    plan,
    schema,
    stats,
    sync,
    validate,
)
from quizterm.commands.common import make_clock
from quizterm.errors import QuiztermError, UsageError
from quizterm.flow_control import flow_control_off

PROG = "quizterm"
COMMAND_MODULES = (drill, cram, interview, validate, schema, stats, plan, doctor, check, export, import_, new, sync)
COMMANDS = tuple(module.NAME for module in COMMAND_MODULES)

Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]
HANDLERS: dict[str, Handler] = {module.NAME: module.run for module in COMMAND_MODULES}

__all__ = ["COMMANDS", "HANDLERS", "build_parser", "main", "make_clock"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as `UsageError` (exit 2, one line) instead of exiting itself."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Spaced-repetition interview drills in the terminal. "
                     "Without a command, `drill` runs.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _normalise_argv(argv: Sequence[str]) -> list[str]:
    """`quizterm` and `quizterm PATH...` mean `quizterm drill ...`."""
    args = list(argv)
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        return args
    return ["drill", *args]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; returns the exit status (0 ok, 1 failure, 2 usage error, 130 interrupted)."""
    out = out or sys.stdout
    err = err or sys.stderr
    raw = list(sys.argv[1:] if argv is None else argv)
    # The real command line only: keys typed while quizterm starts, ctrl+s included, are its own.
    keys = flow_control_off() if argv is None else contextlib.nullcontext()
    try:
        with keys:
            parser = build_parser()
            args = parser.parse_args(_normalise_argv(raw))
            return HANDLERS[args.command](args, out, err)
    except QuiztermError as exc:
        print(f"{PROG}: error: {exc}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=err)
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("QUIZTERM_DEBUG"):
            raise
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc} "
              "(please report it; set QUIZTERM_DEBUG=1 to see the traceback)", file=err)
        return 70
