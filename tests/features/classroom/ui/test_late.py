"""The late pick-up dialog: what the volunteer must see first (an adult who must not collect
the child, allergies and health notes), a key for every action, and Esc asking before notes
typed and not logged are dropped."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from neighborcenter.features.classroom.rules import LADDER
from neighborcenter.features.classroom.ui import late
from neighborcenter.features.classroom.ui.late import LateDialog
from neighborcenter.i18n import set_language
from tests.features.classroom import at
from tests.features.classroom.ui import card_of, kiosk_day  # noqa: F401 (a fixture)
from tests.ui.mnemonics import clashes, mnemonic, mnemonics

MENU_BAR = {"F", "V", "A"}  # 文件, 视图, 账号


@pytest.fixture
def late_dialog(qtbot, make_ctx, admin, db):
    def _make(child_id: str) -> LateDialog:
        dialog = LateDialog(make_ctx(admin), card_of(db, admin, child_id, at(18, 5)),
                            lambda: at(18, 5))
        qtbot.addWidget(dialog)
        return dialog
    return _make


def test_the_blocked_adult_and_the_health_notes_are_at_the_top(kiosk_day,  # noqa: F811
                                                               late_dialog):
    set_language("en")
    dialog = late_dialog(kiosk_day["李小明"])
    assert dialog.blocked_box.isVisibleTo(dialog) and dialog.blocked_box.kind == "alert"
    assert "✖" in dialog.blocked_box.text() and "赵大强" in dialog.blocked_box.text()
    assert "法院禁止令" in dialog.blocked_box.text()
    assert dialog.health_box.isVisibleTo(dialog) and dialog.health_box.kind == "warning"
    assert "花生" in dialog.health_box.text() and "哮喘" in dialog.health_box.text()
    column = dialog.heading.parentWidget().layout()
    order = [column.indexOf(w) for w in (dialog.heading, dialog.blocked_box,
                                         dialog.health_box, dialog.now_box)]
    assert order == sorted(order) and order[1] == order[0] + 1  # right under the name


def test_a_child_without_them_shows_no_empty_boxes(kiosk_day, late_dialog):  # noqa: F811
    dialog = late_dialog(kiosk_day["王小红"])
    assert not dialog.blocked_box.isVisibleTo(dialog)
    assert not dialog.health_box.isVisibleTo(dialog)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_action_has_its_own_key(qtbot, kiosk_day, late_dialog,  # noqa: F811
                                      language):
    set_language(language)
    dialog = late_dialog(kiosk_day["李小明"])
    dialog.show()
    assert mnemonic(dialog.note_button.text()) not in (None, *MENU_BAR), \
        dialog.note_button.text()
    assert clashes(dialog) == {}
    assert not MENU_BAR & set(mnemonics(dialog)), mnemonics(dialog)
    dialog.hide()


def test_esc_asks_before_dropping_notes_not_logged(qtbot, kiosk_day, late_dialog,  # noqa: F811
                                                   monkeypatch):
    asked = []
    monkeypatch.setattr(late, "confirm", lambda *a: asked.append(a) or False)
    dialog = late_dialog(kiosk_day["李小明"])
    dialog.show()
    dialog.reject()  # nothing typed: no question
    assert asked == [] and dialog.result() == QDialog.DialogCode.Rejected

    for edit in ("note", LADDER[0]):
        asked.clear()
        dialog = late_dialog(kiosk_day["李小明"])
        dialog.show()
        box = dialog.note if edit == "note" else dialog.notes[edit]
        qtbot.keyClicks(box, "no answer")
        dialog.reject()
        assert len(asked) == 1 and dialog.isVisible(), edit  # kept open: the answer was no
        assert box.text() == "no answer"
        monkeypatch.setattr(late, "confirm", lambda *a: True)
        dialog.reject()  # yes: it closes
        assert not dialog.isVisible()
        monkeypatch.setattr(late, "confirm", lambda *a: asked.append(a) or False)
