"""The shell's screens as staff read them: who did what in the audit log, the accounts page's
buttons, the status bar, the home page's backup line, the settings page and the fonts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from neighborcenter.core.audit import AuditAction, Msg, record_audit
from neighborcenter.core.roles import SYSTEM_ACTOR, Role
from neighborcenter.errors import AuthenticationFailed
from neighborcenter.i18n import _, pgettext, set_language
from neighborcenter.ui.main_window import MainWindow
from neighborcenter.ui.theme import apply_theme, choose_cjk_family, choose_latin_family
from tests.conftest import PASSPHRASE, log_in, make_account

WHO, WHAT = 1, 2


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("zh_CN")


@pytest.fixture
def large_print(qapp):
    apply_theme(qapp, large_print=True)
    yield
    apply_theme(qapp, large_print=False)


def window_for(qtbot, make_ctx, actor) -> MainWindow:
    window = MainWindow(make_ctx(actor))
    qtbot.addWidget(window)
    return window


def column(model, col: int) -> list[str]:
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


# -- audit log ---------------------------------------------------------------------------------

def _log_entries(db, admin) -> None:
    """The centre's set-up (by 李主任, login admin) is already there; add the command line's
    demo, a login of an account whose name is its login, and a failed login."""
    with db.unit_of_work(write=True) as uow:
        record_audit(uow.session, SYSTEM_ACTOR, AuditAction.DEMO,
                     summary=Msg("Demo data loaded: {n} residents", args={"n": 3}))
        uow.commit()
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    with pytest.raises(AuthenticationFailed):
        log_in(db, "nobody", "wrong")
    log_in(db, "wangli", PASSPHRASE)  # (which writes the failure noted in the key file)


def test_audit_who_is_the_display_name_with_the_login_and_the_system_in_words(
        qtbot, make_ctx, admin, db, english):
    _log_entries(db, admin)
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("audit")
    model = window.pages["audit"].model
    who = dict(zip(column(model, WHAT), column(model, WHO), strict=True))
    assert who["Centre set up"] == "李主任 (admin)"
    assert who["Loaded demo data"] == "the system"  # not the stored "system"
    assert who["Logged in"] == "wangli"  # a name the same as the login is not repeated
    assert who["Failed login"] == "nobody"  # what was typed: no account is behind it


def test_audit_who_in_chinese_uses_the_catalogs_words(qtbot, make_ctx, admin, db):
    _log_entries(db, admin)
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("audit")
    who = column(window.pages["audit"].model, WHO)
    assert _("{name} ({login})").format(name="李主任", login="admin") in who
    assert _("the system") in who
    assert "system" not in who and "admin" not in who


# -- accounts ----------------------------------------------------------------------------------

def test_account_buttons_wait_for_a_chosen_account(qtbot, make_ctx, admin, db):
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("accounts")
    page = window.pages["accounts"]
    assert not page.passphrase_button.isEnabled() and not page.archive_button.isEnabled()
    assert page.archive_button.toolTip() == _("Choose a line in the list above first.")
    usernames = [a.username for a in page.model.rows()]
    page.table.selectRow(usernames.index("admin"))
    assert page.passphrase_button.isEnabled()
    assert not page.archive_button.isEnabled()  # not the account one is logged in with
    page.table.selectRow(usernames.index("wangli"))
    assert page.passphrase_button.isEnabled() and page.archive_button.isEnabled()


def test_archive_asks_first_and_then_keeps_the_account_chosen(qtbot, make_ctx, admin, db,
                                                             monkeypatch):
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("accounts")
    page = window.pages["accounts"]
    page.table.selectRow([a.username for a in page.model.rows()].index("wangli"))
    asked = []
    monkeypatch.setattr("neighborcenter.ui.accounts.page.confirm",
                        lambda *args: asked.append(args) or False)
    page.archive_button.click()
    assert len(asked) == 1 and not page.selected().archived
    monkeypatch.setattr("neighborcenter.ui.accounts.page.confirm", lambda *args: True)
    page.archive_button.click()
    assert page.selected().username == "wangli" and page.selected().archived
    assert not page.archive_button.isEnabled()
    assert page.archive_button.toolTip() == _("This account is archived.")


def test_last_login_says_never_for_an_account_that_never_logged_in(qtbot, make_ctx, admin,
                                                                   db, english):
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    log_in(db, "admin", PASSPHRASE)
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("accounts")
    model = window.pages["accounts"].model
    last = dict(zip(column(model, 0), column(model, 3), strict=True))
    assert last["wangli"] == "Never" == pgettext("last login", "Never")
    assert last["admin"] not in ("", "Never")


# -- status bar --------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_status_bar_names_centre_and_community_without_brackets(qtbot, make_ctx, admin,
                                                               language):
    set_language(language)
    try:
        window = window_for(qtbot, make_ctx, admin)
        text = window.centre_label.text()
    finally:
        set_language("zh_CN")
    assert text == "幸福邻里中心 · 幸福社区"


# -- home page ---------------------------------------------------------------------------------

def test_the_home_pages_backup_line_opens_the_data_page(qtbot, make_ctx, admin):
    window = window_for(qtbot, make_ctx, admin)
    today = window.pages["home"].today_list
    assert today.item(0).text() == _("No backup has been made yet.")
    today.setFocus()
    today.setCurrentRow(0)
    qtbot.keyClick(today, Qt.Key.Key_Return)
    assert window.current_page_key() == "data"


def test_an_urgent_line_goes_to_the_top_of_the_home_page_in_bold(qtbot, make_ctx, admin):
    from neighborcenter.core.home import TodayItem, View

    window = window_for(qtbot, make_ctx, admin)
    home = window.pages["home"]
    home._add_items([TodayItem("review", "待复核", View("register", {})),
                     TodayItem("urgent", "紧急：王秀英", View("register", {})),
                     TodayItem("urgent", "紧急：李建国", View("register", {}))])
    texts = [home.today_list.item(row).text() for row in range(home.today_list.count())]
    assert texts[:2] == ["紧急：王秀英", "紧急：李建国"]  # above the backup line, in their order
    assert texts[-1] == "待复核"
    assert home.today_list.item(0).font().bold()


def test_the_backup_line_opens_nothing_for_who_may_not_see_the_data_page(
        qtbot, make_ctx, social_worker):
    window = window_for(qtbot, make_ctx, social_worker)
    home = window.pages["home"]
    requested = []
    home.data_page_was_requested.connect(lambda: requested.append(True))
    home.today_list.itemActivated.emit(home.today_list.item(0))
    assert requested == [] and window.current_page_key() == "home"


# -- settings ----------------------------------------------------------------------------------

def test_settings_language_is_labelled_as_the_centres_default(qtbot, make_ctx, admin, english):
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("settings")
    page = window.pages["settings"]
    assert page.language_label.text() == "Default language of the centre"
    assert page.centre.language.currentText() == "简体中文"  # the stored default, not --lang


def test_idle_lock_box_has_a_frame_and_indented_text_in_large_print(qtbot, make_ctx, admin,
                                                                   large_print):
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("settings")
    window.show()
    qtbot.waitExposed(window)
    spin = window.pages["settings"].idle
    image = spin.grab().toImage()
    middle = image.height() // 2
    # a frame: the left edge is darker than the white box (it was a bare white box)
    assert QColor(image.pixel(0, middle)).lightness() < 200
    # the text stands off the frame, as in the other boxes
    dark = [x for x in range(2, image.width() // 2)
            if QColor(image.pixel(x, middle)).lightness() < 120]
    assert dark and dark[0] >= 6
    assert spin.height() >= 60


# -- fonts -------------------------------------------------------------------------------------

def test_english_puts_a_latin_font_first_and_chinese_keeps_the_cjk_font_first(qapp):
    cjk = choose_cjk_family()
    assert cjk is not None, "install a Simplified Chinese font (fonts-wqy-microhei)"
    assert choose_latin_family() is not None, "install a Latin font (fonts-dejavu-core)"
    app = QApplication.instance()
    try:
        set_language("en")
        apply_theme(app, large_print=False)
        families = app.font().families()
        assert families[0] != cjk and cjk in families  # Chinese names still in the CJK face
        set_language("zh_CN")
        apply_theme(app, large_print=False)
        assert app.font().families()[0] == cjk
    finally:
        set_language("zh_CN")
        apply_theme(app, large_print=False)


def test_an_administrator_lifts_the_login_wait_from_the_accounts_page(qtbot, make_ctx, admin,
                                                                       db):
    from neighborcenter.core import waits

    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    for _attempt in range(5):
        with pytest.raises(AuthenticationFailed):
            log_in(db, "wangli", "not her passphrase")
    window = window_for(qtbot, make_ctx, admin)
    window.show_page("accounts")
    page = window.pages["accounts"]
    row = next(i for i, a in enumerate(page.model.rows()) if a.username == "wangli")
    assert "需等待到" in page.model.index(row, 4).data()
    page.table.selectRow(next(i for i, a in enumerate(page.model.rows())
                              if a.username == "admin"))
    assert not page.lift_button.isEnabled()  # nothing to lift for this one
    page.table.selectRow(row)
    assert page.lift_button.isEnabled()
    page.lift_button.click()
    assert waits.waiting_names(db.path) == {}
    assert log_in(db, "wangli", PASSPHRASE).actor.username == "wangli"
