"""The class's rows follow the register (the feature's ResidentLink): a child who dies or moves
out leaves the class that day (``class_children.valid_to``; the days they came stay), and
merging two records of the same child keeps the class record on the one kept."""

import datetime as dt

import pytest

from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import enrolment, handover
from neighborcenter.features.classroom.home import class_section
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.registry import resident_rows
from neighborcenter.i18n import _, format_date
from tests.conftest import sql
from tests.features.classroom import TODAY, add_child_resident, at, enrolled_child


def rows_for_status(db, admin, rid: str) -> str:
    """The register's word for why they left (died, moved out)."""
    [row] = resident_rows(db, actor=admin, ids=[rid])
    return row.status.label


def child_row(db, child_id: str) -> tuple:
    return sql(db).execute("SELECT resident_id, valid_to FROM class_children WHERE id = ?",
                           (child_id,)).fetchone()


@pytest.mark.parametrize("kind", [rec.ResidenceEventKind.DECEASED,
                                  rec.ResidenceEventKind.MOVED_OUT])
def test_a_death_or_move_out_ends_the_childs_place_in_the_class(db, admin, kind):
    cid, term = enrolled_child(db, admin)
    other, _t = enrolled_child(db, admin, "王小红", term_id=term, room="202")
    yesterday = TODAY - dt.timedelta(days=1)
    days.arrive(db, actor=admin, on=yesterday, child_ids=[cid], now=at(16, 0, yesterday))
    rid = enrolment.child_detail(db, actor=admin, child_id=cid).resident_id
    assert child_row(db, cid) == (rid, None)
    rec.change_residence(db, actor=admin, resident_id=rid, kind=kind, on=TODAY,
                         destination="杭州")
    assert child_row(db, cid) == (rid, TODAY.isoformat())
    assert [c.child_id for c in enrolment.list_children(db, actor=admin)] == [other]
    # not on today's list any more; the day they came stays
    view = days.day_view(db, actor=admin, on=TODAY, now=at(16))
    assert [t.child_id for t in view.children] == [other]
    came = days.day_view(db, actor=admin, on=yesterday, now=at(16))
    assert cid in [t.child_id for t in came.children]
    section = class_section(db, actor=admin, resident_id=rid)
    assert section is not None  # the first row says when they left
    assert section.rows[0][0] == _("Left the class")
    assert section.rows[0][1].startswith(format_date(TODAY))
    assert section.rows[0][1].endswith(rows_for_status(db, admin, rid))


def test_merging_two_records_keeps_the_class_record_on_the_one_kept(db, admin):
    cid, _term = enrolled_child(db, admin)
    rid = enrolment.child_detail(db, actor=admin, child_id=cid).resident_id
    aid = days.day_view(db, actor=admin, on=TODAY, now=at(16)).children[0].attendance_id
    days.arrive(db, actor=admin, on=TODAY, child_ids=[cid], now=at(16))
    keep = add_child_resident(db, admin, "李小明", room="201")
    rec.merge_residents(db, actor=admin, keep_id=keep, other_id=rid, take_from_other=set(),
                        note="同一人，重复登记")
    assert child_row(db, cid) == (keep, None)
    assert sql(db).execute("SELECT COUNT(*) FROM class_children WHERE resident_id = ?",
                           (rid,)).fetchone()[0] == 0
    # the child is still in the class, on today's list, and can be collected
    assert [c.resident_id for c in enrolment.list_children(db, actor=admin)] == [keep]
    handover.sign_out(db, actor=admin, attendance_id=aid, adult="李建国", now=at(17))
    assert class_section(db, actor=admin, resident_id=keep) is not None
    assert class_section(db, actor=admin, resident_id=rid) is None
