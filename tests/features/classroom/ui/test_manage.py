"""The staff's tabs of the after-school class, offscreen: an application refused 录取 shows
what is missing; a child put on the list from the register, given two adults and accepted,
all from the screens; a blocked adult needs the reason; a term with a bad date is refused at
its field with everything typed kept; a volunteer without a background check is refused for
duty; and every dialog and tab fits a 1366×768 screen in large print with no Alt+letter
claimed twice (nor F, V or A, the menu bar's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment
from neighborcenter.features.classroom.rules import AdultKind, EnrolmentStatus
from neighborcenter.features.classroom.ui import children as children_ui
from neighborcenter.features.classroom.ui import manage_base
from neighborcenter.features.classroom.ui.children import (
    AdultsDialog,
    ChildDialog,
    ChildrenTab,
    adult_dialog,
    apply_dialog,
    decision_dialog,
    end_adult_dialog,
    leave_dialog,
)
from neighborcenter.features.classroom.ui.duty import DutyTab, duty_dialog, reopen_dialog
from neighborcenter.features.classroom.ui.terms import (
    ClassSettingsDialog,
    TermsTab,
    term_dialog,
)
from neighborcenter.i18n import _, set_language
from tests.features.classroom import (
    TODAY,
    add_child,
    add_child_resident,
    add_term,
    enrolled_child,
)
from tests.features.volunteers import add_volunteer
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import ROOM, fits, large_print  # noqa: F401 (a fixture)

MENU_LETTERS = {"F", "V", "A"}


def follow(worker, tab) -> None:
    """As the main window does: a job that changed something reloads the tab."""
    worker.changes_did_happen.connect(lambda _changes: tab.reload())


def when_open(act: Callable[[QWidget], None]) -> None:
    """Do ``act`` to the modal dialog about to open (a button's exec())."""
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        try:
            act(dialog)
        finally:  # a failed check must not leave the test waiting on the dialog
            if dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, run)


def choose(tab, wanted: Callable) -> None:
    for position in range(tab.model.rowCount()):
        if wanted(tab.model.row_at(position)):
            tab.table.selectRow(position)
            return
    raise AssertionError("no such row")


def children_tab(qtbot, ctx, worker) -> ChildrenTab:
    tab = ChildrenTab(ctx)
    qtbot.addWidget(tab)
    follow(worker, tab)
    tab.reload()
    return tab


# ------------------------------------------------------------------------- applications


def test_accepting_without_the_consents_and_adults_is_refused_with_what_is_missing(
        qtbot, make_ctx, admin, db, worker):
    term = add_term(db, admin)
    cid = add_child(db, admin, signed=False, adults=(
        (AdultKind.GUARDIAN, "李建国", "父亲", "13812345678"),))
    enrolment.apply(db, actor=admin, child_id=cid, term_id=term, applied_by="李建国")
    tab = children_tab(qtbot, make_ctx(admin), worker)
    assert tab.list_key == "applications" and tab.model.rowCount() == 1
    missing = tab.model.data(tab.model.index(0, tab.model.columnCount() - 1))
    assert missing.startswith("⚠") and "14" in missing
    choose(tab, lambda r: r.child_id == cid)
    assert tab.accept_button.isEnabled()
    tab.accept_button.click()
    said = tab.message.text()
    assert said.startswith("⚠ ") and "李小明" in said
    for what in (_("the guardian's consent to keeping the child's data (under 14)"),
                 _("the safety agreement signed for this school year"),
                 _("at least {n} adults who may collect the child").format(n=2)):
        assert what in said
    assert enrolment.list_enrolments(db, actor=admin, term_id=term)[0].status == \
        EnrolmentStatus.APPLIED  # nothing changed
    tab.wait_button.click()  # the waiting list takes it
    assert tab.model.row_at(0).status == EnrolmentStatus.WAITING
    assert "李小明" in tab.message.text() and not tab.message.text().startswith("⚠")


