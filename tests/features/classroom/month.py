"""A month of the class for the reports' tests, made through the services as the class would:
three children on three days of one month, with an absence, a child who did not come, two
late pick-ups (one with the whole ladder logged and an adult not on the list), a child who
went home alone, and the volunteers on duty on the two days closed.

The days are the 3rd, 4th and 5th of the month of 15 days ago (inside the test term, which
runs 60 days either side of today); every service is given the time of the day (``now``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment, handover
from neighborcenter.features.classroom.rules import AdultKind, DutyRole, Step
from tests.features.classroom import TODAY, add_child, add_term, cleared_volunteer, enrol

BASE = TODAY - dt.timedelta(days=15)
YEAR, MONTH = BASE.year, BASE.month
D1, D2, D3 = (dt.date(YEAR, MONTH, n) for n in (3, 4, 5))
#: "today" for the reports: the month is over
AFTER = dt.date(YEAR, MONTH, 28)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


@dataclass(frozen=True)
class Month:
    term: str
    ming: str  # 李小明, 9, allergies and health notes
    hong: str  # 王小红, 7
    jun: str  # 张小军, 10, may go home alone
    zhou: str  # volunteer 周老师
    wu: str  # volunteer 吴老师


def _tile(db, actor, on: dt.date, child: str, now: dt.datetime) -> days.ChildTile:
    view = days.day_view(db, actor=actor, on=on, now=now)
    return next(t for t in view.children if t.child_id == child)


ADULTS = ((AdultKind.GUARDIAN, "李建国", "父亲", "13812345678"),
          (AdultKind.PICKUP, "王桂兰", "外婆", ""))


def child(db, actor, term: str, name: str, *, adults=ADULTS, **kw) -> str:
    """A child accepted in the term, whose adults are on the list since before the month."""
    cid = add_child(db, actor, name, adults=(), **kw)
    for kind, who, relation, phone in adults:
        enrolment.add_adult(db, actor=actor, child_id=cid, today=BASE - dt.timedelta(days=30),
                            form=enrolment.AdultForm(
                                kind=kind, name=who, relation=relation, phone=phone,
                                reason="法院禁止令" if kind == AdultKind.BLOCKED else ""))
    enrol(db, actor, cid, term, today=BASE - dt.timedelta(days=30))
    return cid


def make_month(db, actor) -> Month:
    term = add_term(db, actor)
    ming = child(db, actor, term, "李小明", age=9, allergies="花生过敏",
                 health_notes="哮喘，备有喷雾")
    hong = child(db, actor, term, "王小红", age=7, room="202", adults=(
        (AdultKind.GUARDIAN, "王建华", "母亲", "13900001111"),
        (AdultKind.PICKUP, "王奶奶", "奶奶", ""), (AdultKind.BLOCKED, "赵某", "", "")))
    jun = child(db, actor, term, "张小军", age=10, room="203", may_leave_alone=True, adults=(
        (AdultKind.GUARDIAN, "张伟", "父亲", "13700002222"),
        (AdultKind.PICKUP, "张奶奶", "奶奶", "")))
    zhou = cleared_volunteer(db, actor, "周老师")
    wu = cleared_volunteer(db, actor, "吴老师")

    def sign_out(on, child, hour, minute, **kw):
        aid = _tile(db, actor, on, child, at(on, hour, minute)).attendance_id
        handover.sign_out(db, actor=actor, attendance_id=aid, at=at(on, hour, minute),
                          now=at(on, hour, minute), handed_by="周老师", **kw)

    # D1: all came; 王小红 collected 35 minutes late after a call to her mother
    days.arrive(db, actor=actor, on=D1, child_ids=[ming, hong, jun], now=at(D1, 15, 40))
    days.add_duty(db, actor=actor, on=D1, role=DutyRole.TUTOR, volunteer_id=zhou)
    sign_out(D1, ming, 17, 20, adult="李建国")
    sign_out(D1, jun, 17, 0, alone=True)
    aid = _tile(db, actor, D1, hong, at(D1, 18)).attendance_id
    handover.log_step(db, actor=actor, attendance_id=aid, step=Step.CALL_GUARDIAN,
                      note="妈妈在路上", now=at(D1, 18))
    sign_out(D1, hong, 18, 5, adult="王建华")
    days.close_day(db, actor=actor, on=D1, now=at(D1, 18, 10))
    # D2: 李小明 absent (confirmed), 张小军 did not come; two on duty
    days.mark_absent(db, actor=actor, on=D2, child_id=ming, reason="感冒",
                     confirmed_with="李建国", now=at(D2, 9))
    days.arrive(db, actor=actor, on=D2, child_ids=[hong], now=at(D2, 15, 45))
    days.add_duty(db, actor=actor, on=D2, role=DutyRole.TUTOR, volunteer_id=zhou)
    days.add_duty(db, actor=actor, on=D2, role=DutyRole.ESCORT, volunteer_id=wu, minutes=120)
    sign_out(D2, hong, 17, 25, adult="王奶奶")
    days.close_day(db, actor=actor, on=D2, now=at(D2, 17, 40))
    # D3 (not closed): 李小明 collected 70 minutes late by a neighbour after the whole ladder
    days.arrive(db, actor=actor, on=D3, child_ids=[ming, hong, jun], now=at(D3, 15, 50))
    days.add_duty(db, actor=actor, on=D3, role=DutyRole.TUTOR, volunteer_id=wu)
    sign_out(D3, hong, 17, 10, adult="王建华")
    sign_out(D3, jun, 17, 15, adult="张奶奶")
    aid = _tile(db, actor, D3, ming, at(D3, 18)).attendance_id
    for step, minute in ((Step.CALL_GUARDIAN, 0), (Step.CALL_EMERGENCY, 15),
                         (Step.ESCALATE, 30)):
        handover.log_step(db, actor=actor, attendance_id=aid, step=step, note="",
                          now=at(D3, 18, minute))
    sign_out(D3, ming, 18, 40, adult="张阿姨", confirmed_by="王丽", relation="邻居",
             reason="父亲加班，电话确认由邻居接")
    return Month(term, ming, hong, jun, zhou, wu)


@pytest.fixture
def month(db, admin) -> Month:
    return make_month(db, admin)
