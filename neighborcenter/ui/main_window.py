"""The main window: a sidebar of pages (by role), a status bar and menus.

A page's code is imported and its widgets built when it is first shown: at start-up only the
home page is, which keeps the time from double-click to a usable window short.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from neighborcenter.core import features
from neighborcenter.core.changes import Changes
from neighborcenter.core.features import PageSpec
from neighborcenter.core.home import View
from neighborcenter.core.roles import Permission, Role
from neighborcenter.i18n import N_, _, format_datetime
from neighborcenter.ui.common.fitting import available_size
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.common.widgets import window_title
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.icons import icon
from neighborcenter.ui.theme import is_large_print

SHELL = "neighborcenter.ui."
#: The shell's own pages; each feature adds its pages through the registry (core/features.py).
SHELL_PAGES = (
    PageSpec("home", "home", N_("Home"), SHELL + "home.page:HomePage", None, order=0),
    PageSpec("accounts", "accounts", N_("Staff accounts"), SHELL + "accounts.page:AccountsPage",
             Permission.MANAGE_ACCOUNTS, order=900),
    PageSpec("audit", "audit", N_("Audit log"), SHELL + "audit.page:AuditPage",
             Permission.VIEW_AUDIT_LOG, order=910),
    PageSpec("data", "data", N_("Data and backups"), SHELL + "maintenance.page:DataPage",
             Permission.MANAGE_BACKUPS, order=920),
    PageSpec("settings", "settings", N_("Settings"), SHELL + "settings.page:SettingsPage",
             Permission.MANAGE_SETTINGS, order=930),
)
#: the page an account of these roles starts on instead of the home page (the shop
#: volunteer: the shop's till, the cursor in its scan box)
LANDING = {Role.SHOP_VOLUNTEER: "shop"}


def page_specs() -> list[PageSpec]:
    """Pages in sidebar order: the shell's and every feature's. No empty placeholders."""
    return sorted([*SHELL_PAGES, *features.pages()], key=lambda spec: spec.order)


class MainWindow(QMainWindow):
    lock_was_requested = Signal()
    logout_was_requested = Signal()
    large_print_was_toggled = Signal(bool)
    restore_was_requested = Signal(object)  # Path
    backup_was_requested = Signal()
    window_did_close = Signal()  # the person closed the window (not a logout or a restore)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(window_title(ctx.centre.name))
        self.pages: dict[str, Page] = {}  # the pages built so far, by key
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.stack = QStackedWidget()
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.specs = [spec for spec in page_specs()
                      if spec.permission is None or ctx.actor.can(spec.permission)]
        for spec in self.specs:
            self.stack.addWidget(QWidget())  # stands in until the page is first shown
            item = QListWidgetItem(icon(spec.icon), _(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.navigation.addItem(item)
        self._dirty: set[str] = set()  # built pages whose data changed while hidden
        ctx.worker.changes_did_happen.connect(self.broadcast)
        self.navigation.currentRowChanged.connect(self._show_page)
        # the first page first: its reads run on the worker while the rest is built
        self.navigation.setCurrentRow(0)
        start = LANDING.get(ctx.actor.role)
        if start is not None and any(spec.key == start for spec in self.specs):
            self.show_page(start)
        # a click or Enter in the sidebar puts the cursor into the page (the register's search
        # box); the arrow keys leave it in the sidebar to walk on
        self.navigation.itemClicked.connect(self.focus_page)
        self.navigation.itemActivated.connect(self.focus_page)
        for index in range(min(10, len(self.specs))):  # Ctrl+1 … Ctrl+9, Ctrl+0: the pages
            QShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"), self,
                      lambda index=index: self._go_to_row(index))
        self._build_status_bar()
        self._build_menus()
        self.apply_size()
        self.fit_screen()

    # -- pages ------------------------------------------------------------------------------

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        key = self.specs[row].key
        if key not in self.pages:
            self._build_page(row)
        elif key in self._dirty:
            self._dirty.discard(key)
            self.pages[key].reload()
        self.stack.setCurrentIndex(row)

    def _build_page(self, row: int) -> None:
        spec = self.specs[row]
        page = features.load(spec.page_class)(self.ctx)
        stand_in = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        if stand_in is not None:  # (there is one for every row, from __init__)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        self.pages[spec.key] = page
        if spec.key == "home":
            page.view_was_requested.connect(self.open_view)
            page.data_page_was_requested.connect(self.open_data_page)
        elif spec.key == "data":
            page.restore_was_requested.connect(self.restore_was_requested)
        elif spec.key == "settings":
            page.settings_did_change.connect(self._settings_changed)
        page.reload()

    def show_page(self, key: str) -> None:
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self._go_to_row(row)
                return
        raise KeyError(key)

    def _go_to_row(self, row: int) -> None:
        self.navigation.setCurrentRow(row)
        self.focus_page()

    def focus_page(self, *_args) -> None:
        """The cursor to where the page wants it first (a page says so by a focus proxy)."""
        page = self.stack.currentWidget()
        if page is not None and page.focusProxy() is not None:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_view(self, view: View) -> None:
        """A card or a line of the home page: its page, on what it counts."""
        self.show_page(view.page)
        self.pages[view.page].show_view(view.filters, view.caption)

    def open_data_page(self) -> None:
        """The home page's backup line: 数据与备份, for those who may see it."""
        if self.ctx.actor.can(Permission.MANAGE_BACKUPS):
            self.show_page("data")

    def current_page_key(self) -> str:
        return self.navigation.currentItem().data(Qt.ItemDataRole.UserRole)

    def broadcast(self, changes: Changes) -> None:
        """Reload the visible page if its kinds changed; mark the others to reload later."""
        current = self.current_page_key()
        for key, page in self.pages.items():
            if changes.touches(*page.kinds):
                if key == current:
                    page.reload()
                else:
                    self._dirty.add(key)
        self.refresh_status()

    # -- chrome -----------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.centre_label = QLabel()
        self.user_label = QLabel()
        self.backup_label = QLabel()
        for label in (self.centre_label, self.user_label, self.backup_label):
            bar.addPermanentWidget(label)
        self.refresh_status()

    def refresh_status(self) -> None:
        ctx = self.ctx
        # a separator, not brackets: a centre's name often has its own (幸福邻里中心（演示）)
        self.centre_label.setText(_("{centre} · {community}").format(
            centre=ctx.centre.name, community=ctx.centre.community))
        self.user_label.setText(_("{name} · {role}").format(name=ctx.actor.display_name,
                                                            role=ctx.actor.role.label))
        last = ctx.last_backup_at()
        self.backup_label.setText(
            _("Last backup: {when}").format(when=format_datetime(last, "short")) if last
            else _("No backup yet"))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        backup = QAction(_("Back up now"), self)
        backup.triggered.connect(self.backup_was_requested)
        file_menu.addAction(backup)
        file_menu.addSeparator()
        quit_action = QAction(_("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(_("&View"))
        self.large_print_action = QAction(_("Large print"), self)
        self.large_print_action.setCheckable(True)
        self.large_print_action.setChecked(is_large_print())
        self.large_print_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.large_print_action.toggled.connect(self.large_print_was_toggled)
        view_menu.addAction(self.large_print_action)

        account_menu = self.menuBar().addMenu(_("&Account"))
        change = QAction(_("Change my passphrase…"), self)
        change.triggered.connect(self._change_my_passphrase)
        account_menu.addAction(change)
        lock = QAction(_("Lock the window"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock_was_requested)
        account_menu.addAction(lock)
        logout = QAction(_("Log out"), self)
        logout.triggered.connect(self.logout_was_requested)
        account_menu.addAction(logout)

    def _change_my_passphrase(self) -> None:
        from neighborcenter.ui.accounts.page import SetPassphraseDialog

        actor = self.ctx.actor
        if actor.account_id is None:  # the system actor has no passphrase (never logged in)
            return
        SetPassphraseDialog(self.ctx, actor.account_id, actor.username, self).exec()

    #: The window's size where the screen has room for it; on a smaller screen (a 1366×768
    #: front desk) it starts maximised, with the status bar in view.
    PREFERRED_SIZE = QSize(1280, 860)
    PREFERRED_SIZE_LARGE = QSize(1600, 1000)

    def fit_screen(self, room: QSize | None = None) -> None:
        """Size the window from the free area of its screen (``room``: for tests)."""
        room = room or available_size(self)
        preferred = self.PREFERRED_SIZE_LARGE if is_large_print() else self.PREFERRED_SIZE
        self.resize(preferred.boundedTo(room))
        if room.width() < preferred.width() or room.height() < preferred.height():
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def apply_size(self) -> None:
        """After large print was switched on or off (icon sizes follow the style sheet)."""
        large = is_large_print()
        # as wide as the longest page name with its icon ("Data and backups" in English)
        self.navigation.ensurePolished()
        width = self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth() + 8
        self.navigation.setFixedWidth(max(width, 260 if large else 190))
        self.large_print_action.setChecked(large)
        for page in self.pages.values():
            if hasattr(page, "apply_size"):
                page.apply_size()

    def closeEvent(self, event) -> None:  # noqa: N802
        event.accept()
        self.window_did_close.emit()

    def _settings_changed(self, centre, settings) -> None:
        self.ctx.centre, self.ctx.settings = centre, settings
        self.setWindowTitle(window_title(centre.name))
        self.refresh_status()

