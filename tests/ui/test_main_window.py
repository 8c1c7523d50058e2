from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from neighborcenter.core.changes import Changes
from neighborcenter.core.roles import Role
from neighborcenter.features.register import REGISTER
from neighborcenter.features.register.demo import load_demo_data
from neighborcenter.i18n import _
from neighborcenter.storage.backup import list_backups
from neighborcenter.ui.accounts.page import AccountDialog, AccountTableModel
from neighborcenter.ui.main_window import MainWindow
from neighborcenter.ui.theme import LARGE_POINT_SIZE, apply_theme, choose_cjk_family
from tests.conftest import make_account, sql


def nav_titles(window):
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def test_admin_sees_every_page_in_chinese(qtbot, make_ctx, admin):
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    assert nav_titles(window) == ["首页", "居民台账", "志愿者", "探访关爱", "三点半课堂",
                                  "匠心坊", "议事协商", "账号管理", "审计日志", "数据与备份",
                                  "设置"]
    assert "幸福邻里中心" in window.windowTitle()
    assert "李主任" in window.user_label.text() and "管理员" in window.user_label.text()
    # the catalog's one wording for "no backup" on every screen
    assert window.backup_label.text() == _("No backup yet") != "No backup yet"


def test_other_roles_see_only_their_pages(qtbot, make_ctx, admin, db, social_worker,
                                          shop_volunteer):
    class_volunteer = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    for actor, titles in ((social_worker, ["首页", "居民台账", "志愿者", "探访关爱",
                                           "三点半课堂", "匠心坊", "议事协商"]),
                         (shop_volunteer, ["首页", "匠心坊"]),
                         (class_volunteer, ["首页", "三点半课堂"])):
        window = MainWindow(make_ctx(actor))
        qtbot.addWidget(window)
        assert nav_titles(window) == titles


def test_home_page_shows_the_register_counts(qtbot, make_ctx, admin, db):
    demo = load_demo_data(db, actor=admin, residents=400, seed=2)
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    home = window.pages["home"]
    on_register = demo.residents - demo.moved_out - demo.deceased
    assert on_register < 400  # the demo has people who moved out or died
    assert home.card_values["residents"].text() == str(on_register)
    assert home.greeting.text().endswith("李主任")
    assert home.cards_box.isVisibleTo(window)


def test_home_page_hides_register_counts_from_the_shop(qtbot, make_ctx, shop_volunteer, db):
    window = MainWindow(make_ctx(shop_volunteer))
    qtbot.addWidget(window)
    assert not window.pages["home"].cards_box.isVisibleTo(window)


def test_new_account_appears_in_the_list_after_saving(qtbot, make_ctx, admin, monkeypatch):
    ctx = make_ctx(admin)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page("accounts")
    page = window.pages["accounts"]
    assert [a.username for a in page.model.rows()] == ["admin"]
    dialog = AccountDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.username.setText("zhaomin")
    dialog.display_name.setText("赵敏")
    dialog.passphrase.first.setText("secret12")
    dialog.passphrase.repeat.setText("secret12")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [a.username for a in page.model.rows()] == ["admin", "zhaomin"]


def test_account_dialog_shows_errors_next_to_the_field(qtbot, make_ctx, admin):
    dialog = AccountDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.display_name.setText("重名")
    dialog.passphrase.first.setText("secret12")
    dialog.passphrase.repeat.setText("secret13")
    dialog.save()
    assert dialog.errors._labels["repeat"].text() == "两次输入的口令不一致。"
    dialog.passphrase.repeat.setText("secret12")
    dialog.save()
    assert "已被使用" in dialog.errors._labels["username"].text()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_account_table_model_is_a_proper_model(qtmodeltester, make_ctx, admin, db):
    from neighborcenter.core.accounts import list_accounts

    model = AccountTableModel()
    model.set_rows(list_accounts(db, actor=admin))
    qtmodeltester.check(model)
    assert model.data(model.index(0, 2)) == "管理员"


