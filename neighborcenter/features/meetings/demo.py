"""The consultation meetings' part of the demo centre (after the register's demo): a year of
社区协商 up to today, fifteen meetings, all through the services with the day of each step.

- **议事会** (the residents' council: the community's Party secretary and five residents of
  the register, facilitated by the social-work organisation) about every other month;
  **居民代表会议** each quarter (nine representatives, two thirds present to decide);
  **3+1 四方会谈** (引领方 the Party branch and 居委会, 主体方 residents, 资源方 the property
  company and a 驻区单位, 专业方 the social-work organisation, +1 a lawyer) for the hard cases;
  a **联席会议** (居委会, 业委会, 物业).
- **The rubbish point (垃圾分类投放点选址)**: residents' signed proposal → accepted → a 3+1
  meeting with views for and against, the ground-floor residents' minority view kept → passed
  → posted → objections during the posting, one sent to a re-hearing (复议) → the 居民代表会议
  passes it again with a changed site, by ballot with two tellers → posted → tasks (物业 moves
  the bins, 居委会 puts up the signs) with their progress → evaluated (满意率); its minutes
  corrected once by an amendment.
- Others: 楼道堆物 and 电动车充电桩 (passed, carried out, evaluated), 公共收益使用 (a tie: not
  passed, posted, archived), a 议事会 without quorum (no vote, its topic put off to the next
  one), a meeting cancelled, the latest meeting's minutes still a draft, a meeting next week
  whose notice is still to post, and one task past its due date (the home page says so).

One unit of work: each service call a savepoint (``Savepoints``), so the topics' pipeline, the
locks of approved minutes and the notices are checked as staff would meet them. The register
is read (adults living here), never added to. Same seed and same day → the same meetings."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from sqlalchemy import func, select

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.demo import DEFAULT_RESIDENTS
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.meetings import MEETINGS, followup, meetings, minutes, topics
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
from neighborcenter.features.register.registry import birth_dates, living_here, resident_names
from neighborcenter.i18n import N_, _
from neighborcenter.storage.uow import Savepoints, UnitOfWork

if TYPE_CHECKING:
    from neighborcenter.core.handle import Centre

#: Adults of the register (this old at least) sit on the council and among the representatives.
ADULT_AGE = 30
COUNCIL = 5  # residents on the 议事会
REPRESENTATIVES = 9  # 居民代表 (the council's residents among them)
CHOSEN = 18  # residents the year needs: the representatives, proposers, neighbours

#: residents who are not on a small register (a demo of a few residents)
MORE_RESIDENTS = ("沈阿姨", "钱师傅", "孙老师", "周大伯", "吴阿姨", "郑师傅", "冯大姐", "陈老伯",
                  "褚阿姨", "卫师傅", "蒋老师", "韩大伯", "杨阿姨", "朱师傅", "秦大姐", "尤老伯",
                  "许阿姨", "何师傅")
CONVENOR = "幸福社区居委会"
FACILITATOR = "湖州益善社会工作服务中心"
RECORDER = "王丽"
HALL = "幸福邻里中心二楼议事厅"
OBJECTIONS_TO = "幸福邻里中心一楼服务台，或电话 0572-2123456（工作日 8:30—17:00）"
# the people who are not residents of the register: (name, side, organisation, votes)
SECRETARY = ("张建国", Side.LEADING, "幸福社区党委、居委会", True)
COMMITTEE = ("李红梅", Side.LEADING, "幸福社区居委会", True)
PROPERTY = ("刘志强", Side.RESOURCES, "湖州绿城物业幸福苑项目部", False)
UNIT = ("沈卫东", Side.RESOURCES, "爱山街道城管中队", False)
SOCIAL = ("王丽", Side.PROFESSIONAL, FACILITATOR, False)
LAWYER = ("周振华", Side.PLUS_ONE, "浙江天平律师事务所", False)
OWNERS = ("陈国平", Side.RESIDENTS, "幸福苑业主委员会", True)
PROPERTY_VOTING = ("刘志强", Side.RESOURCES, "湖州绿城物业幸福苑项目部", True)
OWNER_PROPERTY = "湖州绿城物业幸福苑项目部"


def council_title(on: dt.date) -> str:
    return f"{on.year}年{on.month}月议事会"


def quarter_title(on: dt.date) -> str:
    return f"{on.year}年第{'一二三四'[(on.month - 1) // 3]}季度居民代表会议"


@dataclass(frozen=True)
class DemoSummary:
    topics: int
    meetings: int
    held: int
    votes: int
    passed: int
    notices: int
    tasks: int

    def describe(self, path: object) -> str:
        return _("Consultation meetings: {topics} topics; {meetings} meetings ({held} held); "
                 "{votes} votes ({passed} passed); {notices} public notices; {tasks} tasks."
                 ).format(topics=self.topics, meetings=self.meetings, held=self.held,
                          votes=self.votes, passed=self.passed, notices=self.notices,
                          tasks=self.tasks)


def load_demo_data(centre: Centre, *, actor: Actor, residents: int = DEFAULT_RESIDENTS,
                   seed: int = 1, today: dt.date | None = None) -> DemoSummary:
    """Add a year of consultation meetings to a centre that has none (after the register's
    demo): one unit of work."""
    actor.require(Permission.RECORD_MEETINGS)
    return _load(centre, actor=actor, seed=seed, today=today or dt.date.today())


@writes
def _load(uow: UnitOfWork, *, actor: Actor, seed: int, today: dt.date) -> DemoSummary:
    with uow:
        s = uow.session
        if s.scalar(select(func.count()).select_from(Meeting)):
            raise ValidationError(_("This database already has consultation meetings; the demo "
                                    "meetings go only into a centre without any."))
        summary = _Builder(uow, actor, seed, today).fill()
        finish(uow, actor, AuditAction.DEMO,
               summary=Msg(N_("Demo data loaded: {n} consultation meetings, {topics} topics"),
                           args={"n": summary.meetings, "topics": summary.topics}),
               detail={"meetings": summary.meetings, "topics": summary.topics, "seed": seed,
                       "today": today.isoformat()},
               changed=(MEETINGS,))
        return summary


#: a person at a meeting: (name, side, organisation, votes, resident id or None)
Person = tuple[str, Side, str, bool, "str | None"]


class _Builder:
    def __init__(self, uow: UnitOfWork, actor: Actor, seed: int, today: dt.date) -> None:
        self.s, self.actor, self.today = uow.session, actor, today
        self.batch = cast("Centre", Savepoints(uow))
        self.rng = random.Random(seed)
        self.counts = dict(topics=0, meetings=0, held=0, votes=0, passed=0, notices=0,
                           tasks=0)
        self.people: list[Person] = []

    # ------------------------------------------------------------------------ the year

    def fill(self) -> DemoSummary:
        self.people = self.residents()
        council = self.people[:COUNCIL]
        reps = self.people[:REPRESENTATIVES]
        self.corridors(council)
        self.chargers(reps)
        self.rubbish(reps)
        self.funds(council)
        self.greening(council)
        self.fire_lanes()
        self.lift()
        self.high_rise(reps)
        self.parking(council)
        self.latest(reps)
        c = self.counts
        return DemoSummary(c["topics"], c["meetings"], c["held"], c["votes"], c["passed"],
                           c["notices"], c["tasks"])

    def residents(self) -> list[Person]:
        """Adults living here, shuffled by the seed: the council's and the representatives'
        residents first, then the rest (proposers, the ground-floor neighbours)."""
        born_by = self.today.replace(year=self.today.year - ADULT_AGE)
        adults = {rid for rid, born in birth_dates(self.s, born_by=born_by).items()
                  if born is not None and born <= born_by}
        here = sorted(living_here(self.s, adults))
        self.rng.shuffle(here)
        names = resident_names(self.s, here)
        taken = {p[0] for p in (SECRETARY, COMMITTEE, PROPERTY, UNIT, SOCIAL, LAWYER, OWNERS)}
        out: list[Person] = []
        for rid in here:  # one name one person: a meeting's list is by name
            if names[rid] not in taken and len(out) < CHOSEN:
                taken.add(names[rid])
                out.append((names[rid], Side.RESIDENTS, "", True, rid))
        # a register too small for a year of meetings: residents not on it make up the rest
        out += [(name, Side.RESIDENTS, "", True, None) for name in MORE_RESIDENTS
                if name not in taken][:CHOSEN - len(out)]
        return out

    def day(self, days_ago: int) -> dt.date:
        """That many days before today, moved back to a weekday."""
        on = self.today - dt.timedelta(days=days_ago)
        return on - dt.timedelta(days=max(0, on.weekday() - 4))

    @staticmethod
    def staff(person: tuple[str, Side, str, bool]) -> Person:
        return (*person, None)

    @staticmethod
    def observer(person: Person) -> Person:
        """A resident who attends without a vote (列席): a proposer who explains the topic."""
        return (person[0], person[1], person[2], False, person[4])

    # ---------------------------------------------------------------------- the services

    def topic(self, title: str, category: TopicCategory, source: TopicSource, on: dt.date,
              *, proposer: Person | None = None, by: str = "", supporters: int = 0,
              description: str = "", accepted: int = 4) -> str:
        row = topics.save_topic(self.batch, actor=self.actor, today=self.today,
                                form=topics.TopicForm(
            title=title, category=category, source=source, description=description,
            proposer=proposer[0] if proposer else by,
            proposer_resident_id=proposer[4] if proposer else None,
            signed=source == TopicSource.RESIDENTS, supporters=supporters, proposed_on=on))
        self.counts["topics"] += 1
        if accepted:
            topics.move_topic(self.batch, actor=self.actor, topic_id=row.id,
                              to=TopicStage.ACCEPTED, on=on + dt.timedelta(days=accepted))
        return row.id

    def meeting(self, kind: MeetingType, title: str, on: dt.date, people: list[Person], *,
                absent: int = 1, at: str = "14:30", place: str = HALL, notice_days: int = 3,
                facilitator: str = FACILITATOR, sign_in: bool = True
                ) -> tuple[str, dict[str, str]]:
        """A meeting planned, its people invited and (for a past one) signed in: the last
        ``absent`` voting residents did not come. Returns its id and name → participant id."""
        detail = meetings.save_meeting(self.batch, actor=self.actor, today=self.today,
                                       form=meetings.MeetingForm(
            kind=kind, title=title, on=on, at=at, place=place, convenor=CONVENOR,
            facilitator=facilitator, recorder=RECORDER, notice_days=notice_days))
        mid = detail.meeting.id
        self.counts["meetings"] += 1
        ids: dict[str, str] = {}
        for name, side, org, votes, rid in people:
            row = meetings.add_participant(
                self.batch, actor=self.actor, meeting_id=mid, name=name if rid is None else "",
                side=side, organisation=org, resident_id=rid,
                role=ParticipantRole.VOTING if votes else ParticipantRole.OBSERVER)
            ids[row.name] = row.id
        if sign_in and on < self.today:
            away = [p[0] for p in people if p[1] == Side.RESIDENTS and not p[2] and p[3]
                    ][-absent:] if absent else []
            meetings.set_attendance(self.batch, actor=self.actor, meeting_id=mid,
                                    attended={pid: name not in away
                                              for name, pid in ids.items()})
            self.counts["held"] += 1
        return mid, ids

    def item(self, mid: str, on: dt.date, *, topic_id: str | None = None, title: str = "",
             planned: int = 30) -> str:
        return meetings.add_item(self.batch, actor=self.actor, meeting_id=mid, title=title,
                                 topic_id=topic_id, minutes_planned=planned,
                                 on=on - dt.timedelta(days=4)).id

    def discuss(self, item: str, summary: str, motion: str = "",
                views: tuple[tuple[str, Side, str, bool], ...] = ()) -> None:
        minutes.record_discussion(self.batch, actor=self.actor, item_id=item, summary=summary,
                                  motion=motion)
        for speaker, side, said, minority in views:
            minutes.add_view(self.batch, actor=self.actor, item_id=item, speaker=speaker,
                             side=side, said=said, minority=minority)

    def vote(self, item: str, on: dt.date, for_: int, against: int, abstain: int,
             decision: str, *, ballot: tuple[str, str] | None = None) -> None:
        result = minutes.record_vote(
            self.batch, actor=self.actor, item_id=item, on=on,
            method=VoteMethod.BALLOT if ballot else VoteMethod.HANDS, votes_for=for_,
            against=against, abstain=abstain, counter=ballot[0] if ballot else "",
            scrutineer=ballot[1] if ballot else "")
        self.counts["votes"] += 1
        self.counts["passed"] += result.passed
        minutes.record_decision(self.batch, actor=self.actor, item_id=item, decision=decision)

    def approve(self, mid: str, on: dt.date) -> None:
        minutes.approve_minutes(self.batch, actor=self.actor, meeting_id=mid,
                                now=dt.datetime.combine(on, dt.time(10, 0)).astimezone())

    def post(self, item: str, on: dt.date) -> str:
        self.counts["notices"] += 1
        return followup.post_notice(self.batch, actor=self.actor, item_id=item,
                                    objections_to=OBJECTIONS_TO, starts_on=on,
                                    today=self.today).id

    def settle(self, mid: str, item: str, on: dt.date, approved: int, posted: int) -> dt.date:
        """The minutes approved and the decision posted that many days after the meeting:
        the day the posting starts."""
        self.approve(mid, on + dt.timedelta(days=approved))
        start = on + dt.timedelta(days=posted)
        self.post(item, start)
        return start

    def task(self, item: str, what: str, owner: str, start: dt.date, assigned: int, due: int,
             progress: tuple[tuple[int, str, bool], ...] = ()) -> None:
        """A task given ``assigned`` days after ``start`` (the posting), due ``due`` days
        after it, and its progress (days after ``start``, the note, done)."""
        def after(days: int) -> dt.date:
            return start + dt.timedelta(days=days)

        tid = followup.add_task(self.batch, actor=self.actor, item_id=item, description=what,
                                owner=owner, due_on=after(due), today=after(assigned)).id
        self.counts["tasks"] += 1
        for days, note, done in progress:
            followup.update_task(self.batch, actor=self.actor, task_id=tid, note=note,
                                 done=done, on=after(days), today=self.today)

    def evaluate(self, item: str, on: dt.date, satisfied: int, fairly: int,
                 dissatisfied: int, notes: str) -> None:
        followup.evaluate(self.batch, actor=self.actor, item_id=item, satisfied=satisfied,
                          fairly=fairly, dissatisfied=dissatisfied, notes=notes, on=on,
                          today=self.today)

    def council(self, members: list[Person]) -> list[Person]:
        return [self.staff(SECRETARY), *members, self.staff(SOCIAL)]

    def four_party(self, residents: list[Person]) -> list[Person]:
        return [self.staff(SECRETARY), self.staff(COMMITTEE), *residents,
                self.staff(PROPERTY), self.staff(UNIT), self.staff(SOCIAL), self.staff(LAWYER)]

    # ------------------------------------------------------------------- the meetings

    def corridors(self, council: list[Person]) -> None:
        """楼道堆物 (safety): raised by the committee, passed, cleared, evaluated."""
        on = self.day(350)
        tid = self.topic("楼道堆物清理", TopicCategory.SAFETY, TopicSource.COMMITTEE,
                         on - dt.timedelta(days=12), by=CONVENOR,
                         description="多个单元楼道堆放纸板、旧家具和电动车，堵塞消防通道")
        mid, _ids = self.meeting(MeetingType.COUNCIL, council_title(on), on, self.council(council))
        item = self.item(mid, on, topic_id=tid)
        self.discuss(item, "居委会通报消防检查发现的楼道堆物情况，议事会成员讨论清理办法和"
                     "长效管理。", "限期两周清理楼道堆物，逾期未清理的由居委会联合物业统一清运",
                     ((council[0][0], Side.RESIDENTS, "楼道是大家的逃生通道，必须清理", False),
                      (council[1][0], Side.RESIDENTS,
                       "有些老人舍不得扔东西，要先上门做工作，不要一刀切", True)))
        self.vote(item, on, 4, 1, 0, "同意限期两周清理楼道堆物，逾期由居委会联合物业统一清运；"
                  "对独居老人上门协助整理")
        posted = self.settle(mid, item, on, 2, 3)
        self.task(item, "联合物业逐楼清理楼道堆物", CONVENOR, posted, 7, 25,
                  ((14, "已完成1—6幢，清出旧家具和纸板两车", False),
                   (22, "12幢全部清理完毕，物业每周巡查", True)))
        self.evaluate(item, posted + dt.timedelta(days=35), 31, 6, 2,
                      "楼道干净了；个别楼道又有堆放苗头，建议继续巡查")

    def chargers(self, reps: list[Person]) -> None:
        """电动车充电桩 (parking): a residents' proposal, passed by the representatives."""
        on = self.day(320)
        tid = self.topic("增设电动车集中充电桩", TopicCategory.PARKING, TopicSource.RESIDENTS,
                         on - dt.timedelta(days=25), proposer=self.people[13], supporters=36,
                         description="小区没有集中充电点，居民飞线充电、推车进楼，存在火灾隐患")
        mid, _ids = self.meeting(MeetingType.REPRESENTATIVES, quarter_title(on), on,
                                 [self.staff(SECRETARY), *reps, self.observer(self.people[13]),
                                  self.staff(PROPERTY)], absent=2, at="19:00", notice_days=5)
        item = self.item(mid, on, topic_id=tid)
        self.discuss(item, "物业介绍充电桩选址和收费方案，代表们讨论数量和位置。",
                     "在2幢、9幢北侧非机动车棚各安装20个充电口，按电量收费",
                     ((self.people[13][0], Side.RESIDENTS, "充电桩越快装越好，冬天飞线太危险",
                       False),
                      (PROPERTY[0], Side.RESOURCES, "车棚有现成电路，两个月内可以完工", False)))
        self.vote(item, on, 7, 0, 1, "同意在2幢、9幢北侧车棚安装40个充电口，由物业负责实施")
        posted = self.settle(mid, item, on, 3, 4)
        self.task(item, "安装电动车充电桩并通电验收", OWNER_PROPERTY, posted, 8, 60,
                  ((30, "2幢车棚20个充电口已安装", False),
                   (52, "9幢车棚安装完成，消防验收合格", True)))
        self.evaluate(item, posted + dt.timedelta(days=70), 40, 5, 1,
                      "充电方便了，希望再增加几个快充口")

    def rubbish(self, reps: list[Person]) -> None:
        """The rubbish point: the whole pipeline with its re-hearing (复议)."""
        proposer, below, neighbour = self.people[12], self.people[14], self.people[15]
        on = self.day(272)
        tid = self.topic("垃圾分类投放点选址", TopicCategory.ENVIRONMENT, TopicSource.RESIDENTS,
                         on - dt.timedelta(days=28), proposer=proposer, supporters=23,
                         description="3幢单元门口的垃圾投放点离住户太近，夏天异味大、蚊蝇多，"
                         "建议另选投放点")
        people = [proposer, *reps[:5], below, neighbour]
        mid, ids = self.meeting(MeetingType.FOUR_PARTY, "垃圾分类投放点选址“3+1”四方会谈", on,
                                self.four_party(people), absent=0, at="19:00", notice_days=5)
        item = self.item(mid, on, topic_id=tid, planned=60)
        self.discuss(item, "提议人说明理由，物业介绍两处备选点位，律师解读《湖州市生活垃圾分类"
                     "管理条例》，各方充分发表意见。",
                     "将垃圾分类投放点从3幢单元门口迁至5幢东侧空地",
                     ((proposer[0], Side.RESIDENTS, "现投放点紧挨3幢单元门，夏天异味大，孩子进出"
                       "不卫生，要求迁走", False),
                      (PROPERTY[0], Side.RESOURCES, "5幢东侧空地清运车进出方便，可以设置", False),
                      (below[0], Side.RESIDENTS, "我们住5幢一楼，新点位离我家窗户不到5米，"
                       "等于把问题从3幢搬到了5幢，反对", True),
                      (neighbour[0], Side.RESIDENTS, "同意一楼住户的意见，选址要离住宅远一些",
                       True),
                      (LAWYER[0], Side.PLUS_ONE, "投放点设置应当方便投放并减少对居民的影响，"
                       "选址需经业主共同决定并公示", False),
                      (SOCIAL[0], Side.PROFESSIONAL, "建议公示期间继续听取5幢住户的意见", False)))
        self.vote(item, on, 7, 2, 1, "同意将垃圾分类投放点迁至5幢东侧空地，公示七天后由物业实施")
        self.approve(mid, on + dt.timedelta(days=1))
        posted = on + dt.timedelta(days=2)
        notice = self.post(item, posted)
        objection = followup.record_objection(
            self.batch, actor=self.actor, notice_id=notice, from_name=below[0],
            text_="新投放点离5幢一楼住户窗户不到5米，气味和噪音影响生活，5幢一楼8户联名"
                  "要求重新选址", received_on=posted + dt.timedelta(days=3), today=self.today)
        followup.answer_objection(self.batch, actor=self.actor, objection_id=objection.id,
                                  answer="已收到，提交下一次居民代表会议复议，物业重新考察点位",
                                  rehearing=True)
        other = followup.record_objection(
            self.batch, actor=self.actor, notice_id=notice, text_="投放点迁走后，3幢老人倒垃圾"
            "要多走路", received_on=posted + dt.timedelta(days=4), today=self.today)
        followup.answer_objection(self.batch, actor=self.actor, objection_id=other.id,
                                  answer="新点位距3幢约80米；行动不便的老人可由楼道志愿者代投")
        # 复议 at the next quarter's representatives' meeting: another site, by ballot
        again = self.day(232)
        mid2, _ids = self.meeting(MeetingType.REPRESENTATIVES, quarter_title(again), again,
                                  [self.staff(SECRETARY), below, *reps, self.staff(PROPERTY)],
                                  absent=2, at="19:00", notice_days=5)
        item2 = self.item(mid2, again, topic_id=tid, planned=45)
        self.discuss(item2, "对公示期间5幢一楼住户的异议进行复议。物业提出新点位：5幢与6幢之间"
                     "绿化带东侧空地，距最近住宅15米以上。",
                     "垃圾分类投放点改设在5幢与6幢之间绿化带东侧空地，加装雨棚和洗手池",
                     ((below[0], Side.RESIDENTS, "新点位离住宅15米以上，我们同意", False),
                      (reps[3][0], Side.RESIDENTS, "新点位靠近地下车库出口，担心早高峰清运"
                       "堵车", True),
                      (PROPERTY[0], Side.RESOURCES, "清运安排在早上七点前，避开车库高峰",
                       False)))
        self.vote(item2, again, 7, 1, 1, "复议通过：投放点改设在5幢与6幢之间绿化带东侧空地，"
                  "加装雨棚和洗手池，清运在早上七点前完成", ballot=(COMMITTEE[0], reps[4][0]))
        self.approve(mid2, again + dt.timedelta(days=2))
        minutes.amend_minutes(self.batch, actor=self.actor, meeting_id=mid2,
                              item_id=item2, correction="第1项异议人为5幢一楼8户住户联名，"
                              "原记录写作“7户”，更正为“8户”",
                              reason="记录笔误，经核对联名信更正",
                              now=dt.datetime.combine(again + dt.timedelta(days=4),
                                                      dt.time(9, 30)).astimezone())
        posted2 = again + dt.timedelta(days=3)
        self.post(item2, posted2)
        self.task(item2, "迁移垃圾桶，建设新投放点（雨棚、洗手池）", OWNER_PROPERTY, posted2, 8, 28,
                  ((14, "新点位地坪已浇筑，雨棚材料到场", False),
                   (25, "垃圾桶已全部迁至新点位，旧点位已清洗复绿", True)))
        self.task(item2, "在新投放点和各楼道张贴分类指引和迁移告示", CONVENOR, posted2, 8, 22,
                  ((20, "告示和分类指引已张贴到12幢各单元", True),))
        self.evaluate(item2, posted2 + dt.timedelta(days=53), 28, 9, 3,
                      "新点位干净整洁，5幢住户满意；个别老人觉得远了一点")

    def funds(self, council: list[Person]) -> None:
        """公共收益使用: a tie, not passed, posted and archived."""
        on = self.day(200)
        tid = self.topic("公共收益用于更换单元门禁", TopicCategory.PUBLIC_FUNDS,
                         TopicSource.OWNERS, on - dt.timedelta(days=20), by=OWNERS[2],
                         description="拟使用小区公共收益约12万元更换12幢单元门禁系统")
        mid, _ids = self.meeting(MeetingType.COUNCIL, council_title(on), on,
                                 self.council(council) + [self.staff(OWNERS)], absent=0)
        item = self.item(mid, on, topic_id=tid)
        self.discuss(item, "业委会介绍公共收益结余和门禁报价，成员对费用和必要性意见分歧。",
                     "使用公共收益12万元更换全部单元门禁",
                     ((OWNERS[0], Side.RESIDENTS, "门禁老化，外来人员随意进出，应该换", False),
                      (council[2][0], Side.RESIDENTS, "花费太大，建议先修再换，多比几家报价",
                       False)))
        self.vote(item, on, 3, 3, 1, "未通过：请业委会重新询价、测算后再提交议事会")
        self.settle(mid, item, on, 1, 2)
        topics.move_topic(self.batch, actor=self.actor, topic_id=tid, to=TopicStage.ARCHIVED,
                          reason="表决未通过，无需落实；业委会重新询价后另行提议",
                          on=on + dt.timedelta(days=10))

    def greening(self, council: list[Person]) -> None:
        """A council without quorum: no vote, the topic put off to the next one."""
        tid = self.topic("小区绿化补种与认养", TopicCategory.ENVIRONMENT, TopicSource.RESIDENTS,
                         self.day(185), proposer=self.people[16], supporters=15)
        on = self.day(170)
        mid, _ids = self.meeting(MeetingType.COUNCIL, council_title(on), on, self.council(council),
                                 absent=3)
        item = self.item(mid, on, topic_id=tid)
        minutes.record_discussion(self.batch, actor=self.actor, item_id=item,
                                  summary="应到6人，实到3人，未达到法定人数，本次会议不作表决，"
                                  "议题延至下次议事会")
        topics.move_topic(self.batch, actor=self.actor, topic_id=tid, to=TopicStage.ACCEPTED,
                          reason="议事会未达到法定人数，延至下次议事会", on=on)
        self.approve(mid, on + dt.timedelta(days=1))
        later = self.day(140)
        mid2, _ids = self.meeting(MeetingType.COUNCIL, council_title(later), later,
                                  self.council(council) + [self.observer(self.people[16])])
        item2 = self.item(mid2, later, topic_id=tid)
        self.discuss(item2, "讨论补种品种和认养办法。", "补种桂花、红叶石楠，绿地由居民家庭认养",
                     ((self.people[16][0], Side.RESIDENTS, "认养可以让居民自己爱护绿地", False),))
        self.vote(item2, later, 5, 0, 0, "同意补种并推行绿地认养，物业提供苗木")
        posted = self.settle(mid2, item2, later, 2, 3)
        self.task(item2, "补种苗木，认养牌上墙", OWNER_PROPERTY, posted, 8, 30,
                  ((21, "补种桂花12株，认养家庭18户", True),))

    def fire_lanes(self) -> None:
        """A joint meeting (居委会, 业委会, 物业): the fire lanes kept clear."""
        on = self.day(125)
        tid = self.topic("消防通道停车整治", TopicCategory.PARKING, TopicSource.PROPERTY,
                         on - dt.timedelta(days=14), by=OWNER_PROPERTY)
        people = [self.staff(SECRETARY), self.staff(OWNERS), self.staff(PROPERTY_VOTING),
                  *self.people[:2]]
        mid, _ids = self.meeting(MeetingType.JOINT, "居委会、业委会、物业联席会议", on, people,
                                 absent=0, place="幸福邻里中心三楼会议室", at="09:30")
        item = self.item(mid, on, topic_id=tid)
        self.discuss(item, "三方通报消防通道被占情况，商定整治措施。",
                     "消防通道划黄线、设隔离桩，占道车辆先劝离、再张贴告知单")
        self.vote(item, on, 5, 0, 0, "同意划线设桩，物业每日巡查，居委会做好宣传")
        posted = self.settle(mid, item, on, 1, 2)
        self.task(item, "消防通道划黄线、安装隔离桩", OWNER_PROPERTY, posted, 8, 20,
                  ((18, "黄线和隔离桩已完成", True),))

    def lift(self) -> None:
        """A 3+1 talk about a lift for an old block: being carried out, not due yet."""
        on = self.day(100)
        who = self.people[2:7]
        tid = self.topic("3幢加装电梯协调", TopicCategory.REPAIRS, TopicSource.RESIDENTS,
                         on - dt.timedelta(days=30), proposer=who[0], supporters=11,
                         description="3幢2单元老人多，上下楼困难，申请加装电梯，低层住户有顾虑")
        mid, _ids = self.meeting(MeetingType.FOUR_PARTY, "3幢加装电梯“3+1”四方会谈", on,
                                 self.four_party(who), absent=1, at="19:00")
        item = self.item(mid, on, topic_id=tid, planned=60)
        self.discuss(item, "高层和低层住户分别说明意见，律师解读加装电梯的表决和补偿规定。",
                     "同意3幢2单元加装电梯，低层住户的补偿按楼层分摊方案执行",
                     ((who[0][0], Side.RESIDENTS, "家里老人八十多岁，下楼一次要歇三回", False),
                      (who[1][0], Side.RESIDENTS, "一楼住户采光和噪音受影响，要有补偿", True),
                      (LAWYER[0], Side.PLUS_ONE, "加装电梯需本单元业主三分之二以上参与表决、"
                       "四分之三以上同意", False)))
        self.vote(item, on, 5, 1, 0, "同意加装电梯，按楼层分摊费用并补偿一楼住户")
        posted = self.settle(mid, item, on, 2, 3)
        now = (self.today - posted).days  # due in two months, under way
        self.task(item, "办理加装电梯规划审批并开工", who[0][0], posted, 10, now + 60,
                  ((now - 20, "规划审批已提交，等待批复", False),))

    def high_rise(self, reps: list[Person]) -> None:
        """高空抛物 at the third quarter's representatives' meeting: done."""
        on = self.day(75)
        tid = self.topic("高空抛物治理：安装监控探头", TopicCategory.SAFETY,
                         TopicSource.COMMITTEE, on - dt.timedelta(days=15), by=CONVENOR)
        mid, _ids = self.meeting(MeetingType.REPRESENTATIVES, quarter_title(on), on,
                                 [self.staff(SECRETARY), *reps, self.staff(PROPERTY)],
                                 absent=1, at="19:00", notice_days=5)
        item = self.item(mid, on, topic_id=tid)
        self.discuss(item, "通报两起高空抛物事件，讨论安装仰拍探头。",
                     "在8幢、10幢、11幢安装高空抛物监控探头",
                     ((reps[5][0], Side.RESIDENTS, "装探头要注意别拍到住户家里", True),))
        self.vote(item, on, 8, 1, 0, "同意安装，探头角度经住户确认，不拍摄室内")
        posted = self.settle(mid, item, on, 2, 3)
        self.task(item, "安装高空抛物监控探头", OWNER_PROPERTY, posted, 8, 30,
                  ((25, "三幢楼探头安装调试完毕", True),))

    def parking(self, council: list[Person]) -> None:
        """A council cancelled (its topic back to 'accepted'), a 3+1 talk with one task past
        its due date, and next week's council with the parking topic on its agenda."""
        lines = self.topic("小区停车位重新划线", TopicCategory.PARKING, TopicSource.RESIDENTS,
                           self.day(70), proposer=self.people[17], supporters=20)
        on = self.day(55)
        mid, _ids = self.meeting(MeetingType.COUNCIL, council_title(on), on, self.council(council),
                                 sign_in=False)
        self.item(mid, on, topic_id=lines)
        meetings.cancel_meeting(self.batch, actor=self.actor, meeting_id=mid,
                                reason="暴雨橙色预警，会议取消，另行通知",
                                on=on - dt.timedelta(days=1))
        # the 3+1 talk on corridors and e-bikes: one task past its due date
        talk = self.day(40)
        tid = self.topic("楼道电动车充电和堆物专项整治", TopicCategory.SAFETY,
                         TopicSource.COMMITTEE, talk - dt.timedelta(days=12), by=CONVENOR)
        who = self.people[7:12]
        mid2, _ids = self.meeting(MeetingType.FOUR_PARTY, "楼道安全“3+1”四方会谈", talk,
                                  self.four_party(who), absent=1, at="19:00")
        item = self.item(mid2, talk, topic_id=tid)
        self.discuss(item, "通报电动车进楼充电引发的火情隐患，商定专项整治。",
                     "禁止电动车进楼充电，楼道堆物逐户排查",
                     ((who[0][0], Side.RESIDENTS, "充电桩已经够用，进楼充电必须禁止", False),
                      (UNIT[0], Side.RESOURCES, "城管中队可以配合联合执法", False)))
        self.vote(item, talk, 6, 0, 0, "禁止电动车进楼充电，居委会联合物业逐户排查楼道堆物")
        posted = self.settle(mid2, item, talk, 1, 2)
        self.task(item, "在各单元门口张贴禁止电动车进楼提示", OWNER_PROPERTY, posted, 0, 7,
                  ((5, "提示牌已张贴", True),))
        now = (self.today - posted).days  # due ten days ago, half done
        self.task(item, "联合物业逐户排查楼道堆物", CONVENOR, posted, 0, now - 10,
                  ((now - 20, "已排查1—7幢，8—12幢待排查", False),))
        # next week's council: its notice is still to be posted
        ahead = self.today + dt.timedelta(days=5)
        ahead -= dt.timedelta(days=max(0, ahead.weekday() - 4))
        mid3, _ids = self.meeting(MeetingType.COUNCIL, council_title(ahead), ahead,
                                  self.council(council))
        meetings.add_item(self.batch, actor=self.actor, meeting_id=mid3, topic_id=lines,
                          minutes_planned=40, on=self.today)
        meetings.add_item(self.batch, actor=self.actor, meeting_id=mid3,
                          title="春节邻里活动安排", minutes_planned=20, on=self.today)

    def latest(self, reps: list[Person]) -> None:
        """The fourth quarter's representatives' meeting: voted, its minutes still a draft."""
        on = self.day(18)
        tid = self.topic(f"{on.year + 1}年为民办实事项目征集", TopicCategory.OTHER,
                         TopicSource.COMMITTEE, on - dt.timedelta(days=14), by=CONVENOR)
        mid, _ids = self.meeting(MeetingType.REPRESENTATIVES, quarter_title(on), on,
                                 [self.staff(SECRETARY), *reps, self.staff(PROPERTY)],
                                 absent=1, at="19:00", notice_days=5)
        self.item(mid, on, title=f"通报{on.year}年垃圾分类工作情况", planned=15)
        item = self.item(mid, on, topic_id=tid)
        self.discuss(item, "代表们提出助餐点、适老化改造、非机动车棚扩建等建议。",
                     f"将助餐点延长供餐时间、适老化改造列为{on.year + 1}年为民办实事项目",
                     ((reps[6][0], Side.RESIDENTS, "非机动车棚扩建也应列入", True),))
        self.vote(item, on, 7, 1, 1, f"同意将助餐点延长供餐时间、适老化改造列为{on.year + 1}年"
                  "为民办实事项目，车棚扩建纳入明年议题")
