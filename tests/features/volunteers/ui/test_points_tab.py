"""The 积分 tab: a volunteer's profile opened from it acts on that volunteer (it was opened
with the volunteer number where the id was expected, and every action said "no longer on
the list"), and the centre's own accounts look like what they are, a normal state — the
warning colour is kept for a real fault, said in words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from neighborcenter.features.volunteers import ledger, people
from neighborcenter.features.volunteers.rules import VolunteerStatus
from neighborcenter.features.volunteers.ui.page import VolunteersPage
from neighborcenter.features.volunteers.ui.volunteer import ProfileDialog, VolunteerDialog
from neighborcenter.features.volunteers.ui.widgets import WARNING
from neighborcenter.i18n import _
from neighborcenter.ui.common.dialogs import FormDialog
from tests.features.volunteers.ui.test_screens import _earned, column, crew  # noqa: F401


def _points_page(qtbot, ctx) -> VolunteersPage:
    page = VolunteersPage(ctx)  # kept by the test: qtbot holds only a weak reference
    qtbot.addWidget(page)
    page.reload()
    page.show_tab("points")
    return page


def _saved(dialog: FormDialog, **values: str) -> bool:
    for key, value in values.items():
        dialog.fields[key].setText(value)
    dialog.save()
    return dialog.result() == QDialog.DialogCode.Accepted


def test_every_action_of_a_profile_opened_from_the_points_tab_works(
        qtbot, make_ctx, admin, db, crew, monkeypatch):  # noqa: F811
    _earned(db, admin, crew, "张阿姨")  # 20 points
    page = _points_page(qtbot, make_ctx(admin))
    tab = page.points_tab
    names = column(tab.model, _("Account"))
    tab.table.selectRow(names.index("张阿姨"))
    opened: list = []
    monkeypatch.setattr(ProfileDialog, "exec", lambda self: opened.append(self))
    monkeypatch.setattr(FormDialog, "exec", lambda self: opened.append(self))
    monkeypatch.setattr(VolunteerDialog, "exec", lambda self: opened.append(self))
    tab.statement_button.click()
    profile = opened.pop()
    qtbot.addWidget(profile)
    assert profile.profile.name == "张阿姨"

    assert _saved(profile.redeem_dialog(), points="5", reason="毛巾")
    profile.adjust()
    assert _saved(opened.pop(), points="+3", reason="活动表现好")
    profile.donate()
    give = opened.pop()
    give.fields["to_volunteer"].setCurrentIndex(give.fields["to_volunteer"].findData(
        crew["李大伯"]))
    assert _saved(give, points="2", reason="转赠")
    profile.add_record()
    assert _saved(opened.pop(), title="急救培训")
    profile.add_check()
    assert _saved(opened.pop(), reference="审查-001")
    profile.edit()
    edit = opened.pop()
    edit.skills.setText("理发")
    edit.save()
    assert edit.saved_id == crew["张阿姨"]
    profile.pause()
    assert _saved(opened.pop())

    mine = ledger.volunteer_statement(db, actor=admin, volunteer=crew["张阿姨"])
    assert mine.balance == 20 - 5 + 3 - 2
    assert ledger.volunteer_statement(db, actor=admin, volunteer=crew["李大伯"]).balance == 2
    record = people.volunteer_profile(db, actor=admin, volunteer=crew["张阿姨"])
    assert record.skills == "理发" and record.status == VolunteerStatus.PAUSED
    assert [r[2] for r in record.records] == ["急救培训"] and len(record.checks) == 1
    assert profile.statement.balance == 16  # the profile follows what was done


def test_the_centre_accounts_are_a_normal_state_not_a_fault(qtbot, make_ctx, admin, db,
                                                              crew):  # noqa: F811
    _earned(db, admin, crew, "李大伯")
    page = _points_page(qtbot, make_ctx(admin))
    tab = page.points_tab
    model = tab.model
    kinds = column(model, _("Kind of account"))
    assert _("Centre account") in kinds and _("Volunteer") in kinds  # said in words
    for row in range(model.rowCount()):
        first = model.index(row, 0)
        centre = model.row_at(row).number is None
        assert model.data(first, Qt.ItemDataRole.ForegroundRole) is None  # no red
        font = model.data(first, Qt.ItemDataRole.FontRole)
        assert (font is not None and font.bold()) is centre  # the centre's rows stand out
    assert tab.fault.isHidden()  # the sum is 0
    issued = next(a for a in model.rows() if a.number is None and a.balance)
    assert issued.balance == -20  # below 0 by nature: shown as it is, without a warning
    assert "⚠" not in "".join(column(model, _("Balance")))


def test_a_real_fault_is_red_and_said_in_words(qtbot, make_ctx, admin, crew):  # noqa: F811
    page = _points_page(qtbot, make_ctx(admin))
    tab = page.points_tab
    tab._show(ledger.LedgerBalances((
        ledger.AccountBalance("a", _("Points issued for service"), None, -20),
        ledger.AccountBalance("b", "张阿姨", "10000017", 25),
        ledger.AccountBalance("c", "李大伯", "10000025", -3)), total=2, entries=3))
    assert not tab.fault.isHidden() and "⚠" in tab.fault.text()  # the sum is not 0
    balances = column(tab.model, _("Balance"))
    assert balances[2].startswith("⚠") and "-3" in balances[2]
    colour = [tab.model.data(tab.model.index(r, 3), Qt.ItemDataRole.ForegroundRole)
              for r in range(3)]
    assert colour == [None, None, WARNING]
