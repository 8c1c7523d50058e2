"""The follow-ups tab, offscreen: the open follow-ups by owner (or by due date), the overdue
ones said in words; one is closed as done with what came of it (a missing outcome is said at
its field), another is cancelled; the closed ones show when asked; a follow-up's visit opens;
and the tab fits a 1366×768 screen in large print with no Alt+letter given twice."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.features.visits import records
from neighborcenter.features.visits.rules import FollowUpStatus, Tier
from neighborcenter.features.visits.ui import record
from neighborcenter.features.visits.ui.followups import FollowUpsTab
from neighborcenter.i18n import _, set_language
from neighborcenter.ui.common import dialogs
from tests.features.visits import add_listed_elder, add_pair
from tests.features.visits.ui import column
from tests.ui.mnemonics import clashes
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

TODAY = dt.date.today()


@pytest.fixture
def follow_ups(db, admin) -> dict:
    """Two visits with three open follow-ups: one overdue (物业), two for 街道民政科."""
    pair, volunteers = add_pair(db, admin)
    elder = add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY, pair_id=pair)
    other = add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY, room="102", pair_id=pair)
    early = TODAY - dt.timedelta(days=20)
    first = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=elder, on=early.isoformat(), volunteer_ids=volunteers,
        follow_ups=[records.FollowUpForm("更换燃气软管", "物业",
                                         (early + dt.timedelta(days=5)).isoformat()),
                    records.FollowUpForm("申请适老化改造", "街道民政科",
                                         (TODAY + dt.timedelta(days=20)).isoformat())]))
    second = records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=other, on=TODAY.isoformat(), volunteer_ids=volunteers,
        follow_ups=[records.FollowUpForm("申请助餐", "街道民政科",
                                         (TODAY + dt.timedelta(days=3)).isoformat())]))
    return {"first": first, "second": second}


def _tab(qtbot, ctx, worker=None) -> FollowUpsTab:
    tab = FollowUpsTab(ctx)
    qtbot.addWidget(tab)
    if worker is not None:
        worker.changes_did_happen.connect(
            lambda changes: tab.reload() if changes.touches("visits") else None)
    tab.reload()
    return tab


def _choose(tab: FollowUpsTab, description: str) -> None:
    tab.table.selectRow(column(tab.model, _("What is to be done")).index(description))


def test_the_open_follow_ups_by_owner_and_by_due_date(qtbot, make_ctx, admin, follow_ups):
    tab = _tab(qtbot, make_ctx(admin))
    assert column(tab.model, _("Owner")) == ["物业", "街道民政科", "街道民政科"]
    assert column(tab.model, _("What is to be done")) == ["更换燃气软管", "申请助餐",
                                                          "申请适老化改造"]
    states = column(tab.model, _("State"))
    assert states[0].startswith("⚠") and "15" in states[0]  # overdue, said in words
    assert states[1] == FollowUpStatus.OPEN.label
    assert "⚠" in tab.count.text() and "3" in tab.count.text()
    assert "街道民政科" in tab.summary.text() and "物业" in tab.summary.text()
    tab.order.setCurrentIndex(tab.order.findData("due"))
    assert column(tab.model, _("What is to be done")) == ["更换燃气软管", "申请助餐",
                                                          "申请适老化改造"]
    tab.owner.setCurrentIndex(tab.owner.findData("街道民政科"))
    assert column(tab.model, _("What is to be done")) == ["申请助餐", "申请适老化改造"]


def test_a_follow_up_is_done_and_another_cancelled(qtbot, make_ctx, admin, db, worker,
                                                    follow_ups):
    tab = _tab(qtbot, make_ctx(admin), worker)
    assert not tab.done_button.isEnabled()  # nothing chosen
    _choose(tab, "更换燃气软管")
    assert tab.done_button.isEnabled() and tab.cancel_button.isEnabled()
    dialog = tab.close_dialog(FollowUpStatus.DONE)
    qtbot.addWidget(dialog)
    dialog.save()  # no outcome: said at its field, nothing closed
    assert dialog.errors._labels["outcome"].text()
    assert len(records.list_follow_ups(db, actor=admin)) == 3
    dialog.fields["outcome"].setText("已更换")
    dialog.save()
    assert column(tab.model, _("What is to be done")) == ["申请助餐", "申请适老化改造"]
    _choose(tab, "申请助餐")
    dialog = tab.close_dialog(FollowUpStatus.CANCELLED)
    qtbot.addWidget(dialog)
    assert "on" not in dialog.fields  # a cancellation says why, not when
    dialog.fields["outcome"].setText("老人已有子女送餐")
    dialog.save()
    assert column(tab.model, _("What is to be done")) == ["申请适老化改造"]
    closed = {f.description: f for f in records.list_follow_ups(db, actor=admin,
                                                                open_only=False)}
    assert closed["更换燃气软管"].status == FollowUpStatus.DONE
    assert closed["更换燃气软管"].outcome == "已更换"
    assert closed["更换燃气软管"].closed_on == TODAY
    assert closed["申请助餐"].status == FollowUpStatus.CANCELLED
    # the closed ones, when asked, with their state and outcome
    tab.closed.setChecked(True)
    assert tab.model.rowCount() == 3
    outcomes = dict(zip(column(tab.model, _("What is to be done")),
                        column(tab.model, _("Outcome")), strict=True))
    assert outcomes["更换燃气软管"] == "已更换"
    _choose(tab, "更换燃气软管")
    assert not tab.done_button.isEnabled()  # closed already
    assert tab.visit_button.isEnabled()


def test_a_follow_ups_visit_opens(qtbot, make_ctx, admin, follow_ups, monkeypatch):
    opened = []
    monkeypatch.setattr(record.VisitDialog, "exec", lambda self: opened.append(self))
    tab = _tab(qtbot, make_ctx(admin))
    _choose(tab, "更换燃气软管")
    tab.visit_button.click()
    assert [d._visit_id for d in opened] == [follow_ups["first"]]
    assert opened[0].heading.text().startswith("王秀英")


def test_a_social_worker_closes_them_too(qtbot, make_ctx, social_worker, follow_ups,
                                        monkeypatch):
    tab = _tab(qtbot, make_ctx(social_worker))
    assert tab.done_button.isVisibleTo(tab) and tab.cancel_button.isVisibleTo(tab)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_tab_fits_1366x768_in_large_print(qtbot, large_print, make_ctx, admin, db,  # noqa: F811
                                              follow_ups, monkeypatch, language):
    set_language(language)
    tab = _tab(qtbot, make_ctx(admin))
    tab.resize(ROOM)
    tab.show()
    assert fits(tab.minimumSizeHint()), tab.minimumSizeHint()
    assert clashes(tab) == {}
    shown = [c for c in range(tab.model.columnCount()) if not tab.table.isColumnHidden(c)]
    assert sum(tab.table.columnWidth(c) for c in shown) <= tab.table.viewport().width()
    assert not tab.table.isColumnHidden(0) and not tab.table.isColumnHidden(2)  # owner, state
    _choose(tab, "更换燃气软管")
    opened = []
    monkeypatch.setattr(dialogs.FormDialog, "exec", lambda self: opened.append(self))
    tab.close_done()
    tab.close_cancelled()
    from tests.ui.fitting import show_and_assert_it_fits

    for dialog in opened:
        show_and_assert_it_fits(qtbot, dialog, dialog.windowTitle(), fits)
        assert clashes(dialog) == {}
        dialog.hide()
