"""The `quizterm` command line: builds the parser from `quizterm.commands` and dispatches.

Each command lives in its own module under `quizterm/commands/`; heavy modules (Textual, pydantic, the
store) are imported inside the command that needs them, so `quizterm validate` never pays for the UI and
a warm `quizterm` start never pays for pydantic. Every user-facing failure is a `QuiztermError`, printed
as one line; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TextIO

from quizterm import __version__
from quizterm.commands.common import make_clock
from quizterm.errors import QuiztermError, UsageError
from quizterm.flow_control import flow_control_off

PROG = "quizterm"
# Each command's name -> its module in quizterm/commands/, in the order `--help` lists them. Only the module
# of the command run is imported: a drill's start-up never pays for the other commands' imports (interview
# and import pull in their domain modules to build their options' help).
COMMAND_MODULES = {"drill": "drill", "cram": "cram", "interview": "interview", "validate": "validate",
                   "schema": "schema", "stats": "stats", "plan": "plan", "doctor": "doctor", "check": "check",
                   "export": "export", "import": "import_", "new": "new", "sync": "sync"}
COMMANDS = tuple(COMMAND_MODULES)

Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]

__all__ = ["COMMANDS", "build_parser", "command_module", "main", "make_clock"]


def command_module(name: str) -> ModuleType:
    """The module of command `name` (one of COMMANDS), imported on first use."""
    return importlib.import_module(f"quizterm.commands.{COMMAND_MODULES[name]}")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as `UsageError` (exit 2, one line) instead of exiting itself."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or only command `only` (what it parses is the same for
    that command's arguments: each command's options live on its own subparser)."""
    parser = _Parser(prog=PROG, description="Spaced-repetition interview drills in the terminal. "
                     "Without a command, `drill` runs.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS if only is None else (only,):
        command_module(name).register(sub)
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
            args = _normalise_argv(raw)
            command = args[0] if args[0] in COMMANDS else None  # else -h, --help or --version: every command
            parsed = build_parser(command).parse_args(args)
            run: Handler = command_module(parsed.command).run
            return run(parsed, out, err)
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
