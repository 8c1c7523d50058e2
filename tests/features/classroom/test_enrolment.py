"""Enrolment: the waiting list's order (留守 and migrant children first, then by the date
applied), the places of a term, what a child needs before acceptance (the guardian's consent
under 14, the safety agreement of this school year, the adults who may collect), the checks of
an application, a child leaving the class, and the adults around a child (a guardian's phone,
at most three who may collect, an adult taken off the list keeps their row)."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.core.roles import Role
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment
from neighborcenter.features.classroom.rules import AdultKind, EnrolmentStatus, school_year
from neighborcenter.features.register import resident_records
from neighborcenter.i18n import _
from tests.conftest import make_account, sql
from tests.features.classroom import TODAY, add_child, add_term, enrol


def consent() -> str:
    return _("the guardian's consent to keeping the child's data (under 14)")


def agreement() -> str:
    return _("the safety agreement signed for this school year")


def applied(db, actor, child_id: str, term_id: str, days_ago: int) -> str:
    return enrolment.apply(db, actor=actor, child_id=child_id, term_id=term_id,
                           applied_by="家长",
                           applied_on=(TODAY - dt.timedelta(days=days_ago)).isoformat())


def left_behind(db, actor, child_id: str) -> None:
    tags = {t.code: t.id for t in resident_records.list_tag_types(db, actor=actor)}
    rid = enrolment.child_detail(db, actor=actor, child_id=child_id).resident_id
    resident_records.add_resident_tag(db, actor=actor, resident_id=rid,
                                      tag_type_id=tags["left_behind_child"],
                                      valid_from=(TODAY - dt.timedelta(days=100)).isoformat())


def test_the_waiting_list_puts_left_behind_and_migrant_children_first(db, admin):
    term = add_term(db, admin)
    first = add_child(db, admin, "陈一", room="301")
    migrant = add_child(db, admin, "陈二", room="302", migrant=True)
    behind = add_child(db, admin, "陈三", room="303")
    left_behind(db, admin, behind)
    later = add_child(db, admin, "陈四", room="304")
    for cid, ago in ((first, 20), (migrant, 10), (behind, 5), (later, 1)):
        eid = applied(db, admin, cid, term, ago)
        enrolment.decide(db, actor=admin, enrolment_id=eid, status=EnrolmentStatus.WAITING)
    rows = enrolment.list_enrolments(db, actor=admin, term_id=term)
    assert [(r.name, r.priority) for r in rows] == [
        ("陈二", True), ("陈三", True), ("陈一", False), ("陈四", False)]
    # accepted first, then those to decide, then the waiting list
    enrolment.decide(db, actor=admin, enrolment_id=rows[2].enrolment_id,
                     status=EnrolmentStatus.ACCEPTED)
    fresh = add_child(db, admin, "陈五", room="305")
    applied(db, admin, fresh, term, 0)
    assert [r.name for r in enrolment.list_enrolments(db, actor=admin, term_id=term)] == [
        "陈一", "陈五", "陈二", "陈三", "陈四"]


def test_no_more_are_accepted_than_the_term_has_places(db, admin):
    term = add_term(db, admin, places=1)
    one, two = add_child(db, admin, "陈一", room="301"), add_child(db, admin, "陈二", room="302")
    first = enrol(db, admin, one, term)
    second = applied(db, admin, two, term, 0)
    with pytest.raises(ValidationError) as e:
        enrolment.decide(db, actor=admin, enrolment_id=second,
                         status=EnrolmentStatus.ACCEPTED)
    assert "陈二" in str(e.value) and "1" in str(e.value)
    enrolment.decide(db, actor=admin, enrolment_id=second, status=EnrolmentStatus.WAITING)
    enrolment.decide(db, actor=admin, enrolment_id=first, status=EnrolmentStatus.WITHDRAWN,
                     reason="家长自行接送")
    enrolment.decide(db, actor=admin, enrolment_id=second, status=EnrolmentStatus.ACCEPTED)
    term_row = enrolment.list_terms(db, actor=admin)[0]
    assert (term_row.accepted, term_row.waiting) == (1, 0)


def test_a_child_under_14_needs_the_guardians_consent_before_acceptance(db, admin):
    term = add_term(db, admin)
    young = add_child(db, admin, "陈一", age=12, room="301", signed=False)
    older = add_child(db, admin, "陈二", age=15, room="302", signed=False)
    signed = (TODAY - dt.timedelta(days=5)).isoformat()
    for cid in (young, older):  # the safety agreement signed: only the consent is at stake
        detail = enrolment.child_detail(db, actor=admin, child_id=cid)
        enrolment.save_child(db, actor=admin, child_id=cid, form=enrolment.ChildForm(
            resident_id=detail.resident_id, safety_agreement_on=signed))
        applied(db, admin, cid, term, 1)
    problems = {r.name: r.problems for r in enrolment.list_enrolments(db, actor=admin,
                                                                       term_id=term)}
    assert problems == {"陈一": (consent(),), "陈二": ()}
    young_row = next(r for r in enrolment.list_enrolments(db, actor=admin, term_id=term)
                     if r.name == "陈一")
    with pytest.raises(ValidationError) as e:
        enrolment.decide(db, actor=admin, enrolment_id=young_row.enrolment_id,
                         status=EnrolmentStatus.ACCEPTED)
    assert consent() in str(e.value)
    children = {c.name: c.consent_ok for c in enrolment.list_children(db, actor=admin)}
    assert children == {"陈一": False, "陈二": True}


def test_a_safety_agreement_of_last_school_year_does_not_count(db, admin):
    term = add_term(db, admin)
    cid = add_child(db, admin)
    start, _end = school_year(TODAY)
    detail = enrolment.child_detail(db, actor=admin, child_id=cid)
    old = dt.date(start.year - 1, 9, 10)
    enrolment.save_child(db, actor=admin, child_id=cid, form=enrolment.ChildForm(
        resident_id=detail.resident_id, consent_on=detail.form.consent_on,
        consent_by="李建国", safety_agreement_on=old.isoformat()))
    applied(db, admin, cid, term, 0)
    assert enrolment.list_enrolments(db, actor=admin, term_id=term)[0].problems == (agreement(),)
    assert not enrolment.list_children(db, actor=admin)[0].agreement_ok


def test_a_childs_record_refuses_what_cannot_be_so(db, admin):
    cid = add_child(db, admin)
    rid = enrolment.child_detail(db, actor=admin, child_id=cid).resident_id
    with pytest.raises(ValidationError) as e:  # on the list already
        enrolment.save_child(db, actor=admin, form=enrolment.ChildForm(resident_id=rid))
    assert e.value.field == "resident_id"
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as e:
        enrolment.save_child(db, actor=admin, child_id=cid, form=enrolment.ChildForm(
            resident_id=rid, consent_on=tomorrow, consent_by="李建国"))
    assert e.value.field == "consent_on"
    with pytest.raises(ValidationError) as e:  # a consent says who signed it
        enrolment.save_child(db, actor=admin, child_id=cid, form=enrolment.ChildForm(
            resident_id=rid, consent_on=TODAY.isoformat()))
    assert e.value.field == "consent_by"


def test_an_application_is_checked(db, admin):
    term = add_term(db, admin, weekdays="135")
    cid = add_child(db, admin)
    with pytest.raises(ValidationError) as e:  # the class does not run on Tuesdays
        enrolment.apply(db, actor=admin, child_id=cid, term_id=term, weekdays="12",
                        applied_by="李建国")
    assert e.value.field == "weekdays"
    with pytest.raises(ValidationError) as e:
        enrolment.apply(db, actor=admin, child_id=cid, term_id=term, weekdays="13",
                        applied_by="")
    assert e.value.field == "applied_by"
    with pytest.raises(ValidationError) as e:
        enrolment.apply(db, actor=admin, child_id=cid, term_id=term, weekdays="13",
                        applied_by="李建国",
                        applied_on=(TODAY + dt.timedelta(days=1)).isoformat())
    assert e.value.field == "applied_on"
    eid = enrolment.apply(db, actor=admin, child_id=cid, term_id=term, weekdays="一三",
                          applied_by="李建国")
    with pytest.raises(ValidationError) as e:  # once per term …
        enrolment.apply(db, actor=admin, child_id=cid, term_id=term, weekdays="1",
                        applied_by="李建国")
    assert e.value.field == "term_id"
    enrolment.decide(db, actor=admin, enrolment_id=eid, status=EnrolmentStatus.WITHDRAWN,
                     reason="填错了星期")
    enrolment.apply(db, actor=admin, child_id=cid, term_id=term, weekdays="5",
                    applied_by="李建国")  # … unless withdrawn
    with pytest.raises(ValidationError) as e:  # declining needs the reason
        enrolment.decide(db, actor=admin, enrolment_id=eid, status=EnrolmentStatus.DECLINED)
    assert e.value.field == "reason"


def test_a_child_who_leaves_has_their_applications_withdrawn_and_stays_on_record(db, admin):
    term = add_term(db, admin)
    cid = add_child(db, admin)
    enrol(db, admin, cid, term)
    with pytest.raises(ValidationError):
        enrolment.end_child(db, actor=admin, child_id=cid, reason="")
    with pytest.raises(ValidationError):
        enrolment.end_child(db, actor=admin, child_id=cid, reason="转学",
                            on=(TODAY + dt.timedelta(days=1)).isoformat())
    enrolment.end_child(db, actor=admin, child_id=cid, reason="转学")
    row = enrolment.list_enrolments(db, actor=admin, term_id=term)[0]
    assert (row.status, row.reason) == (EnrolmentStatus.WITHDRAWN, "转学")
    assert enrolment.list_children(db, actor=admin) == []
    ended = enrolment.list_children(db, actor=admin, include_ended=True)
    assert [(c.name, c.ended) for c in ended] == [("李小明", TODAY)]
    tomorrow = days.day_view(db, actor=admin, on=TODAY + dt.timedelta(days=1))
    assert tomorrow.children == ()


def test_the_adults_around_a_child(db, admin):
    cid = add_child(db, admin, adults=())
    with pytest.raises(ValidationError) as e:  # a guardian is called: a phone is needed
        enrolment.add_adult(db, actor=admin, child_id=cid, form=enrolment.AdultForm(
            kind=AdultKind.GUARDIAN, name="李建国", relation="父亲"))
    assert e.value.field == "phone"
    for name, relation, phone in (("李建国", "父亲", "13812345678"), ("王桂兰", "外婆", ""),
                                  ("李建华", "叔叔", "")):
        kind = AdultKind.GUARDIAN if phone else AdultKind.PICKUP
        enrolment.add_adult(db, actor=admin, child_id=cid, form=enrolment.AdultForm(
            kind=kind, name=name, relation=relation, phone=phone))
    with pytest.raises(ValidationError):  # a fourth who may collect: too many
        enrolment.add_adult(db, actor=admin, child_id=cid, form=enrolment.AdultForm(
            kind=AdultKind.PICKUP, name="张阿姨", relation="邻居"))
    listed = enrolment.child_adults(db, actor=admin, child_id=cid)
    assert [a.name for a in listed] == ["李建国", "王桂兰", "李建华"]
    assert "13812345678" not in listed[0].masked_phone and listed[0].masked_phone
    uncle = listed[2]
    with pytest.raises(ValidationError):
        enrolment.end_adult(db, actor=admin, adult_id=uncle.id, reason="")
    enrolment.end_adult(db, actor=admin, adult_id=uncle.id, reason="家长撤销授权")
    assert [a.name for a in enrolment.child_adults(db, actor=admin, child_id=cid)] == [
        "李建国", "王桂兰"]
    assert sql(db).execute("SELECT reason, valid_to IS NOT NULL FROM class_adults "
                           "WHERE name = '李建华'").fetchall() == [("家长撤销授权", 1)]
    enrolment.add_adult(db, actor=admin, child_id=cid, form=enrolment.AdultForm(
        kind=AdultKind.PICKUP, name="张阿姨", relation="邻居"))  # room again


def test_the_staff_lists_are_for_those_who_manage_the_class(db, admin):
    cid = add_child(db, admin)
    helper = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    make_account(db, admin, "wangli", Role.SOCIAL_WORKER)
    with pytest.raises(PermissionDenied):
        enrolment.child_adults(db, actor=helper, child_id=cid)
    with pytest.raises(PermissionDenied):
        days.duty_staff(db, actor=helper)
    assert sorted(s.username for s in days.duty_staff(db, actor=admin)) == ["admin", "wangli"]
