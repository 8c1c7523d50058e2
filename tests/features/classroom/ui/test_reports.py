"""The reports tab (ReportsTab): it fits 1366×768 in large print with no Alt+letter twice
(nor the menu bar's F, V, A); the day's sheet, a month's report as PDF and as .xlsx, the
sensitive export asking for its reason, and the pick-up slips, each through the save dialog
(replaced here by the file the test chooses)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSize

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.features.classroom.settings import ClassSettings, save_class_settings
from neighborcenter.features.classroom.ui import reports as tab_module
from neighborcenter.features.classroom.ui.reports import ReportsTab
from neighborcenter.i18n import _, set_language
from tests.features.classroom.month import D1, MONTH, YEAR, month  # noqa: F401 (a fixture)
from tests.ui.fitting import assert_fields_and_buttons_fit
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

SIDEBAR, PAGE_TOP = 260, 120  # the main window's sidebar; the page's title and tab bar


@pytest.fixture
def chosen_files(monkeypatch, tmp_path):
    """The save dialog answers with the next file of ``names``; what was opened is kept."""
    state: dict = {"names": [], "opened": []}

    def save_path(_parent, _title, _name, _pdf):
        return tmp_path / state["names"].pop(0) if state["names"] else None

    monkeypatch.setattr(tab_module, "save_path", save_path)
    monkeypatch.setattr(tab_module, "open_file", lambda path: state["opened"].append(path))
    return state


def make_tab(qtbot, make_ctx, admin) -> ReportsTab:
    tab = ReportsTab(make_ctx(admin))
    qtbot.addWidget(tab)
    tab.reload()
    return tab


def audited(db, admin, action) -> list:
    return [e for e in list_audit(db, actor=admin) if e.action is action]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_tab_fits_and_every_letter_is_unique(qtbot, large_print, make_ctx, admin, db,  # noqa: F811
                                                 month, language):  # noqa: F811
    set_language(language)
    save_class_settings(db, actor=admin, settings=ClassSettings(pickup_slips=True))
    tab = make_tab(qtbot, make_ctx, admin)
    tab.sensitive.setChecked(True)  # the reason's field in view too
    tab.resize(ROOM.width() - SIDEBAR, ROOM.height() - PAGE_TOP)  # in the page, under its tabs
    tab.show()
    qtbot.waitExposed(tab)
    assert fits(tab.minimumSizeHint() + QSize(SIDEBAR, PAGE_TOP)), tab.minimumSizeHint()
    assert_fields_and_buttons_fit(tab, "reports")
    body = tab.body.widget()
    assert body.minimumSizeHint().width() <= tab.body.viewport().width()  # no sideways scroll
    assert clashes(tab) == {}
    assert not {"F", "V", "A"} & set(mnemonics(tab))
    assert tab.child_model.rowCount() == 3


def test_the_days_sheet_and_a_months_reports(qtbot, make_ctx, admin, db, month,  # noqa: F811
                                             chosen_files, tmp_path):
    tab = make_tab(qtbot, make_ctx, admin)
    tab.day.setText(D1.isoformat())
    chosen_files["names"] = ["sheet.pdf"]
    tab.sheet_button.click()
    assert (tmp_path / "sheet.pdf").exists() and chosen_files["opened"] == [
        tmp_path / "sheet.pdf"]
    assert "sheet.pdf" in tab.message.text()
    tab.set_month(YEAR, MONTH)
    chosen_files["names"] = ["att.pdf", "late.xlsx", "hours.xlsx"]
    tab.report_buttons[("attendance", True)].click()
    tab.report_buttons[("late", False)].click()
    tab.report_buttons[("hours", False)].click()
    assert all((tmp_path / f).exists() for f in ("att.pdf", "late.xlsx", "hours.xlsx"))
    assert chosen_files["opened"][-1] == tmp_path / "att.pdf"  # a PDF opens; a sheet not
    assert len(audited(db, admin, AuditAction.PRINT)) == 2
    assert len(audited(db, admin, AuditAction.EXPORT)) == 2


def test_the_sensitive_export_asks_for_its_reason_and_keeps_what_was_typed(
        qtbot, make_ctx, admin, db, month, chosen_files, tmp_path):  # noqa: F811
    tab = make_tab(qtbot, make_ctx, admin)
    tab.set_month(YEAR, MONTH)
    tab.sensitive.setChecked(True)
    chosen_files["names"] = ["s.xlsx"]
    tab.report_buttons[("attendance", False)].click()
    assert not (tmp_path / "s.xlsx").exists()
    assert _("Enter why the health notes and the phones are exported.") in tab.message.text()
    tab.reason.setText("街道儿童健康排查")
    tab.report_buttons[("attendance", False)].click()
    header = next(load_workbook(tmp_path / "s.xlsx").worksheets[0].iter_rows(
        values_only=True))
    assert _("Health notes") in header
    assert tab.reason.text() == "街道儿童健康排查"


def test_a_bad_day_is_said_and_nothing_is_written(qtbot, make_ctx, admin, db,  # noqa: F811
                                                  month, chosen_files, tmp_path):  # noqa: F811
    tab = make_tab(qtbot, make_ctx, admin)
    tab.day.setText("明天吧")
    chosen_files["names"] = ["x.pdf"]
    tab.sheet_button.click()
    assert tab.message.text().startswith("⚠") and tab.day.text() == "明天吧"
    assert not (tmp_path / "x.pdf").exists()


def test_pickup_slips_for_the_children_chosen(qtbot, make_ctx, admin, db, month,  # noqa: F811
                                              chosen_files, tmp_path):
    tab = make_tab(qtbot, make_ctx, admin)
    assert not tab.slips_button.isEnabled() and tab.slips_hint.isVisibleTo(tab)
    save_class_settings(db, actor=admin, settings=ClassSettings(pickup_slips=True))
    tab.reload()
    assert not tab.slips_button.isEnabled()  # nobody chosen yet
    tab.children_table.selectRow(0)
    assert tab.slips_button.isEnabled() and not tab.slips_hint.isVisibleTo(tab)
    chosen_files["names"] = ["slips.pdf"]
    tab.slips_button.click()
    assert (tmp_path / "slips.pdf").exists()
    assert chosen_files["opened"] == [tmp_path / "slips.pdf"]
