"""The visits page, offscreen: it shows in Chinese with its six tabs, the month's plan lists
the planned visits with their states, the plan is generated from its button and says who was
not asked yet, a resident who qualifies is put on the list, an elder's place on the list is
edited (a missing reason is said at its field and nothing typed is lost), a pair is made, a
festival's visits are planned with the lunar date shown, and Enter on a planned visit opens
the visit form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from neighborcenter.features.visits import VISITS, elders, plans, records
from neighborcenter.features.visits.rules import ChangeKind, PlanKind, VisitState, Willing
from neighborcenter.features.visits.rules.lunar import Festival, festival_date, lunar_label
from neighborcenter.features.visits.ui import page as page_module
from neighborcenter.features.visits.ui.campaigns import CampaignDialog
from neighborcenter.features.visits.ui.elders import (
    elder_dialog,
    end_dialog,
    major_change_dialog,
)
from neighborcenter.features.visits.ui.lists import day, month_title, state_text
from neighborcenter.features.visits.ui.page import TAB_KEYS, VisitsPage, generated_text
from neighborcenter.i18n import _, ngettext
from tests.features.visits.ui import column, follow_changes, visit_data  # noqa: F401

TODAY = dt.date.today()


def _page(qtbot, ctx, worker=None) -> VisitsPage:
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    if worker is not None:
        follow_changes(worker, page)
    page.reload()
    return page


def _active(window) -> None:
    """Shown and active: keys go to it (shortcuts act only in the active window)."""
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def test_the_page_shows_in_chinese_with_its_tabs(qtbot, make_ctx, admin, visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin))
    assert page.title.text() == _("Elder visits") == "探访关爱"
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert len(titles) == len(TAB_KEYS) == 6
    assert titles[0] == _("Month's plan") and titles[3] == _("Festival visits")
    assert titles[1].startswith(_("Visit list"))  # and how many are waiting to be added
    assert page.settings_button.isVisibleTo(page)  # an administrator's


def test_the_settings_are_for_those_who_may_change_them(qtbot, make_ctx, social_worker):
    page = _page(qtbot, make_ctx(social_worker))
    assert not page.settings_button.isVisibleTo(page)
    assert page.plan_tab.generate_button.isVisibleTo(page)  # a social worker plans


def test_the_month_plan_lists_the_visits_with_their_states(qtbot, make_ctx, admin, db,
                                                           visit_data):  # noqa: F811
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=visit_data["赵大爷"], on=TODAY.isoformat(), at="10:00",
        volunteer_ids=visit_data["volunteers"]))
    page = _page(qtbot, make_ctx(admin))
    tab = page.plan_tab
    expected = plans.month_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    assert tab.model.rowCount() == len(expected) > 1
    assert column(tab.model, _("State")) == [state_text(r.state, r.late) for r in expected]
    names = column(tab.model, _("Elder"))
    done = names.index("赵大爷")
    assert column(tab.model, _("State"))[done] == "✓ " + VisitState.DONE.label
    assert column(tab.model, _("Visited on"))[done] == day(TODAY)
    assert "钱奶奶" not in names  # not asked yet: no visit planned
    # the state filter: only those not made yet
    tab.show_state("open")
    assert "赵大爷" not in column(tab.model, _("Elder")) and tab.model.rowCount() > 0
    assert "1" in tab.count.text()  # the counts are of the whole month


def test_generating_from_the_button_plans_and_says_who_was_not_asked(
        qtbot, make_ctx, admin, db, worker, visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin), worker)
    tab = page.plan_tab
    assert tab.model.rowCount() == 0 and tab.empty.isVisibleTo(page)
    tab.generate_button.click()
    planned = plans.month_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    assert planned and tab.model.rowCount() == len(planned)
    assert tab.message.text() == generated_text(
        plans.Generated(created=len(planned), existing=0, assigned=0, without_pair=0,
                        not_asked=1, declined=0), TODAY.year, TODAY.month)
    assert "⚠" in tab.message.text()  # 钱奶奶 was not asked yet: said, with what to do
    tab.generate_button.click()  # again: nothing new, said so
    assert len(plans.month_plan(db, actor=admin, year=TODAY.year,
                                month=TODAY.month)) == len(planned)
    assert tab.message.text().startswith(ngettext(
        "{n} visit planned for {month}.", "{n} visits planned for {month}.", 0).format(
        n=0, month=month_title(TODAY.year, TODAY.month)))


def test_the_months_change_by_buttons_and_page_keys(
        qtbot, make_ctx, admin, db, visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin))
    tab = page.plan_tab
    tab.next_button.click()
    nxt = (TODAY.replace(day=1) + dt.timedelta(days=32))
    assert (tab.year, tab.month) == (nxt.year, nxt.month)
    assert tab.month_edit.text() == f"{nxt.year:04d}-{nxt.month:02d}"
    _active(page)
    tab.state.setFocus()
    QTest.keyClick(tab.state, Qt.Key.Key_PageUp)
    assert (tab.year, tab.month) == (TODAY.year, TODAY.month)
    tab.month_edit.setText("2026年2月")
    QTest.keyClick(tab.month_edit, Qt.Key.Key_Return)
    assert (tab.year, tab.month) == (2026, 2)
    tab.month_edit.setText("2026-13")
    QTest.keyClick(tab.month_edit, Qt.Key.Key_Return)
    assert (tab.year, tab.month) == (2026, 2)  # refused, said, and what was typed stays
    assert tab.month_edit.text() == "2026-13" and tab.message.text().startswith("⚠")


def test_enter_on_a_planned_visit_opens_the_visit_form(qtbot, make_ctx, admin, db,
                                                       visit_data, monkeypatch):  # noqa: F811
    opened = []

    class FakeVisitDialog:
        def __init__(self, ctx, **which):
            opened.append(which)

        def exec(self):
            return 0

        def deleteLater(self):  # noqa: N802
            pass

    from neighborcenter.features.visits.ui import record

    monkeypatch.setattr(record, "VisitDialog", FakeVisitDialog)
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    page = _page(qtbot, make_ctx(admin))
    _active(page)
    table = page.plan_tab.table
    table.setFocus()
    table.selectRow(0)
    QTest.keyClick(table, Qt.Key.Key_Return)
    row = page.plan_tab.model.row_at(0)
    # the visits listed after it come as the queue of 保存并录入下一张 (a stack of sheets)
    listed = [r.id for r in page.plan_tab.model.rows() if not r.visit_id]
    assert opened == [{"parent": page.plan_tab, "resident_id": row.resident.id,
                       "plan_id": row.id, "queue": listed}]
    assert len(listed) > 1
    QTest.keyClick(table, Qt.Key.Key_PageDown)  # in the list: it scrolls, the month stays
    assert (page.plan_tab.year, page.plan_tab.month) == (TODAY.year, TODAY.month)
    QTest.keyClick(page.plan_tab, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(opened) == 2)  # 记录探访(&R)… (a mnemonic clicks as it shows)


def test_a_resident_who_qualifies_is_put_on_the_list(qtbot, make_ctx, admin, db, worker,
                                                     visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin), worker)
    page.show_view({"tab": "elders", "list": "candidates"}, "")
    tab = page.elders_tab
    assert page.current_key() == "elders" and tab.list_key == "candidates"
    assert column(tab.model, _("Name")) == ["孙爷爷"]
    assert page.tabs.tabText(1).endswith(("(1 to add)", "1）", "1)")) or "1" in \
        page.tabs.tabText(1)
    assert tab.add_button.isVisibleTo(page) and not tab.end_button.isVisibleTo(page)
    tab.table.selectAll()
    tab.add_button.click()
    listed = {r.resident.name: r for r in elders.list_elders(db, actor=admin)}
    assert listed["孙爷爷"].willing == Willing.UNKNOWN
    assert tab.model.rowCount() == 0 and tab.empty.isVisibleTo(page)
    assert "1" in tab.message.text()
    tab.show_list("listed")
    assert "孙爷爷" in column(tab.model, _("Name"))


def test_editing_an_elder_says_a_missing_reason_and_keeps_what_was_typed(
        qtbot, make_ctx, admin, db, visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin))
    page.show_tab("elders")
    tab = page.elders_tab
    row = next(r for r in tab.model.rows() if r.resident.name == "钱奶奶")
    assert column(tab.model, _("Willingness"))[tab.model.rows().index(row)].startswith("⚠")
    dialog = elder_dialog(make_ctx(admin), row, tab._pairs)
    qtbot.addWidget(dialog)
    willing = dialog.fields["willing"]
    willing.setCurrentIndex(willing.findData(Willing.YES))
    assert dialog.fields["willing_on"].text() == TODAY.isoformat()  # the day of the answer
    dialog.fields["tier_reason"].setText("")
    dialog.save()
    label = dialog.errors._labels["tier_reason"]
    assert label.text() and label.isVisibleTo(dialog) and dialog.result() == 0
    assert willing.currentData() == Willing.YES  # nothing typed is lost
    dialog.fields["tier_reason"].setText("独居，腿脚不便")
    pair = dialog.fields["pair"]
    pair.setCurrentIndex(pair.findData(visit_data["pair"]))
    dialog.save()
    saved = next(r for r in elders.list_elders(db, actor=admin) if r.resident.name == "钱奶奶")
    assert saved.willing == Willing.YES and saved.willing_on == TODAY
    assert saved.tier_reason == "独居，腿脚不便" and saved.pair_id == visit_data["pair"]


def test_a_candidate_is_edited_with_the_tier_the_rules_suggest(qtbot, make_ctx, admin, db,
                                                               visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin))
    page.show_view({"tab": "elders", "list": "candidates"}, "")
    candidate = page.elders_tab.model.row_at(0)
    dialog = elder_dialog(make_ctx(admin), candidate, [])
    qtbot.addWidget(dialog)
    assert dialog.fields["tier"].currentData() == candidate.suggested_tier
    assert dialog.fields["tier_reason"].text() == candidate.reasons != ""
    dialog.save()
    assert "孙爷爷" in {r.resident.name for r in elders.list_elders(db, actor=admin)}


def test_taking_off_the_list_and_a_major_change(
        qtbot, make_ctx, admin, db, visit_data):  # noqa: F811
    ctx = make_ctx(admin)
    listed = {r.resident.name: r for r in elders.list_elders(db, actor=admin)}
    change = major_change_dialog(ctx, listed["王秀英"])
    qtbot.addWidget(change)
    change.fields["kind"].setCurrentIndex(change.fields["kind"].findData(ChangeKind.DISCHARGED))
    change.fields["happened_at"].setText("明天")
    change.save()
    assert change.errors._labels["happened_at"].text()  # the service's words, at the field
    an_hour_ago = dt.datetime.now() - dt.timedelta(hours=1)
    change.fields["happened_at"].setText(an_hour_ago.strftime("%Y-%m-%d %H:%M"))
    change.save()
    urgent = [r for r in plans.month_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
              if r.kind == PlanKind.URGENT]  # due within 24 hours of it
    assert [r.resident.name for r in urgent] == ["王秀英"]
    end = end_dialog(ctx, listed["赵大爷"])
    qtbot.addWidget(end)
    end.save()
    assert end.errors._labels["reason"].text()
    end.fields["reason"].setText("入住养老院")
    end.save()
    ended = {r.resident.name: r for r in elders.list_elders(db, actor=admin,
                                                           include_ended=True)}
    assert ended["赵大爷"].ended == TODAY


def test_a_pair_is_made_by_typing_the_volunteers(
        qtbot, make_ctx, admin, db, visit_data):  # noqa: F811
    from tests.features.volunteers import add_volunteer

    for name in ("周丽华", "吴建国", "吴建华"):
        add_volunteer(db, admin, name)
    page = _page(qtbot, make_ctx(admin))
    page.show_tab("pairs")
    tab = page.pairs_tab
    assert column(tab.model, _("Pair")) == ["第一探访组"]
    dialog = tab.dialog(None)
    qtbot.addWidget(dialog)
    dialog.fields["name"].setText("第二探访组")
    first = dialog.fields["first"]
    texts = [first.itemText(i) for i in range(first.count())]
    zhou = next(t for t in texts if t.startswith("周丽华"))
    first.setEditText(zhou)
    dialog.save()
    assert dialog.errors._labels["first"].text()  # one volunteer alone is not a pair
    dialog.fields["second"].setEditText("吴建")  # part of two names: said, at its field
    dialog.save()
    assert "吴建" in dialog.errors._labels["second"].text()
    dialog.fields["second"].setEditText("钱")  # nobody's: said too
    dialog.save()
    assert "钱" in dialog.errors._labels["second"].text()
    dialog.fields["second"].setEditText("吴建国")  # a whole name, as people type it
    dialog.save()
    pairs = {p.name: p for p in elders.list_pairs(db, actor=admin)}
    assert pairs["第二探访组"].visitors == "周丽华、吴建国"


def test_the_festival_visits_show_the_lunar_date_and_are_planned(qtbot, make_ctx, admin, db,
                                                                 worker, visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin), worker)
    page.show_tab("campaigns")
    tab = page.campaigns_tab
    coming = [label.text() for label in tab.festivals]
    assert len(coming) >= 6 and all("（" in t or "(" in t for t in coming)  # with its lunar day
    dialog = CampaignDialog(make_ctx(admin), tab, festival=Festival.MID_AUTUMN, year=TODAY.year)
    qtbot.addWidget(dialog)
    on = festival_date(Festival.MID_AUTUMN, TODAY.year)
    assert day(on) in dialog.date.text() and "八月十五" in dialog.date.text()
    year = dialog.fields["year"]
    year.setCurrentIndex(year.findData(TODAY.year + 1))  # the date follows the choice
    later = festival_date(Festival.MID_AUTUMN, TODAY.year + 1)
    assert day(later) in dialog.date.text() and lunar_label(later) == "八月十五"
    dialog.fields["gift"].setText("月饼一盒")
    dialog.save()
    rows = plans.list_campaigns(db, actor=admin)
    assert len(rows) == 1 and rows[0].gift == "月饼一盒" and rows[0].planned == 2
    assert tab.model.rowCount() == 1 and "八月十五" in column(tab.model, _("Festival day"))[0]
    if later <= TODAY + dt.timedelta(days=365):  # among the coming festivals: marked planned
        assert any(t.endswith("✓") for t in (label.text() for label in tab.festivals))
    again = CampaignDialog(make_ctx(admin), tab, festival=Festival.MID_AUTUMN,
                           year=TODAY.year + 1)
    qtbot.addWidget(again)
    again.save()  # planned already: said at the festival
    assert again.errors._labels["festival"].text() and again.result() == 0


def test_the_settings_dialog_saves_and_says_what_is_wrong(qtbot, make_ctx, admin, db):
    from neighborcenter.features.visits import settings as visit_settings
    from neighborcenter.features.visits.ui.settings import SettingsDialog

    dialog = SettingsDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    assert dialog.tags.count() > 5 and "living_alone" in dialog.ticked_tags()
    dialog.min_age.setText("50")
    dialog.save()
    assert dialog.errors._labels["min_age"].text() and dialog.result() == 0
    dialog.min_age.setText("75")
    dialog.grace.setText("x")
    dialog.save()
    assert dialog.errors._labels["grace_days"].text()
    dialog.grace.setText("5")
    dialog.save()
    saved = visit_settings.get_visit_settings(db, actor=admin)
    assert saved.min_age == 75 and saved.grace_days == 5


def test_the_page_reloads_on_a_change_of_the_visits(qtbot, make_ctx, admin, db, worker,
                                                    visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin), worker)
    assert VISITS in page.kinds
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    assert page.plan_tab.model.rowCount() == 0  # another window's change: not broadcast here
    page.reload()
    assert page.plan_tab.model.rowCount() > 0


@pytest.mark.parametrize("key", TAB_KEYS)
def test_every_tab_opens_from_a_view(qtbot, make_ctx, admin, visit_data, key):  # noqa: F811
    page = _page(qtbot, make_ctx(admin))
    page.show_view({"tab": key}, "")
    assert page.current_key() == key


def test_open_visit_dialog_is_the_record_modules(monkeypatch, qapp):
    seen = []

    class Fake:
        def __init__(self, ctx, **which):
            seen.append(which)

        def exec(self):
            return 0

        def deleteLater(self):  # noqa: N802
            pass

    from neighborcenter.features.visits.ui import record

    monkeypatch.setattr(record, "VisitDialog", Fake)
    page_module.open_visit_dialog(None, None, visit_id="v")
    assert seen == [{"parent": None, "visit_id": "v"}]
    assert QApplication.instance() is qapp


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The save-file dialog answers with a file in tmp_path; opening the file does nothing."""
    from pathlib import Path

    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    def answer(_parent, _title, suggested, _kinds):
        return str(tmp_path / Path(suggested).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    return tmp_path


def test_the_sheets_and_route_lists_are_printed_from_the_plan_and_a_festival(
        qtbot, make_ctx, admin, db, visit_data, save_as):  # noqa: F811
    from neighborcenter.core.audit import AuditAction, list_audit

    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    page = _page(qtbot, make_ctx(admin))
    tab = page.plan_tab
    tab.sheets_button.click()
    tab.routes_button.click()
    pdfs = sorted(save_as.glob("*.pdf"))
    assert len(pdfs) == 2 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert pdfs[0].name in tab.message.text() or pdfs[1].name in tab.message.text()
    printed = [e for e in list_audit(db, actor=admin) if e.action is AuditAction.PRINT]
    assert len(printed) == 2
    # a visitor's own route list
    tab.who.setCurrentIndex(tab.who.findData(("volunteer", visit_data["volunteers"][0])))
    for old in pdfs:
        old.unlink()
    tab.routes_button.click()
    assert len(list(save_as.glob("*.pdf"))) == 1
    # a festival's sheets, from its tab
    plans.create_campaign(db, actor=admin, festival=Festival.MID_AUTUMN, year=TODAY.year + 1)
    page.reload()
    page.show_tab("campaigns")
    page.campaigns_tab.table.selectRow(0)
    page.campaigns_tab.sheets_button.click()
    assert len(list(save_as.glob("*.pdf"))) == 2


@pytest.mark.parametrize("state", ["due", "overdue", "open", "done", "missed"])
def test_a_home_page_line_shows_the_visits_it_counts(qtbot, make_ctx, admin, db,
                                                     visit_data, state):  # noqa: F811
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    page = _page(qtbot, make_ctx(admin))
    page.plan_tab.next_button.click()  # another month: the home page's line is of today's
    page.show_view({"tab": "plan", "state": state}, "")
    tab = page.plan_tab
    assert (tab.year, tab.month) == (TODAY.year, TODAY.month)
    wanted = {VisitState.DUE, VisitState.OVERDUE} if state == "open" else {VisitState(state)}
    assert tab.state.currentData() == wanted
    assert all(r.state in wanted for r in tab.model.rows())


def test_an_elder_is_edited_by_keyboard_alone(qtbot, make_ctx, admin, db,
                                              visit_data):  # noqa: F811
    page = _page(qtbot, make_ctx(admin))
    page.show_tab("elders")
    row = next(r for r in page.elders_tab.model.rows() if r.resident.name == "钱奶奶")
    dialog = elder_dialog(make_ctx(admin), row, page.elders_tab._pairs)
    qtbot.addWidget(dialog)
    _active(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # 探访意愿(&W)
    willing = dialog.fields["willing"]
    assert QApplication.focusWidget() is willing
    for _step in range(len(Willing)):  # up the list to 愿意接受探访
        if willing.currentData() != Willing.YES:
            qtbot.keyClick(willing, Qt.Key.Key_Up)
    assert willing.currentData() == Willing.YES
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # 定级理由(&R)
    reason = dialog.fields["tier_reason"]
    assert QApplication.focusWidget() is reason
    reason.selectAll()
    qtbot.keyClicks(reason, "duju")
    qtbot.keyClick(reason, Qt.Key.Key_Return)  # Enter saves
    saved = next(r for r in elders.list_elders(db, actor=admin) if r.resident.name == "钱奶奶")
    assert saved.willing == Willing.YES and saved.tier_reason == "duju"
    assert not dialog.isVisible()
