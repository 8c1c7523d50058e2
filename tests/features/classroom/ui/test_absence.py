"""请假: the absence dialog lists the children on the chosen day's list (a future day's list
is made for it; a day without class says so) and starts with no child chosen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QLabel

from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.ui import roster
from neighborcenter.i18n import set_language
from tests.features.classroom import SINCE, TODAY, add_child, add_term, at, enrol, enrolled_child


def errors(dialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel)
                    if label.objectName() == "error" or "⚠" in label.text()
                    or label in (dialog.errors.general, *dialog.errors._labels.values()))


def test_the_children_of_the_chosen_day_and_none_chosen_to_begin_with(qtbot, db, admin,
                                                                      make_ctx):
    set_language("en")
    tomorrow = TODAY + dt.timedelta(days=1)
    term = add_term(db, admin, weekdays="1234567")
    every_day, _t = enrolled_child(db, admin, "李小明", term_id=term)
    tomorrow_only = add_child(db, admin, "王小红", room="202")
    enrol(db, admin, tomorrow_only, term, weekdays=str(tomorrow.isoweekday()), today=SINCE)
    view = days.day_view(db, actor=admin, on=TODAY, now=at(9))
    assert [c.name for c in view.children] == ["李小明"]
    dialog = roster.absence_dialog(make_ctx(admin), view, lambda: at(9))
    qtbot.addWidget(dialog)
    kids = dialog.fields["child"]
    assert kids.currentData() is None and kids.currentText() == "Choose a child"
    dialog.save()  # nobody chosen: said by the field, the dialog stays open
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Choose the child" in errors(dialog)

    dialog.fields["on"].setCurrentIndex(1)  # tomorrow: its own list
    names = [kids.itemText(n) for n in range(kids.count())]
    assert names[0] == "Choose a child" and kids.currentData() is None
    assert any("王小红" in n for n in names) and any("李小明" in n for n in names)
    kids.setCurrentIndex(kids.findData(tomorrow_only))
    dialog.fields["reason"].setText("看牙医")
    dialog.fields["confirmed_with"].setText("王妈妈")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted, errors(dialog)
    on_day = days.day_view(db, actor=admin, on=tomorrow, now=at(9))
    assert {c.name: c.state.value for c in on_day.children}["王小红"] == "absent"
    assert every_day


def test_a_day_without_class_says_so(qtbot, db, admin, make_ctx):
    set_language("en")
    tomorrow = TODAY + dt.timedelta(days=1)
    weekdays = "".join(d for d in "1234567" if d != str(tomorrow.isoweekday()))
    term = add_term(db, admin, weekdays=weekdays)
    enrol(db, admin, add_child(db, admin, "李小明"), term, weekdays=weekdays, today=SINCE)
    view = days.day_view(db, actor=admin, on=TODAY, now=at(9))
    dialog = roster.absence_dialog(make_ctx(admin), view, lambda: at(9),
                                   view.children[0])
    qtbot.addWidget(dialog)
    kids = dialog.fields["child"]
    assert kids.currentText().startswith("李小明")  # the tile's child
    dialog.fields["on"].setCurrentIndex(1)
    assert kids.currentData() is None and not kids.isEnabled()
    assert kids.currentText().startswith("No class on that day")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "no class" in errors(dialog).lower()
