"""The fields of a 人口台账 (issue 20) in the register's services: 民族, 政治面貌, 文化程度,
婚姻状况 (codes read from words), 户籍地址 and 人户分离 decided from it, 工作单位或学校, the
filters, the 360° page's words and extra fields, and the migration of the 党员 tag."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from neighborcenter.core.audit import AuditAction
from neighborcenter.core.roles import Actor, Role
from neighborcenter.errors import ValidationError
from neighborcenter.features.register import cli as register_cli
from neighborcenter.features.register import registry as reg
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.models import Resident, ResidentExtraField
from neighborcenter.features.register.rules.hukou import (
    address_key,
    residence_from_hukou,
    same_address,
)
from neighborcenter.features.register.rules.terms import ResidenceStatus
from neighborcenter.storage.models import AuditEntry

HOME = "幸福里小区3栋2单元501室"


def form(**kw) -> rec.ResidentForm:
    base = dict(family_name="马", given_name="丽", estate="幸福里小区", building="3", unit="2",
                room="501")
    base.update(kw)
    return rec.ResidentForm(**base)


def add(db, actor, **kw) -> str:
    return rec.save_resident(db, actor=actor, form=form(**kw))


def stored(db, resident_id: str) -> Resident:
    with db.unit_of_work(write=False) as uow:
        r = uow.session.get(Resident, resident_id)
        uow.session.expunge(r)
        return r


# -- saving and reading ---------------------------------------------------------------------

def test_each_field_is_saved_as_a_code_from_what_people_type_and_read_back(db, admin):
    rid = add(db, admin, ethnicity="回", political_status="党员", education="大专",
              marital_status="已婚", hukou_address="河南省开封市顺河回族区东大街12号",
              workplace="湖州市中心医院")
    r = stored(db, rid)
    assert (r.ethnicity, r.political_status, r.education, r.marital_status) == \
        ("03", "01", "30", "20")
    assert (r.hukou_address, r.hukou_same, r.workplace) == \
        ("河南省开封市顺河回族区东大街12号", False, "湖州市中心医院")
    back = rec.resident_form_of(db, actor=admin, resident_id=rid)
    assert (back.ethnicity, back.political_status, back.education, back.marital_status,
            back.hukou_address, back.hukou_same, back.workplace) == (
        "03", "01", "30", "20", "河南省开封市顺河回族区东大街12号", False, "湖州市中心医院")
    # the dialog's values saved again change nothing (codes read as codes)
    rec.save_resident(db, actor=admin, form=back, resident_id=rid)
    assert stored(db, rid).ethnicity == "03"
    detail = reg.resident_detail(db, actor=admin, resident_id=rid)
    assert (detail.ethnicity_word, detail.political_status_word, detail.education_word,
            detail.marital_status_word) == ("回族", "中国共产党党员", "大学专科", "已婚")
    assert detail.hukou_text == "河南省开封市顺河回族区东大街12号"
    assert detail.workplace == "湖州市中心医院"


def test_empty_fields_stay_empty_and_same_as_current_address_is_kept(db, admin):
    rid = add(db, admin, hukou_same=True)
    r = stored(db, rid)
    assert (r.ethnicity, r.political_status, r.education, r.marital_status, r.hukou_address,
            r.workplace) == (None,) * 6
    assert r.hukou_same is True
    detail = reg.resident_detail(db, actor=admin, resident_id=rid)
    assert detail.hukou_text not in ("", HOME)  # says "same as the current address"
    assert detail.ethnicity_word == ""


@pytest.mark.parametrize("field, value", [
    ("ethnicity", "火星族"), ("political_status", "党外人士"), ("education", "幼儿园大班"),
    ("marital_status", "热恋"), ("hukou_address", "幸" * 201), ("workplace", "单" * 101),
    ("hukou_address", "幸福里\u202e小区"),
])
def test_a_value_that_is_refused_names_its_field(db, admin, field, value):
    with pytest.raises(ValidationError) as caught:
        add(db, admin, **{field: value})
    assert caught.value.field == field


def test_a_refused_code_value_lists_the_accepted_words(db, admin):
    with pytest.raises(ValidationError, match="大学专科") as caught:
        add(db, admin, education="幼儿园大班")
    assert "幼儿园大班" in str(caught.value)


def test_same_as_current_address_and_a_hukou_address_together_are_refused(db, admin):
    with pytest.raises(ValidationError) as caught:
        add(db, admin, hukou_same=True, hukou_address="河南省开封市")
    assert caught.value.field == "hukou_address"


def test_the_audit_names_the_new_fields_that_changed(db, admin):
    rid = add(db, admin)
    rec.save_resident(db, actor=admin, resident_id=rid,
                      form=form(political_status="02", workplace="湖州师范学院"))
    with db.unit_of_work(write=False) as uow:
        entry = uow.session.scalars(select(AuditEntry).where(
            AuditEntry.action == AuditAction.UPDATE.value)).one()
        assert set(json.loads(entry.detail)["fields"]) == {"political_status", "workplace"}
    assert set(rec.FIELD_LABELS) >= {"ethnicity", "political_status", "education",
                                     "marital_status", "hukou_address", "workplace"}


# -- 人户分离 from the hukou address -----------------------------------------------------------

@pytest.mark.parametrize("hukou, current", [
    (HOME, HOME),
    ("浙江省湖州市吴兴区幸福里小区3栋2单元501室", HOME),  # province, city, district in front
    ("幸福里小区３号楼２单元５０１号", HOME),  # full-width, 号楼, 号
    ("幸福里小区 3幢 2单元 501", HOME),  # spaces, 幢, no 室
    ("幸福里小区3-2-501", HOME),
])
def test_addresses_written_differently_are_the_same(hukou, current):
    assert same_address(hukou, current)


@pytest.mark.parametrize("hukou", [
    "幸福里小区3栋2单元502室", "幸福里小区3栋1单元501室", "新幸福里小区3栋2单元501室",
    "河南省开封市顺河回族区东大街12号", "",
])
def test_other_addresses_are_not_the_same(hukou):
    assert not same_address(hukou, HOME)


def test_address_key_makes_one_word_of_a_building_and_a_room():
    assert address_key(" 幸福里小区３座２单元５０１号 ") == "幸福里小区3栋2单元501室"


@pytest.mark.parametrize("current, hukou, same, expected", [
    (HOME, HOME, False, ResidenceStatus.PRESENT),
    (HOME, "", True, ResidenceStatus.PRESENT),
    (HOME, "河南省开封市东大街12号", False, ResidenceStatus.REGISTERED_ELSEWHERE),
    (None, "浙江省湖州市吴兴区幸福里小区3栋2单元501室", False, ResidenceStatus.LIVES_ELSEWHERE),
    (HOME, "", False, None),
    (None, None, False, None),
])
def test_the_rule(current, hukou, same, expected):
    assert residence_from_hukou(current, hukou, same) is expected


def test_saving_decides_the_residence_status_from_the_hukou_address(db, admin):
    elsewhere = add(db, admin, hukou_address="河南省开封市顺河回族区东大街12号")
    assert stored(db, elsewhere).residence_status is ResidenceStatus.REGISTERED_ELSEWHERE
    same = add(db, admin, given_name="芳", room="502",
               hukou_address="浙江省湖州市吴兴区幸福里小区3幢2单元502号")
    assert stored(db, same).residence_status is ResidenceStatus.PRESENT
    away = add(db, admin, given_name="强", estate="", building="", unit="", room="",
               hukou_address="浙江省湖州市吴兴区幸福里小区5栋1单元101室")
    assert stored(db, away).residence_status is ResidenceStatus.LIVES_ELSEWHERE
    nothing = add(db, admin, given_name="军", room="503")
    assert stored(db, nothing).residence_status is ResidenceStatus.PRESENT
    # a correction of the hukou address decides again
    rec.save_resident(db, actor=admin, resident_id=elsewhere, form=form(hukou_same=True))
    assert stored(db, elsewhere).residence_status is ResidenceStatus.PRESENT


def test_a_status_staff_chose_wins_over_the_hukou_address(db, admin):
    rid = add(db, admin, hukou_address="河南省开封市东大街12号",
              residence_status=ResidenceStatus.LIVES_ELSEWHERE)
    assert stored(db, rid).residence_status is ResidenceStatus.LIVES_ELSEWHERE
    # the dialog shows the choice (not "from the hukou address") and saving keeps it
    back = rec.resident_form_of(db, actor=admin, resident_id=rid)
    assert back.residence_status is ResidenceStatus.LIVES_ELSEWHERE
    rec.save_resident(db, actor=admin, form=back, resident_id=rid)
    assert stored(db, rid).residence_status is ResidenceStatus.LIVES_ELSEWHERE


def test_a_decided_status_reads_back_as_decided_and_none_keeps_a_stored_choice(db, admin):
    rid = add(db, admin, hukou_address="河南省开封市东大街12号")
    assert rec.resident_form_of(db, actor=admin, resident_id=rid).residence_status is None
    chosen = add(db, admin, given_name="芳", room="502",
                 residence_status=ResidenceStatus.LIVES_ELSEWHERE)
    # no hukou address: nothing to decide from, so an edit that leaves it open keeps it
    rec.save_resident(db, actor=admin, resident_id=chosen,
                      form=form(given_name="芳", room="502", notes="复查"))
    assert stored(db, chosen).residence_status is ResidenceStatus.LIVES_ELSEWHERE


# -- filters --------------------------------------------------------------------------------

@pytest.fixture
def people(db, admin) -> dict[str, str]:
    def person(given, room, **kw):
        return add(db, admin, given_name=given, room=room, **kw)

    return {
        "member": person("党", "101", political_status="01", ethnicity="01",
                         marital_status="20"),
        "probationer": person("预", "102", political_status="02", ethnicity="03"),
        "league": person("团", "103", political_status="03", ethnicity="97",
                         marital_status="10"),
        "hui": person("回", "104", ethnicity="回族", hukou_address="河南省开封市东大街12号"),
        "foreign": person("外", "105", ethnicity="98"),
        "zhuang": person("壮", "106", ethnicity="壮", marital_status="20"),
        "away": person("远", "107", residence_status=ResidenceStatus.LIVES_ELSEWHERE),
    }


def ids_for(db, admin, **filters) -> set[str]:
    return set(reg.search_residents(db, actor=admin, query="",
                                    filters=reg.SearchFilters(**filters), limit=50).ids)


def test_party_members_include_probationary_members(db, admin, people):
    assert ids_for(db, admin, party_member=True) == {people["member"], people["probationer"]}


def test_ethnic_minorities_exclude_han_other_and_foreign_origin(db, admin, people):
    assert ids_for(db, admin, minority=True) == {people["probationer"], people["hui"],
                                                 people["zhuang"]}


def test_separated_lists_both_ways_and_marital_status_by_code(db, admin, people):
    assert ids_for(db, admin, separated=True) == {people["hui"], people["away"]}
    assert ids_for(db, admin, residence_status=ResidenceStatus.REGISTERED_ELSEWHERE) == \
        {people["hui"]}
    assert ids_for(db, admin, marital_status="20") == {people["member"], people["zhuang"]}
    assert ids_for(db, admin, party_member=True, marital_status="20") == {people["member"]}


def test_filter_keys_of_the_command_line(db, admin, people):
    filters = register_cli._filters(["party=yes", "marital=已婚"])
    assert (filters.party_member, filters.marital_status) == (True, "20")
    assert register_cli._filters(["minority=1"]).minority
    assert register_cli._filters(["separated=yes"]).separated
    assert register_cli._filters(["residence=lives_elsewhere"]).residence_status is \
        ResidenceStatus.LIVES_ELSEWHERE
    for bad, field in (("marital=热恋", "marital"), ("party=maybe", "party"),
                       ("residence=moon", "residence")):
        with pytest.raises(ValidationError) as caught:
            register_cli._filters([bad])
        assert caught.value.field == field
    assert set(reg.search_residents(db, actor=admin, query="", limit=50,
                                    filters=register_cli._filters(["minority=yes"])).ids) == \
        {people["probationer"], people["hui"], people["zhuang"]}


# -- the 360° page's extra fields ----------------------------------------------------------

def test_the_detail_lists_the_extra_fields_of_an_imported_sheet(db, admin):
    rid = add(db, admin)
    with db.unit_of_work(write=True) as uow:
        uow.session.add_all([ResidentExtraField(resident_id=rid, header="鞋码", value="38"),
                             ResidentExtraField(resident_id=rid, header="网格员", value="王芳")])
        uow.commit()
    extra = reg.resident_detail(db, actor=admin, resident_id=rid).extra_fields
    assert sorted(extra) == [("网格员", "王芳"), ("鞋码", "38")]


# -- the migration of the 党员 tag (0004 → 0005) -------------------------------------------

KEY = bytes(range(32))


def test_migration_makes_current_party_member_tags_the_political_status(tmp_path):
    from alembic import command

    from neighborcenter.core.handle import Centre
    from neighborcenter.storage import db as dbmod
    from neighborcenter.storage.migrations import (
        SCHEMA_HEAD,
        alembic_config,
        read_schema_revision,
    )

    path = tmp_path / "old.db"
    engine = dbmod.make_engine(path, KEY)
    now = "'2026-01-01'"
    with engine.begin() as conn:  # a database as 0004 left it, with a current 党员 tag
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        run = conn.exec_driver_sql
        for rid, name in (("r1", "党良"), ("r2", "群众"), ("r3", "党远"), ("r4", "党旧")):
            run("INSERT INTO residents (id, family_name, given_name, name, registration_type, "
                "residence_status, status, notes, created_at, updated_at, change_seq) VALUES "
                f"('{rid}', '{name[0]}', '{name[1]}', '{name}', 'local', 'present', 'active', "
                f"'', {now}, {now}, 1)")
        for tid, code, label in (("t1", "party_member", "党员"), ("t2", "elderly", "高龄")):
            run("INSERT INTO tag_types (id, code, name, has_grade, builtin, created_at, "
                f"updated_at, change_seq) VALUES ('{tid}', '{code}', '{label}', 0, 1, {now}, "
                f"{now}, 1)")
        for tag_id, rid, tid, until in (("rt1", "r1", "t1", "NULL"), ("rt2", "r2", "t2", "NULL"),
                                         ("rt3", "r3", "t1", "'2099-01-01'"),
                                         ("rt4", "r4", "t1", "'2024-05-01'")):
            run("INSERT INTO resident_tags (id, resident_id, tag_type_id, valid_from, "
                "valid_to, evidence, created_at, updated_at, change_seq) VALUES "
                f"('{tag_id}', '{rid}', '{tid}', '2020-07-01', {until}, '', {now}, {now}, 1)")
    engine.dispose()
    assert read_schema_revision(path, KEY) == "0004"

    centre = Centre.open(path, key=KEY)  # as the app opens it: backed up and migrated
    try:
        assert read_schema_revision(path, KEY) == SCHEMA_HEAD  # and on to the newest
        with centre.unit_of_work(write=False) as uow:
            s = uow.session
            party = {r.id: r.political_status for r in s.scalars(select(Resident))}
            # a tag valid today (open, or ending in 2099) makes a Party member; one that
            # ended in 2024 does not
            assert party == {"r1": "01", "r2": None, "r3": "01", "r4": None}
            from neighborcenter.features.register.models import ResidentTag, TagType

            today = dt.date.today()
            tags = {t.id: (t.valid_to, t.archived_at) for t in s.scalars(select(ResidentTag))}
            assert tags == {"rt1": (today, None), "rt2": (None, None), "rt3": (today, None),
                            "rt4": (dt.date(2024, 5, 1), None)}  # history, still shown
            types = {t.code: t.archived_at is not None for t in s.scalars(select(TagType))}
            assert types == {"party_member": True, "elderly": False}
        actor = Actor(None, "admin", "管理员", Role.ADMIN)
        offered = [t.code for t in rec.list_tag_types(centre, actor=actor)]
        assert offered == ["elderly"]
        party = reg.search_residents(centre, actor=actor, query="", limit=10,
                                     filters=reg.SearchFilters(party_member=True))
        assert party.ids == ["r1", "r3"]
    finally:
        centre.close()
