"""Tests of the after-school class's screens (pytest-qt, offscreen). ``kiosk_day`` makes a day
with a child in every state at 17:00 (the class closes at 17:30), through the services, and a
clock the tab reads instead of the time of day."""

from __future__ import annotations

import pytest

from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment, handover
from neighborcenter.features.classroom.rules import AdultKind
from neighborcenter.features.register.resident_records import add_emergency_contact
from tests.features.classroom import TODAY, add_term, at, enrolled_child


def attendance_of(db, actor, child_id: str, now=None) -> str:
    view = days.day_view(db, actor=actor, on=TODAY, now=now or at(17))
    return next(t.attendance_id for t in view.children if t.child_id == child_id)


def card_of(db, actor, child_id: str, now=None) -> handover.HandoverCard:
    now = now or at(17)
    return handover.handover_card(db, actor=actor,
                                  attendance_id=attendance_of(db, actor, child_id, now),
                                  now=now)


@pytest.fixture
def kiosk_day(db, admin) -> dict[str, str]:
    """Five children of one term, by name → child id: 李小明 here (health notes, allergies,
    an adult who must not collect him, an emergency contact), 王小红 still to collect, 陈小华
    absent, 赵小刚 collected and on the way, 孙小美 (10, may go alone) collected by her
    grandmother at 16:50."""
    term = add_term(db, admin)
    ids = {}
    ids["李小明"], _t = enrolled_child(db, admin, "李小明", term_id=term, age=7,
                                    allergies="花生", health_notes="哮喘，书包里有喷雾")
    ids["王小红"], _t = enrolled_child(db, admin, "王小红", term_id=term, room="202")
    ids["陈小华"], _t = enrolled_child(db, admin, "陈小华", term_id=term, room="203")
    ids["赵小刚"], _t = enrolled_child(db, admin, "赵小刚", term_id=term, room="204")
    ids["孙小美"], _t = enrolled_child(db, admin, "孙小美", term_id=term, room="205", age=10,
                                    may_leave_alone=True)
    enrolment.add_adult(db, actor=admin, child_id=ids["李小明"], form=enrolment.AdultForm(
        kind=AdultKind.BLOCKED, name="赵大强", reason="法院禁止令（2026）浙0502民保令1号"))
    resident = enrolment.child_detail(db, actor=admin, child_id=ids["李小明"]).resident_id
    add_emergency_contact(db, actor=admin, resident_id=resident, name="李建华",
                          relation="叔叔", phone="13900001111")
    days.mark_absent(db, actor=admin, on=TODAY, child_id=ids["陈小华"], reason="发烧",
                     confirmed_with="陈妈妈", now=at(9))
    days.collect(db, actor=admin, on=TODAY, child_ids=[ids["李小明"], ids["赵小刚"],
                                                       ids["孙小美"]], now=at(15, 35))
    days.arrive(db, actor=admin, on=TODAY, child_ids=[ids["李小明"], ids["孙小美"]],
                now=at(15, 50))
    handover.sign_out(db, actor=admin, attendance_id=attendance_of(db, admin, ids["孙小美"]),
                      adult="王桂兰", now=at(16, 50))
    return ids


def follow_changes(worker, widget) -> None:
    """As the main window does: a job that changed the class reloads the tab."""
    worker.changes_did_happen.connect(
        lambda changes: widget.reload() if changes.touches("classroom") else None)
