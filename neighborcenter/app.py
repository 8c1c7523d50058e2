"""The composition root of the GUI: Qt application, database, worker, controller."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import NoReturn

# Only what the first window needs is imported here: the login window (or the set-up wizard)
# shows first, and the data layer, the services and the pages load while the passphrase is
# typed (ui/loading.py; core/door.py reads the key file without them).
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from neighborcenter import __version__
from neighborcenter.config import PASSPHRASE_ENV, log_file
from neighborcenter.core import door
from neighborcenter.errors import NCError
from neighborcenter.i18n import _, set_language

log = logging.getLogger(__name__)
#: The window shares the interpreter with the database worker, the reading thread and the
#: search index's build: with Python's default (5 ms) every event that reaches Python code on
#: the window's thread may wait that long for the GIL while one of them computes — building
#: the home page after the login waited about 90 ms in all.
GUI_SWITCH_INTERVAL_S = 0.0005


class ExitAfterFirstWindow(QObject):
    """``--exit-after-ms N``: quit N ms after the first top-level window is shown."""

    def __init__(self, app: QApplication, delay_ms: int) -> None:
        super().__init__(app)
        self._app, self._delay, self._armed = app, delay_ms, True

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (self._armed and event.type() == QEvent.Type.Show and obj.isWidgetType()
                and obj.isWindow()):
            self._armed = False
            QTimer.singleShot(self._delay, lambda: self._app.exit(0))
        return False


def make_application() -> QApplication:
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    app = QApplication.instance()
    if not isinstance(app, QApplication):  # none yet (instance() is typed QCoreApplication)
        app = QApplication(sys.argv[:1])
    app.setApplicationName("NeighborCenter")
    # no application display name: on X11 Qt appends it to every window title, which then
    # read "邻里中心 — 幸福邻里中心 — 邻里中心"
    app.setApplicationVersion(__version__)
    app.setOrganizationName("NeighborCenter")
    from neighborcenter.ui.theme import resources_dir

    icon = resources_dir() / "icons" / "neighborcenter.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_gui(*, db_path: Path, language: str | None = None, large_print: bool = False,
            exit_after_ms: int | None = None, user: str | None = None) -> int:
    from neighborcenter.ui import loading

    with loading.feature_check_by_name():  # (PySide6's import hook: see ui/loading.py)
        from neighborcenter.ui import login  # noqa: F401 - the first window
        from neighborcenter.ui.controller import AppController
        from neighborcenter.ui.messages import install_excepthook, set_log_path
        from neighborcenter.ui.ops import DbWorker
        from neighborcenter.ui.qt_translations import install_qt_translations
        from neighborcenter.ui.theme import apply_theme

    if language:
        set_language(language)
    app = make_application()
    if exit_after_ms is not None:
        app.installEventFilter(ExitAfterFirstWindow(app, max(0, exit_after_ms)))
    set_log_path(str(log_file()))
    install_excepthook()
    try:
        the_door = door.door(db_path)  # what is there, read without a key
    except NCError as exc:  # (else the controller sets the language, Qt's catalog, the theme)
        install_qt_translations(app)
        apply_theme(app, large_print=large_print)
        box = QMessageBox(QMessageBox.Icon.Critical, _("Cannot open the database"), str(exc))
        if exit_after_ms is not None:
            QTimer.singleShot(max(0, exit_after_ms), box.close)
        box.exec()
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return exc.exit_code
    worker = DbWorker(None)  # the login opens the database
    controller = AppController(app, worker, db_path=db_path, door=the_door, language=language,
                               large_print=large_print, user=user,
                               passphrase=os.environ.get(PASSPHRASE_ENV))
    controller.start()
    try:
        code = app.exec()
    finally:
        controller.shutdown()
    return code


def unfinished_threads() -> list[str]:
    """Threads other than this one that would be cut off by leaving now (not daemons)."""
    return [t.name for t in threading.enumerate()
            if t is not threading.current_thread() and t.is_alive() and not t.daemon]


def exit_now(code: int) -> NoReturn:
    """Leave once the GUI has shut down in order (database closed, backup on close made).

    Flushes the log and the standard streams, then skips the interpreter's teardown of
    thousands of Qt and SQLAlchemy objects: it takes about 0.3 s and could only delay the exit.
    A thread that still runs (work that the orderly shutdown should have waited for) is named
    in the log first, as is a log that could not be written.
    """
    unfinished = unfinished_threads()
    if unfinished:
        log.warning("leaving while these threads still run: %s", ", ".join(unfinished))
    for handler in logging.getLogger().handlers:
        try:
            handler.flush()
        except OSError as exc:  # a full disk: say it on stderr, the log cannot take it
            print(f"NeighborCenter: the log could not be written: {exc}", file=sys.stderr)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
