"""The import dialog: its dry run shows the households a 台账 without a 户号 column will make,
in a tab named for the list (户列表), not the home page's count (户数)."""

from __future__ import annotations

from openpyxl import Workbook

from neighborcenter.features.register.ui.import_dialog import ImportDialog
from neighborcenter.i18n import _, pgettext


def test_the_dry_run_lists_the_households_to_be_made(qtbot, db, admin, make_ctx, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "与户主关系", "楼栋", "单元", "门牌号"])
    for row in (["陈大海", "男", "1948-01-01", "户主", 7, 1, 301],
                ["吴月", "女", "1950-02-02", "配偶", 7, 1, 301],
                ["林一", "男", "1958-04-04", "本人", 7, 1, 302],
                ["郑一", "女", "1950-01-01", "户主", None, None, None]):
        ws.append(row)
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    dialog = ImportDialog(make_ctx(admin), path=path)
    qtbot.addWidget(dialog)
    dialog.estate.setText("幸福里小区")
    dialog.run(dry_run=True)
    table = dialog.households
    shown = [[table.item(r, c).text() for c in range(table.columnCount())]
             for r in range(table.rowCount())]
    assert [(row[1], row[2]) for row in shown] == [("陈大海", "2"), ("林一", "1"),
                                                   ("郑一", "1")]
    assert all(row[0].startswith("自编") for row in shown)
    assert "3" in dialog.results.tabText(1) and "3" in dialog.summary.text()
    dialog.run(dry_run=False)
    dialog.run(dry_run=True)  # the same file again: the households are there already
    assert dialog.report.count("unchanged") == 4
    assert [dialog.households.item(r, 0).text() for r in range(3)] == [row[0] for row in shown]


def test_the_households_tab_is_named_for_the_list_not_the_count(qtbot, make_ctx, admin):
    """户数 ("number of households") is the home page's card; the tab lists households."""
    dialog = ImportDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    label = dialog.results.tabText(1)
    assert label == pgettext("import tab", "Households")
    assert label != _("Households") and label != "户数"


def test_open_is_qdialogs_open_and_a_file_is_opened_by_open_file(qtbot, make_ctx, admin,
                                                                  tmp_path):
    """``open()`` is QDialog's (show, window-modal, no nested event loop): a method of that
    name which read a file made ``dialog.open()`` fail instead of showing the dialog."""
    path = tmp_path / "a.csv"
    path.write_text("姓名,楼栋\n李四,3\n", encoding="utf-8")
    dialog = ImportDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.isVisible() and dialog.isModal()
    dialog.open_file(path)
    assert dialog.file_label.text() == str(path)
    assert [dialog.mapping.item(r, 0).text() for r in range(dialog.mapping.rowCount())] == [
        "姓名", "楼栋"]
    assert dialog.check_button.isEnabled()
