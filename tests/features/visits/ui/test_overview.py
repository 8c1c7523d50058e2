"""The overview tab, offscreen: the visit rate of a month with known plans (overall, per tier,
per pair, per visitor), the elders not visited for longer than their frequency, the open
follow-ups by owner, an emergency dealt with from its 已处理… button, another month chosen,
the statistics exported as .xlsx (audited), and the tab fitting a 1366×768 screen in large
print with no Alt+letter given twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from neighborcenter.features.visits import plans, records
from neighborcenter.features.visits.rules import Tier, add_months
from neighborcenter.features.visits.ui.lists import month_title
from neighborcenter.features.visits.ui.overview import OverviewTab
from neighborcenter.i18n import _, set_language
from neighborcenter.ui.common import dialogs
from tests.features.visits import add_listed_elder, add_pair
from tests.features.visits.state import on_list_since
from tests.features.visits.ui import column
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

TODAY = dt.date.today()


@pytest.fixture
def month(db, admin) -> dict:
    """This month's plan for four monthly elders of one pair, on the list for two months;
    two visited (one of them with an emergency and a follow-up), two not."""
    pair, volunteers = add_pair(db, admin)
    ids = {name: add_listed_elder(db, admin, name, tier=Tier.PRIORITY, room=room,
                                  pair_id=pair)
           for name, room in (("王秀英", "101"), ("赵大爷", "102"), ("钱奶奶", "103"),
                              ("孙爷爷", "104"))}
    for rid in ids.values():
        on_list_since(db, rid, TODAY - dt.timedelta(days=62))
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    ids["emergency"] = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=ids["王秀英"], on=TODAY.isoformat(), volunteer_ids=volunteers,
        emergency=True, emergency_notes="跌倒，已叫120",
        follow_ups=[records.FollowUpForm("安装扶手", "街道民政科", TODAY.isoformat())]))
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=ids["赵大爷"], on=TODAY.isoformat(), volunteer_ids=volunteers[:1]))
    ids["volunteers"] = volunteers
    return ids


def _tab(qtbot, ctx, worker=None) -> OverviewTab:
    tab = OverviewTab(ctx)
    qtbot.addWidget(tab)
    if worker is not None:
        worker.changes_did_happen.connect(
            lambda changes: tab.reload() if changes.touches("visits") else None)
    tab.reload()
    return tab


def test_the_rate_of_a_month_with_known_plans(qtbot, make_ctx, admin, month):
    tab = _tab(qtbot, make_ctx(admin))
    assert tab.year_month() == (TODAY.year, TODAY.month)
    assert tab.rate.text() == "50.0%"  # 2 of 4 planned visits made
    assert "2" in tab.rate_caption.text() and "4" in tab.rate_caption.text()
    tiers = dict(zip(column(tab.by_tier, _("Tier")), column(tab.by_tier, _("Visit rate")),
                     strict=True))
    assert tiers == {Tier.HIGH.label: "—", Tier.PRIORITY.label: "50.0%",
                     Tier.GENERAL.label: "—"}
    assert column(tab.by_pair, _("Pair")) == ["第一探访组"]
    assert column(tab.by_pair, _("Planned")) == ["4"]
    visitors = dict(zip(column(tab.by_visitor, _("Visitor")),
                        column(tab.by_visitor, _("Done")), strict=True))
    assert visitors == {"张桂英": "2", "李建华": "1"}
    # never visited: longer than their frequency
    assert sorted(column(tab.not_visited, _("Elder"))) == ["孙爷爷", "钱奶奶"]
    assert all(t.startswith("⚠") for t in column(tab.not_visited, _("Not visited for")))
    assert "2" in tab.not_visited_box.title()
    assert column(tab.owners, _("Owner")) == ["街道民政科"]
    assert column(tab.emergencies, _("Elder")) == ["王秀英"]
    assert tab.no_emergencies.isHidden() and not tab.emergency_table.isHidden()


def test_another_month_is_chosen(qtbot, make_ctx, admin, month):
    tab = _tab(qtbot, make_ctx(admin))
    before = add_months(dt.date(TODAY.year, TODAY.month, 1), -1)
    tab.set_month(before.year, before.month)
    assert tab.month.currentText() == month_title(before.year, before.month)
    assert tab.rate.text() == "—"  # nothing was planned that month
    assert tab.by_pair.rowCount() == 0 and not tab.no_pairs.isHidden()


def test_an_emergency_is_dealt_with(qtbot, make_ctx, admin, db, worker, month):
    tab = _tab(qtbot, make_ctx(admin), worker)
    assert not tab.handled_button.isEnabled()
    tab.emergency_table.selectRow(0)
    assert tab.handled_button.isEnabled()
    dialog = tab.handled_dialog()
    qtbot.addWidget(dialog)
    dialog.save()  # how it was dealt with: needed
    assert dialog.errors._labels["notes"].text()
    dialog.fields["notes"].setText("已送医，家属已到场")
    dialog.save()
    detail = records.visit_detail(db, actor=admin, visit_id=month["emergency"])
    assert detail.emergency_closed_on == TODAY
    assert tab.emergencies.rowCount() == 0 and not tab.no_emergencies.isHidden()


def test_the_statistics_are_exported(qtbot, make_ctx, admin, db, month, monkeypatch,
                                     tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from neighborcenter.core.audit import AuditAction, list_audit

    def answer(_parent, _title, suggested, _kinds):
        return str(tmp_path / Path(suggested).stem), ""  # without .xlsx: it is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    tab = _tab(qtbot, make_ctx(admin))
    assert tab.export_button.isVisibleTo(tab)
    tab.export_button.click()
    files = list(tmp_path.glob("*.xlsx"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    assert files[0].name in tab.message.text()
    assert any(e.action is AuditAction.EXPORT for e in list_audit(db, actor=admin))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_tab_fits_1366x768_in_large_print(qtbot, large_print, make_ctx, admin, month,  # noqa: F811
                                              monkeypatch, language):
    set_language(language)
    tab = _tab(qtbot, make_ctx(admin))
    tab.resize(ROOM)
    tab.show()
    assert fits(tab.minimumSizeHint()), tab.minimumSizeHint()
    assert clashes(tab) == {}
    body = tab.body.widget()
    assert body.sizeHint().width() <= tab.body.viewport().width()  # no sideways scrolling
    tab.emergency_table.selectRow(0)
    opened = []
    monkeypatch.setattr(dialogs.FormDialog, "exec", lambda self: opened.append(self))
    tab.handled()
    for dialog in opened:
        show_and_assert_it_fits(qtbot, dialog, dialog.windowTitle(), fits)
        assert clashes(dialog) == {}
        dialog.hide()
