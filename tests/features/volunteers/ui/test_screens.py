"""The volunteers' screens, offscreen: the page lists the volunteers, a volunteer is added by
typing (also by keyboard alone), one time is recorded for several volunteers at once,
approving on the approval tab earns the points the list shows, a redemption beyond the
balance is refused with the ledger's message and changes nothing, a double Save of a points
action applies once, and the shop volunteer does not get the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from neighborcenter.core import features
from neighborcenter.core.features import PageSpec
from neighborcenter.core.roles import Permission
from neighborcenter.features.volunteers import POINTS, VOLUNTEERS, hours, ledger, people
from neighborcenter.features.volunteers.rules import ServiceCategory, TeamRole
from neighborcenter.features.volunteers.ui.activity import ActivityDialog
from neighborcenter.features.volunteers.ui.page import VolunteersPage
from neighborcenter.features.volunteers.ui.volunteer import ProfileDialog, VolunteerDialog
from neighborcenter.i18n import N_, _
from neighborcenter.ui.main_window import MainWindow

TODAY = dt.date.today()
SPEC = PageSpec("volunteers", "volunteers", N_("Volunteers"),
                "neighborcenter.features.volunteers.ui.page:VolunteersPage",
                Permission.VIEW_VOLUNTEERS, order=20)


@pytest.fixture
def crew(db, admin) -> dict[str, str]:
    """Three volunteers in 银龄互助团, one outsider, and an activity of the team."""
    consent = (TODAY - dt.timedelta(days=30)).isoformat()
    ids = {name: people.save_volunteer(db, actor=admin, form=people.VolunteerForm(
        name=name, consent_on=consent, phone=phone))
        for name, phone in (("张阿姨", "13812345678"), ("李大伯", "13900001111"),
                            ("王奶奶", ""), ("陈同学", ""))}
    team = people.save_team(db, actor=admin, name="银龄互助团",
                            category=ServiceCategory.ELDER_CARE)
    for name in ("张阿姨", "李大伯", "王奶奶"):
        people.join_team(db, actor=admin, team_id=team, volunteer_id=ids[name],
                         role=TeamRole.LEADER if name == "张阿姨" else TeamRole.MEMBER)
    ids["team"] = team
    ids["activity"] = hours.save_activity(db, actor=admin, form=hours.ActivityForm(
        name="重阳节探访", category=ServiceCategory.ELDER_CARE,
        on=(TODAY - dt.timedelta(days=2)).isoformat(), organiser="幸福邻里中心",
        person_in_charge="王丽", team_id=team, cap="3"))
    return ids


def type_text(widget, text: str) -> None:
    """Type ``text`` key by key, Chinese too (QTest.keyClicks knows only ASCII: an input
    method hands a line edit its characters as key events with text, as here)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def column(model, title: str) -> list[str]:
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    c = titles.index(title)
    return [model.data(model.index(r, c)) for r in range(model.rowCount())]


def follow_changes(worker, page) -> None:
    """As the main window does: a job that changed the page's kinds reloads it."""
    worker.changes_did_happen.connect(
        lambda changes: page.reload() if changes.touches(*page.kinds) else None)


def test_the_page_lists_the_volunteers_and_searches(qtbot, make_ctx, admin, crew):
    page = VolunteersPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    model = page.volunteers_tab.model
    assert column(model, _("Name")) == ["张阿姨", "李大伯", "王奶奶", "陈同学"]
    assert column(model, _("Phone"))[0] != "13812345678"  # masked
    assert column(model, _("Phone"))[0].endswith("5678")
    assert column(model, _("Teams"))[:3] == ["银龄互助团"] * 3
    qtbot.keyClicks(page.volunteers_tab.search, "1111")  # the phone's tail
    assert column(model, _("Name")) == ["李大伯"]
    page.volunteers_tab.search.clear()
    tab = page.volunteers_tab
    tab.team.setCurrentIndex(tab.team.findData(crew["team"]))
    assert column(model, _("Name")) == ["张阿姨", "李大伯", "王奶奶"]
    assert page.title.text() == _("Volunteers")