def test_backup_now_updates_the_data_page_and_status_bar(qtbot, make_ctx, admin, db):
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show_page("data")
    page = window.pages["data"]
    assert page.model.rowCount() == 0
    page.back_up()
    assert page.model.rowCount() == 1 and len(list_backups(db.path)) == 1
    assert page.model.data(page.model.index(0, 1)) == "手动"
    assert window.backup_label.text().startswith("上次备份")


def test_check_button_reports_in_plain_words(qtbot, make_ctx, admin, db):
    conn = sql(db)
    conn.execute("UPDATE change_counter SET value = -1")
    conn.commit()
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show_page("data")
    page = window.pages["data"]
    page.check()
    assert page.report.toPlainText().startswith("已修复：变更计数器")
    page.check()
    assert page.report.toPlainText() == "数据库一切正常。"


def test_settings_page_saves_and_updates_the_title(qtbot, make_ctx, admin):
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show_page("settings")
    page = window.pages["settings"]
    page.centre.name.setText("阳光邻里中心")
    page.save()
    assert page.saved_label.text() == "已保存。"
    assert "阳光邻里中心" in window.windowTitle()
    page.centre.name.setText("")
    page.save()
    assert page.errors._labels["name"].text() == "请输入中心名称。"


def test_audit_page_lists_what_happened(qtbot, make_ctx, admin):
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show_page("audit")
    model = window.pages["audit"].model
    assert model.rowCount() >= 1
    assert model.data(model.index(model.rowCount() - 1, 2)) == "中心已设置"


def test_large_print_makes_text_at_least_18_points(qtbot, make_ctx, admin):
    app = QApplication.instance()
    apply_theme(app, large_print=True)
    try:
        window = MainWindow(make_ctx(admin))
        qtbot.addWidget(window)
        assert app.font().pointSize() >= LARGE_POINT_SIZE >= 18
        assert window.navigation.iconSize().width() >= 32
        assert window.large_print_action.isChecked()
    finally:
        apply_theme(app, large_print=False)


def test_an_explicit_simplified_chinese_font_is_used(qapp):
    apply_theme(qapp, large_print=False)
    family = choose_cjk_family()
    assert family is not None, "install a Simplified Chinese font (fonts-wqy-microhei)"
    assert qapp.font().family() == family


def test_navigation_by_click(qtbot, make_ctx, admin):
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show()
    item = window.navigation.item([s.key for s in window.specs].index("data"))  # 数据与备份
    rect = window.navigation.visualItemRect(item)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert window.current_page_key() == "data"


def test_data_page_names_the_real_backup_folder(qtbot, make_ctx, admin, db):
    from PySide6.QtWidgets import QLabel

    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show_page("data")
    texts = [w.text() for w in window.pages["data"].findChildren(QLabel)]
    assert any(str(db.path.parent / "centre-backups") in t for t in texts)


def test_a_page_is_built_when_first_shown_and_kept(qtbot, make_ctx, admin, db):
    load_demo_data(db, actor=admin, residents=60, seed=3)
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    assert list(window.pages) == ["home"]  # the others cost nothing until they are opened
    window.broadcast(Changes(frozenset({REGISTER})))
    assert list(window.pages) == ["home"]
    window.show_page("register")
    register = window.pages["register"]
    assert window.stack.currentWidget() is register
    assert register.model.rowCount() > 0  # built pages load their data
    window.show_page("home")
    window.show_page("register")
    assert window.pages["register"] is register
    assert window.stack.count() == window.navigation.count()


def test_restore_from_a_page_built_later_still_reaches_the_window(qtbot, make_ctx, admin):
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show_page("data")
    with qtbot.waitSignal(window.restore_was_requested) as blocker:
        window.pages["data"].restore_was_requested.emit("backup.db")
    assert blocker.args == ["backup.db"]