def test_a_child_from_the_register_with_two_adults_is_applied_for_and_accepted(
        qtbot, make_ctx, admin, db, worker):
    term = add_term(db, admin)
    add_child_resident(db, admin, "王小红", age=9)
    tab = children_tab(qtbot, make_ctx(admin), worker)
    tab.show_list("children")
    assert tab.new_button.isVisible() or tab.new_button.isVisibleTo(tab)
    signed = (TODAY - dt.timedelta(days=3)).isoformat()

    def new_child_simple(dialog: QWidget) -> None:
        assert isinstance(dialog, ChildDialog)
        dialog.picker.find_box.setText("王小红")
        dialog.picker.look_up()
        dialog.school.setText("湖州市第一小学")
        dialog.grade.setText("四年级")
        dialog.class_name.setText("1班")
        dialog.health.setPlainText("哮喘")
        dialog.consent_on.setText(signed)
        dialog.consent_by.setText("王建华")
        dialog.agreement_on.setText(signed)

        def adults_open(adults: QWidget) -> None:
            assert isinstance(adults, AdultsDialog)
            for button, name, relation, phone in (
                    ("guardian_button", "王建华", "父亲", "13812345679"),
                    ("pickup_button", "张桂英", "外婆", "")):
                def fill(form: QWidget, name=name, relation=relation, phone=phone) -> None:
                    form.fields["name"].setText(name)
                    form.fields["relation"].setText(relation)
                    form.fields["phone"].setText(phone)
                    form.save()
                    assert form.result() == 1, form.errors.general.text()
                when_open(fill)
                getattr(adults, button).click()
            assert adults.model.rowCount() == 2
            assert adults.model.row_at(0).masked_phone != "13812345679"  # masked
            adults.reject()

        when_open(adults_open)
        dialog.save()

    when_open(new_child_simple)
    tab.new_button.click()
    rows = enrolment.list_children(db, actor=admin)
    assert [(c.name, c.collectors, c.consent_ok, c.agreement_ok, c.has_health_notes)
            for c in rows] == [("王小红", 2, True, True, True)]
    assert tab.model.rowCount() == 1 and "王小红" in tab.message.text()

    # 报名 for the chosen child, then 录取
    choose(tab, lambda r: r.name == "王小红")

    def apply(dialog: QWidget) -> None:
        assert dialog.fields["child_id"].currentData() == rows[0].child_id
        assert dialog.fields["term_id"].currentData() == term
        dialog.fields["weekdays"].setText("一三五")
        dialog.fields["applied_by"].setText("王建华")
        dialog.save()
        assert dialog.result() == 1, dialog.errors.general.text()

    when_open(apply)
    tab.apply_button.click()
    tab.show_list("applications")
    choose(tab, lambda r: r.name == "王小红")
    assert tab.model.row_at(0).problems == ()
    tab.accept_button.click()
    got = enrolment.list_enrolments(db, actor=admin, term_id=term)
    assert [(e.name, e.status, e.weekdays) for e in got] == [
        ("王小红", EnrolmentStatus.ACCEPTED, "135")]
    assert not tab.message.text().startswith("⚠")


@pytest.mark.parametrize(("age", "may"), [(6, False), (9, True)])
def test_going_home_alone_can_be_ticked_only_from_8(qtbot, make_ctx, admin, db, age, may):
    cid = add_child(db, admin, age=age)
    dialog = ChildDialog(make_ctx(admin), child_id=cid)
    qtbot.addWidget(dialog)
    assert dialog.alone.isEnabled() == may
    new = ChildDialog(make_ctx(admin))
    qtbot.addWidget(new)
    assert not new.alone.isEnabled()  # nobody chosen yet
    new.picker.find_box.setText("李小明")
    new.picker.look_up()
    assert new.alone.isEnabled() == may


