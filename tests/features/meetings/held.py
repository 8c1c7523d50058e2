"""A meeting held, built through the services as staff would enter it: the rubbish-point
topic accepted, a 议事会 on 12 March 2026 with two agenda items, six people on its list (five
voting members of four sides and a lawyer attending without a vote), four of the voting
members and the lawyer present, two views (one a minority view), a ballot (3 for, 1 against)
with two tellers, the decision, the minutes approved, an amendment, and the decision posted
for 7 days from 14 March."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neighborcenter.features.meetings import followup, meetings, minutes, topics
from neighborcenter.features.meetings.rules import (
    MeetingType,
    ParticipantRole,
    Side,
    TopicCategory,
    TopicSource,
    TopicStage,
    VoteMethod,
)

DAY = dt.date(2026, 3, 12)
APPROVED_AT = dt.datetime(2026, 3, 13, 10, 0, tzinfo=dt.UTC)
POSTED_ON = dt.date(2026, 3, 14)
OBJECTIONS_TO = "幸福社区居委会办公室（电话 0572-2088888）"
DECISION = "垃圾投放点迁至 3 栋北侧空地，由物业在 4 月底前完成改造。"
MINORITY = "新位置离 5 栋太近，夏天有异味，建议再找地方"
PEOPLE = (  # name, side, role, organisation, attended
    ("王秀英", Side.RESIDENTS, ParticipantRole.VOTING, "", True),
    ("李建国", Side.RESIDENTS, ParticipantRole.VOTING, "", False),
    ("张明华", Side.LEADING, ParticipantRole.VOTING, "幸福社区党委", True),
    ("陈立", Side.RESOURCES, ParticipantRole.VOTING, "绿城物业", True),
    ("刘敏", Side.PROFESSIONAL, ParticipantRole.VOTING, "阳光社工事务所", True),
    ("周律师", Side.PLUS_ONE, ParticipantRole.OBSERVER, "天平律师事务所", True),
)


@dataclass(frozen=True)
class Held:
    meeting_id: str
    number: str
    item_id: str
    topic_number: str


def hold_meeting(db, admin, *, approve: bool = True, post: bool = True) -> Held:
    topic = topics.save_topic(db, actor=admin, form=topics.TopicForm(
        title="垃圾投放点选址", category=TopicCategory.ENVIRONMENT,
        source=TopicSource.RESIDENTS, proposer="王秀英", signed=True, supporters=12,
        proposed_on=dt.date(2026, 2, 20)), today=dt.date(2026, 2, 20))
    topics.move_topic(db, actor=admin, topic_id=topic.id, to=TopicStage.ACCEPTED,
                      on=dt.date(2026, 2, 25))
    detail = meetings.save_meeting(db, actor=admin, form=meetings.MeetingForm(
        kind=MeetingType.COUNCIL, title="垃圾投放点选址协商", on=DAY, at="14:30",
        place="幸福邻里中心二楼会议室", convenor="幸福社区居委会",
        facilitator="阳光社工事务所", recorder="赵晓燕"), today=dt.date(2026, 3, 1))
    mid = detail.meeting.id
    item = meetings.add_item(db, actor=admin, meeting_id=mid, topic_id=topic.id,
                             minutes_planned=40, on=dt.date(2026, 3, 1))
    meetings.add_item(db, actor=admin, meeting_id=mid, title="其他事项", minutes_planned=15)
    ids = {}
    for name, side, role, org, _came in PEOPLE:
        ids[name] = meetings.add_participant(db, actor=admin, meeting_id=mid, name=name,
                                             side=side, role=role, organisation=org).id
    meetings.set_attendance(db, actor=admin, meeting_id=mid,
                            attended={ids[p[0]]: p[4] for p in PEOPLE})
    minutes.record_discussion(db, actor=admin, item_id=item.id,
                              summary="与会各方就三处备选地点逐一讨论。",
                              motion="将垃圾投放点迁至 3 栋北侧空地。")
    minutes.add_view(db, actor=admin, item_id=item.id, speaker="陈立", side=Side.RESOURCES,
                     said="物业可承担改造，4 月底前完成")
    minutes.add_view(db, actor=admin, item_id=item.id, speaker="王秀英", side=Side.RESIDENTS,
                     said=MINORITY, minority=True)
    minutes.record_vote(db, actor=admin, item_id=item.id, method=VoteMethod.BALLOT,
                        votes_for=3, against=1, abstain=0, counter="刘敏",
                        scrutineer="张明华", on=DAY)
    minutes.record_decision(db, actor=admin, item_id=item.id, decision=DECISION)
    if approve:
        minutes.approve_minutes(db, actor=admin, meeting_id=mid, now=APPROVED_AT)
        minutes.amend_minutes(db, actor=admin, meeting_id=mid, item_id=item.id,
                              correction="备选地点应为四处，不是三处。",
                              reason="记录笔误", now=APPROVED_AT + dt.timedelta(days=2))
        if post:
            followup.post_notice(db, actor=admin, item_id=item.id,
                                 objections_to=OBJECTIONS_TO, starts_on=POSTED_ON,
                                 today=POSTED_ON)
    return Held(mid, detail.meeting.number, item.id, topic.number)
