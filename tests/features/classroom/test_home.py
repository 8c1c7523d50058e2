"""The after-school class's home-page part (the card of the children here, and the 今日 lines:
a child not collected after closing and a past day never closed first, then the staff's lines
about applications, adults, consents and agreements — each opening the class's page on its
tab) and the child's section of the resident's 360° page."""

import datetime as dt
from dataclasses import replace

from neighborcenter.core.home import HomePart
from neighborcenter.core.roles import Role
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment, handover
from neighborcenter.features.classroom.home import class_section, home_part
from neighborcenter.features.classroom.rules import (
    AdultKind,
    ChildState,
    EnrolmentStatus,
    Step,
)
from neighborcenter.features.register.resident_records import ResidentForm, save_resident
from neighborcenter.i18n import _, format_date
from tests.conftest import make_account
from tests.features.classroom import TODAY, add_child, at, enrolled_child

YESTERDAY = TODAY - dt.timedelta(days=1)


def lines(part: HomePart) -> list[tuple[str, str]]:
    """(tab, kind) of each 今日 line, in order; every line opens the class's page."""
    out = []
    for item in part.today:
        assert item.view.page == "classroom" and item.kind in ("review", "problem", "urgent")
        out.append((item.view.filters["tab"], item.kind))
    return out


def card(part: HomePart) -> tuple[int, str]:
    [only] = part.cards
    assert only.key == "class_here" and only.view.page == "classroom"
    assert only.view.filters == {"tab": "today"}
    return only.value, only.label


def arrived(db, actor, child_id: str, on: dt.date = TODAY) -> str:
    days.arrive(db, actor=actor, on=on, child_ids=[child_id], now=at(16, 0, on))
    view = days.day_view(db, actor=actor, on=on, now=at(16, 0, on))
    return next(t.attendance_id for t in view.children if t.child_id == child_id)


# ------------------------------------------------------------------------------- roles


def test_a_role_without_the_class_gets_nothing_and_the_volunteer_only_the_day(
        db, admin, shop_volunteer, social_worker):
    cid, term = enrolled_child(db, admin)
    other = add_child(db, admin, "王小红", room="202")
    enrolment.apply(db, actor=admin, child_id=other, term_id=term, applied_by="王妈妈")
    arrived(db, admin, cid)
    helper = make_account(db, admin, "xiaozhou", Role.CLASS_VOLUNTEER)
    assert home_part(db, actor=shop_volunteer, now=at(18, 5)) == HomePart()
    assert lines(home_part(db, actor=helper, now=at(18, 5))) == [("today", "urgent")]
    assert lines(home_part(db, actor=social_worker, now=at(18, 5))) == [
        ("today", "urgent"), ("children", "review")]
    assert class_section(db, actor=helper, resident_id=_resident(db, admin, cid)) is None
    assert class_section(db, actor=social_worker, resident_id=_resident(db, admin, cid))


def _resident(db, admin, child_id: str) -> str:
    return enrolment.child_detail(db, actor=admin, child_id=child_id).resident_id


# ------------------------------------------------------------------------------- today


def test_the_card_counts_the_children_here_of_those_expected(db, admin):
    cid, term = enrolled_child(db, admin)
    enrolled_child(db, admin, "王小红", term_id=term, room="202")
    # before anyone opened the day: who is expected, nobody here
    value, label = card(home_part(db, actor=admin, now=at(9)))
    assert value == 0 and "2" in label
    days.collect(db, actor=admin, on=TODAY, child_ids=[cid], now=at(15, 40))
    assert card(home_part(db, actor=admin, now=at(15, 45)))[0] == 1  # on the way counts
    aid = arrived(db, admin, cid)
    assert card(home_part(db, actor=admin, now=at(16, 30)))[0] == 1
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="王桂兰", now=at(17))
    value, label = card(home_part(db, actor=admin, now=at(17, 5)))
    assert value == 0 and "2" in label
    assert lines(home_part(db, actor=admin, now=at(17, 5))) == []


def test_no_class_today_says_so(db, admin):
    value, label = card(home_part(db, actor=admin, now=at(16)))
    assert value == 0 and label == _("Children in the after-school class now (no class "
                                     "today)")


def test_a_child_not_collected_after_closing_is_urgent_with_the_step_to_take(db, admin):
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid)
    assert lines(home_part(db, actor=admin, now=at(17, 29))) == []  # closes at 17:30
    [waiting] = home_part(db, actor=admin, now=at(17, 40)).today
    assert waiting.kind == "urgent"
    assert waiting.view.filters == {"tab": "today", "state": ChildState.LATE.value}
    assert "李小明" in waiting.text and "10" in waiting.text and "18:00" in waiting.text
    [due] = home_part(db, actor=admin, now=at(18, 5)).today
    assert "35" in due.text and Step.CALL_GUARDIAN.label in due.text
    handover.log_step(db, actor=admin, attendance_id=aid, step=Step.CALL_GUARDIAN,
                      note="无人接听", now=at(18, 6))
    [after] = home_part(db, actor=admin, now=at(18, 20)).today
    assert Step.CALL_EMERGENCY.label in after.text and "50" in after.text
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", now=at(18, 25))
    assert home_part(db, actor=admin, now=at(18, 30)).today == ()


def test_a_past_day_never_closed_is_urgent_and_opens_that_day(db, admin):
    cid, _t = enrolled_child(db, admin)
    aid = arrived(db, admin, cid, on=YESTERDAY)
    [line] = home_part(db, actor=admin, now=at(9)).today
    assert line.kind == "urgent" and "李小明" in line.text
    assert line.view.filters == {"tab": "today", "day": YESTERDAY.isoformat()}
    # (the adults were entered today: yesterday the guardian confirmed by phone)
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", confirmed_by="王丽",
                      relation="父亲", reason="纸质签退单补录", at=at(17, 20, YESTERDAY),
                      now=at(9))
    [line] = home_part(db, actor=admin, now=at(9)).today  # still not closed
    assert line.kind == "urgent" and "李小明" not in line.text
    days.close_day(db, actor=admin, on=YESTERDAY, now=at(9))
    assert home_part(db, actor=admin, now=at(9)).today == ()