def test_a_blocked_adult_needs_the_reason(qtbot, make_ctx, admin, db):
    cid = add_child(db, admin)
    ctx = make_ctx(admin)
    adults = AdultsDialog(ctx, cid, "李小明")
    qtbot.addWidget(adults)
    assert adults.model.rowCount() == 2
    dialog = adult_dialog(ctx, cid, "李小明", AdultKind.BLOCKED, adults)
    qtbot.addWidget(dialog)
    dialog.fields["name"].setText("赵大强")
    dialog.fields["relation"].setText("生父")
    dialog.save()
    assert dialog.result() == 0  # refused: the dialog stays, what was typed too
    assert dialog.fields["name"].text() == "赵大强"
    assert dialog.errors._labels["reason"].text()
    dialog.fields["reason"].setText("法院禁止令（2026）浙0502民保令1号")
    dialog.save()
    assert dialog.result() == 1
    listed = enrolment.child_adults(db, actor=admin, child_id=cid)
    blocked = [a for a in listed if a.kind == AdultKind.BLOCKED]
    order = "法院禁止令（2026）浙0502民保令1号"
    assert [(a.name, a.reason) for a in blocked] == [("赵大强", order)]
    adults.reload()
    assert adults.model.rowCount() == 3
    texts = [adults.model.data(adults.model.index(r, 0)) for r in range(3)]
    assert any(t.startswith("✖") for t in texts)
    # ended with a reason, never deleted: the row stays in the table, dated
    end = end_adult_dialog(ctx, blocked[0], adults)
    qtbot.addWidget(end)
    end.save()
    assert end.result() == 0 and end.errors._labels["reason"].text()
    end.fields["reason"].setText("禁止令期满")
    end.save()
    assert end.result() == 1
    assert [a.name for a in enrolment.child_adults(db, actor=admin, child_id=cid)
            if a.kind == AdultKind.BLOCKED] == []
    from tests.conftest import sql
    assert sql(db).execute("SELECT count(*) FROM class_adults WHERE name = '赵大强' AND "
                           "valid_to IS NOT NULL").fetchall() == [(1,)]


# ---------------------------------------------------------------------------------- terms


def test_a_term_with_a_bad_date_is_refused_and_everything_typed_stays(
        qtbot, make_ctx, admin, db, worker):
    ctx = make_ctx(admin)
    tab = TermsTab(ctx)
    qtbot.addWidget(tab)
    follow(worker, tab)
    tab.reload()
    assert tab.model.rowCount() == 0 and tab.empty.isVisibleTo(tab)
    dialog = term_dialog(ctx, None, tab)
    qtbot.addWidget(dialog)
    typed = {"name": "2026年秋季学期", "starts_on": "2026-09-31", "ends_on": "2027-01-20",
             "weekdays": "12345", "places": "25"}
    for key, value in typed.items():
        dialog.fields[key].setText(value)
    dialog.fields["closed_days"].setPlainText("2026-10-01\n2026-10-02")
    dialog.save()
    assert dialog.result() == 0
    shown = dialog.errors._labels["starts_on"]
    assert shown.text() and shown.isVisibleTo(dialog)
    assert {key: dialog.fields[key].text() for key in typed} == typed
    assert dialog.fields["closed_days"].toPlainText() == "2026-10-01\n2026-10-02"
    assert enrolment.list_terms(db, actor=admin) == []
    dialog.fields["starts_on"].setText("2026-09-01")
    dialog.save()
    assert dialog.result() == 1
    assert tab.model.rowCount() == 1
    row = tab.model.row_at(0)
    assert (row.name, row.places, row.closed_days) == (
        "2026年秋季学期", 25, (dt.date(2026, 10, 1), dt.date(2026, 10, 2)))


