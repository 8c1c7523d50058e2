"""The meetings page by keyboard alone (pytest-qt, offscreen, in Chinese): a topic taken in
and accepted, a meeting planned (a missing title said under its field first, what was typed
kept), the topic put on its agenda, two voting members and one 列席 added, attendance ticked
and the quorum sentence shown, a vote recorded and its outcome sentence shown, the decision
kept, the minutes approved and locked (the controls off, an edit refused, 更正 offered); the
follow-up's tasks; the page and the minutes editor fit 1366×768 in large print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QPlainTextEdit

from neighborcenter.errors import NCError
from neighborcenter.features.meetings import minutes
from neighborcenter.features.meetings.rules.minutes import MinutesState
from neighborcenter.features.meetings.rules.topics import TopicStage
from neighborcenter.features.meetings.ui.minutes import MinutesEditor
from neighborcenter.features.meetings.ui.page import MeetingsPage
from tests.features.meetings.held import hold_meeting
from tests.features.volunteers.ui.test_screens import type_text
from tests.ui.fitting import show_and_assert_it_fits
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.test_large_print import fits, large_print  # noqa: F401 (a fixture)

TODAY = dt.date(2026, 3, 2)
ALT = Qt.KeyboardModifier.AltModifier
MENU_BAR = {"F", "V", "A"}


def focused():
    return QApplication.focusWidget()


def activate(qtbot, window) -> None:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def alt(qtbot, window, key) -> None:
    """Alt+letter, and wait for the click (a mnemonic clicks as the eye can see)."""
    qtbot.keyClick(window, key, ALT)
    QTest.qWait(250)


def fill(qtbot, dialog, values: dict) -> None:
    """Each field by keyboard: a box typed (what was there replaced), a choice moved down
    ``n`` places, a tick box ticked with Space."""
    for key, value in values.items():
        widget = dialog.fields[key]
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()
            qtbot.keyClick(widget, Qt.Key.Key_Delete)
            type_text(widget, value)
        elif isinstance(widget, QPlainTextEdit):
            type_text(widget, value)
        elif isinstance(widget, QComboBox):
            for _n in range(value):
                qtbot.keyClick(widget, Qt.Key.Key_Down)
        else:
            qtbot.keyClick(widget, Qt.Key.Key_Space)


def enter(qtbot, dialog) -> None:
    """Enter in a one-line field: the dialog's Save."""
    box = next(w for w in dialog.fields.values() if isinstance(w, QLineEdit)) \
        if not isinstance(focused(), QLineEdit) else focused()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)


