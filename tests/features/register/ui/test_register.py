"""The register screens, offscreen: the search box updates the list on every keystroke,
rows arrive page by page, the detail page shows masked values and reveals one (audited),
and the import dialog shows a dry run."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.register.ui.detail import ResidentDetailDialog
from neighborcenter.features.register.ui.import_dialog import ImportDialog
from neighborcenter.features.register.ui.page import RegisterPage
from neighborcenter.ui.common.table_model import ROW_ROLE

ID = make_id_number("330502", dt.date(1940, 5, 6), 11)


def _people(db, admin):
    ids = {}
    for family, given, building, number in (("单", "良", "3", ID), ("张", "三", "5", ""),
                                            ("曾", "丽", "7", ""), ("王", "小明", "9", "")):
        ids[family + given] = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
            family_name=family, given_name=given, estate="幸福里小区", building=building,
            unit="2", room="501", id_number=number, phone="13805721234"))
    return ids


def _names(model):
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_typing_in_the_search_box_updates_the_list(qtbot, db, admin, make_ctx):
    _people(db, admin)
    page = RegisterPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    assert sorted(_names(page.model)) == sorted(["单良", "张三", "曾丽", "王小明"])
    page.search.setFocus()
    qtbot.keyClicks(page.search, "z")
    assert sorted(_names(page.model)) == ["张三", "曾丽"]
    qtbot.keyClicks(page.search, "s")
    assert _names(page.model) == ["张三"]
    page.search.clear()
    qtbot.keyClicks(page.search, "shan")
    assert _names(page.model) == ["单良"]
    page.search.setText("3-2-501")
    assert _names(page.model) == ["单良"]
    assert "1" in page.count.text()
    row = page.model.index(0, 3)
    assert page.model.data(row) == ID[:6] + "********" + ID[-4:]


def test_rows_beyond_the_first_page_arrive_when_needed(qtbot, db, admin, make_ctx,
                                                       monkeypatch):
    import neighborcenter.features.register.ui.model as model_module
    from neighborcenter.features.register import registry

    _people(db, admin)
    monkeypatch.setattr(registry, "PAGE_SIZE", 2)
    monkeypatch.setattr(model_module, "PAGE_SIZE", 2)
    page = RegisterPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    model = page.model
    assert model.rowCount() == 4
    loaded_before = [model.row_at(i) is not None for i in range(4)]
    assert loaded_before == [True, True, False, False]
    assert model.data(model.index(3, 0)) == "…"
    qtbot.waitUntil(lambda: model.row_at(3) is not None)
    assert model.data(model.index(3, 0), ROW_ROLE).name == model.data(model.index(3, 0))


def test_sorting_by_a_header_asks_the_database(qtbot, db, admin, make_ctx):
    _people(db, admin)
    page = RegisterPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    page.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # address
    assert _names(page.model)[0] == "王小明"  # 9栋 first when descending


def test_the_detail_page_reveals_one_value_and_audits_it(qtbot, db, admin, make_ctx):
    ids = _people(db, admin)
    dialog = ResidentDetailDialog(make_ctx(admin), ids["单良"])
    qtbot.addWidget(dialog)
    assert dialog.detail.name == "单良"
    assert ID not in dialog.id_value.text() and ID[-4:] in dialog.id_value.text()
    show = next(b for b in dialog.findChildren(QPushButton) if b.text() == "显示"
                or b.text() == "Show")
    show.click()
    assert not show.isEnabled()
    assert dialog.id_value.text() == ID
    reveals = [e for e in list_audit(db, actor=admin)
               if e.action is AuditAction.REVEAL]
    assert len(reveals) == 1


def test_the_import_dialog_shows_a_dry_run(qtbot, db, admin, make_ctx, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("标题\n姓名,身份证号,楼栋,单元,门牌号\n"
                    f"李四,{ID},3,2,501\n王五,3.30502E+17,3,2,502\n", encoding="utf-8")
    dialog = ImportDialog(make_ctx(admin), path=path)
    qtbot.addWidget(dialog)
    samples = {dialog.mapping.item(r, 0).text(): dialog.mapping.item(r, 2).text()
               for r in range(dialog.mapping.rowCount())}
    assert samples["身份证号"] == ID[:6] + "********" + ID[-4:]  # masked, like everywhere
    assert samples["姓名"] == "李四"
    dialog.estate.setText("幸福里小区")
    dialog.run(dry_run=True)
    assert dialog.report.count("create") == 1 and dialog.report.count("reject") == 1
    assert dialog.import_button.isEnabled()
    assert "3.30502E+17" in dialog.rows.item(1, 3).text()
    dialog.run(dry_run=False)
    assert dialog.report.dry_run is False and dialog.report.count("create") == 1


def _scroll_through(qtbot, model):
    """Ask for every row as a view scrolling down would; wait until each page has come."""
    for position in range(model.rowCount()):
        model.data(model.index(position, 0))
    qtbot.waitUntil(lambda: all(model.row_at(i) is not None for i in range(model.rowCount())))


def test_the_lazy_list_is_a_proper_model_page_by_page_and_after_a_new_search(
        qtbot, qtlog, db, admin, make_ctx, monkeypatch):
    """Qt's own QAbstractItemModelTester watches the model while rows arrive two at a time,
    a new search replaces the list, a header sorts it and a page from the old search comes
    late. It reports in the qt.modeltest category; any report fails the test."""
    from PySide6.QtTest import QAbstractItemModelTester

    import neighborcenter.features.register.ui.model as model_module
    from neighborcenter.features.register import registry

    _people(db, admin)
    rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="赵", given_name="六", estate="幸福里小区", building="1", unit="1",
        room="101"))  # five: the last page is half full
    monkeypatch.setattr(registry, "PAGE_SIZE", 2)
    monkeypatch.setattr(model_module, "PAGE_SIZE", 2)
    page = RegisterPage(make_ctx(admin))
    qtbot.addWidget(page)
    model = page.model
    tester = QAbstractItemModelTester(  # noqa: F841 (it watches while it lives)
        model, QAbstractItemModelTester.FailureReportingMode.Warning)
    page.reload()
    assert model.rowCount() == 5 and model.row_at(4) is None
    _scroll_through(qtbot, model)
    stale = [model.row_at(i) for i in range(5)]
    qtbot.keyClicks(page.search, "z")  # a new search: 张三, 曾丽, 赵六
    _scroll_through(qtbot, model)
    assert sorted(_names(model)) == ["张三", "曾丽", "赵六"]
    model.add_rows(stale)  # the old search's page, arriving late: only this list's rows
    assert sorted(_names(model)) == ["张三", "曾丽", "赵六"]
    page.search.clear()
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # age
    _scroll_through(qtbot, model)
    failures = [r.message for r in qtlog.records if "FAIL" in r.message]
    assert failures == []
    # Qt's -1 means "no column", never Python's last one: no heading, and the natural order
    for section in (-1, len(model_module.COLUMNS)):
        assert model.headerData(section, Qt.Orientation.Horizontal) is None
    with qtbot.waitSignal(model.sort_was_requested) as sorted_by:
        model.sort(-1)
    assert sorted_by.args == [registry.SortKey.NAME, False]
