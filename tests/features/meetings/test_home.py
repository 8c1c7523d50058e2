"""The meetings' home-page part (the 今日 lines: tasks past their due date, a meeting in the
next days whose notice is not posted, minutes not approved, a posting's last day, objections
not answered — each opening the meetings page) and the resident's section of the 360° page
(the topics they proposed, the meetings they were on the list of, with their side). Every
day is fixed, never the day the suite runs."""

from __future__ import annotations

import datetime as dt

from neighborcenter.core.home import HomePart
from neighborcenter.core.service import writes
from neighborcenter.features.meetings import followup, meetings, minutes, topics
from neighborcenter.features.meetings.home import AHEAD_DAYS, home_part, meetings_section
from neighborcenter.features.meetings.models import Meeting
from neighborcenter.features.meetings.rules import (
    MeetingType,
    ParticipantRole,
    Side,
    TopicCategory,
    TopicSource,
    TopicStage,
    VoteMethod,
)
from neighborcenter.features.register.resident_records import ResidentForm, save_resident
from neighborcenter.i18n import format_date

TODAY = dt.date(2026, 11, 28)
HELD = dt.date(2026, 11, 20)  # a meeting held a week before
AHEAD = dt.date(2026, 12, 4)  # and one next week (its notice 3 days before: by 1 December)
VOTERS = ("王秀英", "李建国", "张明华")


def plan(db, admin, on: dt.date, *, title: str = "议事会", people=VOTERS,
         resident_id: str | None = None) -> tuple[str, dict[str, str]]:
    mid = meetings.save_meeting(db, actor=admin, today=TODAY, form=meetings.MeetingForm(
        kind=MeetingType.COUNCIL, title=title, on=on, at="14:30", place="议事厅",
        convenor="幸福社区居委会", notice_days=3)).meeting.id
    ids = {name: meetings.add_participant(db, actor=admin, meeting_id=mid, name=name,
                                          side=Side.RESIDENTS,
                                          role=ParticipantRole.VOTING).id for name in people}
    if resident_id:
        ids["resident"] = meetings.add_participant(
            db, actor=admin, meeting_id=mid, resident_id=resident_id, side=Side.RESIDENTS,
            role=ParticipantRole.OBSERVER).id
    return mid, ids


def hold(db, admin, on: dt.date = HELD, **kw) -> tuple[str, str]:
    """A meeting held (everyone came but the last voter), one item voted and decided."""
    mid, ids = plan(db, admin, on, **kw)
    meetings.set_attendance(db, actor=admin, meeting_id=mid,
                            attended={pid: name != VOTERS[-1] for name, pid in ids.items()})
    item = meetings.add_item(db, actor=admin, meeting_id=mid, title="楼道堆物清理",
                             on=on - dt.timedelta(days=5)).id
    minutes.record_discussion(db, actor=admin, item_id=item, motion="限期清理楼道堆物")
    minutes.record_vote(db, actor=admin, item_id=item, method=VoteMethod.HANDS, votes_for=2,
                        against=0, on=on)
    minutes.record_decision(db, actor=admin, item_id=item, decision="两周内清理完毕")
    return mid, item


def lines(part: HomePart) -> list[tuple[str, dict, str]]:
    """(kind, what it opens, text) of each 今日 line; every line opens the meetings page."""
    assert all(i.view.page == "meetings" for i in part.today)
    return [(i.kind, i.view.filters, i.text) for i in part.today]


@writes
def _notice_posted(uow, *, meeting_id: str, on: dt.date) -> None:
    with uow:
        uow.session.get(Meeting, meeting_id).notice_posted_on = on
        uow.commit()


def test_a_role_without_the_meetings_gets_nothing(db, admin, shop_volunteer):
    hold(db, admin)
    assert home_part(db, actor=shop_volunteer, today=TODAY) == HomePart()
    assert home_part(db, actor=admin, today=TODAY).today  # (the staff have a line)


def test_no_meetings_no_lines(db, admin):
    assert home_part(db, actor=admin, today=TODAY) == HomePart()


def test_the_notice_of_a_meeting_in_the_next_days(db, admin):
    mid, _ids = plan(db, admin, AHEAD, title="一月议事会")
    due = format_date(dt.date(2026, 12, 1))
    too_early = AHEAD - dt.timedelta(days=AHEAD_DAYS + 1)
    assert lines(home_part(db, actor=admin, today=too_early)) == []
    [(kind, opens, text)] = lines(home_part(db, actor=admin, today=TODAY))
    assert (kind, opens) == ("review", {"meeting": mid})
    assert due in text and "一月议事会" in text and "张贴" in text
    [(kind, _o, text)] = lines(home_part(db, actor=admin, today=dt.date(2026, 12, 2)))
    assert kind == "problem" and due in text  # late: it was due by the 1st
    assert lines(home_part(db, actor=admin, today=AHEAD + dt.timedelta(days=1))) == []
    _notice_posted(db, meeting_id=mid, on=dt.date(2026, 11, 30))
    assert lines(home_part(db, actor=admin, today=dt.date(2026, 12, 2))) == []