def test_a_volunteer_is_added_by_typing_and_needs_the_date_of_consent(qtbot, make_ctx, admin,
                                                                       db):
    dialog = VolunteerDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    type_text(dialog.name, "赵志愿")
    qtbot.keyClicks(dialog.phone, "13805721234")
    dialog.category_boxes[ServiceCategory.CHILDREN].setChecked(True)
    dialog.save()
    assert dialog.saved_id is None  # no consent: not saved, the message by the field
    label = dialog.errors._labels["consent_on"]
    assert label.isVisibleTo(dialog) and label.text()
    qtbot.keyClicks(dialog.consent_on, TODAY.isoformat())
    dialog.save()
    assert dialog.saved_id is not None
    profile = people.volunteer_profile(db, actor=admin, volunteer=dialog.saved_id)
    assert profile.name == "赵志愿" and profile.categories == (ServiceCategory.CHILDREN,)
    assert profile.consent_on == TODAY and profile.phone.endswith("1234")


def test_editing_keeps_the_masked_phone_unless_retyped(qtbot, make_ctx, admin, db, crew):
    dialog = VolunteerDialog(make_ctx(admin), crew["张阿姨"])
    qtbot.addWidget(dialog)
    assert dialog.phone.text() == "" and "5678" in dialog.phone.placeholderText()
    assert "13812345678" not in dialog.phone.placeholderText()
    dialog.skills.setText("理发")
    dialog.save()
    profile = people.volunteer_profile(db, actor=admin, volunteer=crew["张阿姨"])
    assert profile.skills == "理发" and profile.phone.endswith("5678")


def test_one_time_is_recorded_for_several_volunteers_at_once(qtbot, make_ctx, admin, db,
                                                             crew):
    dialog = ActivityDialog(make_ctx(admin), crew["activity"])
    qtbot.addWidget(dialog)
    # the team's three are offered; the outsider only when the filter is off
    texts = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
    assert len(texts) == 3 and not any("陈同学" in t for t in texts)
    dialog.tick_all()
    qtbot.keyClicks(dialog.hours, "1:50")
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Return)
    queue = hours.approval_queue(db, actor=admin)
    assert sorted(p.name for p in queue) == ["张阿姨", "李大伯", "王奶奶"]
    assert {p.minutes for p in queue} == {120}  # 1 h 50 min rounds to 2 h
    assert dialog.model.rowCount() == 3  # the participants' table follows
    assert "3" in dialog.message.text()
    assert dialog.ticked() == []


def test_recording_without_anyone_ticked_says_so(qtbot, make_ctx, admin, db, crew):
    dialog = ActivityDialog(make_ctx(admin), crew["activity"])
    qtbot.addWidget(dialog)
    dialog.hours.setText("2")
    dialog.record()
    assert dialog.error.isVisibleTo(dialog)
    assert hours.approval_queue(db, actor=admin) == []


def test_check_in_and_out_from_the_activity(qtbot, make_ctx, admin, db, crew):
    dialog = ActivityDialog(make_ctx(admin), crew["activity"])
    qtbot.addWidget(dialog)
    dialog.choices.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.check_in()
    assert dialog.model.rowCount() == 1 and dialog.model.row_at(0).checked_in_at
    dialog.table.selectRow(0)
    assert dialog.check_out_button.isEnabled()
    dialog.check_out()
    assert dialog.model.row_at(0).checked_out_at is not None


def test_approving_on_the_approval_tab_earns_the_points_the_list_shows(
        qtbot, make_ctx, admin, db, worker, crew):
    hours.record_hours(db, actor=admin, activity_id=crew["activity"],
                       volunteer_ids=[crew["张阿姨"], crew["李大伯"]], hours="2")
    page = VolunteersPage(make_ctx(admin))
    qtbot.addWidget(page)
    follow_changes(worker, page)
    page.reload()
    assert column(page.volunteers_tab.model, _("Points"))[:2] == ["0", "0"]
    page.show_view({"tab": "approval"}, "")
    tab = page.approval_tab
    assert page.current_key() == "approval" and tab.model.rowCount() == 2
    assert page.tabs.tabText(2).endswith(("(2)", "（2）"))  # the count waiting
    tab.all_button.click()
    tab.approve_button.click()
    assert "40" in tab.message.text()  # 2 × 2 h × 10 points
    assert tab.model.rowCount() == 0 and not tab.empty.isHidden()
    page.show_tab("volunteers")
    assert column(page.volunteers_tab.model, _("Points"))[:2] == ["20", "20"]
    page.show_tab("points")
    assert page.points_tab.total.text().startswith(_("Sum of all balances: {total} · "
                                                     "{entries} entries").split("{")[0])
    assert "⚠" not in page.points_tab.total.text()


