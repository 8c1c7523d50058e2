"""Run the crash and fault campaign: ``python -m reliability [options]`` from the project root.

A kill trial copies the template centre, starts a child on one write path (round robin over
the registry, ``reliability/paths.py``), waits for its ``READY``, sleeps a random delay drawn
from the path's calibrated running time and sends SIGKILL; a write-fault trial instead starts
the child with ``RLIMIT_FSIZE`` set to a random size (log-uniform, 512 B to 4 times the
database), so that a write of any file past it fails with EFBIG, and waits for it to end.
Then the parent opens the database as the app does and checks it (reliability/checks.py).

The children are forked from one worker process (``python -m reliability.worker serve``) that
has the app imported already, so that a trial costs its writes and not an interpreter start;
``--fresh`` starts a new interpreter for every trial instead.

Exit status 0 when every count is 0 (lost commits, integrity failures, half-done states,
children that failed without a message or hung), 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import queue
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reliability import template as templates_mod
from reliability.checks import (
    HALF_DONE,
    INTEGRITY,
    LEFTOVER_SUFFIXES,
    LOST,
    check_trial,
    leftovers,
)
from reliability.paths import PATHS

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 90.0  # seconds for a child to log in and start writing
RUN_TIMEOUT = 180.0  # seconds for a write-fault child (or a calibration run) to finish


# ---------------------------------------------------------------------------- the children


class _Lines:
    """Protocol lines read from a pipe by a thread, as ``(tag, payload)`` on a queue."""

    def __init__(self, stream, on_eof=None) -> None:
        self.queue: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.early: list[tuple[str, dict[str, Any]]] = []  # read ahead of the one looked for
        self._on_eof = on_eof
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for raw in stream:
            tag, _, rest = raw.decode("utf-8", "replace").rstrip("\n").partition(" ")
            try:
                payload = json.loads(rest) if rest else {}
            except json.JSONDecodeError:
                payload = {"text": rest}
            self.queue.put((tag, payload))
        self.queue.put(self._on_eof() if self._on_eof else ("EOF", {}))

    def get(self, timeout: float) -> tuple[str, dict[str, Any]] | None:
        if self.early:
            return self.early.pop(0)
        try:
            return self.queue.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None


class ForkServer:
    """One ``reliability.worker serve`` process; each trial is a child forked from it."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reliability.worker", "serve"], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log)
        self.lines = _Lines(self.proc.stdout)
        first = self.lines.get(READY_TIMEOUT)
        if first is None or first[0] != "SERVING":
            self.close()
            raise RuntimeError(f"the worker server did not start (see {log})")

    def start(self, spec: dict[str, Any]) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(spec, ensure_ascii=False).encode() + b"\n")
        self.proc.stdin.flush()
        # the child may say READY before the server has said its PID
        early: list[tuple[str, dict[str, Any]]] = []
        while True:
            item = self.lines.get(READY_TIMEOUT)
            if item is None or item[0] in ("EOF", "SERVING"):
                raise RuntimeError(f"the worker server did not fork a child: {item}")
            if item[0] == "PID":
                self.lines.early[:0] = early
                return int(item[1]["pid"])
            early.append(item)

    def kill(self, pid: int) -> None:
        # The server reaps the child only when told to (below), after its EXIT was read: the
        # pid is ours until then, even if the child has just ended.
        os.kill(pid, signal.SIGKILL)

    def finish(self, pid: int) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": "reap", "pid": pid}).encode() + b"\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