def test_a_cancelled_meeting_needs_no_notice(db, admin):
    mid, _ids = plan(db, admin, AHEAD)
    meetings.cancel_meeting(db, actor=admin, meeting_id=mid, reason="暴雨预警", on=TODAY)
    assert lines(home_part(db, actor=admin, today=TODAY)) == []


def test_minutes_not_approved_until_they_are(db, admin):
    mid, _item = hold(db, admin)
    assert lines(home_part(db, actor=admin, today=HELD)) == []  # the day itself: not yet
    [(kind, opens, text)] = lines(home_part(db, actor=admin, today=TODAY))
    assert (kind, opens) == ("review", {"meeting": mid})
    assert "尚未审定" in text and format_date(HELD) in text
    minutes.approve_minutes(db, actor=admin, meeting_id=mid)
    assert lines(home_part(db, actor=admin, today=TODAY)) == []


def test_tasks_past_due_postings_ending_and_objections(db, admin):
    mid, item = hold(db, admin)
    minutes.approve_minutes(db, actor=admin, meeting_id=mid)
    notice = followup.post_notice(db, actor=admin, item_id=item, objections_to="服务台",
                                  starts_on=dt.date(2026, 11, 21), today=TODAY)
    assert notice.ends_on == dt.date(2026, 11, 27)
    task = followup.add_task(db, actor=admin, item_id=item, description="逐楼清理",
                             owner="物业", due_on=dt.date(2026, 11, 25), today=TODAY)
    assert lines(home_part(db, actor=admin, today=dt.date(2026, 11, 24))) == []
    [ends] = lines(home_part(db, actor=admin, today=dt.date(2026, 11, 27)))[1:]
    assert ends[:2] == ("review", {"meeting": mid}) and "今天到期" in ends[2]
    [(kind, opens, text)] = lines(home_part(db, actor=admin, today=TODAY))
    assert (kind, opens) == ("problem", {"show": "tasks"}) and "1 项" in text
    objection = followup.record_objection(db, actor=admin, notice_id=notice.id,
                                          text_="清理时间太短", received_on="2026-11-23",
                                          today=TODAY)
    found = lines(home_part(db, actor=admin, today=TODAY))
    assert [(k, o) for k, o, _t in found] == [("problem", {"show": "tasks"}),
                                               ("problem", {"meeting": mid})]
    assert "1 条异议" in found[1][2]
    followup.answer_objection(db, actor=admin, objection_id=objection.id, answer="已延长一周")
    followup.update_task(db, actor=admin, task_id=task.id, note="已清理完毕", done=True,
                         on=dt.date(2026, 11, 26), today=TODAY)
    assert lines(home_part(db, actor=admin, today=TODAY)) == []


def resident(db, admin) -> str:
    return save_resident(db, actor=admin, form=ResidentForm(
        family_name="赵", given_name="桂兰", birth_date="1956-05-02", estate="幸福小区",
        building="5", unit="1", room="101"), confirmed_not_duplicate=True)


def test_the_residents_360_section(db, admin, shop_volunteer):
    rid = resident(db, admin)
    assert meetings_section(db, actor=admin, resident_id=rid, today=TODAY) is None
    topic = topics.save_topic(db, actor=admin, today=TODAY, form=topics.TopicForm(
        title="垃圾分类投放点选址", category=TopicCategory.ENVIRONMENT,
        source=TopicSource.RESIDENTS, proposer_resident_id=rid, signed=True,
        proposed_on=dt.date(2026, 10, 8)))
    topics.move_topic(db, actor=admin, topic_id=topic.id, to=TopicStage.ACCEPTED,
                      on=dt.date(2026, 10, 10))
    came, _i = hold(db, admin, resident_id=rid, title="十一月议事会")
    away, ids = plan(db, admin, dt.date(2026, 10, 16), title="十月议事会", resident_id=rid)
    meetings.set_attendance(db, actor=admin, meeting_id=away,
                            attended={pid: who != "resident" for who, pid in ids.items()})
    plan(db, admin, AHEAD, title="一月议事会", resident_id=rid)
    off, _ids = plan(db, admin, dt.date(2026, 12, 3), title="临时议事会", resident_id=rid)
    meetings.cancel_meeting(db, actor=admin, meeting_id=off, reason="暴雨预警", on=TODAY)

    section = meetings_section(db, actor=admin, resident_id=rid, today=TODAY)
    assert section is not None and section.title == "社区协商"
    rows = [(day, what.split("：")[-1], details.split("；")[-1])
            for day, what, details in section.rows]
    assert rows == [  # latest first
        (format_date(AHEAD), "一月议事会", "已邀请"),
        (format_date(dt.date(2026, 12, 3)), "临时议事会", "会议已取消"),
        (format_date(HELD), "十一月议事会", "出席"),
        (format_date(dt.date(2026, 10, 16)), "十月议事会", "缺席"),
        (format_date(dt.date(2026, 10, 8)), "垃圾分类投放点选址", "已立项"),
    ]
    assert all("主体方" in details and "列席" in details for _d, what, details in section.rows
               if "议事会" in what)
    assert "提出议题" in section.rows[-1][1]
    assert meetings_section(db, actor=shop_volunteer, resident_id=rid, today=TODAY) is None