def test_esc_asks_before_dropping_what_was_typed(qtbot, make_ctx, admin, monkeypatch):
    asked: list[str] = []
    answer = {"leave": False}
    monkeypatch.setattr(manage_base, "confirm",
                        lambda _parent, title, _text: asked.append(title) or answer["leave"])
    dialog = term_dialog(make_ctx(admin), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # nothing typed: closes without asking
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    qtbot.keyClicks(dialog.fields["name"], "Spring")
    dialog.reject()
    assert len(asked) == 1 and dialog.isVisible()  # kept open: "no"
    answer["leave"] = True
    dialog.reject()
    assert not dialog.isVisible()


def test_the_settings_button_is_for_those_who_may_change_settings(
        qtbot, make_ctx, admin, social_worker):
    mine = TermsTab(make_ctx(admin))
    theirs = TermsTab(make_ctx(social_worker))
    for tab in (mine, theirs):
        qtbot.addWidget(tab)
    assert mine.settings_button.isVisibleTo(mine)
    assert not theirs.settings_button.isVisibleTo(theirs)


def test_the_class_settings_are_read_and_saved(qtbot, make_ctx, admin, db):
    from neighborcenter.features.classroom.settings import get_class_settings

    dialog = ClassSettingsDialog(make_ctx(admin))
    qtbot.addWidget(dialog)
    assert dialog.closes_at.text() == "17:30" and dialog.save_button.isEnabled()
    dialog.closes_at.setText("18:00")
    dialog.least.setText("两")
    dialog.save()
    assert dialog.result() == 0 and dialog.errors._labels["collectors"].text()
    dialog.least.setText("2")
    dialog.slips.setChecked(True)
    dialog.save()
    assert dialog.result() == 1
    saved = get_class_settings(db, actor=admin)
    assert (saved.closes_at, saved.pickup_slips) == ("18:00", True)


# ----------------------------------------------------------------------------------- duty


def test_a_volunteer_without_a_background_check_is_refused_for_duty(
        qtbot, make_ctx, admin, db, worker):
    set_language("en")
    enrolled_child(db, admin)
    add_volunteer(db, admin, "吴同学")
    ctx = make_ctx(admin)
    tab = DutyTab(ctx)
    qtbot.addWidget(tab)
    follow(worker, tab)
    tab.reload()
    assert tab.view is not None and tab.view.runs
    assert tab.volunteer_button.isEnabled() and tab.model.rowCount() == 0

    def refused(dialog: QWidget) -> None:
        dialog.fields["volunteer_id"].setEditText("吴")
        dialog.save()
        assert dialog.result() == 0  # stays open
        said = dialog.errors._labels["volunteer_id"].text()
        assert "吴同学" in said and "62" in said
        dialog.typed = False
        dialog.reject()

    when_open(refused)
    tab.volunteer_button.click()
    assert days.day_view(db, actor=admin, on=TODAY).duties == ()
    # a social worker is put on duty; then taken off again
    social = duty_dialog(ctx, TODAY, staff=tab._staff)
    qtbot.addWidget(social)
    social.fields["staff_username"].setEditText("李主任")
    social.save()
    assert social.result() == 1
    assert [d.name for d in tab.model.rows()] == ["李主任"]


def test_a_day_without_class_says_why(qtbot, make_ctx, admin, db, worker):
    add_term(db, admin, weekdays="1")
    tab = DutyTab(make_ctx(admin))
    qtbot.addWidget(tab)
    tab.on.setText((TODAY - dt.timedelta(days=TODAY.weekday() - 1 if TODAY.weekday() != 1
                                         else -1)).isoformat())
    tab.show_day()
    assert tab.view is not None and not tab.view.runs
    assert tab.view.why_not in tab.state.text()
    assert not tab.volunteer_button.isEnabled() and not tab.staff_button.isEnabled()
    tab.on.setText("2026-02-30")
    tab.show_day()
    assert tab.message.text().startswith("⚠")


# ------------------------------------------------------------------- fit and mnemonics


def _dialogs(ctx, db, admin) -> dict[str, QWidget]:
    cid, term = enrolled_child(db, admin, health_notes="哮喘，备有喷雾", allergies="花生")
    other = add_child(db, admin, "王小红", room="202")
    eid = enrolment.apply(db, actor=admin, child_id=other, term_id=term, applied_by="王建华")
    apps = {r.enrolment_id: r for r in enrolment.list_enrolments(db, actor=admin,
                                                                 term_id=term)}
    terms = enrolment.list_terms(db, actor=admin)
    children = enrolment.list_children(db, actor=admin)
    adult = enrolment.child_adults(db, actor=admin, child_id=cid)[0]
    staff = days.duty_staff(db, actor=admin)
    return {
        "new term": term_dialog(ctx, None),
        "edit term": term_dialog(ctx, terms[0]),
        "settings": ClassSettingsDialog(ctx),
        "new child": ChildDialog(ctx),
        "child's record": ChildDialog(ctx, child_id=cid),
        "adults": AdultsDialog(ctx, cid, "李小明"),
        "guardian": adult_dialog(ctx, cid, "李小明", AdultKind.GUARDIAN),
        "who may collect": adult_dialog(ctx, cid, "李小明", AdultKind.PICKUP),
        "blocked": adult_dialog(ctx, cid, "李小明", AdultKind.BLOCKED),
        "end adult": end_adult_dialog(ctx, adult),
        "decline": decision_dialog(ctx, apps[eid], EnrolmentStatus.DECLINED),
        "withdraw": decision_dialog(ctx, apps[eid], EnrolmentStatus.WITHDRAWN),
        "leave": leave_dialog(ctx, children[0]),
        "apply": apply_dialog(ctx, children, terms, child_id=other, term_id=term),
        "volunteer on duty": duty_dialog(ctx, TODAY, volunteers=[("周老师（V001）", "x")]),
        "staff on duty": duty_dialog(ctx, TODAY, staff=staff),
        "reopen": reopen_dialog(ctx, TODAY),
    }


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_dialog_fits_1366x768_in_large_print(qtbot, large_print, make_ctx,  # noqa: F811
                                                   admin, db, language):
    set_language(language)
    dialogs = _dialogs(make_ctx(admin), db, admin)
    for name, dialog in dialogs.items():
        show_and_assert_it_fits(qtbot, dialog, name, fits)
        assert clashes(dialog) == {}, name
        dialog.hide()
    record = dialogs["child's record"]
    assert isinstance(record, ChildDialog)
    assert record.health.toPlainText() == "哮喘，备有喷雾" and not record.typed
    assert dialogs["adults"].model.rowCount() == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_tabs_fit_and_their_keys_are_their_own(qtbot, large_print, make_ctx,  # noqa: F811
                                                   admin, db, worker, language):
    set_language(language)
    cid, term = enrolled_child(db, admin)
    add_child(db, admin, "王小红", room="202", signed=False)
    ctx = make_ctx(admin)
    window = QTabWidget()
    qtbot.addWidget(window)
    tabs = {"children": ChildrenTab(ctx), "terms": TermsTab(ctx), "duty": DutyTab(ctx)}
    for key, tab in tabs.items():
        window.addTab(tab, key)
        tab.reload()
    window.resize(ROOM.width() - 200, ROOM.height() - 160)  # the sidebar and the title
    window.show()
    qtbot.waitExposed(window)
    for key, tab in tabs.items():
        window.setCurrentWidget(tab)
        modes = ("applications", "children") if key == "children" else (None,)
        for mode in modes:
            if mode is not None:
                tab.show_list(mode)
            assert clashes(tab) == {}, (key, mode)
            assert not MENU_LETTERS & set(mnemonics(tab)), (key, mode, mnemonics(tab))
            assert fits(tab.minimumSizeHint()), (key, mode)
            table = tab.table
            shown = [c for c in range(table.model().columnCount())
                     if not table.isColumnHidden(c)]
            assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width(), \
                (key, mode)
            assert not table.isColumnHidden(0) and not table.isColumnHidden(1), (key, mode)


def test_opening_a_record_reads_it_through_child_detail(qtbot, make_ctx, admin, db,
                                                        monkeypatch):
    cid, _term = enrolled_child(db, admin, health_notes="哮喘")
    seen: list[str] = []
    real = enrolment.child_detail

    def spy(centre, **kw):
        seen.append(kw["child_id"])
        return real(centre, **kw)

    monkeypatch.setattr(children_ui.enrolment, "child_detail", spy)
    dialog = ChildDialog(make_ctx(admin), child_id=cid)
    qtbot.addWidget(dialog)
    assert seen == [cid] and dialog.health.toPlainText() == "哮喘"
    from tests.conftest import sql
    assert sql(db).execute("SELECT count(*) FROM audit_log WHERE summary LIKE "
                           "'%health notes%'").fetchall() == [(1,)]  # off duty: audited


def test_the_term_name_has_its_own_label_and_an_english_example(qtbot, make_ctx, admin):
    """Not the person's "&Name" (姓名); the example in the hint in the user's language."""
    from PySide6.QtWidgets import QLabel

    set_language("en")
    dialog = term_dialog(make_ctx(admin), None)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "Term &name" in labels and "&Name" not in labels
    assert dialog.fields["name"].placeholderText() == "e.g. Autumn term 2026"


def test_a_blocked_adult_is_marked_with_a_sign_the_cjk_font_has():
    from neighborcenter.features.classroom.rules import AdultKind
    from neighborcenter.features.classroom.ui.children import ADULT_COLUMNS

    blocked = type("Adult", (), {"kind": AdultKind.BLOCKED})()
    assert ADULT_COLUMNS[0].text(blocked).startswith("✖ ")
