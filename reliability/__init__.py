"""The crash and fault campaign (issue 12, part 8): kill -9 at random moments of every write
path, and write failures injected with ``RLIMIT_FSIZE``; after each trial the database must
open the way the app opens it, pass SQLite's and the app's checks, hold every transaction the
child reported as committed, and show nothing half-done.

    .venv/bin/python -m reliability [--trials 1000] [--seed 1] [--json reliability.json]

The write paths are a registry (``reliability/paths.py``, ``PATHS``): each new feature adds its
own. See ``reliability/campaign.py`` for how a trial runs, and README.md ("Reliability") for the
counts measured.
"""
