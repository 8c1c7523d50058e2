"""Every button of the 今日 tab, clicked for real: with a child chosen on the tiles and with
none — no exception, and the dialog that the button stands for opens (the chooser when no
fitting child is chosen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from neighborcenter.features.classroom.ui import today
from neighborcenter.features.classroom.ui.today import TodayTab
from neighborcenter.i18n import set_language
from tests.features.classroom import at
from tests.features.classroom.ui import follow_changes, kiosk_day  # noqa: F401


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The class names of the dialogs shown, each cancelled at once."""
    shown: list[str] = []

    def exec_(dialog) -> int:
        shown.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", exec_)
    monkeypatch.setattr(today, "confirm", lambda *a: shown.append("confirm") or False)
    return shown


@pytest.fixture
def late_tab(qtbot, make_ctx, admin, worker, kiosk_day) -> TodayTab:  # noqa: F811
    """17:50: 李小明 is late, 王小红 still to collect, 陈小华 absent, 赵小刚 on the way,
    孙小美 gone home."""
    set_language("en")
    tab = TodayTab(make_ctx(admin), clock=lambda: at(17, 50))
    qtbot.addWidget(tab)
    follow_changes(worker, tab)
    tab.reload()
    return tab


def _choose(tab: TodayTab, name: str | None) -> None:
    tab.current_id = None if name is None else next(
        t.child.attendance_id for t in tab.grid.tiles if t.child and t.child.name == name)


@pytest.mark.parametrize(("attr", "chosen", "dialog"), [
    ("collect_button", None, "CollectDialog"),
    ("arrive_button", None, "ArriveDialog"),
    ("arrive_button", "王小红", "ArriveDialog"),
    ("sign_out_button", "李小明", "SignOutDialog"),
    ("sign_out_button", None, "ChildPicker"),
    ("homework_button", "李小明", "ClassFormDialog"),
    ("homework_button", None, "ChildPicker"),
    ("absence_button", "陈小华", "ClassFormDialog"),
    ("absence_button", None, "ClassFormDialog"),
    ("late_button", "李小明", "LateDialog"),
    ("late_button", None, "ChildPicker"),
    ("undo_button", "孙小美", "ClassFormDialog"),
    ("undo_button", None, "ChildPicker"),
    ("close_button", None, "no dialog: refused, naming who is still here"),
])
def test_every_button_of_the_tab_opens_its_dialog(qtbot, late_tab, opened, attr, chosen,
                                                  dialog):
    tab = late_tab
    _choose(tab, chosen)
    knob = getattr(tab, attr)
    assert knob.isEnabled()
    qtbot.mouseClick(knob, Qt.MouseButton.LeftButton)  # clicked(bool) must not be the child
    if attr == "close_button":
        assert opened == [] and "李小明" in tab.message.text()
    else:
        assert opened[:1] == [dialog]

