"""The meetings' four papers (会议通知, 签到表, 会议记录, 公示): their text is extracted
(pdftotext), the Chinese font must be embedded (pdffonts), each print is audited (PRINT, the
paper and the meeting's number, never a name), and a refused print leaves no file."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.core.audit import AuditAction
from neighborcenter.core.roles import Role
from neighborcenter.errors import NotFound, PermissionDenied, ValidationError
from neighborcenter.features.meetings import meetings, printouts
from neighborcenter.features.meetings.rules import (
    DecisionRule,
    Outcome,
    QuorumRule,
    quorum,
)
from neighborcenter.i18n import _
from tests.conftest import make_account
from tests.features.meetings.held import (
    DECISION,
    MINORITY,
    OBJECTIONS_TO,
    PEOPLE,
    hold_meeting,
)
from tests.features.visits.test_printing import detail
from tests.features.volunteers.test_printouts import (
    assert_font_embedded,
    pages,
    pdf_text,
    prints,
    raw_text,
    squeezed,
)

#: the vote of the fixture's meeting, as the rules word it
OUTCOME = Outcome(DecisionRule.MAJORITY_OF_PRESENT, 4, 3, 1, 0, 3, True, False)
QUORUM = quorum(QuorumRule.MORE_THAN_HALF, 5, 4)


@pytest.fixture
def held(db, admin):
    return hold_meeting(db, admin)


def text_of(pdf) -> str:
    return squeezed(pdf_text(pdf))


def test_the_sentences_are_those_of_the_rules():
    """(What the papers are checked against: the issue's own wording.)"""
    assert OUTCOME.sentence == "出席 4 人，同意 3 票，超过半数，通过"
    assert QUORUM.sentence.startswith("应到 5 人，实到 4 人")


def test_the_notice_has_the_meeting_its_agenda_and_the_issuing_body(db, admin, held,
                                                                    tmp_path):
    pdf = tmp_path / "通知.pdf"
    printouts.print_notice(db, actor=admin, meeting=held.number, path=pdf,
                           issued_on=dt.date(2026, 3, 9))
    assert pages(pdf) == 1
    assert_font_embedded(pdf)
    text = text_of(pdf)
    for words in ("会议通知", "垃圾投放点选址协商", "会议类型：议事会",
                  "会议时间：2026年3月12日星期四14:30", "会议地点：幸福邻里中心二楼会议室",
                  "召集人：幸福社区居委会", "阳光社工事务所", "会议议程", held.topic_number,
                  "其他事项", "时长（分钟）", "请准时参加", "幸福邻里中心", "2026年3月9日"):
        assert squeezed(words) in text, words
    # the agenda: the topic's item with its 40 minutes, in order
    assert text.index("垃圾投放点选址" + held.topic_number + "40") < text.index("其他事项")
    # a notice for the wall names nobody on the list
    assert not any(name in text for name, *_rest in PEOPLE)


def test_a_notice_printed_after_the_meeting_bears_the_day_it_was_due(db, admin, held,
                                                                     tmp_path):
    pdf = tmp_path / "通知.pdf"
    printouts.print_notice(db, actor=admin, meeting=held.number.lower(), path=pdf)
    assert "2026年3月9日" in text_of(pdf)  # 3 days' notice before 12 March


def test_the_sign_in_sheet_has_a_row_to_sign_for_everyone_and_blank_rows(db, admin, held,
                                                                         tmp_path):
    pdf = tmp_path / "签到表.pdf"
    printouts.print_sign_in(db, actor=admin, meeting=held.meeting_id, path=pdf,
                            blank_rows=3)
    assert_font_embedded(pdf)
    text = text_of(pdf)
    for words in ("签到表", "议事会：垃圾投放点选址协商（XS2026-01）", "序号", "姓名", "身份/方",
                  "表决权", "签名", "绿城物业", "主体方（居民）", "+1（律师、专家）", "列席"):
        assert squeezed(words) in text, words
    for name, *_rest in PEOPLE:  # the one who did not come too: the sheet is for signing
        assert name in text
    # six people, then three blank rows numbered 7 to 9
    assert "8" in text and "9" in text and "10" not in text.split("签名")[1].split("应到")[0]
    # the voting members first: the lawyer (列席) is the last name
    assert text.index("周律师") > max(text.index(n) for n, *_r in PEOPLE[:5])
    assert squeezed("应到表决成员 5 人") in text and squeezed("列席人员 1 人") in text


def test_the_minutes_have_quorum_views_vote_outcome_decision_and_approval(db, admin, held,
                                                                         tmp_path):
    pdf = tmp_path / "会议记录.pdf"
    printouts.print_minutes(db, actor=admin, meeting=held.number, path=pdf)
    assert_font_embedded(pdf)
    text = squeezed(raw_text(pdf))  # a table cell's wrapped lines kept together
    for words in ("会议记录", "议事会：垃圾投放点选址协商（XS2026-01）", "记录人：赵晓燕",
                  QUORUM.sentence, "引领方（党组织）", "张明华", "列席人员", "周律师",
                  f"议题 1：垃圾投放点选址（议题编号 {held.topic_number}）",
                  "讨论情况：与会各方就三处备选地点逐一讨论。",
                  "物业可承担改造，4 月底前完成", MINORITY + "（少数意见）",
                  "表决事项：将垃圾投放点迁至 3 栋北侧空地。",
                  "表决（无记名投票）：" + OUTCOME.tally, "计票人：刘敏", "监票人：张明华",
                  "表决结果：" + OUTCOME.sentence, "决议：" + DECISION,
                  "议题 2：其他事项", "本项未付表决。",
                  "本记录已于 2026年3月13日 由 李主任 审定。",
                  "更正记录", "备选地点应为四处，不是三处。", "记录笔误"):
        assert squeezed(words) in text, words
    assert "草稿" not in text
    # the amendment comes after the approved text
    assert text.index("审定。") < text.index("备选地点应为四处")
    # attendance by side: 李建国 did not come
    attendance = text.split("出席情况")[1].split("议题1")[0]
    assert "李建国" not in attendance and "王秀英" in attendance


def test_draft_minutes_say_so_on_every_page(db, admin, tmp_path):
    h = hold_meeting(db, admin, approve=False)
    pdf = tmp_path / "草稿.pdf"
    printouts.print_minutes(db, actor=admin, meeting=h.number, path=pdf)
    pages_text = [squeezed(p) for p in pdf_text(pdf).split("\f") if p.strip()]
    assert pages_text and all("草稿—未审定" in p for p in pages_text)
    assert "审定。" not in pages_text[0] and "更正记录" not in pages_text[0]


def test_the_publicity_has_the_decision_vote_period_and_where_objections_go(db, admin, held,
                                                                          tmp_path):
    pdf = tmp_path / "公示.pdf"
    printouts.print_publicity(db, actor=admin, meeting=held.number, path=pdf)
    assert pages(pdf) == 1
    assert_font_embedded(pdf)
    text = text_of(pdf)
    for words in ("关于“垃圾投放点选址协商”议定事项的公示", "2026年3月12日", QUORUM.sentence,
                  "1．垃圾投放点选址", "决议：" + DECISION, OUTCOME.sentence, OUTCOME.tally,
                  "公示期：2026年3月14日至2026年3月20日（共 7 天）", OBJECTIONS_TO,
                  "幸福邻里中心"):
        assert squeezed(words) in text, words
    assert text.endswith("2026年3月14日")  # the issuing body's date, under its name
    assert not any(name in text for name, *_rest in PEOPLE)


def test_no_publicity_before_a_decision_is_posted(db, admin, tmp_path):
    h = hold_meeting(db, admin, post=False)
    pdf = tmp_path / "公示.pdf"
    with pytest.raises(ValidationError) as refused:
        printouts.print_publicity(db, actor=admin, meeting=h.number, path=pdf)
    assert str(refused.value) == _("No decision of the meeting {number} has been posted yet: "
                                   "post it (公示) first.").format(number=h.number)
    assert not pdf.exists()


def test_every_print_is_audited_without_a_name(db, admin, held, tmp_path):
    before = len(prints(db, admin))
    for what, service in printouts.PRINTS.items():
        service(db, actor=admin, meeting=held.number, path=tmp_path / f"{what}.pdf")
    entries = prints(db, admin)[before:]
    assert [detail(db, e)["paper"] for e in entries] == list(printouts.PRINTS)
    for e in entries:
        assert e.action is AuditAction.PRINT and e.target_id == held.meeting_id
        assert detail(db, e)["number"] == held.number
        assert held.number in e.summary
        assert not any(name in e.summary for name, *_rest in PEOPLE)
    assert "签到表" in entries[1].summary and "会议记录" in entries[2].summary


def test_an_unknown_meeting_and_a_reader_without_the_right_are_refused(db, admin, held,
                                                                       tmp_path):
    pdf = tmp_path / "x.pdf"
    with pytest.raises(NotFound) as missing:
        printouts.print_minutes(db, actor=admin, meeting="XS2099-09", path=pdf)
    assert str(missing.value) == _("No meeting {meeting} is on record.").format(
        meeting="XS2099-09")
    volunteer = make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    with pytest.raises(PermissionDenied):
        printouts.print_sign_in(db, actor=volunteer, meeting=held.number, path=pdf)
    assert not pdf.exists()
    assert len(prints(db, admin)) == 0


def test_a_cancelled_meeting_has_no_notice(db, admin, tmp_path):
    d = meetings.save_meeting(db, actor=admin, form=meetings.MeetingForm(
        kind="joint", title="联席会议", on=dt.date(2026, 4, 20), at="9:00", place="会议室",
        convenor="居委会"), today=dt.date(2026, 4, 1))
    meetings.cancel_meeting(db, actor=admin, meeting_id=d.meeting.id, reason="改期",
                            on=dt.date(2026, 4, 2))
    with pytest.raises(ValidationError):
        printouts.print_notice(db, actor=admin, meeting=d.meeting.number,
                               path=tmp_path / "n.pdf")
    assert not (tmp_path / "n.pdf").exists()
