"""The after-school class's part of the demo centre (after the register's and the volunteers'
demos): a term running today and the one before it, two dozen children of the demo register
aged 6 to 12 with their guardians and the grandparents who collect them, the term's class days
up to yesterday, and today's day as far as the clock has gone.

- **Children**: picked from the register's residents aged 6–12 who live with a parent (a small
  register gives fewer; the register's own residents are never added to).
  Each has a guardian with a phone and one or two adults who may collect (grandparents, who
  need no phone of their own); two have an adult who must not collect (a court order); a few
  have allergies or health notes; a few of 10 or more may go home alone (written consent).
- **Enrolment** through the class's services in the order staff would: the child's record, the
  adults, the application, the decision — for the previous term (ended), then the current one
  (the safety agreement signed again when the school year turned). The current term is full:
  migrant and 留守 children wait on the waiting list, one application waits for a decision, one
  was not accepted. One grandmother stopped collecting during the term (so the home page says
  a child has too few adults who may collect).
- **Class days** from the term's first day to yesterday, each closed: the volunteers of the
  children's team on duty (their background checks recorded first when the volunteers' demo
  left none of the last year), absences confirmed with the guardian, collection from school,
  arrival, homework, hand-overs mostly to the grandparents. Now and then a late pick-up with
  the ladder's steps logged, a one-off adult confirmed by the guardian on the phone, a blocked
  adult refused. Closing the day credits the duty hours (once); hours of days older than ten
  days are then approved as staff would.
- **Today** (a class day): the list, an absence told yesterday evening, those on duty, and what
  the clock says has happened — collected at 15:40, signed in, picked up from 16:45 on, one
  child late after closing with the guardian called; closed after 19:00.

Everything goes through the services (enrolment, day, handover with ``today=``/``now=``) so the
data obeys their rules — in one unit of work: each service call is a savepoint in it
(``Savepoints``), so a refusal rolls back that call only. Only the routine of the past days (who
came, homework, the usual hand-overs) is written to the day's rows directly, each hand-over
decided by the same rule the sign-out service applies (``rules.decide_handover``).

Same seed and same day → the same children, adults and days (the dates count back from the
day the demo is loaded; ``now`` pins it)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

from sqlalchemy import func, select

from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.demo import DEFAULT_RESIDENTS, DEMO_STAFF
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.classroom import CLASSROOM, enrolment, handover
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.enrolment import (
    LEFT_BEHIND_TAG,
    AdultForm,
    ChildForm,
    TermForm,
    active_adults,
)
from neighborcenter.features.classroom.models import (
    ClassAdult,
    ClassAttendance,
    ClassChild,
    ClassDay,
    ClassDuty,
)
from neighborcenter.features.classroom.rules import (
    COLLECTORS,
    MIN_AGE_ALONE,
    AdultKind,
    DutyRole,
    EnrolmentStatus,
    Homework,
    Step,
    agreement_current,
    decide_handover,
    school_year,
)
from neighborcenter.features.classroom.rules import Adult as RuleAdult
from neighborcenter.features.classroom.settings import class_settings
from neighborcenter.features.register import REGISTER
from neighborcenter.features.register.registry import (
    ResidentRow,
    SearchFilters,
    SortKey,
    current_tags,
    get_resident,
    matching_ids,
    resident_detail,
    rows_for,
)
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.features.register.rules.terms import RegistrationType, Relation
from neighborcenter.features.volunteers import VOLUNTEERS, hours, people
from neighborcenter.features.volunteers.rules import CheckResult, ServiceCategory, check_due
from neighborcenter.i18n import N_, _
from neighborcenter.storage.models import Account
from neighborcenter.storage.uow import Savepoints, UnitOfWork

if TYPE_CHECKING:
    from neighborcenter.core.handle import Centre

#: One child of the class per this many residents (bounded below and above).
CHILD_SHARE = 70
CHILDREN_MIN, CHILDREN_MAX = 6, 30
#: The current term started this many weeks before the demo's day (a small register: fewer).
WEEKS_GONE, WEEKS_GONE_SMALL, SMALL_REGISTER = 8, 2, 300
#: Hours of the last days keep waiting for approval (as the volunteers' and visits' demos).
PENDING_DAYS = 10
RECORDER = DEMO_STAFF[0][0]  # the social worker: on duty some days, takes guardians' calls
SCHOOLS = ("爱山小学", "湖州市红旗路小学", "湖州市东风小学")
GRADES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱胡沈钱姚陆潘金施"
GIVEN_ELDER = {"M": ("建国", "德明", "国强", "永福", "金根"),
               "F": ("桂兰", "秀英", "凤英", "玉珍", "美华")}
GIVEN_PARENT = {"M": ("伟", "强", "磊", "军", "斌", "海峰"),
                "F": ("丽", "静", "娟", "敏", "芳", "晓燕")}
HEALTH = (("花生过敏", "误食后皮肤红肿，需立即联系家长"),
          ("", "哮喘，书包里有喷雾，剧烈运动后注意"),
          ("芒果过敏", ""),
          ("", "蚕豆病（G6PD缺乏），禁食蚕豆及其制品"))
BLOCKS = (("赵大强", "法院人身安全保护令（2025）浙0502民保令3号：禁止接近孩子"),
          ("钱志明", "父母离异，法院判决由母亲抚养；父亲不得单独接走孩子"))
ABSENCES = ("发烧请假", "感冒咳嗽", "家里有事", "去外婆家", "学校排练节目", "牙科复诊")
HOMEWORK_NOTES = ("数学口算没写完，请家长督促", "语文生字已听写，错两个", "英语要背课文",
                  "作文写了一半", "")
LATE_NOTES = ((Step.CALL_GUARDIAN, "监护人说在路上，堵车"),
              (Step.CALL_EMERGENCY, "联系紧急联系人，说马上到"),
              (Step.ESCALATE, "联系不上家长，已报告社区值班人员"))
ONE_OFF = (("张阿姨", "邻居", "妈妈加班，电话确认由邻居张阿姨接"),
           ("刘叔叔", "舅舅", "奶奶去医院复查，妈妈电话确认由舅舅接"),
           ("陈老师", "家教老师", "家长出差，电话确认由家教老师接去上课"),
           ("周阿姨", "同学家长", "爸爸晚到，电话确认先随同学妈妈回家"))


@dataclass(frozen=True)
class DemoSummary:
    children: int  # on the class's list
    accepted: int  # in the current term
    waiting: int
    applied: int  # waiting for a decision
    terms: int
    days: int  # class days before today (closed)
    came: int  # children who came, over those days
    absences: int
    late: int  # collected after the ladder's first step
    phone_confirmed: int  # collected by an adult not on the list, the guardian having called
    refused: int  # a blocked adult turned away
    here_now: int  # today, when the demo was loaded
    duty_hours_pending: int = 0  # volunteers' hours records still waiting for approval
    duty_hours_approved: int = 0

    def describe(self, path: object) -> str:
        return _("After-school class: {children} children ({accepted} in this term, {waiting} "
                 "on the waiting list, {applied} waiting for a decision); {days} class days "
                 "with {came} attendances and {absences} absences, {late} late pick-ups, "
                 "{phone} collected after a guardian's call, {refused} blocked adult refused; "
                 "{here} children here now; {approved} duty hours records approved, {pending} "
                 "awaiting approval.").format(
            children=self.children, accepted=self.accepted, waiting=self.waiting,
            applied=self.applied, days=self.days, came=self.came, absences=self.absences,
            late=self.late, phone=self.phone_confirmed, refused=self.refused,
            here=self.here_now, approved=self.duty_hours_approved,
            pending=self.duty_hours_pending)


def load_demo_data(centre: Centre, *, actor: Actor, residents: int = DEFAULT_RESIDENTS,
                   seed: int = 1, now: dt.datetime | None = None) -> DemoSummary:
    """Add the class to a centre that has no children in it yet (after the register's and the
    volunteers' demos). Two units of work: the class (one DEMO entry beside those of the
    services it calls), then the approval of its older duty hours."""
    for need in (Permission.MANAGE_CLASS, Permission.RUN_CLASS, Permission.EDIT_REGISTER,
                 Permission.EDIT_VOLUNTEERS, Permission.APPROVE_HOURS):
        actor.require(need)
    now = days.now_or(now)
    team = _children_team(centre, actor)
    filled = _load(centre, actor=actor, residents=residents, seed=seed, now=now, team=team)
    ours = set(filled.activities)
    waiting = [p for p in hours.approval_queue(centre, actor=actor) if p.activity_id in ours]
    cutoff = now.date() - dt.timedelta(days=PENDING_DAYS)
    older = [p.record_id for p in waiting if p.on < cutoff]
    approved = hours.approve_hours(centre, actor=actor, record_ids=older).records \
        if older else 0
    return replace(filled.summary, duty_hours_approved=approved,
                   duty_hours_pending=len(waiting) - approved)


def _children_team(centre: Centre, actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of the members of the volunteers' children's team (湖小师), leaders first."""
    teams = [t for t in people.list_teams(centre, actor=actor)
             if t.category == ServiceCategory.CHILDREN]
    teams.sort(key=lambda t: t.name)
    out: list[tuple[str, str]] = []
    for t in teams:
        out += [(m.volunteer_id, m.name) for m in
                people.team_members(centre, actor=actor, team_id=t.id)
                if m.volunteer_id not in {v for v, _n in out}]
    return out


