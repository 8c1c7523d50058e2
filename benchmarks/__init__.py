"""The performance harness: every headline figure measured against its floor, in one run.

    .venv/bin/python -m benchmarks [--residents 20000] [--runs 5] [--json bench.json]

See ``benchmarks/run.py`` for the scenarios and README.md ("Performance") for the figures.
"""
