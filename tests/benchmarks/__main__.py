"""``python -m tests.benchmarks [--quick]``: every benchmark table and the summary (see run_all.py)."""

from tests.benchmarks.run_all import main

raise SystemExit(main())