@dataclass
class _Filled:
    summary: DemoSummary
    activities: list[str] = field(default_factory=list)


@writes
def _load(uow: UnitOfWork, *, actor: Actor, residents: int, seed: int, now: dt.datetime,
          team: list[tuple[str, str]]) -> _Filled:
    with uow:
        s = uow.session
        if s.scalar(select(func.count()).select_from(ClassChild)):
            raise ValidationError(_("This database already has children in the after-school "
                                    "class; demo children go only into a centre without any."))
        filled = _Builder(uow, actor, seed, now, residents).fill(team)
        summary = filled.summary
        finish(uow, actor, AuditAction.DEMO,
               summary=Msg(N_("Demo data loaded: {n} children in the after-school class, "
                              "{days} class days"),
                           args={"n": summary.children, "days": summary.days}),
               detail={"children": summary.children, "days": summary.days, "seed": seed,
                       "now": now.isoformat()},
               changed=(CLASSROOM, VOLUNTEERS, REGISTER))
        return filled


# ------------------------------------------------------------------------------ people


@dataclass
class _Adult:
    kind: AdultKind
    name: str
    relation: str
    phone: str = ""
    reason: str = ""


@dataclass
class _Child:
    resident_id: str
    name: str
    sex: str
    age: int
    migrant: bool
    left_behind: bool
    guardian: _Adult
    pickups: list[_Adult]
    school: str = ""
    grade: str = ""
    class_name: str = ""
    child_id: str = ""
    form: ChildForm | None = None
    born: dt.date | None = None
    alone: bool = False  # may go home alone (written consent, 8 or older)
    blocked: _Adult | None = None


