"""Runs the real GUI (worker thread, controller, main window) on a database, shows the
resident list, records the peak RSS, then types search prefixes and times each keystroke
until the list has painted its new rows (the model reset, then the view's paint event
handled). Prints one JSON object on stdout.

    python -m benchmarks.gui_probe DB QUERIES_JSON PASSES
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtTest import QTest

from benchmarks.data import PASSPHRASE
from benchmarks.memory import peak_rss_kb


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the GUI did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.0002)


def settle(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)


class PaintClock(QObject):
    """Calls ``after_paint`` once each paint of the list's viewport is done (a zero timer
    fires after the event that painted has been handled)."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: list[float] = []
        self.after_paint = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.paints.append(time.perf_counter())
            if self.after_paint is not None:
                QTimer.singleShot(0, self.after_paint)
        return False


def type_one(page, char: str) -> None:
    if char.isascii():
        QTest.keyClick(page.search, char)
    else:  # Chinese arrives from the input method as committed text, not as key presses
        page.search.insert(char)


def main(argv: list[str]) -> int:
    from neighborcenter.app import make_application
    from neighborcenter.core import unlock
    from neighborcenter.i18n import set_language
    from neighborcenter.ui.controller import AppController
    from neighborcenter.ui.ops import DbWorker
    from neighborcenter.ui.theme import apply_theme

    db_path, queries, passes = Path(argv[0]), json.loads(argv[1]), int(argv[2])
    set_language("zh_CN")
    app = make_application()
    apply_theme(app, large_print=False)
    worker = DbWorker(None)  # the login (unlock.log_in, on the worker) opens the database
    controller = AppController(app, worker, db_path=db_path, door=unlock.door(db_path),
                               language="zh_CN", large_print=False, user="admin",
                               passphrase=PASSPHRASE)
    shown = []
    controller.main_window_did_show.connect(shown.append)
    controller.start()
    try:
        wait_until(lambda: bool(shown))
        window = shown[0]
        window.show_page("register")
        page = window.pages["register"]
        resets: list[float] = []
        page.model.modelReset.connect(lambda: resets.append(time.perf_counter()))
        clock = PaintClock()
        page.table.viewport().installEventFilter(clock)

        def painted_since(before: int) -> bool:
            return (len(resets) > before and not page._in_flight and bool(clock.paints)
                    and clock.paints[-1] >= resets[-1])
        wait_until(lambda: page.model.rowCount() > 0 and not page._in_flight)
        settle(0.5)  # rows painted, idle
        from neighborcenter.features.register import search_index

        # the first search (SQL) started the index's build on its thread: typing starts once
        # it is there, as it is a second after the login at 100 000 residents
        wait_until(lambda: all(s.building is None for s in list(search_index._slots.values())))
        rss_list_kb = peak_rss_kb()

        samples: dict[str, list[float]] = {q: [] for q in queries}
        for n in range(passes + 1):  # the first pass warms up
            for query in queries:
                page.search.clear()
                wait_until(lambda: not page._in_flight and page.model.rowCount() > 0)
                settle(0.05)
                for char in query:
                    before, ended = len(resets), []
                    loop = QEventLoop()  # the real event loop, idle between events

                    def check(b=before, loop=loop, ended=ended) -> None:
                        if painted_since(b) and not ended:
                            ended.append(time.perf_counter())
                            loop.quit()

                    clock.after_paint = check
                    QTimer.singleShot(60_000, loop.quit)
                    start = time.perf_counter()
                    type_one(page, char)
                    loop.exec()
                    clock.after_paint = None
                    if not ended:
                        raise TimeoutError(f"the list did not paint after “{char}”")
                    if n:
                        samples[query].append((ended[0] - start) * 1000)
                    settle(0.02)
        rss_after_kb = peak_rss_kb()
        print(json.dumps({"rss_list_kb": rss_list_kb, "rss_after_typing_kb": rss_after_kb,
                          "keystroke_ms": samples, "rows": page.model.rowCount()}))
    finally:
        controller.shutdown()  # closes the database the login opened
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
