"""The search box's in-memory index answers exactly what the SQL search answers (same ids, same
order), and the next keystroke after an edit, a merge, a move-out or an import sees it."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from neighborcenter.features.register import register_io as rio
from neighborcenter.features.register import registry as reg
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register import search_index
from neighborcenter.features.register.demo import load_demo_data
from neighborcenter.features.register.models import Resident
from neighborcenter.features.register.rules.terms import ResidenceEventKind, ResidentStatus

#: the harness's searches typed one character at a time, and words that match many
TYPED = ["王桂英", "wgy", "zhangjianguo", "5678", "3-2-501", "幸福里3栋2单元"]
WORDS = ["", "w", "W", "z", "zh", "wang", "Wang", "王", "桂英", "张 z", "wgy 3栋", "1", "8",
         "x", "X", "0X", "3-", "3-2-", "3栋2单", "501室", "2单元", "幸福", "幸福里", "小区",
         "zs 9栋", "100%", "a_b", "王 wang", "w z", "王x", "3-2-501 8", "qqqq", "鑫",
         "幸福里小区3栋", "湖滨"]
QUERIES = sorted({t[:n] for t in TYPED for n in range(1, len(t) + 1)} | set(WORDS))
STATUSES = [ResidentStatus.ACTIVE.value, reg.ALL_STATUSES, ResidentStatus.MOVED_OUT.value,
            ResidentStatus.DECEASED.value]


def by_sql(session, query: str, status: str, descending: bool = False) -> list[str]:
    sql, params = reg.search_sql(query, reg.SearchFilters(status=status), reg.SortKey.NAME,
                                 descending, reg.estate_names(session))
    return [r[0] for r in reg.driver_rows(session, sql, params)]


def by_index(db, query: str, status: str = ResidentStatus.ACTIVE.value,
             descending: bool = False) -> list[str]:
    """What the search box lists: from the index once it is current (the first search after
    a change answers in SQL while the index is built again)."""
    with db.unit_of_work(write=False) as uow:
        return reg.matching_ids(uow.session, query, reg.SearchFilters(status=status),
                                descending=descending)


def index_of(db) -> search_index.SearchIndex:
    with db.unit_of_work(write=False) as uow:
        return search_index.current(uow.session)


@pytest.fixture(autouse=True)
def _as_the_window(monkeypatch):
    """Background builds as in the window (its database worker allows them)."""
    from neighborcenter.core import background

    monkeypatch.setattr(background, "_allowed", threading.Event())
    background.allow_background_work()


@pytest.fixture
def centre(db, admin):
    load_demo_data(db, actor=admin, residents=500, seed=7)
    # names that share a reading (ties in the pinyin order) and ASCII case in names
    for given in ("芳", "芳", "方"):
        rec.save_resident(db, actor=admin, confirmed_not_duplicate=True, form=rec.ResidentForm(
            family_name="王", given_name=given, estate="湖滨花园", building="3", unit="2",
            room="501", phone="13900005678"))
    return db


def test_every_query_gets_the_same_ids_in_the_same_order_as_the_statement(centre):
    index = index_of(centre)
    with centre.unit_of_work(write=False) as uow:
        for status in STATUSES:
            wanted = None if status == reg.ALL_STATUSES else status
            for query in QUERIES:
                expected = by_sql(uow.session, query, status)
                words = reg.search_words(query)
                assert index.search(words, wanted, False) == expected, (query, status)
                assert index.search(words, wanted, True) == by_sql(
                    uow.session, query, status, descending=True), (query, status)
    # the demo has matches of every kind, or the comparison above proves little
    assert len(index.search(reg.search_words("w"), None, False)) > 20
    assert len(by_index(centre, "w")) > 20 and by_index(centre, "5678")
    assert by_index(centre, "3-2-501") and by_index(centre, "幸福")
    assert len(by_index(centre, "王 5678")) == 3


def test_the_search_box_uses_the_index_and_other_searches_the_statement(centre, monkeypatch):
    with centre.unit_of_work(write=False) as uow:
        expected = by_sql(uow.session, "wgy", ResidentStatus.ACTIVE.value)
        tagged = reg.matching_ids(uow.session, "", reg.SearchFilters(tag_code="elderly"))
    index_of(centre)
    monkeypatch.setattr(reg, "search_sql", lambda *a, **k: pytest.fail("SQL for the box"))
    result = reg.search_residents(centre, actor=search_admin(centre), query="wgy")
    assert result.ids == expected
    monkeypatch.undo()
    with centre.unit_of_work(write=False) as uow:  # a tag filter: the statement
        monkeypatch.setattr(search_index, "lookup", lambda *a, **k: pytest.fail("index"))
        assert reg.matching_ids(uow.session, "", reg.SearchFilters(tag_code="elderly")) == tagged


def test_a_write_that_leaves_the_keys_alone_keeps_the_index(centre, admin):
    index = index_of(centre)
    tags = {t.code: t for t in rec.list_tag_types(centre, actor=admin)}
    rec.add_resident_tag(centre, actor=admin, resident_id=index.ids[0],
                         tag_type_id=tags["elderly"].id, valid_from="2019-12-31")
    with centre.unit_of_work(write=False) as uow:
        assert search_index.lookup(uow.session) is index


def search_admin(db):
    from neighborcenter.core.roles import SYSTEM_ACTOR

    return SYSTEM_ACTOR


def keystroke(db, query: str, **kw) -> list[str]:
    """The next keystroke's answer (in SQL while the index is built again), which must be the
    index's answer once it is built."""
    first = by_index(db, query, **kw)
    with db.unit_of_work(write=False) as uow:
        search_index.settle(uow.session)
    with db.unit_of_work(write=False) as uow:
        assert search_index.lookup(uow.session) is not None  # built, and current
    assert by_index(db, query, **kw) == first
    return first


