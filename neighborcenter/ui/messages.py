"""Showing errors: expected ones as their message, unexpected ones in one crash dialog."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from neighborcenter.errors import NCError, explain_fault
from neighborcenter.i18n import _

log = logging.getLogger(__name__)
_log_path: str = ""


def set_log_path(path: str) -> None:
    global _log_path
    _log_path = path


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """An expected failure (or a disk full, a damaged file: ``explain_fault``) in words;
    anything else as a crash, with the log's path."""
    fault = exc if isinstance(exc, NCError) else explain_fault(exc)
    if fault is not None:
        if fault is not exc:
            log.warning("%s: %s", type(exc).__name__, fault)
        QMessageBox.warning(parent, _("Cannot do that"), str(fault))
    else:
        show_crash(type(exc), exc, exc.__traceback__, parent)


def show_crash(exc_type, exc, tb, parent: QWidget | None = None) -> None:
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Unexpected error"))
    box.setText(_("Something went wrong that NeighborCenter did not expect. Nothing was "
                  "saved from the action that failed."))
    box.setInformativeText(
        _("The details are in the log file:\n{path}\nPlease send it to your support contact.")
        .format(path=_log_path or _("(no log file)")))
    box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
    box.exec()


def install_excepthook() -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if issubclass(exc_type, NCError):
            show_error(exc, QApplication.activeWindow())
        else:
            show_crash(exc_type, exc, tb, QApplication.activeWindow())

    sys.excepthook = hook


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