def at(on: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(hour, minute)).astimezone()


def term_name(starts: dt.date) -> str:
    if 2 <= starts.month <= 6:
        return f"{starts.year}年春季学期"
    if starts.month in (7, 8):
        return f"{starts.year}年暑期班"
    return f"{starts.year if starts.month >= 9 else starts.year - 1}年秋季学期"


def holidays(first: dt.date, last: dt.date) -> list[dt.date]:
    """The public holidays (fixed days) between two dates: no class."""
    out = []
    for year in range(first.year, last.year + 1):
        fixed = [dt.date(year, 1, 1)] + [dt.date(year, 5, d) for d in range(1, 6)] + \
            [dt.date(year, 10, d) for d in range(1, 8)]
        out += [d for d in fixed if first <= d <= last]
    return out


class _Builder:
    def __init__(self, uow: UnitOfWork, actor: Actor, seed: int, now: dt.datetime,
                 residents: int) -> None:
        self.uow, self.s, self.actor, self.now = uow, uow.session, actor, now
        self.today = now.date()
        self.batch = cast("Centre", Savepoints(uow))
        self.rng = random.Random(f"classroom-{seed}-{self.today.isoformat()}")
        self.residents = residents
        self.settings = class_settings(self.s)
        weeks = WEEKS_GONE if residents >= SMALL_REGISTER else WEEKS_GONE_SMALL
        monday = self.today - dt.timedelta(days=self.today.weekday())
        self.starts = monday - dt.timedelta(weeks=weeks)
        self.ends = self.starts + dt.timedelta(weeks=20, days=-3)
        self.prev_ends = self.starts - dt.timedelta(days=17)
        self.prev_starts = self.prev_ends - dt.timedelta(weeks=18, days=-3)
        self.counts: dict[str, int] = dict.fromkeys(
            ("came", "absences", "late", "phone", "refused", "days"), 0)
        self.staff = RECORDER if self.s.scalar(select(Account.id).where(
            Account.username == RECORDER, Account.archived_at.is_(None))) else None
        self.staff_name = self.s.scalar(select(Account.display_name).where(
            Account.username == (self.staff or actor.username))) or actor.display_name

    # ------------------------------------------------------------------------ names

    def person_name(self, family: str, sex: str, given: Mapping[str, tuple[str, ...]]) -> str:
        return family + self.rng.choice(given[sex])

    def phone(self) -> str:
        prefix = self.rng.choice(("138", "139", "135", "137", "150", "158", "187", "189"))
        return f"{prefix}{self.rng.randint(0, 99_999_999):08d}"

    # ----------------------------------------------------------------------- children

    def candidates(self) -> list[ResidentRow]:
        """Residents aged 6–12 today, youngest first pages until the ages pass 12."""
        s = self.s
        ids = matching_ids(s, "", SearchFilters(), sort=SortKey.AGE)
        out: list[ResidentRow] = []
        for start in range(0, len(ids), 500):
            rows = rows_for(s, ids[start:start + 500])
            for r in rows:
                age = age_on(r.birth_date, self.today)
                if age is not None and 6 <= age <= 12:
                    out.append(r)
            if any((age_on(r.birth_date, self.today) or 0) > 12 for r in rows):
                break
        return sorted(out, key=lambda r: r.id)

    def family_of(self, child: ResidentRow, tags: dict[str, dict[str, str | None]]
                  ) -> _Child | None:
        """The child with a guardian and those who may collect, from their household (a
        parent with a phone; grandparents collect). None: no parent lives with them."""
        detail = resident_detail(self.batch, actor=self.actor, resident_id=child.id)
        r = get_resident(self.s, child.id)
        members = [m for m in detail.household_members if m.id != child.id]
        by = {m.relation: m for m in members if m.relation is not None}
        sex = child.sex or "M"
        grandchild = child.relation in (Relation.GRANDSON, Relation.GRANDDAUGHTER)
        if child.relation in (Relation.SON, Relation.DAUGHTER):
            parents = [(by.get(Relation.SPOUSE), "母亲"), (by.get(Relation.HEAD), "父亲")]
            elders = [(by.get(Relation.MOTHER), "奶奶"), (by.get(Relation.FATHER), "爷爷")]
        elif grandchild:
            parents = []
            head = by.get(Relation.HEAD)
            spouse = by.get(Relation.SPOUSE)
            elders = [(spouse, "奶奶" if spouse and spouse.sex == "F" else "爷爷"),
                      (head, "爷爷" if head and head.sex == "M" else "奶奶")]
        else:
            return None
        guardian = None
        for m, relation in parents:
            if m is None or (m.age or 0) < 20:
                continue
            phone = get_resident(self.s, m.id).phone or ""
            if phone.startswith("1") and len(phone) == 11:
                guardian = _Adult(AdultKind.GUARDIAN, m.name, relation, phone)
                break
        if guardian is None and not grandchild:
            return None
        left_behind = LEFT_BEHIND_TAG in tags.get(child.id, {})
        if guardian is None:  # the parents work elsewhere: the grandparents look after them
            left_behind = True
            guardian = _Adult(AdultKind.GUARDIAN, self.person_name(
                r.family_name, "F", GIVEN_PARENT), "母亲", self.phone())
        pickups = [_Adult(AdultKind.PICKUP, m.name, relation) for m, relation in elders
                   if m is not None]
        if not pickups:  # the grandmother on the mother's side, not on the register
            pickups.append(_Adult(AdultKind.PICKUP, self.person_name(
                self.rng.choice(SURNAMES), "F", GIVEN_ELDER), "外婆"))
        pickups = pickups[:self.rng.choice((1, 2, 2))]
        other = next((m for m, relation in parents if m is not None and m.name != guardian.name
                      and (m.age or 0) >= 20), None)
        if len(pickups) == 1 and other is not None and self.rng.random() < 0.5:
            phone = get_resident(self.s, other.id).phone or ""
            relation = "父亲" if guardian.relation == "母亲" else "母亲"
            pickups.append(_Adult(AdultKind.PICKUP, other.name, relation,
                                  phone if phone.startswith("1") and len(phone) == 11 else ""))
        age = age_on(child.birth_date, self.today) or 6
        grade = max(0, min(5, age - 6 + (1 if self.today.month >= 9 else 0) - 1))
        return _Child(child.id, child.name, sex, age,
                      migrant=r.registration_type == RegistrationType.MIGRANT,
                      left_behind=left_behind, guardian=guardian, pickups=pickups,
                      school=r.workplace if r.workplace and r.workplace.endswith("小学")
                      else self.rng.choice(SCHOOLS),
                      grade=GRADES[grade], class_name=f"{self.rng.randint(1, 4)}班",
                      born=child.birth_date)

    def children(self) -> list[_Child]:
        wanted = max(CHILDREN_MIN, min(CHILDREN_MAX, self.residents // CHILD_SHARE))
        rows = self.candidates()
        self.rng.shuffle(rows)
        tags = current_tags(self.s, self.today, [r.id for r in rows])
        out: list[_Child] = []
        for r in rows:
            if len(out) >= wanted:
                break
            c = self.family_of(r, tags)
            if c is not None:
                out.append(c)
        return out  # a small register has fewer: the class takes the children it has

    # ---------------------------------------------------------------------- enrolment

    def terms(self) -> tuple[str, str]:
        prev_name, name = term_name(self.prev_starts), term_name(self.starts)
        if prev_name == name:
            prev_name = f"{prev_name}（{self.prev_starts.month}月起）"
        prev = enrolment.save_term(self.batch, actor=self.actor, form=TermForm(
            name=prev_name, starts_on=self.prev_starts, ends_on=self.prev_ends,
            closed_days=",".join(d.isoformat() for d in holidays(self.prev_starts,
                                                                  self.prev_ends)),
            places=30, notes="上学期：每周一至周五放学后"))
        return prev, self.current_term(name)

    def current_term(self, name: str) -> str:
        closed = holidays(self.starts, self.ends)
        # a training day of the volunteers, the third Thursday of the term
        closed.append(self.starts + dt.timedelta(days=17))
        self.term_form = TermForm(
            name=name, starts_on=self.starts, ends_on=self.ends,
            closed_days=",".join(d.isoformat() for d in closed), places=30,
            notes="每周一至周五 15:30–17:30；学校放学后由志愿者统一接回")
        return enrolment.save_term(self.batch, actor=self.actor, form=self.term_form)

    def record(self, c: _Child, on: dt.date, *, health: tuple[str, str] = ("", "")) -> None:
        """The child's record and adults, as entered when the guardian applied on ``on``."""
        c.form = ChildForm(
            resident_id=c.resident_id, school=c.school, grade=c.grade, class_name=c.class_name,
            migrant=c.migrant, allergies=health[0], health_notes=health[1],
            may_leave_alone=c.alone, consent_on=on, consent_by=c.guardian.name,
            safety_agreement_on=on, notes="")
        c.child_id = enrolment.save_child(self.batch, actor=self.actor, form=c.form, today=on)
        for a in [c.guardian, *c.pickups] + ([c.blocked] if c.blocked else []):
            enrolment.add_adult(self.batch, actor=self.actor, child_id=c.child_id,
                                form=AdultForm(kind=a.kind, name=a.name, relation=a.relation,
                                               phone=a.phone, reason=a.reason), today=on)

    def sign_again(self, c: _Child, on: dt.date, needed_on: dt.date | None = None) -> None:
        """The safety agreement signed again on ``on``, unless the one signed is good for
        ``needed_on`` (that day by default)."""
        assert c.form is not None
        signed = c.form.safety_agreement_on
        if isinstance(signed, dt.date) and agreement_current(signed, needed_on or on):
            return
        c.form = replace(c.form, safety_agreement_on=on)
        enrolment.save_child(self.batch, actor=self.actor, form=c.form, child_id=c.child_id,
                             today=on)

    def enrol(self, c: _Child, term_id: str, applied: dt.date, status: EnrolmentStatus | None,
              decided: dt.date, reason: str = "") -> str:
        eid = enrolment.apply(self.batch, actor=self.actor, child_id=c.child_id,
                              term_id=term_id, applied_on=applied, applied_by=c.guardian.name,
                              today=applied)
        if status is not None:
            enrolment.decide(self.batch, actor=self.actor, enrolment_id=eid, status=status,
                             reason=reason, today=decided)
        return eid

    def enrolments(self, kids: list[_Child]) -> tuple[list[_Child], dict[str, int]]:
        """Who is accepted in the current term (it is full), who waits, who applied."""
        r = self.rng
        n = len(kids)
        waiting_n = max(1, round(n * 0.12))
        applied_n = 1
        declined_n = 1 if n >= 10 else 0
        accepted_n = n - waiting_n - applied_n - declined_n
        # the waiting list: migrant and 留守 children first on it
        kids.sort(key=lambda c: c.migrant or c.left_behind)  # stable: the seeded order
        accepted, rest = kids[:accepted_n], kids[accepted_n:]
        waiting, rest = rest[-waiting_n:], rest[:-waiting_n]
        applied, declined = rest[:applied_n], rest[applied_n:]
        r.shuffle(accepted)
        # who may go home alone, who has health notes, who has an adult who must not collect
        for c in [c for c in accepted if c.age >= 10][:3]:
            c.alone = True
        for c, block in zip(accepted[3:3 + len(BLOCKS)], BLOCKS, strict=False):
            c.blocked = _Adult(AdultKind.BLOCKED, block[0], "", reason=block[1])
        health = dict(zip((c.resident_id for c in accepted[-len(HEALTH):]), HEALTH,
                          strict=False))
        prev, current = self.terms()
        prev_applied = self.prev_starts - dt.timedelta(days=r.randint(14, 21))
        cur_applied = self.starts - dt.timedelta(days=r.randint(14, 21))
        newcomers = accepted[-2:] if len(accepted) > 6 else []
        for c in accepted:
            if c in newcomers:
                self.record(c, cur_applied, health=health.get(c.resident_id, ("", "")))
            else:
                self.record(c, prev_applied, health=health.get(c.resident_id, ("", "")))
                self.enrol(c, prev, prev_applied, EnrolmentStatus.ACCEPTED,
                           prev_applied + dt.timedelta(days=5))
                self.sign_again(c, cur_applied)
            self.enrol(c, current, cur_applied, EnrolmentStatus.ACCEPTED,
                       cur_applied + dt.timedelta(days=5))
        self.renewals(accepted)
        # the term is full: the places are those accepted
        enrolment.save_term(self.batch, actor=self.actor, term_id=current,
                            form=replace(self.term_form, places=max(1, len(accepted))))
        late_apply = min(self.today, self.starts + dt.timedelta(days=3))
        for c in waiting:
            if not (c.migrant or c.left_behind):
                c.migrant = True  # 随迁子女: came with their parents to work here
            self.record(c, late_apply)
            self.enrol(c, current, late_apply, EnrolmentStatus.WAITING, late_apply,
                       "名额已满，候补")
        for c in declined:
            self.record(c, late_apply)
            self.enrol(c, current, late_apply, EnrolmentStatus.DECLINED, late_apply,
                       "名额已满；家中有老人全天照看，不符合优先条件")
        for c in applied:  # yesterday's application, not decided yet
            on = max(self.starts, self.today - dt.timedelta(days=1))
            self.record(c, on)
            self.enrol(c, current, on, None, on)
        return accepted, {"accepted": len(accepted), "waiting": len(waiting),
                          "applied": len(applied)}

    def renewals(self, accepted: list[_Child]) -> None:
        """The school year turned during the term (or turns this summer): the safety
        agreements signed again from July — all but two of them once September has come (the
        home page names those two), half of them while it is still July or August."""
        start = dt.date(school_year(self.today)[0].year, 7, 1)
        if 7 <= self.today.month <= 8:  # the coming school year
            start = dt.date(self.today.year, 7, 1)
            coming = dt.date(self.today.year, 9, 1)
            signing = accepted[: len(accepted) // 2]
        else:
            coming = self.today
            signing = accepted[2:]
        first = max(start, self.starts)
        if first > self.today:
            return
        for c in signing:
            on = first + dt.timedelta(days=self.rng.randint(0, (self.today - first).days))
            self.sign_again(c, on, needed_on=coming)

    # --------------------------------------------------------------------------- duty

    def cleared(self, team: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The team's volunteers with a clear check current from the term's first day to
        today — a check recorded now, before the term, for those whose last is too old."""
        out = []
        for n, (vid, name) in enumerate(team[:6]):
            last = people.latest_check(self.s, vid)
            ok = last is not None and last.result == CheckResult.CLEAR and not check_due(
                last.checked_on, self.starts) and not check_due(last.checked_on, self.today)
            if not ok:
                checked = self.starts - dt.timedelta(days=self.rng.randint(7, 25))
                people.record_background_check(
                    self.batch, actor=self.actor, volunteer_id=vid,
                    checked_on=checked.isoformat(), result=CheckResult.CLEAR,
                    reference=f"湖公（吴）无犯罪证明{checked.year}-{300 + n}")
            out.append((vid, name))
        return out

    def duty(self, on: dt.date, volunteers: list[tuple[str, str]], k: int, *,
             direct: bool = False) -> list[str]:
        """Two volunteers (the escort and a tutor), the social worker twice a week; the names
        of those on duty. ``direct``: a past day's duty rows written here, each volunteer
        checked by the rule ``add_duty`` applies (a current, clear background check)."""
        names = []
        wanted: list[tuple[DutyRole, str | None, str | None, int]] = []
        if volunteers:
            pair = dict([volunteers[k % len(volunteers)],
                         volunteers[(k + 1) % len(volunteers)]])
            for (volunteer, who), role in zip(pair.items(),
                                              (DutyRole.ESCORT, DutyRole.TUTOR), strict=False):
                wanted.append((role, volunteer, None, self.settings.duty_minutes))
                names.append(who)
        if self.staff and (not volunteers or on.weekday() in (1, 3)):
            wanted.append((DutyRole.STAFF, None, self.staff, 120))
            names.append(self.staff_name)
        d = days.class_day(self.s, on) if direct else None
        for role, vid, staff, minutes in wanted:
            if d is None:
                days.add_duty(self.batch, actor=self.actor, on=on, role=role,
                              volunteer_id=vid, staff_username=staff, minutes=minutes)
                continue
            if vid:
                days._check_clear(self.s, vid, on)  # the rule add_duty applies
            self.s.add(ClassDuty(day_id=d.id, volunteer_id=vid, staff_username=staff,
                                 role=role, minutes=minutes))
        return names or [self.actor.display_name]

    # ------------------------------------------------------------------- a past day

    def past_day(self, on: dt.date, kids: dict[str, _Child], volunteers: list[tuple[str, str]],
                 k: int, specials: dict[str, list[tuple[dt.date, str]]]) -> None:
        s, r = self.s, self.rng
        d = days.class_day(s, on)
        on_duty = self.duty(on, volunteers, k, direct=True)
        escort = on_duty[0]
        closing = days.closing_of(d)
        place = {cid: n for n, cid in enumerate(kids)}  # the children in a seeded order
        rows = sorted(s.scalars(select(ClassAttendance).where(ClassAttendance.day_id == d.id)),
                      key=lambda a: place.get(a.child_id, len(place)))
        special = {cid: what for cid, items in specials.items() for x, what in items
                   if x == on}
        later: list[tuple[ClassAttendance, _Child, str]] = []
        last_out = closing
        adults = self.adults_on(on)
        for a in rows:
            c = kids.get(a.child_id)
            if c is None:
                continue
            if a.child_id not in special and r.random() < 0.04:
                a.absent, a.absence_reason = True, r.choice(ABSENCES)
                a.absence_confirmed_with = c.guardian.name
                a.recorded_by = self.actor.username
                self.counts["absences"] += 1
                continue
            self.counts["came"] += 1
            if r.random() < 0.93:
                a.collected_at = at(on, 15, r.choice((35, 38, 40, 42)))
                a.collected_by = escort
                a.arrived_at = a.collected_at + dt.timedelta(minutes=r.randint(10, 15))
            else:  # brought by a grandparent
                a.arrived_at = at(on, 16, r.randint(0, 20))
            a.homework = r.choices((Homework.DONE, Homework.PARTLY, Homework.NOT_DONE),
                                   (75, 15, 10))[0]
            if a.homework != Homework.DONE or r.random() < 0.1:
                a.homework_note = r.choice(HOMEWORK_NOTES)
            a.recorded_by = self.actor.username
            if a.child_id in special:
                later.append((a, c, special[a.child_id]))
                continue
            with s.no_autoflush:
                left = self.routine_out(a, c, on, on_duty, adults.get(c.child_id, []))
            last_out = max(last_out, left)
        s.flush()
        for a, c, what in later:
            last_out = max(last_out, self.special_out(a, c, on, what, on_duty))
        days.close_day(self.batch, actor=self.actor, on=on,
                       now=max(at(on, 18, 5), last_out + dt.timedelta(minutes=10)))
        self.counts["days"] += 1

    def adults_on(self, on: dt.date) -> dict[str, list[RuleAdult]]:
        """Child id → the adults on their list that day (as ``active_adults`` has them), in
        one query for the day."""
        out: dict[str, list[RuleAdult]] = {}
        for x in self.s.scalars(select(ClassAdult).where(
                ClassAdult.archived_at.is_(None), ClassAdult.valid_from <= on,
                (ClassAdult.valid_to.is_(None)) | (ClassAdult.valid_to > on))
                .order_by(ClassAdult.kind, ClassAdult.created_at)):
            out.setdefault(x.child_id, []).append(RuleAdult(x.id, x.kind, x.name, x.relation))
        return out

    def routine_out(self, a: ClassAttendance, c: _Child, on: dt.date, on_duty: list[str],
                    adults: list[RuleAdult]) -> dt.datetime:
        """The usual hand-over: to a grandparent or the guardian on the list that day (or
        alone, with the written consent), decided by the hand-over rule."""
        r = self.rng
        may = [x for x in adults if x.kind in COLLECTORS]
        left = at(on, 16, 45) + dt.timedelta(minutes=r.choices(
            (r.randint(0, 44), r.randint(45, 64)), (90, 10))[0])
        age = age_on(c.born, on)  # on that day, as the sign-out service counts it
        alone = c.alone and (age or 0) >= MIN_AGE_ALONE and r.random() < 0.3
        weights = [3 if x.kind == AdultKind.PICKUP else 2 for x in may]
        chosen = r.choices(may, weights)[0] if may else None
        decided = decide_handover(adults=adults, adult_name=chosen.name if chosen else "",
                                  age=age, alone=alone, may_leave_alone=c.alone)
        a.left_at, a.left_alone = left, decided.alone
        if decided.adult is not None:
            a.adult_id, a.adult_name = decided.adult.id, decided.adult.name
            a.adult_relation = decided.adult.relation
        a.handed_by = r.choice(on_duty)
        return left

    def special_out(self, a: ClassAttendance, c: _Child, on: dt.date, what: str,
                    on_duty: list[str]) -> dt.datetime:
        """Through the hand-over services: a late pick-up with the ladder's steps, an adult
        not on the list after the guardian's call, a blocked adult refused."""
        r = self.rng
        closing = self.settings.closing_on(on)
        guardian = c.guardian.name
        if what == "refused" and c.blocked is not None:
            try:
                handover.sign_out(self.batch, actor=self.actor, attendance_id=a.id,
                                  adult=c.blocked.name, handed_by=on_duty[0],
                                  now=at(on, 17, 2))
            except ValidationError:
                self.counts["refused"] += 1
            handover.log_step(self.batch, actor=self.actor, attendance_id=a.id,
                              step=Step.NOTE, note="已电话告知监护人和社工，监护人赶来接走",
                              now=at(on, 17, 8))
            left = at(on, 17, 26)
            handover.sign_out(self.batch, actor=self.actor, attendance_id=a.id, adult=guardian,
                              handed_by=on_duty[-1], at=left, now=left)
            return left
        if what == "phone":
            who, relation, reason = r.choice(ONE_OFF)
            left = at(on, 17, r.randint(5, 28))
            handover.sign_out(self.batch, actor=self.actor, attendance_id=a.id, adult=who,
                              confirmed_by=self.staff_name, relation=relation, reason=reason,
                              handed_by=on_duty[0], at=left, now=left)
            self.counts["phone"] += 1
            return left
        # late: the ladder as far as the pick-up
        escalate = what == "escalate"
        steps = self.settings.ladder
        # each step is logged up to 3 minutes after it is due: the pick-up comes 5 or more
        # minutes after the last step it passes, so that step is always in the record
        late = steps[Step.CALL_EMERGENCY] + r.randint(5, 12) if not escalate \
            else steps[Step.ESCALATE] + r.randint(10, 20)
        if what == "late_short":
            late = steps[Step.CALL_GUARDIAN] + r.randint(5, 12)
        left = closing + dt.timedelta(minutes=late)
        for step, note in LATE_NOTES:
            due = closing + dt.timedelta(minutes=steps[step] + r.randint(0, 3))
            if due >= left or (step == Step.ESCALATE and not escalate):
                break
            handover.log_step(self.batch, actor=self.actor, attendance_id=a.id, step=step,
                              note=note, now=due)
        handover.sign_out(self.batch, actor=self.actor, attendance_id=a.id, adult=guardian,
                          handed_by=on_duty[-1], at=left, now=left)
        self.counts["late"] += 1
        return left

    def plan_specials(self, accepted: list[_Child], class_days: list[dt.date]
                      ) -> dict[str, list[tuple[dt.date, str]]]:
        """Which child on which day is collected late, by someone else, or has a blocked
        adult come: child id → [(day, what)]."""
        r = self.rng
        out: dict[str, list[tuple[dt.date, str]]] = {}
        if not class_days or not accepted:
            return out
        busy: set[tuple[str, dt.date]] = set()

        def put(c: _Child, what: str, on: dt.date | None = None) -> None:
            on = on or r.choice(class_days)
            if (c.child_id, on) in busy:
                return
            busy.add((c.child_id, on))
            out.setdefault(c.child_id, []).append((on, what))

        scale = max(1, len(class_days) // 8)
        for _n in range(scale):
            put(r.choice(accepted), "late")
            put(r.choice(accepted), "late_short")
            put(r.choice(accepted), "phone")
        put(r.choice(accepted), "escalate")
        blocked = [c for c in accepted if c.blocked is not None]
        if blocked:
            put(blocked[0], "refused", class_days[len(class_days) // 2])
        return out

    # -------------------------------------------------------------------------- today

    def today_day(self, accepted: list[_Child], volunteers: list[tuple[str, str]], k: int
                  ) -> int:
        """Today as far as the clock has gone; how many children are here now."""
        s, r, on, now = self.s, self.rng, self.today, self.now
        if days.why_no_class(enrolment.term_on(s, on), on) is not None:
            return 0
        d = days.class_day(s, on)
        on_duty = self.duty(on, volunteers, k)
        kids = {c.child_id: c for c in accepted}
        place = {cid: n for n, cid in enumerate(kids)}  # the children in a seeded order
        rows = sorted((a for a in s.scalars(select(ClassAttendance).where(
            ClassAttendance.day_id == d.id)) if a.child_id in kids),
            key=lambda a: place[a.child_id])
        if not rows:
            return 0
        absent = rows[0]
        days.mark_absent(self.batch, actor=self.actor, on=on, child_id=absent.child_id,
                         reason="发烧，在家休息",
                         confirmed_with=kids[absent.child_id].guardian.name,
                         now=at(on - dt.timedelta(days=1), 20, 10))  # told the evening before
        came = rows[1:]
        walked = came[:1]  # brought by the grandmother at 16:05
        escorted = [a.child_id for a in came[1:]]
        collected_at, arrived_at = at(on, 15, 40), at(on, 15, 52)
        if now >= collected_at and escorted:
            days.collect(self.batch, actor=self.actor, on=on, child_ids=escorted,
                         by=on_duty[0], at="15:40", now=now)
        if now >= arrived_at and escorted:
            days.arrive(self.batch, actor=self.actor, on=on, child_ids=escorted, at="15:52",
                        now=now)
        if now >= at(on, 16, 5) and walked:
            days.arrive(self.batch, actor=self.actor, on=on,
                        child_ids=[a.child_id for a in walked], at="16:05", now=now)
        here = [a for a in came if a.arrived_at is not None or a.collected_at is not None]
        if now >= at(on, 17):
            for a in here:
                if r.random() < 0.8:
                    days.set_homework(self.batch, actor=self.actor, attendance_id=a.id,
                                      homework=r.choices((Homework.DONE, Homework.PARTLY),
                                                         (85, 15))[0])
        closing = days.closing_of(d)
        late_one = here[-1] if len(here) >= 3 else None
        for a in here:
            c = kids[a.child_id]
            if a is late_one:
                continue
            pick = at(on, 16, 45) + dt.timedelta(minutes=r.choices(
                (r.randint(0, 44), r.randint(45, 64)), (85, 15))[0])
            if pick > now or a.arrived_at is None:
                continue
            may = [x for x in active_adults(s, c.child_id, on) if x.kind in COLLECTORS]
            who = r.choice(may).name
            handover.sign_out(self.batch, actor=self.actor, attendance_id=a.id, adult=who,
                              handed_by=r.choice(on_duty), at=pick, now=now)
        if late_one is not None and late_one.arrived_at is not None:
            call = closing + dt.timedelta(minutes=self.settings.ladder[Step.CALL_GUARDIAN] + 2)
            if now >= call:
                handover.log_step(self.batch, actor=self.actor, attendance_id=late_one.id,
                                  step=Step.CALL_GUARDIAN, note="监护人说还在加班，尽快赶来",
                                  now=call)
            pick = closing + dt.timedelta(minutes=65)
            if now >= pick:
                handover.sign_out(self.batch, actor=self.actor, attendance_id=late_one.id,
                                  adult=kids[late_one.child_id].guardian.name,
                                  handed_by=on_duty[-1], at=pick, now=now)
        s.flush()
        view = days.build_view(s, d, now)
        if now >= at(on, 19) and not view.still_here:
            days.close_day(self.batch, actor=self.actor, on=on, now=now)
        return len(view.still_here)

    # --------------------------------------------------------------------------- all

    def fill(self, team: list[tuple[str, str]]) -> _Filled:
        s = self.s
        kids = self.children()
        # the children's register rows stay in the session's identity map (it holds them
        # weakly): every view of a day reads them again
        self.keep: list[object] = [get_resident(s, c.resident_id) for c in kids]
        accepted, counts = self.enrolments(kids)
        self.keep += [enrolment.get_child(s, c.child_id) for c in kids]
        volunteers = self.cleared(team)
        by_id = {c.child_id: c for c in accepted}
        class_days = []
        on = self.starts
        while on < self.today:
            if days.why_no_class(enrolment.term_on(s, on), on) is None:
                class_days.append(on)
            on += dt.timedelta(days=1)
        specials = self.plan_specials(accepted, class_days[1:])
        # a grandmother stops collecting half-way through the term (back to her home town):
        # one child has too few adults now
        stopping = next((c for c in accepted if len(c.pickups) == 1 and not c.blocked), None)
        stop_on = class_days[len(class_days) * 2 // 3] if class_days else self.today
        for k, on in enumerate(class_days):
            if stopping is not None and on == stop_on:
                adult = next(x for x in active_adults(s, stopping.child_id, on)
                             if x.name == stopping.pickups[0].name)
                enrolment.end_adult(self.batch, actor=self.actor, adult_id=adult.id,
                                    reason="外婆回老家照顾亲戚，暂不接送", today=on)
            self.past_day(on, by_id, volunteers, k, specials)
        here = self.today_day(accepted, volunteers, len(class_days))
        activities = [a for a in s.scalars(select(ClassDay.activity_id).where(
            ClassDay.activity_id.is_not(None)))]
        summary = DemoSummary(
            children=len(kids), accepted=counts["accepted"], waiting=counts["waiting"],
            applied=counts["applied"], terms=2, days=self.counts["days"],
            came=self.counts["came"], absences=self.counts["absences"],
            late=self.counts["late"], phone_confirmed=self.counts["phone"],
            refused=self.counts["refused"], here_now=here,
)
        return _Filled(summary, [a for a in activities if a])