def test_an_edit_a_merge_a_move_out_and_an_import_reach_the_next_keystroke(centre, admin,
                                                                           tmp_path):
    before = keystroke(centre, "wf")  # builds the index
    rid = rec.save_resident(centre, actor=admin, confirmed_not_duplicate=True,
                            form=rec.ResidentForm(family_name="欧阳", given_name="娜娜",
                                                  phone="13712349876"))
    assert keystroke(centre, "oyn") == [rid] and keystroke(centre, "9876") == [rid]
    # an edit: the new name, phone and address, and the old ones no longer
    rec.save_resident(centre, actor=admin, resident_id=rid, form=rec.ResidentForm(
        family_name="欧阳", given_name="莉莉", phone="13712340001", estate="湖滨花园",
        building="8", unit="1", room="808"))
    assert keystroke(centre, "欧阳莉") == [rid] and keystroke(centre, "oyn") == []
    assert keystroke(centre, "0001") == [rid] and keystroke(centre, "9876") == []
    assert keystroke(centre, "8-1-808") == [rid]
    # a merge: the duplicate leaves the list
    dup = rec.save_resident(centre, actor=admin, confirmed_not_duplicate=True,
                            form=rec.ResidentForm(family_name="欧阳", given_name="莉莉"))
    assert set(keystroke(centre, "欧阳莉")) == {rid, dup}
    rec.merge_residents(centre, actor=admin, keep_id=rid, other_id=dup,
                        take_from_other=set(), note="同一人")
    assert keystroke(centre, "欧阳莉") == [rid]
    # a move-out: off the list of people living here, on the list of everyone
    rec.change_residence(centre, actor=admin, resident_id=rid,
                         kind=ResidenceEventKind.MOVED_OUT, on=dt.date(2026, 1, 5),
                         destination="杭州")
    assert keystroke(centre, "欧阳莉") == []
    assert keystroke(centre, "欧阳莉", status=reg.ALL_STATUSES) == [rid]
    # an import
    wb = Workbook()
    wb.active.append(["姓名", "性别", "联系电话", "楼栋", "单元", "门牌号"])
    wb.active.append(["司马懿", "男", "13600002468", 11, 1, 101])
    wb.save(tmp_path / "台账.xlsx")
    rio.import_residents(centre, actor=admin, path=tmp_path / "台账.xlsx",
                         estate_default="幸福里小区")
    found = keystroke(centre, "smy")
    assert len(found) == 1 and keystroke(centre, "2468") == found
    assert keystroke(centre, "11-1-101") == found
    assert keystroke(centre, "wf") == before  # nobody else moved


def test_inside_a_writing_transaction_the_search_sees_its_own_rows(centre, admin):
    by_index(centre, "smy")  # the index is built and current
    with centre.unit_of_work(write=True) as uow:
        resident = uow.session.query(Resident).filter(Resident.archived_at.is_(None)).first()
        resident.name, resident.pinyin_full, resident.pinyin_initials = "司马懿", "simayi", "smy"
        uow.session.flush()
        assert reg.matching_ids(uow.session, "smy") == [resident.id]
        # not committed: the others still see the register as it was
    assert by_index(centre, "smy") == []


def test_the_home_page_after_the_login_starts_the_index(centre, admin):
    from neighborcenter.features.register.home import home_problems

    with centre.unit_of_work(write=False) as uow:
        search_index.forget(uow.session)
    home_problems(centre, actor=admin)  # asked for once the home page is shown
    with centre.unit_of_work(write=False) as uow:
        search_index.settle(uow.session)
        assert search_index.lookup(uow.session) is not None


def test_a_register_going_back_to_an_older_change_number_gets_a_new_index(centre, admin):
    """A backup restored under the same handle: its change counter is behind the index's."""
    index = index_of(centre)
    with centre.unit_of_work(write=True) as uow:
        uow.session.execute(text("UPDATE change_counter SET value = value - 5 WHERE id = 1"))
        uow.session.execute(text("UPDATE residents SET name = '司马懿', pinyin_full = 'simayi',"
                                 " pinyin_initials = 'smy' WHERE id = :id"), {"id": index.ids[0]})
        uow.commit()
    assert keystroke(centre, "smy") == [index.ids[0]]


def test_a_command_line_run_starts_no_build(centre, monkeypatch):
    """A command-line run ends before a build would pay off: it searches in SQL only."""
    from neighborcenter.core import background

    monkeypatch.setattr(background, "_allowed", threading.Event())
    with centre.unit_of_work(write=False) as uow:
        search_index.forget(uow.session)
    assert by_index(centre, "wgy") == by_index(centre, "wgy")
    with centre.unit_of_work(write=False) as uow:
        search_index.settle(uow.session)
        assert search_index.lookup(uow.session) is None  # nothing was built