# ------------------------------------------------------------------------------ staff


def test_applications_waiting_for_a_decision(db, admin):
    _cid, term = enrolled_child(db, admin)
    other = add_child(db, admin, "王小红", room="202")
    eid = enrolment.apply(db, actor=admin, child_id=other, term_id=term, applied_by="王妈妈")
    [line] = home_part(db, actor=admin, now=at(9)).today
    assert (line.kind, line.view.filters) == ("review", {"tab": "children"})
    assert "1" in line.text
    enrolment.decide(db, actor=admin, enrolment_id=eid, status=EnrolmentStatus.WAITING)
    assert home_part(db, actor=admin, now=at(9)).today == ()


def test_a_child_with_too_few_adults_who_may_collect(db, admin):
    cid, _t = enrolled_child(db, admin)
    adults = enrolment.child_detail(db, actor=admin, child_id=cid).adults
    grandmother = next(a for a in adults if a.kind == AdultKind.PICKUP)
    enrolment.end_adult(db, actor=admin, adult_id=grandmother.id, reason="回老家")
    [line] = home_part(db, actor=admin, now=at(9)).today
    assert line.kind == "problem" and "李小明" in line.text and "2" in line.text
    assert line.view.filters == {"tab": "children"}


def test_consent_and_safety_agreement_missing(db, admin):
    cid, _t = enrolled_child(db, admin)
    detail = enrolment.child_detail(db, actor=admin, child_id=cid)
    last_year = TODAY.replace(year=TODAY.year - 2, day=1)
    enrolment.save_child(db, actor=admin, child_id=cid, form=replace(
        detail.form, consent_on=None, consent_by="", safety_agreement_on=last_year))
    texts = [i.text for i in home_part(db, actor=admin, now=at(9)).today]
    assert len(texts) == 2 and all("李小明" in t for t in texts)
    assert lines(home_part(db, actor=admin, now=at(9))) == [("children", "problem")] * 2


def _child_on(db, admin, name: str, term: str, day: dt.date, signed: dt.date,
              room: str) -> str:
    """A child of 9 on ``day`` accepted in the term, everything entered on ``day``."""
    rid = save_resident(db, actor=admin, form=ResidentForm(
        family_name=name[0], given_name=name[1:], birth_date=dt.date(
            day.year - 9, 3, 1).isoformat(), id_number="", estate="幸福小区", building="5",
        unit="2", room=room), confirmed_not_duplicate=True)
    cid = enrolment.save_child(db, actor=admin, today=day, form=enrolment.ChildForm(
        resident_id=rid, consent_on=signed, consent_by="李建国", safety_agreement_on=signed))
    for kind, who, relation, phone in ((AdultKind.GUARDIAN, "李建国", "父亲", "13812345678"),
                                       (AdultKind.PICKUP, "王桂兰", "外婆", "")):
        enrolment.add_adult(db, actor=admin, child_id=cid, today=day.replace(month=1, day=5),
                            form=enrolment.AdultForm(kind=kind, name=who, relation=relation,
                                                     phone=phone))
    eid = enrolment.apply(db, actor=admin, child_id=cid, term_id=term, applied_on=day,
                          applied_by="李建国", today=day)
    enrolment.decide(db, actor=admin, enrolment_id=eid, status=EnrolmentStatus.ACCEPTED,
                     today=day)
    return cid


def test_from_july_the_agreements_of_the_next_school_year_are_asked_for(db, admin):
    year = TODAY.year + 3  # a calendar of its own, whatever the test's day
    term = enrolment.save_term(db, actor=admin, form=enrolment.TermForm(
        name="暑期班", starts_on=dt.date(year, 7, 6), ends_on=dt.date(year, 8, 28)))
    july = dt.date(year, 7, 15)
    _child_on(db, admin, "李小明", term, july, signed=dt.date(year - 1, 9, 3), room="201")
    _child_on(db, admin, "王小红", term, july, signed=dt.date(year, 7, 2), room="202")
    [line] = home_part(db, actor=admin, today=july, now=at(9, 0, july)).today
    assert line.kind == "review" and "李小明" in line.text and "王小红" not in line.text
    assert str(year) in line.text and line.view.filters == {"tab": "children"}
    june = dt.date(year, 6, 20)  # before July: not yet
    assert home_part(db, actor=admin, today=june, now=at(9, 0, june)).today == ()


# --------------------------------------------------------------------------- 360° page


def test_the_childs_section_says_the_term_school_adults_and_days(db, admin):
    cid, _t = enrolled_child(db, admin, health_notes="哮喘", allergies="花生")
    aid = arrived(db, admin, cid)
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", now=at(17))
    section = class_section(db, actor=admin, resident_id=_resident(db, admin, cid))
    assert section is not None
    text = "\n".join(" ".join(row) for row in section.rows)
    assert "本学期" in text and "三年级2班" in text and "湖州市第一小学" in text
    rows = dict(section.rows)
    assert rows[_("Days attended this term")] == "1"
    assert rows[_("Last day in the class")] == format_date(TODAY)
    assert "哮喘" not in text and "花生" not in text  # no health notes on the 360° page
    other = save_resident(db, actor=admin, form=ResidentForm(
        family_name="赵", given_name="大爷", birth_date="1940-01-01", id_number=""),
        confirmed_not_duplicate=True)
    assert class_section(db, actor=admin, resident_id=other) is None
