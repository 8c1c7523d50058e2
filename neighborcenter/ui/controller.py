"""The flow of the application: set-up wizard → login → main window, lock, log out, restore,
and the automatic backups (every 30 minutes when something changed, and on closing)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from neighborcenter.core import door as doors
from neighborcenter.core.changes import CHECKS, Changes
from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.i18n import _, set_language
from neighborcenter.ui import loading
from neighborcenter.ui.messages import show_error
from neighborcenter.ui.ops import DbWorker
from neighborcenter.ui.qt_translations import install_qt_translations
from neighborcenter.ui.theme import apply_theme, is_large_print

# The data layer and the services are imported where they are used: the login window comes
# before they are loaded (ui/loading.py), and every use is after a login, whose job waited
# for them.
if TYPE_CHECKING:
    from neighborcenter.core import accounts, unlock
    from neighborcenter.ui.context import AppContext
    from neighborcenter.ui.main_window import MainWindow

log = logging.getLogger(__name__)
AUTO_BACKUP_MS = 30 * 60 * 1000
IDLE_CHECK_MS = 15_000


class IdleWatcher(QObject):
    """Notes the time of the last keyboard or mouse input anywhere in the application."""

    INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                              QEvent.Type.MouseMove, QEvent.Type.Wheel})

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.last_input = time.monotonic()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in self.INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def reset(self) -> None:
        self.last_input = time.monotonic()

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_input


class AfterFirstPaint(QObject):
    """Calls ``then`` once ``widget`` has been painted (or after ``latest_ms`` at most)."""

    def __init__(self, widget: QWidget, then, *, latest_ms: int = 500) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)
        QTimer.singleShot(latest_ms, self._go)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self._go)  # after this paint
        return False

    def _go(self) -> None:
        if self._then is not None:
            then, self._then = self._then, None
            then()


class AppController(QObject):
    main_window_did_show = Signal(object)

    def __init__(self, app: QApplication, worker: DbWorker, *, db_path: Path, door: doors.Door,
                 language: str | None, large_print: bool, user: str | None,
                 passphrase: str | None) -> None:
        super().__init__()
        self.app = app
        self.db_path = db_path
        self.door = door
        # Windows replace each other (wizard → main, login → main, lock → main, restore →
        # login): between two of them Qt would see no window and quit. The application quits
        # only when the person says so: the wizard's or the login window's cancel, 退出, or
        # closing the main window.
        app.setQuitOnLastWindowClosed(False)
        self.worker = worker
        self._language_override = language
        self._large_print_override = large_print
        self._auto_user = (user, passphrase) if user else None
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None  # the login dialog, wizard or lock screen now shown
        self.ctx: AppContext | None = None  # from the first login on (the window's context)
        self.file_problems: list[str] = []
        self.changed_since_backup = False
        self.idle = IdleWatcher(self)
        app.installEventFilter(self.idle)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self._check_idle)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(AUTO_BACKUP_MS)
        self.backup_timer.timeout.connect(lambda: self.auto_backup("auto"))
        worker.changes_did_happen.connect(self._note_changes)
        worker.error_handler = show_error

    # -- start ------------------------------------------------------------------------------

    def start(self) -> None:
        """Before any login the database is shut: the key file says which centre it is and
        the language of the login window."""
        set_language(self._language_override or self.door.language or "zh_CN")
        install_qt_translations(self.app)
        apply_theme(self.app, large_print=self._large_print_override)
        if self.door.state is doors.DoorState.NEW:
            self.show_wizard()
        else:
            self.show_login()
        # the rest of the application loads while the first window is used, from the moment
        # it is painted (before, the loading thread would compete with the painting)
        if self.dialog is not None:
            AfterFirstPaint(self.dialog, loading.start)
        else:  # (--user: no window yet; the login's job waits for the loading anyway)
            loading.start()

    def show_wizard(self) -> None:
        from neighborcenter.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.worker, self.db_path)
        wizard.setup_did_finish.connect(self._setup_finished)
        wizard.rejected.connect(self.app.quit)
        self.dialog = wizard
        wizard.show()

    def _setup_finished(self, result, language: str) -> None:
        if not self._language_override:
            set_language(language)
            install_qt_translations(self.app)
        self.centre = result.centre
        self.door = doors.Door(doors.DoorState.LOCKED, result.centre.name, language)
        from neighborcenter.core.settings import get_settings
        from neighborcenter.ui.recovery import RecoveryKeyDialog

        RecoveryKeyDialog(result.recovery_key, result.centre.name).exec()
        self.worker.run(lambda c: get_settings(c),
                        on_done=lambda s: self._enter(result.admin, s, large_print=None))

    def show_login(self) -> None:
        if self._auto_user:
            user, passphrase = self._auto_user
            self._auto_user = None  # only once: after a logout, the dialog is shown
            self.worker.run(lambda _c: self._log_in(user, passphrase or ""),
                            on_done=self._logged_in, on_error=self._auto_login_failed)
            return
        from neighborcenter.ui.login import LoginDialog

        dialog = LoginDialog(self.worker, self.door.centre_name, self._log_in)
        dialog.login_did_succeed.connect(self._logged_in)
        dialog.rejected.connect(self.app.quit)
        self.dialog = dialog
        dialog.show()

    def _auto_login_failed(self, exc: BaseException) -> None:
        show_error(exc)
        self.show_login()

    def _log_in(self, user: str, passphrase: str) -> tuple[accounts.LoginResult, object, object]:
        """The login's job, on the worker thread: once the application has loaded (it loads
        while the passphrase is typed), unwrap the key and open the database."""
        loading.wait()
        from neighborcenter.core import unlock

        return self._open(unlock.log_in(self.db_path, username=user, passphrase=passphrase))

    def _open(self, opened: unlock.Opened) -> tuple[accounts.LoginResult, object, object]:
        """On the worker thread, after the login opened the database: it is the worker's
        from now on; the centre and its settings come along for the window."""
        from neighborcenter.core.centre import get_centre
        from neighborcenter.core.settings import get_settings

        self.worker.centre = opened.centre
        tracked = opened.centre.tracking()
        return opened.login, get_centre(tracked), get_settings(tracked)

    def _logged_in(self, result) -> None:
        login, centre, settings = result
        self.centre = centre
        if login.recovery_key:  # this login encrypted a first-version database
            from neighborcenter.ui.recovery import RecoveryKeyDialog

            RecoveryKeyDialog(login.recovery_key, centre.name).exec()
        self._enter(login.actor, settings, large_print=login.large_print)
        if login.need_new_passphrase:
            QMessageBox.information(
                self.window, _("The database is now encrypted"),
                _("Give these accounts a new passphrase on the Accounts page before they log "
                  "in again: {logins}").format(logins=", ".join(login.need_new_passphrase)))
        if login.plaintext_backups and login.actor.can(Permission.MANAGE_BACKUPS):
            self._offer_to_encrypt_backups(login.plaintext_backups)

    def _offer_to_encrypt_backups(self, n: int) -> None:
        """Backups made before the database was encrypted: never kept silently."""
        from neighborcenter.core import maintenance

        if self.ctx is None:
            return
        actor = self.ctx.actor
        box = QMessageBox(QMessageBox.Icon.Warning, _("Unencrypted backups"),
                          _("{n} backups were made before the database was encrypted: "
                            "anyone with this computer can read them. Encrypt them now, or "
                            "remove them?").format(n=n), parent=self.window)
        encrypt = box.addButton(_("Encrypt them"), QMessageBox.ButtonRole.AcceptRole)
        remove = box.addButton(_("Remove them"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Ask me at the next login"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(encrypt)
        box.exec()
        if box.clickedButton() is encrypt:
            self.worker.run(lambda c: maintenance.encrypt_plaintext_backups(c, actor=actor),
                            progress_label=_("Encrypting the backups…"))
        elif box.clickedButton() is remove:
            self.worker.run(lambda c: maintenance.remove_plaintext_backups(c, actor=actor))

    def _enter(self, actor, settings, *, large_print: bool | None) -> None:
        from neighborcenter.core import maintenance
        from neighborcenter.ui.context import AppContext
        from neighborcenter.ui.main_window import MainWindow

        self.settings = settings
        large = self._large_print_override or bool(large_print)
        apply_theme(self.app, large_print=large)
        self.ctx = AppContext(worker=self.worker, actor=actor, centre=self.centre,
                              settings=settings, db_path=self.db_path,
                              file_problems=list(self.file_problems))
        window = MainWindow(self.ctx)
        window.lock_was_requested.connect(lambda: self.lock(idle=False))
        window.logout_was_requested.connect(self.logout)
        window.large_print_was_toggled.connect(self.set_large_print)
        window.restore_was_requested.connect(self.restore)
        window.backup_was_requested.connect(lambda: self.auto_backup("manual"))
        window.window_did_close.connect(self.app.quit)
        self.window = window
        self.worker.set_dialog_parent(window)
        self.dialog = None
        window.show()
        self.idle.reset()  # counting starts at login
        self.idle_timer.start()
        self.backup_timer.start()
        self.main_window_did_show.emit(window)
        # SQLite's check of the whole file reads every page: it starts after the first page's
        # reads (queued on the worker while the window was built), not beside them
        self.worker.run(lambda _c: None, on_done=lambda _r: self.worker.run(
            maintenance.quick_check, on_done=self._file_checked, background=True))

    def _file_checked(self, problems: list[str]) -> None:
        """SQLite's quick check of the whole file, run beside logging in; the home page lists
        what it finds, whether it arrives before or after the window is shown."""
        if problems == self.file_problems:
            return
        self.file_problems = problems
        if self.window is not None and self.ctx is not None:
            self.ctx.file_problems = list(problems)
            self.window.broadcast(Changes(frozenset({CHECKS})))

    # -- while running ----------------------------------------------------------------------

    def _note_changes(self, changes: Changes) -> None:
        if changes.kinds - {"backups"}:
            self.changed_since_backup = True

    def set_large_print(self, enabled: bool) -> None:
        if enabled == is_large_print(self.app):
            return
        from neighborcenter.core import accounts

        apply_theme(self.app, large_print=enabled)
        if self.window is not None and self.ctx is not None:
            self.window.apply_size()
            actor = self.ctx.actor
            self.worker.run(lambda c: accounts.set_large_print(c, actor=actor,
                                                               enabled=enabled))

    def auto_backup(self, reason: str) -> None:
        if self.ctx is None or (reason == "auto" and not self.changed_since_backup):
            return  # nobody has logged in yet, or nothing changed
        from neighborcenter.core import maintenance

        self.changed_since_backup = False
        actor = self.ctx.actor

        self.worker.run(lambda c: maintenance.back_up_now(c, actor=actor, reason=reason),
                        progress_label=_("Backing up…") if reason == "manual" else None)

    def _check_idle(self) -> None:
        minutes = self.settings.idle_lock_minutes
        if self.window is not None and self.dialog is None \
                and self.idle.idle_seconds() >= minutes * 60:
            self.lock(idle=True)

    def lock(self, *, idle: bool = False) -> None:
        from neighborcenter.core import accounts
        from neighborcenter.core.audit import AuditAction

        if self.window is None or self.dialog is not None or self.ctx is None:
            return
        actor = self.ctx.actor
        self.worker.run(lambda c: accounts.record_session_event(c, actor=actor,
                                                                action=AuditAction.LOCK))
        self.window.hide()
        from neighborcenter.ui.login import LockDialog

        dialog = LockDialog(self.worker, actor, self.door.centre_name, idle=idle)
        dialog.unlock_did_succeed.connect(self._unlocked)
        dialog.logout_was_requested.connect(self.logout)
        self.dialog = dialog
        dialog.show()

    def _unlocked(self) -> None:
        self.dialog = None
        self.idle.reset()
        if self.window is not None:
            self.window.show()

    def logout(self) -> None:
        """The window closes and so does the database: the next person logs in to open it.
        The backup (if anything changed), the audit entry and the closing run in order on
        the database worker; a failure of one is shown and does not stop the logout."""
        from neighborcenter.core import accounts, maintenance
        from neighborcenter.core.audit import AuditAction

        if self.ctx is not None:
            actor = self.ctx.actor
            if self.changed_since_backup:
                self.changed_since_backup = False
                self.worker.run(lambda c: maintenance.back_up_now(c, actor=actor,
                                                                  reason="on-close"),
                                on_error=self._logout_step_failed)
            self.worker.run(lambda c: accounts.record_session_event(
                c, actor=actor, action=AuditAction.LOGOUT), on_error=self._logout_step_failed)
        self.worker.run(lambda _c: self.worker.close_centre(),
                        on_error=self._logout_step_failed)
        self.ctx = None
        self._close_window()
        self.dialog = None
        self.show_login()

    def _close_window(self) -> None:
        self.idle_timer.stop()
        self.backup_timer.stop()
        if self.window is not None:
            window, self.window = self.window, None
            # progress dialogs of later jobs (the restore) must not hang on a deleted window
            self.worker.set_dialog_parent(None)
            window.window_did_close.disconnect(self.app.quit)
            window.close()
            window.deleteLater()

    def restore(self, backup_path: Path) -> None:
        """Another centre's backup needs that centre's name typed; then the restore."""
        from neighborcenter.core import maintenance

        if self.ctx is None:  # asked for from the main window: someone is logged in
            return

        def asked(other_name: str | None) -> None:
            if other_name is None:
                self._restore(backup_path, None)
                return
            from PySide6.QtWidgets import QInputDialog

            typed, ok = QInputDialog.getText(
                self.window, _("Another centre's backup"),
                _("{file} is a backup of another centre, “{other}”, not of “{ours}”. Restoring "
                  "it replaces this centre's data with that centre's. To do it anyway, type "
                  "the other centre's name, “{other}”.").format(
                    file=backup_path.name, other=other_name, ours=self.centre.name))
            if ok and typed.strip() == other_name:
                self._restore(backup_path, typed.strip())
            elif ok:
                show_error(NCError(_("The name typed is not “{other}”: nothing was restored.")
                                   .format(other=other_name)), self.window)

        self.worker.run(lambda c: maintenance.backup_of_other_centre(c, backup_path),
                        on_done=asked)

    def _read_door(self) -> None:
        """What is in the file now (after a restore); on a failure, the old name stays and
        the login window says what is wrong when someone logs in."""
        try:
            self.door = doors.door(self.db_path)
        except NCError as exc:
            show_error(exc)

    def _restore(self, backup_path: Path, other_centre_name: str | None) -> None:
        """Close everything, restore the backup, log in again (the database stays shut until
        then)."""
        from neighborcenter.core import maintenance

        if self.ctx is None:
            return
        actor = self.ctx.actor
        self._close_window()
        path = self.db_path

        def job(centre):
            key = centre.data_key if centre is not None else None
            self.worker.close_centre()
            if key is None:
                raise RuntimeError("restore without an open database")
            return maintenance.restore_database(path, backup_path, actor=actor, data_key=key,
                                                other_centre_name=other_centre_name)

        def done(_result) -> None:
            self.ctx = None
            self._read_door()
            QMessageBox.information(None, _("Backup restored"),
                                    _("The backup has been restored. Please log in again."))
            self.show_login()

        def failed(exc: BaseException) -> None:
            self.ctx = None
            show_error(exc)
            self._read_door()
            self.show_login()

        self.worker.run(job, on_done=done, on_error=failed,
                        progress_label=_("Restoring the backup…"))

    # -- end --------------------------------------------------------------------------------

    def _logout_step_failed(self, exc: BaseException) -> None:
        log.warning("a step of logging out failed: %s", type(exc).__name__)
        show_error(exc)

    def _back_up_if_changed(self) -> None:
        if self.changed_since_backup and self.ctx is not None:
            from neighborcenter.core import maintenance

            self.changed_since_backup = False
            actor = self.ctx.actor
            try:
                self.worker.call(lambda c: maintenance.back_up_now(c, actor=actor,
                                                                   reason="on-close"))
            except Exception as exc:  # noqa: BLE001 - closing goes on; the log says why
                log.warning("backup on close failed: %s", type(exc).__name__)

    def shutdown(self) -> None:
        """On closing: a backup if anything changed, then release the database."""
        self.idle_timer.stop()
        self.backup_timer.stop()
        self._back_up_if_changed()
        self.worker.shutdown()
        if self.ctx is None and self.door.state is doors.DoorState.NEW:
            doors.abandon_setup(self.db_path)  # the wizard closed before its set-up was done
