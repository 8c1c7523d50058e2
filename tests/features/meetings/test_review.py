"""What the review of the meetings found: once votes are counted the minutes cannot drift from
them (no voting member added, no new rules or 应到, no motion changed, no vote counted again
after its decision); a meeting put off needs its notice posted again; a cancelled meeting's
minutes are not approved; a decision sent to a re-hearing (复议) is not carried out, and one
being carried out is not sent back; residents evaluate a decision once."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import followup, meetings, minutes, topics
from neighborcenter.features.meetings.rules import (
    DecisionRule,
    ParticipantRole,
    QuorumRule,
    Side,
    TopicStage,
)
from tests.conftest import sql
from tests.features.meetings.test_services import DAY, NOW, decided, meeting, topic, vote


def _form(d: meetings.MeetingDetail, **change) -> meetings.MeetingForm:
    m = d.meeting
    form = meetings.MeetingForm(kind=m.kind, title=m.title,
                                on=m.starts_at.astimezone().date(),
                                at=m.starts_at.astimezone().strftime("%H:%M"), place=m.place,
                                convenor=m.convenor, facilitator=m.facilitator, id=m.id)
    return dataclasses.replace(form, **change)


def test_no_voting_member_is_added_after_the_votes(db, admin):
    d = meeting(db, admin, voters=5, observers=0)
    item = meetings.add_item(db, actor=admin, meeting_id=d.meeting.id, title="公共收益使用")
    vote(db, admin, item.id, 3, 2)
    with pytest.raises(ValidationError) as err:
        meetings.add_participant(db, actor=admin, meeting_id=d.meeting.id, name="迟到代表",
                                 side=Side.RESIDENTS, role=ParticipantRole.VOTING,
                                 invited=False, attended=True)
    assert err.value.field == "role" and "5" in str(err.value)
    meetings.add_participant(db, actor=admin, meeting_id=d.meeting.id, name="社区民警",
                             side=Side.PLUS_ONE, role=ParticipantRole.OBSERVER,
                             invited=False, attended=True)
    after = meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id)
    assert (after.quorum.entitled, after.quorum.present) == (5, 5)


def test_a_walk_in_beyond_the_members_entitled_is_refused_and_the_meeting_still_reads(
        db, admin):
    d = meeting(db, admin, voters=3, observers=0)
    meetings.save_meeting(db, actor=admin, form=_form(d, entitled=3), today=DAY)
    with pytest.raises(ValidationError) as err:  # 4 present of 3 entitled
        meetings.add_participant(db, actor=admin, meeting_id=d.meeting.id, name="代表9",
                                 side=Side.RESIDENTS, role=ParticipantRole.VOTING,
                                 invited=False, attended=True)
    assert err.value.field == "present"
    assert meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id).quorum.present == 3
    assert len(meetings.list_meetings(db, actor=admin)) == 1


def test_a_walk_in_makes_the_meeting_held(db, admin):
    d = meetings.save_meeting(db, actor=admin, form=meetings.MeetingForm(
        kind="council", title="议事会", on=DAY, at="14:30", place="会议室", convenor="李书记"),
        today=DAY - dt.timedelta(days=10))
    meetings.add_participant(db, actor=admin, meeting_id=d.meeting.id, name="王秀英",
                             side=Side.RESIDENTS, role=ParticipantRole.VOTING, invited=False,
                             attended=True)
    assert meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id).meeting.held


def test_the_rules_stay_as_the_votes_were_counted_by(db, admin):
    d = meeting(db, admin, voters=6, observers=0)
    item = meetings.add_item(db, actor=admin, meeting_id=d.meeting.id, title="公共收益使用")
    assert vote(db, admin, item.id, 4, 2).passed
    for change in ({"quorum": QuorumRule.TWO_THIRDS}, {"entitled": 7},
                   {"decision": DecisionRule.TWO_THIRDS_OF_PRESENT}):
        with pytest.raises(ValidationError):
            meetings.save_meeting(db, actor=admin, form=_form(d, **change), today=DAY)
    meetings.save_meeting(db, actor=admin, form=_form(d, place="二楼大会议室"), today=DAY)
    shown = meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id).items[0]
    assert shown.outcome is not None and shown.outcome.passed


def test_a_meeting_put_off_needs_its_notice_posted_again(db, admin):
    today = dt.date(2026, 12, 20)
    d = meetings.save_meeting(db, actor=admin, form=meetings.MeetingForm(
        kind="council", title="议事会", on=DAY, at="14:30", place="会议室", convenor="李书记"),
        today=today)
    meetings.mark_notice_posted(db, actor=admin, meeting_id=d.meeting.id, on=today,
                                today=today)
    meetings.save_meeting(db, actor=admin, form=_form(d, convenor="王主任"), today=today)
    posted = "SELECT notice_posted_on FROM meetings WHERE id = ?"
    assert sql(db).execute(posted, (d.meeting.id,)).fetchone()[0] == "2026-12-20"
    with pytest.raises(ValidationError) as err:  # 3 days' notice: not to the 22nd
        meetings.save_meeting(db, actor=admin, form=_form(d, on=dt.date(2026, 12, 22)),
                              today=today)
    assert err.value.field == "day"
    meetings.save_meeting(db, actor=admin, form=_form(d, on=dt.date(2027, 1, 5)), today=today)
    assert sql(db).execute(posted, (d.meeting.id,)).fetchone()[0] is None


def test_the_motion_and_the_vote_stay_as_voted(db, admin):
    d = meeting(db, admin, voters=5, observers=0)
    item = meetings.add_item(db, actor=admin, meeting_id=d.meeting.id, title="公共收益使用")
    vote(db, admin, item.id, 3, 2)
    with pytest.raises(ValidationError) as err:
        minutes.record_discussion(db, actor=admin, item_id=item.id, summary="讨论",
                                  motion="另一个动议")
    assert err.value.field == "motion"
    minutes.record_discussion(db, actor=admin, item_id=item.id, summary="补记讨论",
                              motion="投放点移至 5 号楼东侧空地")
    minutes.record_decision(db, actor=admin, item_id=item.id, decision="通过")
    with pytest.raises(ValidationError) as err:  # the decision was written after this vote
        minutes.record_vote(db, actor=admin, item_id=item.id, method="hands", votes_for=1,
                            against=4, abstain=0)
    assert err.value.field == "for_"
    shown = meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id).items[0]
    assert shown.outcome is not None and (shown.outcome.for_, shown.outcome.passed) == (3, True)


def test_a_cancelled_meetings_minutes_are_not_approved(db, admin):
    d = meeting(db, admin, voters=3, observers=0)
    meetings.cancel_meeting(db, actor=admin, meeting_id=d.meeting.id, reason="台风停会",
                            on=DAY)
    with pytest.raises(ValidationError):
        minutes.approve_minutes(db, actor=admin, meeting_id=d.meeting.id, now=NOW)


def test_a_decision_sent_to_a_rehearing_becomes_no_task(db, admin):
    _t, _d, item, notice = decided(db, admin)
    o = followup.record_objection(db, actor=admin, notice_id=notice.id, text_="离窗户太近",
                                  received_on="2026-12-30", today=dt.date(2026, 12, 30))
    followup.answer_objection(db, actor=admin, objection_id=o.id, answer="提交复议",
                              rehearing=True)
    with pytest.raises(ValidationError) as err:
        followup.add_task(db, actor=admin, item_id=item.id, description="搬移垃圾桶",
                          owner="物业", due_on="2027-01-10", today=dt.date(2026, 12, 30))
    assert "复议" in str(err.value)


def test_a_decision_being_carried_out_is_not_sent_back(db, admin):
    _t, _d, item, notice = decided(db, admin)
    followup.add_task(db, actor=admin, item_id=item.id, description="搬移垃圾桶",
                      owner="物业", due_on="2027-01-10", today=DAY)
    o = followup.record_objection(db, actor=admin, notice_id=notice.id, text_="离窗户太近",
                                  received_on="2026-12-30", today=dt.date(2026, 12, 30))
    with pytest.raises(ValidationError) as err:
        followup.answer_objection(db, actor=admin, objection_id=o.id, answer="提交复议",
                                  rehearing=True)
    assert err.value.field == "rehearing"
    followup.answer_objection(db, actor=admin, objection_id=o.id, answer="已向居民解释")


def test_residents_evaluate_a_decision_once(db, admin):
    _t, _d, item, _n = decided(db, admin)
    task = followup.add_task(db, actor=admin, item_id=item.id, description="搬移垃圾桶",
                             owner="物业", due_on="2027-01-10", today=DAY)
    followup.update_task(db, actor=admin, task_id=task.id, note="完成", done=True,
                         on="2027-01-08", today=dt.date(2027, 1, 8))
    followup.evaluate(db, actor=admin, item_id=item.id, satisfied=30, fairly=8,
                      dissatisfied=2, on="2027-01-20", today=dt.date(2027, 1, 20))
    with pytest.raises(ValidationError) as err:
        followup.evaluate(db, actor=admin, item_id=item.id, satisfied=1, fairly=0,
                          dissatisfied=0, today=dt.date(2027, 1, 21))
    assert "2027年1月20日" in str(err.value)
    assert len(followup.evaluations_of(db, actor=admin, item_id=item.id)) == 1


def test_a_topic_taken_off_the_agenda_is_not_voted_there(db, admin):
    t = topic(db, admin)
    d = meeting(db, admin, voters=5, observers=0, topic_ids=[t.id])
    topics.move_topic(db, actor=admin, topic_id=t.id, to=TopicStage.ACCEPTED,
                      reason="资料不全，延至下次会议", on=DAY)
    with pytest.raises(ValidationError) as err:
        vote(db, admin, d.items[0].id, 4, 1)
    assert err.value.field == "topic" and t.number in str(err.value)
    assert meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id).items[0].outcome \
        is None
    later = meeting(db, admin, voters=5, observers=0, on=dt.date(2027, 1, 15),
                    topic_ids=[t.id])
    assert vote(db, admin, later.items[0].id, 4, 1).passed
