"""The consultation meetings' services: the topic pipeline taken by the meetings (each step dated
and attributed), quorum before any vote (no quorum → no vote, nothing written; 列席 not
counted), the outcome by the meeting's rule with its sentence, locked minutes and amendments,
the public notice and its objections (复议), the tasks and the residents' evaluation, and who
may do what."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.core.audit import list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.meetings import followup, meetings, minutes, topics
from neighborcenter.features.meetings.rules import (
    FollowUpState,
    MeetingType,
    MinutesState,
    ParticipantRole,
    Side,
    TopicCategory,
    TopicSource,
    TopicStage,
    VoteMethod,
)
from tests.conftest import sql

DAY = dt.date(2026, 12, 28)  # the meeting; its posting runs over the new year
NOW = dt.datetime(2026, 12, 28, 16, 0).astimezone()


def topic(db, actor, title="垃圾分类投放点选址", *, accept=True):
    row = topics.save_topic(db, actor=actor, form=topics.TopicForm(
        title=title, category=TopicCategory.ENVIRONMENT, source=TopicSource.RESIDENTS,
        proposer="王秀英", signed=True, supporters=12, proposed_on="2026-12-01"),
        today=dt.date(2026, 12, 1))
    if accept:
        row = topics.move_topic(db, actor=actor, topic_id=row.id, to=TopicStage.ACCEPTED,
                                on=dt.date(2026, 12, 3))
    return row


def meeting(db, actor, *, voters=5, observers=1, came=None, kind=MeetingType.COUNCIL,
            on=DAY, topic_ids=()):
    """A meeting with ``voters`` voting members and ``observers`` 列席 invited, of whom
    ``came`` voters (all by default) and every observer attended; the topics on its agenda."""
    d = meetings.save_meeting(db, actor=actor, form=meetings.MeetingForm(
        kind=kind, title="居民议事会", on=on.isoformat(), at="14:30", place="邻里中心二楼",
        convenor="李书记", facilitator="和众社工"), today=on - dt.timedelta(days=10))
    mid = d.meeting.id
    for tid in topic_ids:
        meetings.add_item(db, actor=actor, meeting_id=mid, topic_id=tid, minutes_planned=30,
                          on=on - dt.timedelta(days=7))
    people = [meetings.add_participant(db, actor=actor, meeting_id=mid, name=f"代表{i}",
                                       side=Side.RESIDENTS, role=ParticipantRole.VOTING)
              for i in range(voters)]
    people += [meetings.add_participant(db, actor=actor, meeting_id=mid, name=f"列席{i}",
                                        side=Side.RESOURCES, role=ParticipantRole.OBSERVER,
                                        organisation="物业公司")
               for i in range(observers)]
    came = voters if came is None else came
    attended = {p.id: (p.role == ParticipantRole.OBSERVER or i < came)
                for i, p in enumerate(people)}
    meetings.set_attendance(db, actor=actor, meeting_id=mid, attended=attended)
    return meetings.meeting_detail(db, actor=actor, meeting_id=mid)


def vote(db, actor, item_id, for_, against, abstain=0, **more):
    minutes.record_discussion(db, actor=actor, item_id=item_id, summary="讨论了三个候选位置",
                              motion="投放点移至 5 号楼东侧空地")
    return minutes.record_vote(db, actor=actor, item_id=item_id, method=more.pop(
        "method", VoteMethod.HANDS), votes_for=for_, against=against, abstain=abstain,
        on=DAY, **more)


def decided(db, actor, *, for_=4, against=1, objections_to="居委会 0572-2123456"):
    """A topic taken to a passed, approved and posted decision; (topic, meeting, item, notice)."""
    t = topic(db, actor)
    d = meeting(db, actor, topic_ids=[t.id])
    item = d.items[0]
    vote(db, actor, item.id, for_, against)
    minutes.record_decision(db, actor=actor, item_id=item.id, decision="投放点移至 5 号楼东侧")
    minutes.approve_minutes(db, actor=actor, meeting_id=d.meeting.id, now=NOW)
    notice = followup.post_notice(db, actor=actor, item_id=item.id, starts_on=DAY,
                                  objections_to=objections_to, today=DAY)
    return t, d, item, notice


def stage(db, actor, topic_id) -> TopicStage:
    return next(t.stage for t in topics.list_topics(db, actor=actor) if t.id == topic_id)


# ------------------------------------------------------------------------------ topics


def test_a_residents_proposal_is_signed_and_a_declined_topic_says_why(db, admin):
    with pytest.raises(ValidationError) as err:
        topics.save_topic(db, actor=admin, form=topics.TopicForm(
            title="楼道堆物清理", category=TopicCategory.SAFETY, source=TopicSource.RESIDENTS,
            proposer="张建华", signed=False), today=DAY)
    assert err.value.field == "signed" and "签" in str(err.value)
    t = topic(db, admin, "楼道堆物清理", accept=False)
    assert t.number == "YT2026-001" and t.stage == TopicStage.COLLECTED
    with pytest.raises(ValidationError) as err:
        topics.move_topic(db, actor=admin, topic_id=t.id, to=TopicStage.DECLINED)
    assert err.value.field == "reason"
    with pytest.raises(ValidationError):  # not along the pipeline
        topics.move_topic(db, actor=admin, topic_id=t.id, to=TopicStage.VOTED)
    topics.move_topic(db, actor=admin, topic_id=t.id, to=TopicStage.DECLINED,
                      reason="属物业职责，已转物业", on=dt.date(2026, 12, 2))
    history = topics.topic_history(db, actor=admin, topic_id=t.id)
    assert [(h.from_stage, h.to_stage) for h in history] == [
        (None, TopicStage.COLLECTED), (TopicStage.COLLECTED, TopicStage.DECLINED)]
    assert history[-1].reason == "属物业职责，已转物业" and history[-1].by == "admin"
    assert [r.id for r in topics.list_topics(db, actor=admin, query="堆物")] == [t.id]


def test_only_an_accepted_topic_goes_on_an_agenda(db, admin):
    proposed = topic(db, admin, "电动车充电桩", accept=False)
    d = meeting(db, admin)
    with pytest.raises(ValidationError) as err:
        meetings.add_item(db, actor=admin, meeting_id=d.meeting.id, topic_id=proposed.id)
    assert err.value.field == "topic"
    assert stage(db, admin, proposed.id) == TopicStage.COLLECTED


# -------------------------------------------------------------------- quorum and the vote


def test_no_quorum_no_vote_and_nothing_written(db, admin):
    t = topic(db, admin)
    d = meeting(db, admin, voters=5, observers=3, came=2, topic_ids=[t.id])
    assert (d.quorum.entitled, d.quorum.present, d.quorum.met) == (5, 2, False)
    assert "应到 5 人" in d.quorum.sentence and "实到 2 人" in d.quorum.sentence
    item = d.items[0]
    with pytest.raises(ValidationError) as err:
        vote(db, admin, item.id, 2, 0)
    assert err.value.field == "quorum" and str(err.value) == d.quorum.sentence
    after = meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id)
    assert after.items[0].outcome is None
    assert stage(db, admin, t.id) == TopicStage.SCHEDULED
    assert sql(db).execute("SELECT votes_for FROM meeting_items WHERE id = ?",
                           (item.id,)).fetchone()[0] is None


def test_observers_do_not_count_and_the_outcome_says_why(db, admin):
    t = topic(db, admin)
    d = meeting(db, admin, voters=5, observers=4, came=3, topic_ids=[t.id])
    assert (d.quorum.entitled, d.quorum.present, d.quorum.met) == (5, 3, True)
    result = vote(db, admin, d.items[0].id, 2, 1)
    assert result.present == 3 and result.passed
    assert result.sentence.startswith("出席 3 人，同意 2 票") and result.sentence.endswith("通过")
    with pytest.raises(ValidationError):  # more votes than voting members present
        minutes.record_vote(db, actor=admin, item_id=d.items[0].id, method=VoteMethod.HANDS,
                            votes_for=3, against=1, abstain=0)
    assert stage(db, admin, t.id) == TopicStage.VOTED
    steps = [(h.to_stage, h.on, h.meeting_id)
             for h in topics.topic_history(db, actor=admin, topic_id=t.id)]
    assert steps[-2:] == [(TopicStage.DELIBERATED, DAY, d.meeting.id),
                          (TopicStage.VOTED, DAY, d.meeting.id)]


@pytest.mark.parametrize(("for_", "against", "abstain", "passed"), [
    (3, 3, 0, False),  # a tie never passes
    (3, 1, 2, False),  # abstentions count: 3 of 6 present is not more than half
    (4, 0, 2, True),
])
def test_ties_and_abstentions(db, admin, for_, against, abstain, passed):
    d = meeting(db, admin, voters=6, observers=0)
    item = meetings.add_item(db, actor=admin, meeting_id=d.meeting.id, title="公共收益使用")
    result = vote(db, admin, item.id, for_, against, abstain)
    assert result.passed is passed
    assert result.sentence.endswith("未通过" if not passed else "通过")
    shown = meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id).items[0]
    assert shown.outcome is not None and shown.outcome.sentence == result.sentence


def test_a_ballot_needs_two_tellers(db, admin):
    d = meeting(db, admin)
    item = meetings.add_item(db, actor=admin, meeting_id=d.meeting.id, title="充电桩选址")
    with pytest.raises(ValidationError):
        vote(db, admin, item.id, 4, 1, method=VoteMethod.BALLOT, counter="王芳")
    result = vote(db, admin, item.id, 4, 1, method=VoteMethod.BALLOT, counter="王芳",
                  scrutineer="赵刚")
    assert result.passed


# ------------------------------------------------------------------ locked minutes


def test_approved_minutes_are_locked_and_corrected_by_amendment(db, admin):
    t = topic(db, admin)
    d = meeting(db, admin, topic_ids=[t.id])
    item = d.items[0]
    vote(db, admin, item.id, 4, 1)
    with pytest.raises(ValidationError) as err:  # the decision is written first
        minutes.approve_minutes(db, actor=admin, meeting_id=d.meeting.id, now=NOW)
    assert err.value.field == "decision"
    minutes.record_decision(db, actor=admin, item_id=item.id, decision="投放点移至 5 号楼东侧")
    minutes.approve_minutes(db, actor=admin, meeting_id=d.meeting.id, now=NOW)
    detail = meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id)
    assert detail.meeting.minutes_state == MinutesState.APPROVED
    for attempt in (
            lambda: minutes.record_decision(db, actor=admin, item_id=item.id, decision="改"),
            lambda: minutes.record_discussion(db, actor=admin, item_id=item.id, summary="改"),
            lambda: meetings.add_item(db, actor=admin, meeting_id=d.meeting.id, title="加"),
            lambda: minutes.add_view(db, actor=admin, item_id=item.id, speaker="甲",
                                     side=Side.RESIDENTS, said="补充")):
        with pytest.raises(ValidationError):
            attempt()
    with pytest.raises(ValidationError):  # an amendment says why
        minutes.amend_minutes(db, actor=admin, meeting_id=d.meeting.id, item_id=item.id,
                              correction="5 号楼东侧应为 5 号楼西侧", reason="")
    minutes.amend_minutes(db, actor=admin, meeting_id=d.meeting.id, item_id=item.id,
                          correction="5 号楼东侧应为 5 号楼西侧", reason="记录笔误")
    after = meetings.meeting_detail(db, actor=admin, meeting_id=d.meeting.id).items[0]
    assert after.decision == "投放点移至 5 号楼东侧"  # as approved
    [a] = minutes.amendments_of(db, actor=admin, meeting_id=d.meeting.id)
    assert (a.item_title, a.reason) == (item.title, "记录笔误")


def test_minutes_are_of_a_meeting_that_was_held(db, admin):
    d = meetings.save_meeting(db, actor=admin, form=meetings.MeetingForm(
        kind=MeetingType.FOUR_PARTY, title="3+1 四方会谈", on="2027-01-20", at="9:00",
        place="会议室", convenor="李书记"), today=DAY)
    with pytest.raises(ValidationError) as err:
        minutes.approve_minutes(db, actor=admin, meeting_id=d.meeting.id, now=NOW)
    assert err.value.field == "attendance"


def test_a_meeting_too_close_for_its_notice_is_refused_unless_urgent(db, admin):
    form = meetings.MeetingForm(kind=MeetingType.RESIDENTS, title="居民会议", on="2026-12-30",
                                at="19:00", place="小区广场", convenor="李书记", notice_days=5)
    with pytest.raises(ValidationError) as err:
        meetings.save_meeting(db, actor=admin, form=form, today=DAY)
    assert err.value.field == "day"
    form.urgent = True
    assert meetings.save_meeting(db, actor=admin, form=form, today=DAY).meeting.number \
        == "XS2026-01"


# -------------------------------------------------------------- 公示, objections, 复议


def test_the_notice_runs_over_the_new_year_and_objections_come_within_it(db, admin):
    t, d, item, notice = decided(db, admin)
    assert (notice.starts_on, notice.ends_on) == (DAY, dt.date(2027, 1, 3))
    assert stage(db, admin, t.id) == TopicStage.POSTED
    with pytest.raises(ValidationError):  # posted once
        followup.post_notice(db, actor=admin, item_id=item.id, objections_to="居委会",
                             starts_on=DAY, today=DAY)
    with pytest.raises(ValidationError) as err:
        followup.record_objection(db, actor=admin, notice_id=notice.id, text_="太近了",
                                  received_on="2027-01-04", today=dt.date(2027, 1, 5))
    assert err.value.field == "received_on" and "2027年1月3日" in str(err.value)
    late_day = followup.record_objection(db, actor=admin, notice_id=notice.id,
                                         text_="离 3 号楼窗户太近", from_name="",
                                         received_on="2027-01-03",
                                         today=dt.date(2027, 1, 5))
    assert late_day.from_name == ""  # anonymous is allowed
    assert followup.notices(db, actor=admin, meeting_id=d.meeting.id)[0].objections == 1


def test_the_notice_waits_for_approved_minutes(db, admin):
    t = topic(db, admin)
    d = meeting(db, admin, topic_ids=[t.id])
    vote(db, admin, d.items[0].id, 4, 1)
    minutes.record_decision(db, actor=admin, item_id=d.items[0].id, decision="通过")
    with pytest.raises(ValidationError):
        followup.post_notice(db, actor=admin, item_id=d.items[0].id, objections_to="居委会",
                             starts_on=DAY, today=DAY)
    assert followup.notices(db, actor=admin, meeting_id=d.meeting.id) == []


def test_a_rehearing_puts_the_posted_topic_on_a_later_agenda(db, admin):
    t, d, item, notice = decided(db, admin)
    later = meeting(db, admin, on=dt.date(2027, 1, 15))
    with pytest.raises(ValidationError):  # posted, no objection sent to a re-hearing
        meetings.add_item(db, actor=admin, meeting_id=later.meeting.id, topic_id=t.id)
    o = followup.record_objection(db, actor=admin, notice_id=notice.id, text_="离窗户太近",
                                  from_name="3 号楼住户", received_on="2026-12-30",
                                  today=dt.date(2026, 12, 30))
    followup.answer_objection(db, actor=admin, objection_id=o.id, answer="提交复议",
                              rehearing=True)
    with pytest.raises(ValidationError):  # answered once
        followup.answer_objection(db, actor=admin, objection_id=o.id, answer="再答")
    meetings.add_item(db, actor=admin, meeting_id=later.meeting.id, topic_id=t.id,
                      on=dt.date(2027, 1, 5))
    assert stage(db, admin, t.id) == TopicStage.SCHEDULED
    last = topics.topic_history(db, actor=admin, topic_id=t.id)[-1]
    assert (last.from_stage, last.to_stage) == (TopicStage.POSTED, TopicStage.SCHEDULED)
    assert "复议" in last.reason and "离窗户太近" in last.reason


# ------------------------------------------------------------- tasks and the evaluation


def test_tasks_follow_the_notice_and_the_evaluation_the_tasks(db, admin):
    t, d, item, notice = decided(db, admin)
    with pytest.raises(ValidationError):  # due before the posting
        followup.add_task(db, actor=admin, item_id=item.id, description="搬移垃圾桶",
                          owner="物业", due_on="2026-12-01", today=DAY)
    bins = followup.add_task(db, actor=admin, item_id=item.id, description="搬移垃圾桶",
                             owner="物业", due_on="2027-01-10", today=DAY)
    signs = followup.add_task(db, actor=admin, item_id=item.id, description="张贴指示牌",
                              owner="居委会", due_on="2027-01-20", today=DAY)
    assert stage(db, admin, t.id) == TopicStage.IMPLEMENTING
    later = dt.date(2027, 1, 12)
    rows = followup.list_tasks(db, actor=admin, today=later)
    assert [(r.description, r.state) for r in rows] == [
        ("搬移垃圾桶", FollowUpState.OVERDUE), ("张贴指示牌", FollowUpState.OPEN)]
    assert followup.overdue_count_of(db, actor=admin, today=later) == 1
    followup.update_task(db, actor=admin, task_id=bins.id, note="已搬移一半", on="2027-01-12",
                         today=later)
    with pytest.raises(ValidationError):  # the evaluation waits for every task
        followup.evaluate(db, actor=admin, item_id=item.id, satisfied=30, fairly=8,
                          dissatisfied=2, today=later)
    followup.update_task(db, actor=admin, task_id=bins.id, note="搬移完毕", done=True,
                         on="2027-01-13", today=dt.date(2027, 1, 13))
    followup.update_task(db, actor=admin, task_id=signs.id, note="已张贴", done=True,
                         on="2027-01-14", today=dt.date(2027, 1, 14))
    with pytest.raises(ValidationError):  # a finished task takes no more progress
        followup.update_task(db, actor=admin, task_id=signs.id, note="再贴",
                             today=dt.date(2027, 1, 15))
    rows = followup.list_tasks(db, actor=admin, today=dt.date(2027, 2, 1))
    assert {r.state for r in rows} == {FollowUpState.DONE}
    assert rows[0].last_update == "搬移完毕"
    done = followup.evaluate(db, actor=admin, item_id=item.id, satisfied=30, fairly=8,
                             dissatisfied=2, notes="位置更合理", on="2027-01-25",
                             today=dt.date(2027, 1, 25))
    assert done.rate == "95%"
    assert stage(db, admin, t.id) == TopicStage.EVALUATED
    topics.move_topic(db, actor=admin, topic_id=t.id, to=TopicStage.ARCHIVED,
                      on=dt.date(2027, 2, 1))
    assert [h.to_stage for h in topics.topic_history(db, actor=admin, topic_id=t.id)] == [
        TopicStage.COLLECTED, TopicStage.ACCEPTED, TopicStage.SCHEDULED,
        TopicStage.DELIBERATED, TopicStage.VOTED, TopicStage.POSTED,
        TopicStage.IMPLEMENTING, TopicStage.EVALUATED, TopicStage.ARCHIVED]


def test_a_motion_not_passed_becomes_no_task(db, admin):
    t = topic(db, admin)
    d = meeting(db, admin, voters=4, topic_ids=[t.id])
    vote(db, admin, d.items[0].id, 2, 2)
    minutes.record_decision(db, actor=admin, item_id=d.items[0].id, decision="未通过，暂缓")
    minutes.approve_minutes(db, actor=admin, meeting_id=d.meeting.id, now=NOW)
    followup.post_notice(db, actor=admin, item_id=d.items[0].id, objections_to="居委会",
                         starts_on=DAY, today=DAY)
    with pytest.raises(ValidationError):
        followup.add_task(db, actor=admin, item_id=d.items[0].id, description="x",
                          owner="物业", due_on="2027-01-10", today=DAY)
    with pytest.raises(ValidationError):  # archiving it says why
        topics.move_topic(db, actor=admin, topic_id=t.id, to=TopicStage.ARCHIVED)
    topics.move_topic(db, actor=admin, topic_id=t.id, to=TopicStage.ARCHIVED,
                      reason="表决未通过", on=dt.date(2027, 1, 5))


# ----------------------------------------------------------------- who may, and the record


def test_the_shop_volunteer_sees_no_meetings_and_the_social_worker_records(
        db, admin, social_worker, shop_volunteer):
    with pytest.raises(PermissionDenied):
        topics.list_topics(db, actor=shop_volunteer)
    with pytest.raises(PermissionDenied):
        meetings.list_meetings(db, actor=shop_volunteer)
    t = topic(db, social_worker)
    assert topics.list_topics(db, actor=admin)[0].id == t.id


def test_every_step_is_audited_and_a_failed_one_leaves_nothing(db, admin):
    t, d, item, notice = decided(db, admin)
    before = len(list_audit(db, actor=admin, limit=1000))
    with pytest.raises(ValidationError):
        followup.post_notice(db, actor=admin, item_id=item.id, objections_to="x",
                             starts_on=DAY, today=DAY)
    assert len(list_audit(db, actor=admin, limit=1000)) == before
    listed = meetings.list_meetings(db, actor=admin, year=2026)
    assert [m.meeting.number for m in listed] == [d.meeting.number]
    assert listed[0].items[0].outcome is not None and listed[0].items[0].outcome.passed


def test_the_advance_notice_is_marked_posted_before_the_meeting(db, admin):
    d = meetings.save_meeting(db, actor=admin, form=meetings.MeetingForm(
        kind=MeetingType.COUNCIL, title="议事会", on="2027-01-20", at="9:00", place="会议室",
        convenor="李书记"), today=DAY)
    with pytest.raises(ValidationError):  # not in the future
        meetings.mark_notice_posted(db, actor=admin, meeting_id=d.meeting.id,
                                    on="2026-12-30", today=DAY)
    meetings.mark_notice_posted(db, actor=admin, meeting_id=d.meeting.id, on="2026-12-27",
                                today=DAY)
    assert sql(db).execute("SELECT notice_posted_on FROM meetings WHERE id = ?",
                           (d.meeting.id,)).fetchone()[0] == "2026-12-27"
