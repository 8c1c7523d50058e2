"""The first window and the login (issue 21's evidence).

**First window (login shown)**: the whole GUI process on the benchmark centre, without
``--user``, until its login window is shown (``--exit-after-ms 0``), against
``floor_window.py``: a process that imports PySide6, shows an empty QMainWindow and exits.
Interleaved, so that both share the machine's noise. The data layer, the services and the
pages load after the login window is painted (neighborcenter/ui/loading.py), so they are not
in this figure: the next one counts what they leave for the login.

**Login → main window**: in a real GUI process (this module run as
``python -m benchmarks.first_window DB``: the app's controller, worker and event loop, no
busy polling), once the login window is shown and the application has loaded (a person takes
longer than that to type a passphrase), the login name and passphrase are typed into the
login window and 登录 is clicked; the time runs until the main window is shown with its first
page ready (the home page's numbers and today's list, read on the worker) — the Argon2id check,
opening the database, the login's audit entry, the window and the home page's reads. Its floor
is the Argon2id derivation alone (unwrapping the data key with the passphrase, at the app's
parameters), measured in this process between the probes; its target is 300 ms.

The probe must not import the data layer before the login window shows (the app does not),
so it imports only PySide6 and the app's first-window modules, and takes the passphrase from
``$NEIGHBORCENTER_PASSPHRASE``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
USER = "admin"


def probe(db_path: Path) -> dict:
    """In this process: the login window, then the login timed (see the module's docstring).
    Returns the milliseconds from the click to the main window shown and to its page ready."""
    from PySide6.QtCore import QTimer

    from neighborcenter.app import make_application
    from neighborcenter.core import door
    from neighborcenter.i18n import set_language
    from neighborcenter.ui import loading

    with loading.feature_check_by_name():
        from neighborcenter.ui.controller import AppController
        from neighborcenter.ui.ops import DbWorker

    set_language("zh_CN")
    app = make_application()
    worker = DbWorker(None)
    controller = AppController(app, worker, db_path=db_path, door=door.door(db_path),
                               language=None, large_print=False, user=None, passphrase=None)
    passphrase = os.environ["NEIGHBORCENTER_PASSPHRASE"]
    marks: dict[str, float] = {}
    failure: list[str] = []

    def type_and_log_in() -> None:  # a person has typed: the application has loaded
        dialog = controller.dialog
        if not loading.is_finished() or dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, type_and_log_in)
            return
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        dialog.username.setText(USER)
        dialog.passphrase.setText(passphrase)
        marks["click"] = time.perf_counter()
        QTest.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)

    def shown(window) -> None:
        marks["shown"] = time.perf_counter()
        poll = QTimer(window)

        def ready() -> None:  # the home page has shown what its read on the worker brought
            home = window.pages.get("home")
            if home is not None and home.today_list.count() > 0:
                marks["ready"] = time.perf_counter()
                poll.stop()
                app.quit()

        poll.timeout.connect(ready)
        poll.start(1)

    def give_up() -> None:
        failure.append("the main window was not ready within 120 s")
        app.quit()

    controller.main_window_did_show.connect(shown)
    controller.start()
    QTimer.singleShot(300, type_and_log_in)
    QTimer.singleShot(120_000, give_up)
    try:
        app.exec()
    finally:
        controller.shutdown()
    if failure or "ready" not in marks:
        raise RuntimeError(failure[0] if failure else "the login did not finish")
    return {"shown_ms": (marks["shown"] - marks["click"]) * 1000,
            "ready_ms": (marks["ready"] - marks["click"]) * 1000}


def _argon2_floor_ms(db_path: Path, passphrase: str) -> float:
    """One Argon2id derivation at the app's parameters: the unwrap of the data key."""
    from neighborcenter.core.keys import unwrap_with_passphrase
    from neighborcenter.storage.keyfile import key_file_path, read_key_file

    key_file = read_key_file(key_file_path(db_path))
    if key_file is None or key_file.wrap_of(USER) is None:
        raise RuntimeError(f"{db_path} has no key file with a wrap for {USER}")
    wrap = key_file.wrap_of(USER)
    start = time.perf_counter()
    if unwrap_with_passphrase(wrap, passphrase) is None:
        raise RuntimeError("the benchmark passphrase does not unwrap the data key")
    return (time.perf_counter() - start) * 1000


def first_window(ctx) -> list:
    """The two figures (see the module's docstring)."""
    import compileall
    import subprocess

    from benchmarks import data
    from benchmarks.scenarios import gui_env
    from benchmarks.stats import Figure

    compileall.compile_dir(data.ROOT / "neighborcenter", quiet=1)  # as an installed copy is
    env = gui_env()
    app_cmd = [sys.executable, "-m", "neighborcenter", "gui", "--db", str(ctx.centre),
               "--exit-after-ms", "0"]
    floor_cmd = [sys.executable, str(HERE / "floor_window.py")]
    probe_cmd = [sys.executable, "-m", "benchmarks.first_window", str(ctx.centre)]
    app_ms, floor_ms, ready_ms, shown_ms, argon_ms = [], [], [], [], []
    for n in range(ctx.warmup + max(ctx.runs, 5)):  # at least 5: a start-up is noisy
        for cmd, out in ((app_cmd, app_ms), (floor_cmd, floor_ms)):
            start = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
            if n >= ctx.warmup:
                out.append(elapsed)
    for n in range(ctx.warmup + ctx.runs):
        done = subprocess.run(probe_cmd, env=env, capture_output=True, text=True, timeout=300,
                              cwd=data.ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"the login probe failed:\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        argon = _argon2_floor_ms(ctx.centre, data.PASSPHRASE)
        if n >= ctx.warmup:
            ready_ms.append(result["ready_ms"])
            shown_ms.append(result["shown_ms"])
            argon_ms.append(argon)
    platform = f"QT_QPA_PLATFORM={env.get('QT_QPA_PLATFORM', 'default')}"
    residents = f"{ctx.residents:,}".replace(",", " ")
    shown = sorted(shown_ms)[len(shown_ms) // 2]
    return [
        Figure("first window (login shown)", "ms", app_ms, floor_ms,
               "python + PySide6, an empty QMainWindow shown (floor_window.py)",
               max_ratio=1.3, value_by="median",
               notes=[platform, "whole process, no --user, --exit-after-ms 0"]),
        Figure(f"login → main window ({residents} residents)", "ms", ready_ms, argon_ms,
               "the Argon2id derivation alone (the passphrase unwraps the data key)",
               max_value=300,
               notes=[platform, "click on 登录 → main window shown with the home page's "
                      f"numbers and today's list; the window itself shown at {shown:.0f} ms "
                      "(median)"]),
    ]


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1]))))
    sys.stdout.flush()
    os._exit(0)  # as the app leaves (neighborcenter.app.exit_now)
