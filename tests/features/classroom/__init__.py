"""Tests of the after-school class. The helpers make the records most tests start from through
the public services (as staff would): a term around the test's day running every weekday, a
child on the register accepted in it with two adults who may collect, the consents signed,
and a volunteer with a clear background check."""

from __future__ import annotations

import datetime as dt

from neighborcenter.features.classroom import enrolment
from neighborcenter.features.classroom.rules import AdultKind, EnrolmentStatus
from neighborcenter.features.register.resident_records import ResidentForm, save_resident
from neighborcenter.features.volunteers import people
from neighborcenter.features.volunteers.rules import CheckResult
from tests.features.volunteers import add_volunteer

TODAY = dt.date.today()
#: when the helpers' children were signed up and accepted: they are on every list since
SINCE = TODAY - dt.timedelta(days=30)
#: a class day: the test's day, at 16:00 in the centre's time zone
AFTERNOON = dt.datetime.combine(TODAY, dt.time(16, 0)).astimezone()


def at(hour: int, minute: int = 0, day: dt.date = TODAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


def add_term(db, actor, name: str = "本学期", *, around: dt.date = TODAY,
             weekdays: str = "1234567", places: int = 30) -> str:
    return enrolment.save_term(db, actor=actor, form=enrolment.TermForm(
        name=name, starts_on=around - dt.timedelta(days=60),
        ends_on=around + dt.timedelta(days=60), weekdays=weekdays, places=places))


def add_child_resident(db, actor, name: str, *, age: int = 9, room: str = "201") -> str:
    born = dt.date(TODAY.year - age, 1, 1) if TODAY >= dt.date(TODAY.year, 1, 2) else \
        dt.date(TODAY.year - age - 1, 1, 1)
    return save_resident(db, actor=actor, form=ResidentForm(
        family_name=name[0], given_name=name[1:], birth_date=born.isoformat(), id_number="",
        estate="幸福小区", building="5", unit="2", room=room), confirmed_not_duplicate=True)


def add_child(db, actor, name: str = "李小明", *, age: int = 9, may_leave_alone: bool = False,
              allergies: str = "", health_notes: str = "", migrant: bool = False,
              adults: tuple[tuple[AdultKind, str, str, str], ...] = (
                  (AdultKind.GUARDIAN, "李建国", "父亲", "13812345678"),
                  (AdultKind.PICKUP, "王桂兰", "外婆", "")),
              signed: bool = True, room: str = "201", since: dt.date = SINCE) -> str:
    """A child on the class's list with their adults (since ``since``); the child's id."""
    rid = add_child_resident(db, actor, name, age=age, room=room)
    cid = enrolment.save_child(db, actor=actor, form=enrolment.ChildForm(
        resident_id=rid, school="湖州市第一小学", grade="三年级", class_name="2班",
        migrant=migrant, allergies=allergies, health_notes=health_notes,
        may_leave_alone=may_leave_alone,
        consent_on=since if signed else None,
        consent_by="李建国" if signed else "",
        safety_agreement_on=since if signed else None))
    for kind, who, relation, phone in adults:
        enrolment.add_adult(db, actor=actor, child_id=cid, today=since,
                            form=enrolment.AdultForm(kind=kind, name=who, relation=relation,
                                                     phone=phone))
    return cid


def enrol(db, actor, child_id: str, term_id: str, weekdays: str = "1234567",
          today: dt.date | None = None) -> str:
    """Applied for and accepted (on ``today``: a child is on the lists from that day)."""
    eid = enrolment.apply(db, actor=actor, child_id=child_id, term_id=term_id,
                          weekdays=weekdays, applied_by="李建国", today=today)
    enrolment.decide(db, actor=actor, enrolment_id=eid, status=EnrolmentStatus.ACCEPTED,
                     today=today)
    return eid


def enrolled_child(db, actor, name: str = "李小明", term_id: str | None = None, **kw
                   ) -> tuple[str, str]:
    """A child accepted in a term around today; (child id, term id)."""
    term_id = term_id or add_term(db, actor)
    cid = add_child(db, actor, name, **kw)
    enrol(db, actor, cid, term_id, today=kw.get("since", SINCE))
    return cid, term_id


def cleared_volunteer(db, actor, name: str = "周老师") -> str:
    vid = add_volunteer(db, actor, name)
    people.record_background_check(db, actor=actor, volunteer_id=vid,
                                   checked_on=(TODAY - dt.timedelta(days=30)).isoformat(),
                                   result=CheckResult.CLEAR, reference="无犯罪记录证明")
    return vid
