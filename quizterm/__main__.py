"""`python -m quizterm` runs the same command line as the `quizterm` script."""

from quizterm.cli import main

if __name__ == "__main__":  # not when a worker process imports it as the main module
    raise SystemExit(main())
