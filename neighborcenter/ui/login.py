"""The login window, and the lock screen shown after the idle time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from neighborcenter.errors import NCError
from neighborcenter.i18n import _
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.widgets import window_title

if TYPE_CHECKING:  # the login window comes before the data layer is loaded (ui/loading.py)
    from neighborcenter.core.roles import Actor
    from neighborcenter.ui.ops import DbWorker


class LoginDialog(QDialog):
    """Login name and passphrase; ``attempt(name, passphrase)`` runs on the database worker
    (it unwraps the key and opens the database: core/unlock.py) and its result is emitted."""

    login_did_succeed = Signal(object)

    def __init__(self, worker: DbWorker, centre_name: str,
                 attempt: Callable[[str, str], object], parent=None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._attempt = attempt
        self.setWindowTitle(window_title(centre_name))
        layout = QVBoxLayout(self)
        title = QLabel(centre_name)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setPlaceholderText(_("for example wangli"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        for text, field in ((_("Login name"), self.username),
                            (_("Passphrase"), self.passphrase)):
            # centred on its field, also when large print makes it tall (a label's text is
            # left-aligned and vertically centred by default; not set here, because the Qt
            # namespace's enums cost the first window 25 ms)
            label = QLabel(text)
            label.setMinimumHeight(field.sizeHint().height())
            label.setBuddy(field)
            form.addRow(label, field)
        self.errors = FormErrors(form, {"username": self.username})
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(_("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter presses 登录 (the default button) from either box; with the passphrase still
        # empty it only moves there. Wide enough for the wait message (after wrong
        # passphrases) in two lines at any text size.
        self.setMinimumWidth(max(420, self.fontMetrics().averageCharWidth() * 48))

    def try_login(self) -> None:
        username, passphrase = self.username.text(), self.passphrase.text()
        if not self.login_button.isEnabled():
            return  # the check of the last try is still running
        if not username.strip():
            self.username.setFocus()
            return
        if not passphrase:  # not a try: Enter after the name moves on to the passphrase
            self.passphrase.setFocus()
            return
        self.login_button.setEnabled(False)
        attempt = self._attempt
        self._worker.run(lambda _ctx: attempt(username, passphrase),
                         on_done=self._done, on_error=self._failed)

    def _done(self, result: object) -> None:
        self.login_button.setEnabled(True)
        self.passphrase.clear()
        self.errors.clear()
        self.login_did_succeed.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        self.errors.show(exc)
        self.passphrase.selectAll()
        self.passphrase.setFocus()


class LockDialog(QDialog):
    """Shown after the idle time: the same person unlocks with their passphrase."""

    unlock_did_succeed = Signal()
    logout_was_requested = Signal()

    def __init__(self, worker: DbWorker, actor: Actor, centre_name: str, *, idle: bool,
                 parent=None) -> None:
        super().__init__(parent)
        self._worker, self._actor = worker, actor
        self.setWindowTitle(window_title(centre_name))
        layout = QVBoxLayout(self)
        heading = QLabel(_("The window was locked because nobody used it for a while.") if idle
                         else _("The window is locked."))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Passphrase of {name}").format(name=actor.display_name), self.passphrase)
        self.errors = FormErrors(form, {"passphrase": self.passphrase})
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(_("Unlock"))
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        logout = buttons.addButton(_("Log out"), QDialogButtonBox.ButtonRole.DestructiveRole)
        logout.clicked.connect(self._logout)
        buttons.accepted.connect(self.try_unlock)  # Enter presses 解锁, the default button
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def try_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return  # the check of the last try is still running
        from neighborcenter.core import accounts  # (loaded by now: someone is logged in)

        passphrase = self.passphrase.text()
        self.unlock_button.setEnabled(False)
        self._worker.run(
            lambda ctx: accounts.verify_actor_passphrase(ctx, actor=self._actor,
                                                         passphrase=passphrase),
            on_done=lambda _r: self._unlocked(), on_error=self._failed,
        )

    def _unlocked(self) -> None:
        self.unlock_button.setEnabled(True)
        self.passphrase.clear()
        self.unlock_did_succeed.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        if isinstance(exc, NCError):
            exc.field = "passphrase"
        self.errors.show(exc)
        self.passphrase.selectAll()

    def _logout(self) -> None:
        self.logout_was_requested.emit()
        self.accept()

    def reject(self) -> None:  # Esc must not unlock
        pass