def test_declining_needs_a_reason(qtbot, make_ctx, admin, db, crew):
    hours.record_hours(db, actor=admin, activity_id=crew["activity"],
                       volunteer_ids=[crew["王奶奶"]], hours="2")
    page = VolunteersPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    page.show_tab("approval")
    page.approval_tab.table.selectAll()
    dialog = page.approval_tab.decline_dialog()
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.errors._labels["reason"].text()
    dialog.fields["reason"].setText("未到岗")
    dialog.save()
    assert hours.approval_queue(db, actor=admin) == []


def _earned(db, admin, crew, name: str, hours_text: str = "2") -> None:
    hours.record_hours(db, actor=admin, activity_id=crew["activity"],
                       volunteer_ids=[crew[name]], hours=hours_text)
    hours.approve_hours(db, actor=admin,
                        record_ids=[p.record_id for p in hours.approval_queue(db, actor=admin)])


def test_a_redemption_beyond_the_balance_shows_the_message_and_changes_nothing(
        qtbot, make_ctx, admin, db, crew):
    _earned(db, admin, crew, "张阿姨")  # 20 points
    profile = ProfileDialog(make_ctx(admin), crew["张阿姨"])
    qtbot.addWidget(profile)
    assert "20" in profile.balance.text()
    before = ledger.volunteer_statement(db, actor=admin, volunteer=crew["张阿姨"])
    dialog = profile.redeem_dialog()
    qtbot.addWidget(dialog)
    dialog.fields["points"].setText("50")
    dialog.fields["reason"].setText("毛巾")
    dialog.save()
    message = dialog.errors._labels["points"].text()
    assert message == _("Not enough points: the balance is {balance}, and this needs "
                        "{points}. Nothing was changed.").format(balance=20, points=50)
    assert dialog.result() == 0 and dialog.save_button.isEnabled()  # one may correct it
    assert ledger.volunteer_statement(db, actor=admin, volunteer=crew["张阿姨"]) == before


def test_a_points_action_saved_twice_applies_once(qtbot, make_ctx, admin, db, crew):
    _earned(db, admin, crew, "张阿姨")
    profile = ProfileDialog(make_ctx(admin), crew["张阿姨"])
    qtbot.addWidget(profile)
    dialog = profile.redeem_dialog()
    qtbot.addWidget(dialog)
    other = profile.redeem_dialog()
    qtbot.addWidget(other)
    assert dialog.request_key != other.request_key  # a new opening, a new request
    dialog.fields["points"].setText("5")
    dialog.fields["reason"].setText("肥皂")
    dialog.save()
    dialog.save()  # a double click (or a retry after a lost answer): the same request key
    statement = ledger.volunteer_statement(db, actor=admin, volunteer=crew["张阿姨"])
    assert statement.balance == 15 and len(statement.lines) == 2
    assert profile.statement.balance == 15  # the profile follows the change


def test_reversing_a_line_of_the_statement(qtbot, make_ctx, admin, db, crew, monkeypatch):
    from neighborcenter.ui.common import dialogs as widgets

    _earned(db, admin, crew, "李大伯")
    profile = ProfileDialog(make_ctx(admin), crew["李大伯"])
    qtbot.addWidget(profile)
    assert not profile.reverse_button.isEnabled()  # no line chosen
    profile.statement_table.selectRow(0)
    assert profile.reverse_button.isEnabled()
    opened = []
    monkeypatch.setattr(widgets.FormDialog, "exec", lambda self: opened.append(self))
    profile.reverse()
    opened[0].fields["reason"].setText("记错了")
    opened[0].save()
    statement = ledger.volunteer_statement(db, actor=admin, volunteer=crew["李大伯"])
    assert statement.balance == 0 and statement.lines[0].reversed


def test_the_shop_volunteer_does_not_get_the_page(qtbot, make_ctx, admin, shop_volunteer,
                                                   social_worker, monkeypatch):
    monkeypatch.setattr(features, "pages", lambda: [SPEC])
    for actor, sees in ((admin, True), (social_worker, True), (shop_volunteer, False)):
        window = MainWindow(make_ctx(actor))
        qtbot.addWidget(window)
        assert ("volunteers" in [s.key for s in window.specs]) is sees, actor.role
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    window.show_page("volunteers")
    assert isinstance(window.pages["volunteers"], VolunteersPage)
    assert window.pages["volunteers"].kinds == {VOLUNTEERS, POINTS}


