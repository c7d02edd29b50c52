"""`python -m benchmarks` runs the whole suite (see benchmarks/run.py for the options)."""

from benchmarks.run import main

raise SystemExit(main())
