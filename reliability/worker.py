"""The child side of a trial: performs one write path in a loop and says what it committed.

Two ways to start it, both speaking the same line protocol on stdout (one line per event,
``TAG {json}``, each written with a single ``write(2)`` so that a line either reached the pipe
whole or not at all when SIGKILL lands):

    python -m reliability.worker serve       a fork server: imports the app once, then for each
                                             trial spec read on stdin forks a child that runs it
    python -m reliability.worker run SPEC    one trial in this (fresh) interpreter

The child prints ``READY`` when its write loop starts (the kill delay is counted from there),
``COMMITTED {marker}`` after each transaction returned, and ends with ``DONE`` (exit 0),
``ERROR {message}`` (an ``NCError`` or a fault the app explains: exit 2) or ``UNEXPECTED
{traceback}`` (exit 1). The fork server adds ``PID``, and ``EXIT`` when the child has ended;
it reaps the child only when the campaign says ``reap``, so a pid is never signalled after it
could have been reused.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sys
import traceback
from pathlib import Path
from typing import Any


def emit(tag: str, payload: dict[str, Any] | None = None) -> None:
    line = f"{tag} {json.dumps(payload or {}, ensure_ascii=False)}\n".encode()
    view = memoryview(line)
    while view:  # one write for any line under PIPE_BUF; loop only for long tracebacks
        written = os.write(1, view)
        view = view[written:]


class Worker:
    """What a write path's ``run`` is given: the trial's files, a login, and the reporting."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.db = Path(spec["db"])
        self.dir = self.db.parent
        self.username: str = spec["username"]
        self.passphrase: str = spec["passphrase"]
        self.iterations: int = spec["iterations"]
        self.extra: dict[str, Any] = spec.get("extra") or {}
        self.rng = random.Random(spec.get("seed", 0))
        self._ready = False

    def log_in(self):
        """As the app does: ``unlock.log_in`` → ``Opened`` (``.centre``, ``.login.actor``)."""
        from neighborcenter.core import unlock

        return unlock.log_in(self.db, username=self.username, passphrase=self.passphrase)

    def ready(self) -> None:
        """The write loop starts now. A write-fault trial's file size limit starts here too:
        any write past ``fsize`` bytes of any file fails with EFBIG (SIGXFSZ ignored)."""
        if self._ready:
            return
        self._ready = True
        fsize = self.spec.get("fsize")
        if fsize:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (int(fsize), hard))
        emit("READY")

    def committed(self, **marker: Any) -> None:
        """Call right after a transaction returned: the campaign will look for ``marker``."""
        emit("COMMITTED", marker)


def run_trial(spec: dict[str, Any]) -> int:
    """Run one trial's write path; the exit status the campaign expects (0, 2, or 1 for a
    fault the app does not explain)."""
    from neighborcenter.errors import NCError, explain_fault
    from reliability.paths import PATHS

    worker = Worker(spec)
    try:
        PATHS[spec["path"]].run(worker)
    except NCError as exc:
        emit("ERROR", {"exit": exc.exit_code, "type": type(exc).__name__, "message": str(exc)})
        return exc.exit_code
    except Exception as exc:
        fault = explain_fault(exc)
        if fault is not None:
            emit("ERROR", {"exit": fault.exit_code, "type": type(exc).__name__,
                           "message": str(fault)})
            return fault.exit_code
        emit("UNEXPECTED", {"type": type(exc).__name__, "message": str(exc)[:500],
                            "traceback": traceback.format_exc()[-4000:]})
        return 1
    emit("DONE")
    return 0


def serve() -> int:
    """The fork server: one interpreter start for the whole campaign."""
    import reliability.paths  # noqa: F401  (the app's modules, imported once, before any fork)

    emit("SERVING", {"pid": os.getpid()})
    for raw in sys.stdin.buffer:
        if not raw.strip():
            continue
        command = json.loads(raw)
        if command.get("op") == "reap":
            os.waitpid(int(command["pid"]), 0)
            continue
        pid = os.fork()
        if pid == 0:  # the child: never returns into the server's loop
            code = 70
            try:
                code = run_trial(command)
            finally:
                os._exit(code)
        emit("PID", {"pid": pid})
        info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # ended, not yet reaped
        assert info is not None  # (None only with WNOHANG)
        exited = info.si_code == os.CLD_EXITED
        emit("EXIT", {"pid": pid, "code": info.si_status if exited else None,
                      "signal": None if exited else info.si_status})
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"]:
        return serve()
    if argv[:1] == ["run"] and len(argv) == 2:
        return run_trial(json.loads(argv[1]))
    print("usage: python -m reliability.worker serve | run SPEC_JSON", file=sys.stderr)
    return 64


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