class FreshRunner:
    """A new interpreter per trial: ``python -m reliability.worker run SPEC``."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("ab")
        self.proc: subprocess.Popen[bytes] | None = None
        self.lines: _Lines | None = None

    def start(self, spec: dict[str, Any]) -> int:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reliability.worker", "run", json.dumps(spec)], cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log)
        self.proc = proc

        def ended() -> tuple[str, dict[str, Any]]:
            code = proc.wait()
            return "EXIT", {"pid": proc.pid, "code": code if code >= 0 else None,
                            "signal": -code if code < 0 else None}

        self.lines = _Lines(proc.stdout, on_eof=ended)
        return proc.pid

    def kill(self, pid: int) -> None:
        assert self.proc is not None and self.proc.pid == pid
        self.proc.kill()  # Popen does not signal a child it has already reaped

    def finish(self, pid: int) -> None:
        if self.proc is not None:
            self.proc.wait()

    def close(self) -> None:
        self._log.close()


@dataclass
class Run:
    events: list[dict[str, Any]] = field(default_factory=list)
    messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # ERROR, …
    exit: dict[str, Any] = field(default_factory=dict)
    killed: bool = False  # we sent SIGKILL (and the child had not ended by itself)
    hung: bool = False
    ready_after: float | None = None  # seconds from READY to the end
    done: bool = False


def run_child(runner, spec: dict[str, Any], delay: float | None) -> Run:
    """Start a child; SIGKILL it ``delay`` seconds after its READY (None: let it finish)."""
    run = Run()
    pid = runner.start(spec)
    started = time.monotonic()
    deadline = started + READY_TIMEOUT
    ready_at = kill_at = None
    sent = False
    while True:
        now = time.monotonic()
        if not sent and ((kill_at is not None and now >= kill_at) or now >= deadline):
            run.hung = kill_at is None or now < kill_at
            runner.kill(pid)
            sent = True
        wait = 1.0 if sent else min(deadline, kill_at or deadline) - now
        item = runner.lines.get(min(wait, 1.0))
        if item is None:
            continue
        tag, payload = item
        if tag == "READY":
            ready_at = time.monotonic()
            if delay is not None:
                kill_at = ready_at + delay
            deadline = ready_at + RUN_TIMEOUT
        elif tag == "COMMITTED":
            run.events.append(payload)
        elif tag in ("ERROR", "UNEXPECTED"):
            run.messages.append((tag, payload))
        elif tag == "DONE":
            run.done = True
        elif tag == "EXIT":
            run.exit = payload
            break
        elif tag == "EOF":
            raise RuntimeError("the worker server ended")
    runner.finish(pid)
    run.killed = sent and run.exit.get("signal") == signal.SIGKILL and not run.hung
    if ready_at is not None:
        run.ready_after = time.monotonic() - ready_at
    return run


# ---------------------------------------------------------------------------- the campaign


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m reliability",
                                description=__doc__.split("\n")[0])
    p.add_argument("--trials", type=int, default=1000, help="kill -9 trials (default 1000)")
    p.add_argument("--write-faults", type=int, default=None, metavar="N",
                   help="RLIMIT_FSIZE write-fault trials (default: a fifth of --trials)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--paths", default="", help="comma-separated write paths (default all: "
                   + ", ".join(PATHS) + ")")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the summary here")
    p.add_argument("--workdir", type=Path, help="where templates and trials go (default: a "
                   "new temporary folder, removed at the end unless a trial failed)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    p.add_argument("--fresh", action="store_true",
                   help="a new interpreter per trial instead of forking from one worker")
    p.add_argument("--calibrate", type=int, default=3, metavar="N",
                   help="runs of each path to the end first; the median time is the window "
                   "the kill delay is drawn from (default 3)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = p.parse_args(argv)
    if args.write_faults is None:
        args.write_faults = args.trials // 5
    if args.trials < 0 or args.write_faults < 0 or args.calibrate < 1:
        p.error("--trials and --write-faults cannot be negative, --calibrate at least 1")
    chosen = [s.strip() for s in args.paths.split(",") if s.strip()] or list(PATHS)
    unknown = [s for s in chosen if s not in PATHS]
    if unknown:
        p.error(f"unknown write path(s): {', '.join(unknown)}")
    args.chosen = chosen
    return args


@dataclass
class Campaign:
    runner: Any
    templates: dict[str, dict[str, Any]]
    workdir: Path
    rng: random.Random
    windows: dict[str, float] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    n: int = 0

    def trial(self, name: str, mode: str) -> dict[str, Any]:
        """One trial: ``mode`` is "calibrate" (run to the end), "kill" or "fsize"."""
        self.n += 1
        path_def = PATHS[name]
        tpl = self.templates[path_def.template]
        folder = self.workdir / "trials" / f"{self.n:05d}-{name}-{mode}"
        db = templates_mod.copy_to(tpl, folder)
        delay = fsize = None
        if mode == "kill":
            delay = self.rng.uniform(0.0, self.windows[name])
        elif mode == "fsize":
            fsize = int(math.exp(self.rng.uniform(math.log(512), math.log(4 * tpl["size"]))))
        spec = {"path": name, "db": str(db), "username": templates_mod.USERNAME,
                "passphrase": templates_mod.PASSPHRASE, "iterations": path_def.iterations,
                "seed": self.rng.randrange(1 << 30), "extra": tpl["extra"].get(name, {}),
                "fsize": fsize, "trial": self.n}
        t0 = time.monotonic()
        run = run_child(self.runner, spec, delay)
        checked = check_trial(path_def, spec, run.events, tpl)
        record = {
            "n": self.n, "path": name, "mode": mode,
            "delay": None if delay is None else round(delay, 4), "fsize": fsize,
            "reported": len(run.events), "killed": run.killed, "hung": run.hung,
            "exit": run.exit, "seconds": round(time.monotonic() - t0, 3),
            "ran": None if run.ready_after is None else round(run.ready_after, 3),
            "outcome": _outcome(run, mode),
            "messages": [{"tag": tag, **{k: v for k, v in p.items() if k != "traceback"}}
                         for tag, p in run.messages],
            "findings": [{"kind": f.kind, "text": f.text} for f in checked.findings],
            "leftovers": leftovers(folder),
        }
        if any(tag == "UNEXPECTED" for tag, _p in run.messages):
            record["traceback"] = next(p.get("traceback") for tag, p in run.messages
                                       if tag == "UNEXPECTED")
        if record["findings"] or record["outcome"] in FAILED_OUTCOMES:
            record["kept"] = str(folder)
            (folder / "trial.json").write_text(json.dumps(
                {"spec": spec, "events": run.events, "record": record}, ensure_ascii=False,
                indent=2), encoding="utf-8")
        else:
            shutil.rmtree(folder, ignore_errors=True)
        self.records.append(record)
        return record


# outcome of a child: "killed" by us; "finished" (exit 0); "message" (exit 2 with a message:
# expected only under a write fault); "unexplained" (exit 1, a traceback); "hung"; "crashed"
# (any other end); "error" (exit 2 in a trial with no fault injected)
FAILED_OUTCOMES = {"unexplained", "hung", "crashed", "error"}


def _outcome(run: Run, mode: str) -> str:
    if run.hung:
        return "hung"
    if run.killed:
        return "killed"
    code = run.exit.get("code")
    if code == 0:
        return "finished"
    if code == 2 and any(tag == "ERROR" for tag, _p in run.messages):
        return "message" if mode == "fsize" else "error"
    if code == 1:
        return "unexplained"
    return "crashed"


def summarise(records: list[dict[str, Any]], chosen: list[str]) -> dict[str, Any]:
    per_path: dict[str, dict[str, Any]] = {}
    for name in chosen:
        rs = [r for r in records if r["path"] == name]
        kinds = Counter(f["kind"] for r in rs for f in r["findings"])
        per_path[name] = {
            "kill_trials": sum(r["mode"] == "kill" for r in rs),
            "killed_mid_run": sum(r["mode"] == "kill" and r["outcome"] == "killed" for r in rs),
            "write_fault_trials": sum(r["mode"] == "fsize" for r in rs),
            "calibration_runs": sum(r["mode"] == "calibrate" for r in rs),
            "outcomes": dict(Counter(f"{r['mode']}:{r['outcome']}" for r in rs)),
            "commits_reported": sum(r["reported"] for r in rs),
            "lost": kinds[LOST], "integrity": kinds[INTEGRITY], "half_done": kinds[HALF_DONE],
            "failed_children": sum(r["outcome"] in FAILED_OUTCOMES for r in rs),
            "leftover_files": sum(len(r["leftovers"]) for r in rs),
            "leftover_kinds": dict(Counter(
                next(x for x in LEFTOVER_SUFFIXES if f.endswith(x))
                for r in rs for f in r["leftovers"])),
        }
    totals = {k: sum(p[k] for p in per_path.values())
              for k in ("kill_trials", "killed_mid_run", "write_fault_trials",
                        "calibration_runs",
                        "commits_reported", "lost", "integrity", "half_done",
                        "failed_children", "leftover_files")}
    return {"per_path": per_path, "totals": totals}


def table(summary: dict[str, Any]) -> str:
    cols = ("kill_trials", "killed_mid_run", "write_fault_trials", "commits_reported", "lost",
            "integrity", "half_done", "failed_children", "leftover_files")
    heads = ("path", "kill", "killed", "fault", "commits", "lost", "integrity", "half-done",
             "failed", "leftovers")
    rows = [(name, *(str(p[c]) for c in cols)) for name, p in summary["per_path"].items()]
    rows.append(("total", *(str(summary["totals"][c]) for c in cols)))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    line = lambda r: "  ".join(v.ljust(w) if i == 0 else v.rjust(w)  # noqa: E731
                               for i, (v, w) in enumerate(zip(r, widths, strict=True)))
    return "\n".join([line(heads), line(tuple("-" * w for w in widths))]
                     + [line(r) for r in rows])


def failures(summary: dict[str, Any]) -> int:
    t = summary["totals"]
    return t["lost"] + t["integrity"] + t["half_done"] + t["failed_children"]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        if not args.quiet:
            print(f"[reliability] {message}", file=sys.stderr, flush=True)

    started = time.monotonic()
    rng = random.Random(args.seed)
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="nc-reliability-")) if own_workdir else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    paths = [PATHS[n] for n in args.chosen]
    log(f"templates in {workdir} …")
    tpls = templates_mod.build(workdir, paths, seed=args.seed)
    (workdir / "templates.json").write_text(json.dumps(tpls, ensure_ascii=False, indent=2),
                                            encoding="utf-8")  # to look into a kept trial
    runner = (FreshRunner if args.fresh else ForkServer)(workdir / "children.log")
    campaign = Campaign(runner, tpls, workdir, rng)
    try:
        for name in args.chosen:  # each path run to the end: its running time, and a check
            times = []
            for _ in range(args.calibrate):
                record = campaign.trial(name, "calibrate")
                times.append(record["ran"] or 0.0)
                if record["outcome"] != "finished":
                    log(f"calibration of {name} did not finish: {record['messages']}")
            campaign.windows[name] = max(0.02, statistics.median(times))
            log(f"calibrated {name}: {record['reported']} commits in "
                f"{campaign.windows[name]:.2f} s (median of {len(times)})")
        plan = ([("kill", args.chosen[i % len(args.chosen)]) for i in range(args.trials)]
                + [("fsize", args.chosen[i % len(args.chosen)])
                   for i in range(args.write_faults)])
        for i, (mode, name) in enumerate(plan, 1):
            record = campaign.trial(name, mode)
            if record["findings"] or record["outcome"] in FAILED_OUTCOMES:
                log(f"trial {record['n']} {name} {mode}: {record['outcome']}, "
                    f"{record['findings'] or record['messages']} (kept in {record['kept']})")
            if i % 50 == 0 or i == len(plan):
                log(f"{i}/{len(plan)} trials, {time.monotonic() - started:.0f} s")
    finally:
        runner.close()
    summary = summarise(campaign.records, args.chosen)
    seconds = round(time.monotonic() - started, 1)
    print(table(summary))
    print(f"{summary['totals']['kill_trials']} kill trials "
          f"({summary['totals']['killed_mid_run']} killed mid-run), "
          f"{summary['totals']['write_fault_trials']} write-fault trials in {seconds} s: "
          f"{summary['totals']['lost']} lost, {summary['totals']['integrity']} integrity "
          f"failures, {summary['totals']['half_done']} half-done, "
          f"{summary['totals']['failed_children']} children failed without a message")
    failed = failures(summary)
    if args.json:
        from neighborcenter import __version__

        report = {
            "version": __version__, "seed": args.seed, "paths": args.chosen,
            "fresh_interpreters": args.fresh, "seconds": seconds,
            "when": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": {"python": platform.python_version(), "system": platform.platform(),
                        "cpus": os.cpu_count()},
            "windows": {k: round(v, 3) for k, v in campaign.windows.items()},
            **summary,
            "failed_trials": [r for r in campaign.records
                              if r["findings"] or r["outcome"] in FAILED_OUTCOMES],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if failed:
        log(f"failed trials are kept in {workdir / 'trials'}")
    elif own_workdir and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0
