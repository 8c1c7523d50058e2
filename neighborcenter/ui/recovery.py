"""The recovery key, shown once: at set-up, or when the first login encrypts an old database."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from neighborcenter.i18n import _
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
        self.key = QLabel(recovery_key)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.6)
        self.key.setFont(font)
        self.key.setWordWrap(True)
        self.key.setTextInteractionFlags(self.key.textInteractionFlags()
                                         | self.key.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(self.key)
        copy = QPushButton(_("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        layout.addWidget(copy)
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
