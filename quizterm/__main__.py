"""`python -m quizterm` runs the same command line as the `quizterm` script."""

from quizterm.cli import main

raise SystemExit(main())
