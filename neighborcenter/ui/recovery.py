"""The recovery key, shown once: at set-up, or when the first login encrypts an old database."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtGui import QFont, QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from neighborcenter.i18n import N_, _, format_date
from neighborcenter.ui.common.fitting import fit_to_screen
from neighborcenter.ui.common.widgets import window_title


class RecoveryKeyDialog(QDialog):
    """The key in large letters; Continue only once the director says it is kept."""

    def __init__(self, recovery_key: str, centre_name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title(_("recovery key")))
        layout = QVBoxLayout(self)
        title = QLabel(_("The recovery key of {centre}").format(centre=centre_name))
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        text = QLabel(_(
            "The centre's data is encrypted. Each person's passphrase opens it; if every "
            "administrator's passphrase is forgotten, only this key can. Write it down or "
            "print it now, and keep it locked away (for example in the director's safe). It "
            "is shown only this once."))
        text.setWordWrap(True)
        layout.addWidget(text)
        groups = recovery_key.split("-")  # two lines of four groups: never broken mid-way
        self.key = QLabel("-".join(groups[:4]) + "-\n" + "-".join(groups[4:]))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.6)
        self.key.setFont(font)
        self.key.setTextInteractionFlags(self.key.textInteractionFlags()
                                         | self.key.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(self.key)
        self._recovery_key, self._centre_name = recovery_key, centre_name
        row = QHBoxLayout()
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_sheet)
        copy = QPushButton(_("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        row.addWidget(self.print_button)
        row.addWidget(copy)
        row.addStretch(1)
        layout.addLayout(row)
        self.kept = QCheckBox(_("I have written down or printed the recovery key"))
        layout.addWidget(self.kept)
        buttons = QDialogButtonBox()
        self.go_on = buttons.addButton(_("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_on.setEnabled(False)
        self.kept.toggled.connect(self.go_on.setEnabled)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.kept.setFocus()
        fit_to_screen(self)

    def reject(self) -> None:  # Esc must not skip the only showing of the key
        pass

    def print_sheet(self) -> None:
        """To the printer (never to a file the PC keeps): the sheet for the director's safe."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer) -> None:
        sheet = QTextDocument()
        sheet.setHtml(recovery_sheet_html(self._recovery_key, self._centre_name))
        sheet.print_(printer)


def recovery_sheet_html(recovery_key: str, centre_name: str) -> str:
    title = _("The recovery key of {centre}").format(centre=centre_name)
    printed = _("Printed on {date}.").format(date=format_date(dt.date.today(), "long"))
    keep = _("Keep this sheet locked away. Whoever has it can open the data.")
    use = _(RECOVERY_USE)
    return (f"<h1>{escape(title)}</h1>"
            "<p style='font-size:20pt; font-family:monospace; white-space:nowrap'>"
            f"<b>{escape(recovery_key)}</b></p><p>{escape(printed)}</p><p>{escape(use)}</p>"
            f"<p>{escape(keep)}</p>")


RECOVERY_USE = N_(
    "If every administrator's passphrase is forgotten: on the centre's computer run "
    "“neighborcenter accounts passwd --username admin --recovery-key” and type this key; "
    "then set a new passphrase.")
