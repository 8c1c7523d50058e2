"""The meetings' demo step, loaded as ``neighborcenter demo`` loads it (after the register's
demo): a year of consultation meetings through the services — every kind of meeting, the
rubbish point's whole pipeline with its re-hearing (复议), votes with their outcomes in every
approved set of minutes, a meeting without quorum that took no vote, one cancelled, one next
week, the latest minutes a draft, one task past its due date, and the home page's lines. The
demo's day is fixed, not the day the suite runs."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.handle import Centre
from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import followup, meetings, minutes, topics
from neighborcenter.features.meetings.demo import load_demo_data
from neighborcenter.features.meetings.home import home_part, meetings_section
from neighborcenter.features.meetings.models import MeetingItem, MeetingParticipant
from neighborcenter.features.meetings.rules import (
    FollowUpState,
    MeetingType,
    MinutesState,
    Side,
    TopicStage,
    VoteMethod,
)
from neighborcenter.features.register.demo import load_demo_data as load_register
from neighborcenter.storage.check import check_database
from tests.conftest import PASSPHRASE

RESIDENTS = 300
TODAY = dt.date(2026, 11, 28)  # a Saturday
S = TopicStage
#: the rubbish point's way: proposed, accepted, a 3+1 talk, posted, objections, 复议 at the
#: representatives' meeting, posted again, carried out, evaluated
RUBBISH_WAY = [S.COLLECTED, S.ACCEPTED, S.SCHEDULED, S.DELIBERATED, S.VOTED, S.POSTED,
               S.SCHEDULED, S.DELIBERATED, S.VOTED, S.POSTED, S.IMPLEMENTING, S.EVALUATED]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    centre = Centre.create(tmp_path_factory.mktemp("demo") / "centre.db")
    admin = set_up_centre(centre, name="幸福邻里中心", community="幸福社区", street="爱山街道",
                          district="吴兴区", admin_username="admin",
                          admin_display_name="李主任", admin_passphrase=PASSPHRASE,
                          language="zh_CN").admin
    load_register(centre, actor=admin, residents=RESIDENTS, seed=3)
    summary = load_demo_data(centre, actor=admin, residents=RESIDENTS, seed=3, today=TODAY)
    listed = meetings.list_meetings(centre, actor=admin)
    yield centre, admin, summary, listed
    centre.close()


def day(detail) -> dt.date:
    return detail.meeting.starts_at.astimezone().date()


def test_a_year_of_every_kind_of_meeting(demo):
    centre, admin, summary, listed = demo
    assert len(listed) == summary.meetings and 12 <= summary.meetings <= 15
    kinds = Counter(d.meeting.kind for d in listed)
    assert kinds[MeetingType.COUNCIL] >= 5 and kinds[MeetingType.REPRESENTATIVES] == 4
    assert kinds[MeetingType.FOUR_PARTY] >= 3 and kinds[MeetingType.JOINT] == 1
    days = sorted(day(d) for d in listed)
    assert (TODAY - days[0]).days >= 330  # a year …
    assert all(d.weekday() < 5 for d in days)  # … of weekdays
    quarters = {(day(d).year, (day(d).month - 1) // 3) for d in listed
                if d.meeting.kind == MeetingType.REPRESENTATIVES}
    assert len(quarters) == 4  # the representatives once a quarter
    # the 3+1 talks seat the four sides and the +1 (a lawyer), the outsiders without a vote
    for d in listed:
        if d.meeting.kind == MeetingType.FOUR_PARTY:
            assert {p.side for p in d.people} == {Side.LEADING, Side.RESIDENTS,
                                                  Side.RESOURCES, Side.PROFESSIONAL,
                                                  Side.PLUS_ONE}
            assert all(p.role.value == "observer" for p in d.people
                       if p.side in (Side.RESOURCES, Side.PROFESSIONAL, Side.PLUS_ONE))
    # residents' proposals are signed and have their proposer from the register
    rows = topics.list_topics(centre, actor=admin)
    assert len(rows) == summary.topics >= 10
    assert all(t.signed and t.proposer for t in rows if t.source.value == "residents")
    assert summary.tasks == len(followup.list_tasks(centre, actor=admin, today=TODAY))
    assert check_database(centre.database).ok


def test_the_rubbish_point_goes_the_whole_way_with_a_rehearing(demo):
    centre, admin, _s, listed = demo
    [topic] = topics.list_topics(centre, actor=admin, query="垃圾分类投放点")
    steps = topics.topic_history(centre, actor=admin, topic_id=topic.id)
    assert [x.to_stage for x in steps] == RUBBISH_WAY
    assert topic.stage == S.EVALUATED
    rehearing = steps[6]
    assert rehearing.from_stage == S.POSTED and "复议" in rehearing.reason
    assert [x.on for x in steps] == sorted(x.on for x in steps)  # dated in order
    by_id = {d.meeting.id: d for d in listed}
    talk, again = by_id[steps[2].meeting_id], by_id[rehearing.meeting_id]
    assert talk.meeting.kind == MeetingType.FOUR_PARTY
    assert again.meeting.kind == MeetingType.REPRESENTATIVES and day(again) > day(talk)
    # the 3+1 talk: views for and against, the ground-floor residents' minority view kept
    [item] = [i for i in talk.items if i.topic_id == topic.id]
    views = minutes.views_of(centre, actor=admin, item_id=item.id)
    assert any(v.minority and "一楼" in v.text for v in views)
    assert {v.side for v in views} >= {Side.RESIDENTS, Side.RESOURCES, Side.PLUS_ONE}
    assert item.outcome is not None and item.outcome.passed
    [notice] = followup.notices(centre, actor=admin, meeting_id=talk.meeting.id)
    objections = followup.objections_of(centre, actor=admin, notice_id=notice.id)
    assert [o.rehearing for o in objections] == [True, False] and all(o.answer
                                                                      for o in objections)
    # passed again, by ballot, with a changed site; posted; carried out; evaluated
    [item2] = [i for i in again.items if i.topic_id == topic.id]
    assert item2.outcome is not None and item2.outcome.passed and item2.decision != item.decision
    with centre.unit_of_work(write=False) as uow:
        stored = uow.session.get(MeetingItem, item2.id)
        assert stored is not None and stored.vote_method == VoteMethod.BALLOT
        assert stored.counter and stored.scrutineer
    tasks = followup.list_tasks(centre, actor=admin, today=TODAY, meeting_id=again.meeting.id)
    assert len(tasks) == 2 and all(t.state == FollowUpState.DONE for t in tasks)
    [evaluation] = followup.evaluations_of(centre, actor=admin, item_id=item2.id)
    assert evaluation.rate == "92%"
    [amendment] = minutes.amendments_of(centre, actor=admin, meeting_id=again.meeting.id)
    assert amendment.reason and amendment.item_title == item2.title


def test_every_approved_meeting_has_its_votes_outcomes_and_decisions(demo):
    _c, _a, summary, listed = demo
    approved = [d for d in listed if d.meeting.minutes_state == MinutesState.APPROVED]
    voted = [i for d in approved for i in d.items if i.outcome is not None]
    assert len(approved) >= 10 and len(voted) >= 9
    for d in approved:
        assert d.meeting.held and not d.meeting.cancelled and day(d) < TODAY
        for i in d.items:
            if i.outcome is not None:
                assert i.decision and i.outcome.sentence
    # the common fund: a tie, not passed
    [fund] = [i for d in approved for i in d.items if "公共收益" in i.title]
    assert fund.outcome is not None and fund.outcome.tie and not fund.outcome.passed
    assert summary.votes - summary.passed == 1


def test_a_meeting_without_quorum_took_no_vote_and_its_topic_went_on(demo):
    centre, admin, _s, listed = demo
    [short] = [d for d in listed if d.meeting.held and not d.quorum.met]
    assert all(i.outcome is None for i in short.items)
    assert short.meeting.minutes_state == MinutesState.APPROVED
    [item] = short.items
    steps = topics.topic_history(centre, actor=admin, topic_id=item.topic_id)
    put_off = [x for x in steps if x.meeting_id is None and x.from_stage == S.SCHEDULED]
    assert put_off and put_off[0].to_stage == S.ACCEPTED and put_off[0].reason
    assert steps[-1].to_stage in (S.IMPLEMENTING, S.EVALUATED)  # voted at the next one


def test_cancelled_upcoming_draft_and_overdue(demo):
    centre, admin, _s, listed = demo
    [cancelled] = [d for d in listed if d.meeting.cancelled]
    assert not cancelled.meeting.held
    [ahead] = [d for d in listed if day(d) >= TODAY]
    assert day(ahead) <= TODAY + dt.timedelta(days=7) and len(ahead.items) == 2
    past = sorted((d for d in listed if d.meeting.held), key=day)
    assert past[-1].meeting.minutes_state == MinutesState.DRAFT
    assert all(d.meeting.minutes_state == MinutesState.APPROVED for d in past[:-1])
    with centre.unit_of_work(write=False) as uow:
        assert followup.overdue_count(uow.session, TODAY) == 1
    # the home page says so, each line opening the meetings page
    part = home_part(centre, actor=admin, today=TODAY)
    views = [(i.kind, i.view.page, i.view.filters) for i in part.today]
    assert views == [("problem", "meetings", {"show": "tasks"}),
                     ("review", "meetings", {"meeting": ahead.meeting.id}),
                     ("review", "meetings", {"meeting": past[-1].meeting.id})]
    assert "1 项" in part.today[0].text


def test_a_council_member_has_a_360_section(demo):
    centre, admin, _s, listed = demo
    council = next(d for d in listed if d.meeting.kind == MeetingType.COUNCIL and d.meeting.held)
    member = next(p for p in council.people if p.from_register)
    with centre.unit_of_work(write=False) as uow:
        rid = uow.session.get(MeetingParticipant, member.id).resident_id
    section = meetings_section(centre, actor=admin, resident_id=rid, today=TODAY)
    assert section is not None and len(section.rows) >= 5
    assert any("议事会" in row[1] and "主体方" in row[2] for row in section.rows)


def test_the_demo_goes_only_into_a_centre_without_meetings(demo):
    centre, admin, _s, _l = demo
    with pytest.raises(ValidationError):
        load_demo_data(centre, actor=admin, residents=RESIDENTS, seed=3, today=TODAY)