def test_the_volunteer_form_by_keyboard_alone(qtbot, make_ctx, admin, db):
    dialog = VolunteerDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    assert QApplication.focusWidget() is dialog.find_box  # from the register, first
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 姓名(&N)
    assert QApplication.focusWidget() is dialog.name
    type_text(dialog.name, "钱志愿")
    order = [dialog.sex, dialog.birth_date, dialog.id_number, dialog.phone, dialog.area,
             dialog.organisation, dialog.skills,
             dialog.category_boxes[ServiceCategory.ELDER_CARE]]
    for expected in order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # ticks 助老探访
    assert dialog.category_boxes[ServiceCategory.ELDER_CARE].isChecked()
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # 同意日期(&C)
    assert QApplication.focusWidget() is dialog.consent_on
    qtbot.keyClicks(dialog.consent_on, TODAY.isoformat())
    qtbot.keyClick(dialog.consent_on, Qt.Key.Key_Return)  # Enter saves
    assert dialog.saved_id is not None and not dialog.isVisible()
    profile = people.volunteer_profile(db, actor=admin, volunteer=dialog.saved_id)
    assert profile.name == "钱志愿" and profile.categories == (ServiceCategory.ELDER_CARE,)


def test_escape_closes_the_form_without_saving(qtbot, make_ctx, admin, db):
    dialog = VolunteerDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    type_text(dialog.name, "孙")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert people.list_volunteers(db, actor=admin) == []


def test_a_resident_of_the_register_is_found_by_name(qtbot, make_ctx, admin, db):
    from neighborcenter.features.register import resident_records as rec

    rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="周", given_name="大妈", estate="幸福里小区", building="3", unit="2",
        room="501", phone="13805729999"))
    dialog = VolunteerDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    type_text(dialog.find_box, "周大妈")
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Return)
    assert dialog.resident_id is not None and dialog.name.text() == "周大妈"
    dialog.consent_on.setText(TODAY.isoformat())
    dialog.save()
    profile = people.volunteer_profile(db, actor=admin, volunteer=dialog.saved_id)
    assert profile.resident_id == dialog.resident_id
    assert profile.phone.endswith("9999")  # taken from the register


def test_the_home_page_can_open_any_tab(qtbot, make_ctx, admin, crew):
    page = VolunteersPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    for key in ("activities", "leaderboard", "points", "volunteers", "approval"):
        page.show_view({"tab": key}, "")
        assert page.current_key() == key
    page.show_view({"tab": "activities"}, "")
    names = column(page.activities_tab.model, _("Activity"))
    assert names == ["重阳节探访"]
    # past, nobody recorded: the warning says so in words
    assert column(page.activities_tab.model, _("Recording"))[0].startswith("⚠")


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The save-file dialog answers with a file in tmp_path; opening the file does nothing."""
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    def answer(_parent, _title, suggested, _kinds):
        return str(tmp_path / Path(suggested).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    return tmp_path


def test_the_card_certificate_and_passbook_are_printed_from_the_profile(
        qtbot, make_ctx, admin, db, crew, save_as):
    from neighborcenter.core.audit import AuditAction, list_audit

    _earned(db, admin, crew, "张阿姨")
    profile = ProfileDialog(make_ctx(admin), crew["张阿姨"])
    qtbot.addWidget(profile)
    for button in (profile.card_button, profile.certificate_button, profile.passbook_button):
        button.click()
    pdfs = sorted(save_as.glob("*.pdf"))
    assert len(pdfs) == 3 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert sum(e.action is AuditAction.PRINT for e in list_audit(db, actor=admin)) >= 3
    assert len(profile.certificate_model.rows()) == 1  # the certificate issued is listed


def test_the_hours_are_exported_from_the_activities_tab(qtbot, make_ctx, admin, db, crew,
                                                         save_as):
    _earned(db, admin, crew, "李大伯")
    page = VolunteersPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    page.show_tab("activities")
    page.activities_tab.export_button.click()
    files = list(save_as.glob("*.xlsx"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    assert "1" in page.activities_tab.count.text()
