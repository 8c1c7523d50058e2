"""Run the benchmarks: ``python -m benchmarks [options]`` from the project root.

Builds (or reuses, keyed by app version, schema, demo generator and seed) a demo centre,
runs each scenario after a warm-up, prints a table and optionally writes JSON with, per
figure, the median, p95, the floor measured in the same run and the ratio to it. Figures are
never asserted: a missed target is reported, and the exit status stays 0 (use
``--fail-on-miss`` to make it 3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

from benchmarks import data
from benchmarks.scenarios import SCENARIOS, Context
from benchmarks.stats import table


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--residents", type=int, default=20_000,
                   help="the demo centre's size (default 20 000; the README's growth table "
                   "also uses 2000 and 100000: building 100 000 takes about a minute)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=5, help="timed runs per scenario (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    p.add_argument("--only", default="", help="comma-separated scenarios: "
                   + ", ".join(SCENARIOS))
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    p.add_argument("--cache", type=Path, default=data.DEFAULT_CACHE,
                   help=f"where the demo centre is kept (default {data.DEFAULT_CACHE.name}/)")
    p.add_argument("--fail-on-miss", action="store_true",
                   help="exit 3 when a figure misses its target")
    args = p.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.residents < 1:
        p.error("--runs and --residents must be at least 1, --warmup at least 0")
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(SCENARIOS)
    unknown = [s for s in chosen if s not in SCENARIOS]
    if unknown:
        p.error(f"unknown scenario(s): {', '.join(unknown)}")
    args.scenarios = chosen
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    centre = data.centre_db(args.cache, args.residents, args.seed, log=log)
    ctx = Context(centre=centre, cache=args.cache, residents=args.residents, seed=args.seed,
                  runs=args.runs, warmup=args.warmup, log=log)
    figures = []
    for name in args.scenarios:
        log(f"{name} …")
        t0 = time.perf_counter()
        figures += SCENARIOS[name](ctx)
        log(f"{name} done in {time.perf_counter() - t0:.1f} s")
    print(table(figures))
    if args.json:
        from neighborcenter import __version__

        report = {
            "version": __version__, "data": data.data_key(args.residents, args.seed),
            "residents": args.residents, "seed": args.seed, "runs": args.runs,
            "warmup": args.warmup, "when": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": {"python": platform.python_version(), "system": platform.platform(),
                        "cpus": os.cpu_count()},
            "seconds": round(time.perf_counter() - started, 1),
            "figures": [f.as_json() for f in figures],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        log(f"figures written to {args.json}")
    return 3 if args.fail_on_miss and any(f.missed() for f in figures) else 0
