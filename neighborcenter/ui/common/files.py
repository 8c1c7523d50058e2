"""A paper saved and shown: the file chosen in a save dialog, then opened in the system's
viewer (its preview, and its Print with the printer chosen). One copy for the features'
print buttons (the shop, the visits and the class each still have their own)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget


def save_path(parent: QWidget, title: str, name: str, pdf: bool = True) -> Path | None:
    """The file chosen in a save dialog, with its ending (.pdf or .xlsx); None: cancelled."""
    ending = ".pdf" if pdf else ".xlsx"
    chosen_name, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / name), "PDF (*.pdf)" if pdf else "Excel (*.xlsx)")
    if not chosen_name:
        return None
    return Path(chosen_name if chosen_name.lower().endswith(ending) else chosen_name + ending)


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
