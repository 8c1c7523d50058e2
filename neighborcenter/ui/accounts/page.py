"""账号管理: staff accounts (administrators only)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
)

from neighborcenter.core import accounts, changes
from neighborcenter.core.passphrase import check_strength
from neighborcenter.core.roles import Role
from neighborcenter.errors import NCError, ValidationError
from neighborcenter.i18n import _, format_datetime, pgettext
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.table_model import Column, RowTableModel
from neighborcenter.ui.common.widgets import row_table, save_cancel_buttons
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm

COLUMNS: list[Column[accounts.AccountInfo]] = [
    Column(lambda: _("Login name"), lambda a: a.username),
    Column(lambda: _("Name"), lambda a: a.display_name),
    Column(lambda: _("Role"), lambda a: a.role.label),
    Column(lambda: _("Last login"),
           lambda a: format_datetime(a.last_login_at, "short") if a.last_login_at
           else pgettext("last login", "Never"),
           sort_key=lambda a: a.last_login_at.isoformat() if a.last_login_at else ""),
    Column(lambda: _("State"), lambda a: _state(a)),
]


def _state(a: accounts.AccountInfo) -> str:
    if a.archived:
        return _("Archived")
    if a.waiting_until is not None:
        return _("Must wait until {time} (wrong passphrases)").format(
            time=format_datetime(a.waiting_until, "short"))
    return _("Active")


class AccountTableModel(RowTableModel[accounts.AccountInfo]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)


class PassphraseFields:
    """Passphrase + repeat, checked the same way wherever a passphrase is set."""

    def __init__(self, form: QFormLayout, first_label: str) -> None:
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(first_label, self.first)
        form.addRow(_("Passphrase again"), self.repeat)

    def value(self) -> str:
        check_strength(self.first.text())
        if self.first.text() != self.repeat.text():
            raise ValidationError(_("The two passphrases are not the same."), field="repeat")
        return self.first.text()


class AccountDialog(QDialog):
    """New account: login name, name, role, passphrase."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(_("New account"))
        form = QFormLayout()
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(list(Role).index(Role.SOCIAL_WORKER))
        form.addRow(_("Login name"), self.username)
        form.addRow(_("Name"), self.display_name)
        form.addRow(_("Role"), self.role)
        self.passphrase = PassphraseFields(form, _("Passphrase"))
        self.errors = FormErrors(form, {"username": self.username,
                                        "display_name": self.display_name,
                                        "passphrase": self.passphrase.first,
                                        "repeat": self.passphrase.repeat})
        scrolling_body(self, form, save_cancel_buttons(self, self.save))
        self.setMinimumWidth(460)
        fit_to_screen(self)

    def save(self) -> None:
        try:
            passphrase = self.passphrase.value()
        except NCError as exc:
            self.errors.show(exc)
            return
        username, display_name = self.username.text(), self.display_name.text()
        role, actor = Role(self.role.currentData()), self._ctx.actor
        self._ctx.worker.run(
            lambda c: accounts.create_account(c, actor=actor, username=username,
                                              display_name=display_name, role=role,
                                              passphrase=passphrase),
            on_done=lambda _info: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.errors.show(exc)


class SetPassphraseDialog(QDialog):
    """An administrator sets another account's passphrase, or you change your own."""

    def __init__(self, ctx: AppContext, account_id: str, username: str, parent=None) -> None:
        super().__init__(parent)
        self._ctx, self._account_id = ctx, account_id
        own = account_id == ctx.actor.account_id
        self.setWindowTitle(_("Passphrase of {login}").format(login=username))
        form = QFormLayout()
        self.current = None
        if own:
            self.current = QLineEdit()
            self.current.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(_("Current passphrase"), self.current)
        self.passphrase = PassphraseFields(form, _("New passphrase"))
        fields = {"passphrase": self.passphrase.first, "repeat": self.passphrase.repeat}
        self.errors = FormErrors(form, fields)
        scrolling_body(self, form, save_cancel_buttons(self, self.save))
        self.setMinimumWidth(460)
        fit_to_screen(self)

    def save(self) -> None:
        try:
            new = self.passphrase.value()
        except NCError as exc:
            self.errors.show(exc)
            return
        current = self.current.text() if self.current is not None else None
        actor, account_id = self._ctx.actor, self._account_id
        self._ctx.worker.run(
            lambda c: accounts.change_passphrase(c, actor=actor, account_id=account_id,
                                                 new_passphrase=new,
                                                 current_passphrase=current),
            on_done=lambda _r: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.errors.show(exc)


class AccountsPage(Page):
    kinds = frozenset({changes.ACCOUNTS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Staff accounts"))
        self.model = AccountTableModel(self)
        self.table = row_table(self.model)
        self.body.addWidget(self.table, 1)
        self.add_button = QPushButton(_("New account…"))
        self.passphrase_button = QPushButton(_("Set passphrase…"))
        self.archive_button = QPushButton(_("Archive account"))
        self.lift_button = QPushButton(_("Lift the login wait"))
        self.recovery_button = QPushButton(_("New recovery key…"))
        self.add_buttons(self.add_button, self.passphrase_button, self.archive_button,
                         self.lift_button, self.recovery_button)
        self.lift_button.clicked.connect(self.lift_wait)
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.add_button.clicked.connect(self.add_account)
        self.passphrase_button.clicked.connect(self.set_passphrase)
        self.archive_button.clicked.connect(self.archive)
        # the two buttons act on the chosen account: never a click that does nothing
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        account = self.selected()
        choose_first = _("Choose a line in the list above first.")
        self.passphrase_button.setEnabled(account is not None)
        self.passphrase_button.setToolTip("" if account else choose_first)
        if account is None:
            reason = choose_first
        elif account.archived:
            reason = _("This account is archived.")
        elif account.id == self._ctx.actor.account_id:
            reason = _("You cannot archive the account you are logged in with.")
        else:
            reason = ""
        self.archive_button.setEnabled(not reason)
        self.archive_button.setToolTip(reason)
        waiting = account is not None and account.waiting_until is not None
        self.lift_button.setEnabled(waiting)
        self.lift_button.setToolTip("" if waiting else _(
            "Only an account that must wait after too many wrong passphrases."))

    def reload(self) -> None:
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: accounts.list_accounts(c, actor=actor),
                             on_done=self._show)

    def _show(self, rows) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if chosen is not None:  # the same account stays chosen after a change
            for position, row in enumerate(self.model.rows()):
                if row.id == chosen.id:
                    self.table.selectRow(position)
                    break

    def selected(self) -> accounts.AccountInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_account(self) -> None:
        AccountDialog(self._ctx, self).exec()

    def set_passphrase(self) -> None:
        account = self.selected()
        if account is not None:
            SetPassphraseDialog(self._ctx, account.id, account.username, self).exec()

    def archive(self) -> None:
        account = self.selected()
        if account is None or account.archived:
            return
        if not confirm(self, _("Archive account"),
                       _("Archive the account {login}? It can no longer log in; its history "
                         "stays.").format(login=account.username)):
            return
        actor = self._ctx.actor
        self._ctx.worker.run(
            lambda c: accounts.archive_account(c, actor=actor, account_id=account.id))

    def lift_wait(self) -> None:
        account = self.selected()
        if account is None or account.waiting_until is None:
            return
        actor = self._ctx.actor
        self._ctx.worker.run(lambda c: accounts.lift_login_wait(c, actor=actor,
                                                                username=account.username))

    def new_recovery_key(self) -> None:
        if not confirm(self, _("New recovery key…"),
                       _("Make a new recovery key? The old one (the printed sheet) will no "
                         "longer open the data: print the new one.")):
            return
        actor, name = self._ctx.actor, self._ctx.centre.name
        from neighborcenter.ui.recovery import RecoveryKeyDialog

        self._ctx.worker.run(lambda c: accounts.replace_recovery_key(c, actor=actor),
                             on_done=lambda key: RecoveryKeyDialog(key, name, self).exec())
