"""新接送卡编码: the child's record shows the pick-up slip's code and gives a new one after
asking (the old slip will no longer match); the service audits it."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.features.classroom import enrolment
from neighborcenter.features.classroom.ui import children
from neighborcenter.features.classroom.ui.children import ChildDialog
from neighborcenter.i18n import set_language
from tests.features.classroom import add_child
from tests.ui.mnemonics import clashes


def test_a_new_slip_code_after_asking(qtbot, make_ctx, admin, db, monkeypatch):
    set_language("en")
    cid = add_child(db, admin)
    old = enrolment.child_detail(db, actor=admin, child_id=cid).slip_code
    asked: list[str] = []
    answer = [False]

    def confirm(parent, title, text) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(children, "confirm", confirm)
    dialog = ChildDialog(make_ctx(admin), child_id=cid)
    qtbot.addWidget(dialog)
    assert f"Pick-up slip code: {old}" in dialog.note.text()
    found = [b for b in dialog.findChildren(QPushButton)
             if b.text() == "New &pick-up slip code…"]
    assert found == [dialog.slip_button] and dialog.slip_button.isEnabled()
    assert clashes(dialog) == {}

    dialog.slip_button.click()  # asked, and said no: nothing changes
    assert len(asked) == 1 and old in asked[0] and "no longer match" in asked[0]
    assert enrolment.child_detail(db, actor=admin, child_id=cid).slip_code == old

    answer[0] = True
    dialog.slip_button.click()
    new = enrolment.child_detail(db, actor=admin, child_id=cid).slip_code
    assert new != old
    assert f"Pick-up slip code: {new}" in dialog.note.text()
    assert "no longer matches" in dialog.note.text()
    said = [e.text for e in list_audit(db, actor=admin) if e.action is AuditAction.UPDATE]
    assert any("slip code" in text for text in said), said