class Dialogs:
    """The page's run_dialog: each dialog handled by the next step given, by keyboard."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.steps: list[Callable[[QDialog], None]] = []
        self.seen: list[QDialog] = []

    def form(self, values: dict, *, check: Callable[[QDialog], None] | None = None) -> None:
        def step(dialog) -> None:
            fill(self.qtbot, dialog, values)
            enter(self.qtbot, dialog)
            if check is not None:
                check(dialog)
        self.steps.append(step)

    def __call__(self, dialog: QDialog) -> int:
        self.seen.append(dialog)
        if hasattr(dialog, "ask"):  # Esc on typed text asks (tested on its own)
            dialog.ask = lambda *_args: True
        activate(self.qtbot, dialog)
        if isinstance(dialog, MinutesEditor):
            return 0  # stays open: the test works in it
        self.steps.pop(0)(dialog)
        owner = dialog.parentWidget()
        if owner is not None:  # back to the window the dialog came from
            owner.window().activateWindow()
            QTest.qWaitForWindowActive(owner.window())
        return dialog.result()


@pytest.fixture
def page(qtbot, make_ctx, admin):
    page = MeetingsPage(make_ctx(admin))
    page.set_today(TODAY)
    activate(qtbot, page)
    page.reload()
    return page


def test_a_meeting_from_topic_to_locked_minutes_by_keyboard(qtbot, page, db, admin):
    dialogs = Dialogs(qtbot)
    for key in page.keys():
        page.tab(key).run_dialog = dialogs
        page.tab(key).ask = lambda title, text: True
    topics_tab = page.topics_tab

    # 议题: taken in (a residents' proposal, signed), then accepted
    dialogs.form({"title": "垃圾投放点迁移", "proposer": "张阿姨", "signed": True})
    alt(qtbot, page, Qt.Key.Key_N)
    assert [t.number for t in topics_tab.model.rows()] == ["YT2026-001"]
    assert "YT2026-001" in topics_tab.message.text()
    topics_tab.table.setFocus()
    alt(qtbot, page, Qt.Key.Key_P)  # 立项
    assert topics_tab.model.rows()[0].stage == TopicStage.ACCEPTED

    # 会议: planned; the title left out first — said under its field, the rest kept
    alt(qtbot, page, Qt.Key.Key_M)
    assert page.current_key() == "meetings"

    def no_title_then_title(dialog) -> None:
        assert dialog.result() == 0 and dialog.isVisible()
        shown = [label.text() for label in dialog.errors._labels.values() if label.text()]
        assert shown and "会议名称" in shown[0]
        assert dialog.fields["place"].text() == "社区议事厅"  # kept
        assert dialog.focusWidget() is dialog.fields["title"]
        type_text(dialog.fields["title"], "垃圾投放点议事会")
        qtbot.keyClick(dialog.fields["title"], Qt.Key.Key_Return)

    dialogs.form({"kind": 2, "on": "2026-03-10", "at": "14:30", "place": "社区议事厅",
                  "convenor": "李书记"}, check=no_title_then_title)
    alt(qtbot, page, Qt.Key.Key_N)
    meetings_tab = page.meetings_tab
    assert [d.meeting.title for d in meetings_tab.model.rows()] == ["垃圾投放点议事会"]

    # the meeting opened: its detail and minutes editor
    meetings_tab.table.setFocus()
    alt(qtbot, page, Qt.Key.Key_O)
    editor = meetings_tab.editor
    assert isinstance(editor, MinutesEditor) and editor.isVisible()

    # the accepted topic on the agenda
    dialogs.form({"minutes": "30"})
    alt(qtbot, editor, Qt.Key.Key_T)
    assert [(i.title, i.topic_number) for i in editor.items.rows()] == [
        ("垃圾投放点迁移", "YT2026-001")]

    # two voting members and one 列席 (非表决), by name
    alt(qtbot, editor, Qt.Key.Key_P)
    assert editor.tabs.currentIndex() == 1
    dialogs.form({"name": "王伟"})
    alt(qtbot, editor, Qt.Key.Key_B)
    dialogs.form({"name": "刘芳"})
    alt(qtbot, editor, Qt.Key.Key_B)
    dialogs.form({"name": "赵律师", "side": 4, "role": 1, "organisation": "某律师事务所"})
    alt(qtbot, editor, Qt.Key.Key_B)
    people = {p.name: p.role.value for p in editor.people.rows()}
    assert people == {"王伟": "voting", "刘芳": "voting", "赵律师": "observer"}
    assert "应到 2 人，实到 0 人" in editor.quorum.text()  # shown before any vote

    # 签到: all three ticked (Ctrl+A in the list, then Alt+H)
    editor.people_table.setFocus()
    qtbot.keyClick(editor.people_table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    alt(qtbot, editor, Qt.Key.Key_H)
    assert all(p.attended for p in editor.people.rows())
    assert "应到 2 人，实到 2 人" in editor.quorum.text()
    assert "符合法定人数" in editor.quorum.text() and editor.quorum.isVisible()

    # 纪要: the discussion and motion kept, then the vote (the quorum above its fields)
    alt(qtbot, editor, Qt.Key.Key_M)
    assert editor.tabs.currentIndex() == 2
    alt(qtbot, editor, Qt.Key.Key_S)
    type_text(focused(), "居民讨论了新投放点的位置。")
    alt(qtbot, editor, Qt.Key.Key_O)
    type_text(focused(), "垃圾投放点迁至 3 号楼北侧")
    alt(qtbot, editor, Qt.Key.Key_K)
    assert editor.current_item().motion == "垃圾投放点迁至 3 号楼北侧"

    def quorum_above(dialog) -> None:
        assert "符合法定人数" in dialog.note.text()

    dialogs.form({"for_": "2", "against": "0"}, check=quorum_above)
    alt(qtbot, editor, Qt.Key.Key_T)
    assert "通过" in editor.outcome.text() and "出席 2 人" in editor.outcome.text()
    assert "未通过" not in editor.outcome.text()
    alt(qtbot, editor, Qt.Key.Key_N)
    type_text(focused(), "同意迁移，由物业在一个月内完成。")
    alt(qtbot, editor, Qt.Key.Key_C)
    assert editor.current_item().decision == "同意迁移，由物业在一个月内完成。"

    # 审定: approved and locked; the controls off, an edit refused, 更正 offered
    alt(qtbot, editor, Qt.Key.Key_L)
    assert editor.detail.meeting.minutes_state == MinutesState.APPROVED
    assert not editor.vote_button.isEnabled() and not editor.decision_button.isEnabled()
    assert not editor.add_topic_button.isEnabled() and editor.decision.isReadOnly()
    assert editor.amend_button.isVisible()
    with pytest.raises(NCError):
        minutes.record_decision(db, actor=admin, item_id=editor.current_item().id,
                                decision="改了")
    dialogs.form({"correction": "“3 号楼”应为“5 号楼”。", "reason": "记录笔误"})
    alt(qtbot, editor, Qt.Key.Key_D)
    assert [a.reason for a in editor.amendments.rows()] == ["记录笔误"]
    assert editor.current_item().decision == "同意迁移，由物业在一个月内完成。"  # unchanged


def test_show_view_opens_a_meeting_and_the_tasks(qtbot, page, db, admin):
    page.show_view({"show": "tasks"})
    assert page.current_key() == "followup" and page.followup_tab.parts.currentIndex() == 1
    meeting_id = held_meeting(db, admin)
    page.meetings_tab.run_dialog = lambda dialog: 0  # the editor left open
    page.show_view({"meeting": meeting_id})
    assert page.current_key() == "meetings"
    editor = page.meetings_tab.editor
    assert isinstance(editor, MinutesEditor) and editor.detail.meeting.id == meeting_id
    editor.deleteLater()


def test_the_follow_up_by_keyboard_notice_objection_task_overdue(qtbot, page, db, admin):
    meeting_id = held_meeting(db, admin, approve=True)  # held on 12 March 2026
    page.set_today(dt.date(2026, 3, 25))
    tab = page.followup_tab
    dialogs = Dialogs(qtbot)
    tab.run_dialog = dialogs
    alt(qtbot, page, Qt.Key.Key_U)
    assert page.current_key() == "followup"
    assert tab.meeting.currentData() == meeting_id
    # 公示: from the meeting's day, 7 days by default; where objections go is required
    def where_objections_go(dialog) -> None:
        assert dialog.isVisible() and dialog.errors._labels["objections_to"].text()
        assert dialog.fields["starts_on"].text() == "2026-03-14"  # kept
        type_text(dialog.fields["objections_to"], "居委会办公室")
        qtbot.keyClick(dialog.fields["objections_to"], Qt.Key.Key_Return)

    dialogs.form({"starts_on": "2026-03-14"}, check=where_objections_go)
    alt(qtbot, page, Qt.Key.Key_P)
    assert [(n.starts_on, n.ends_on) for n in tab.notices.rows()] == [
        (dt.date(2026, 3, 14), dt.date(2026, 3, 20))]
    dialogs.form({"text": "离我家太近。", "received_on": "2026-03-16"})
    alt(qtbot, page, Qt.Key.Key_J)
    assert [o.text for o in tab.objections.rows()] == ["离我家太近。"]
    # a task, due before today: said to be overdue
    alt(qtbot, page, Qt.Key.Key_K)
    dialogs.form({"description": "物业迁移投放点", "owner": "物业王经理",
                  "due_on": "2026-03-24"})
    alt(qtbot, page, Qt.Key.Key_S)
    assert [t.description for t in tab.tasks.rows()] == ["物业迁移投放点"]
    assert "1 项任务已逾期" in tab.overdue.text()
    dialogs.form({"note": "已迁移完毕。", "done": True, "on": "2026-03-25"})
    tab.tasks_table.setFocus()
    alt(qtbot, page, Qt.Key.Key_R)
    assert tab.tasks.rows() == [] and tab.overdue.text() == ""  # finished: hidden
    # the residents' evaluation and its rate
    alt(qtbot, page, Qt.Key.Key_D)
    dialogs.form({"satisfied": "18", "fairly": "1", "dissatisfied": "1"})
    alt(qtbot, page, Qt.Key.Key_R)
    assert [e.rate for e in tab.evaluations.rows()] == ["95%"]


def test_the_page_and_the_minutes_editor_fit_in_large_print(qtbot, make_ctx, admin,
                                                            large_print):  # noqa: F811
    ctx = make_ctx(admin)
    page = MeetingsPage(ctx)
    page.set_today(TODAY)
    for key in page.keys():
        page.show_tab(key)
        show_and_assert_it_fits(qtbot, page, f"meetings {key}", fits)
        assert clashes(page) == {} and not MENU_BAR & set(mnemonics(page)), key
    page.hide()


def held_meeting(db, admin, *, approve: bool = False) -> str:
    """The lead's meeting held (tests/features/meetings/held.py): an agenda, six people (one
    列席), a ballot and its decision; the minutes approved or still a draft."""
    return hold_meeting(db, admin, approve=approve, post=False).meeting_id


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_minutes_editor_fits_in_large_print(qtbot, make_ctx, db, admin, language,
                                                large_print):  # noqa: F811
    from neighborcenter.i18n import set_language

    set_language(language)
    meeting_id = held_meeting(db, admin)
    editor = MinutesEditor(make_ctx(admin), meeting_id, today=TODAY)
    assert "通过" in editor.items.rows()[0].outcome.sentence or language == "en"
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        show_and_assert_it_fits(qtbot, editor, f"minutes editor {index}", fits)
        assert clashes(editor) == {} and not MENU_BAR & set(mnemonics(editor)), index
    editor.hide()


def test_esc_asks_before_dropping_the_minutes_typed(qtbot, make_ctx, db, admin):
    editor = MinutesEditor(make_ctx(admin), held_meeting(db, admin), today=TODAY)
    activate(qtbot, editor)
    asked: list[str] = []
    editor.ask = lambda title, text: asked.append(text) or False
    editor.summary.setFocus()
    type_text(editor.summary, "又补充了一句。")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible()  # kept
    assert "又补充了一句。" in editor.summary.toPlainText()


def test_the_papers_print_from_the_editor(qtbot, make_ctx, db, admin, tmp_path):
    editor = MinutesEditor(make_ctx(admin), held_meeting(db, admin), today=TODAY)
    qtbot.addWidget(editor)
    shown: list = []
    editor.choose_path = lambda title, name: tmp_path / name
    editor.show_file = shown.append
    editor.print_paper("sign-in")
    editor.print_paper("minutes")
    assert [p.name for p in shown] == [f"{editor.detail.meeting.number}-sign-in.pdf",
                                       f"{editor.detail.meeting.number}-minutes.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in shown)
    editor.print_paper("publicity")  # nothing posted yet: said, no file
    assert len(shown) == 2 and editor.message.text().startswith("⚠")


def test_esc_on_a_typed_form_asks_and_a_no_keeps_it(qtbot, page):
    tab = page.topics_tab
    asked: list[str] = []
    kept: list[QDialog] = []

    def run(dialog) -> int:
        activate(qtbot, dialog)
        dialog.ask = lambda text: asked.append(text) or False
        type_text(dialog.fields["title"], "路灯维修")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        kept.append(dialog)
        assert dialog.isVisible() and dialog.fields["title"].text() == "路灯维修"
        dialog.ask = lambda text: True
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # now yes: dropped, nothing saved
        return dialog.result()

    tab.run_dialog = run
    tab.new_topic()
    assert asked and not kept[0].isVisible() and tab.model.rows() == []
