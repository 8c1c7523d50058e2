"""The register: saving with validation, duplicates and merge, search, masking and reveal,
status changes, tags and consents — against a real SQLite file."""

import datetime as dt

import pytest
from sqlalchemy import select

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import NotFound, PermissionDenied, ValidationError
from neighborcenter.features.register import registry as reg
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.models import Resident
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.register.rules.terms import (
    ConsentPurpose,
    Relation,
    ResidenceEventKind,
    ResidentStatus,
)
from neighborcenter.storage.models import AuditEntry

ID_SHAN = make_id_number("330502", dt.date(1940, 5, 6), 11)  # male
ID_ZENG = make_id_number("330502", dt.date(1985, 1, 2), 22)  # female


def form(**kw) -> rec.ResidentForm:
    base = dict(family_name="张", given_name="三", estate="幸福里小区", building="3", unit="2",
                room="501")
    base.update(kw)
    return rec.ResidentForm(**base)


def add(db, actor, **kw) -> str:
    return rec.save_resident(db, actor=actor, form=form(**kw))


def find(db, actor, query, **filters):
    result = reg.search_residents(db, actor=actor, query=query,
                                  filters=reg.SearchFilters(**filters), limit=50)
    return [r.name for r in result.rows]


@pytest.fixture
def people(db, admin):
    ids = {
        "shan": add(db, admin, family_name="单", given_name="良", id_number=ID_SHAN,
                    phone="13805721234", household_number="H1", relation=Relation.HEAD),
        "zeng": add(db, admin, family_name="曾", given_name="丽", id_number=ID_ZENG,
                    building="5", unit="1", room="302"),
        "xie": add(db, admin, family_name="解", given_name="放", birth_date="1950.1.1",
                   building="4"),
        "ou": add(db, admin, family_name="区", given_name="志明", birth_date="1960年3月4日",
                  building="7", room="101", unit="1"),
        "zhang": add(db, admin, family_name="张", given_name="三", birth_date="1949-12-31",
                     phone="0572-2123456", building="9", unit="1", room="101",
                     moved_in_on="2000-01-01"),
    }
    return ids


def test_sex_and_birth_date_come_from_the_id_number(db, admin, people):
    detail = reg.resident_detail(db, actor=admin, resident_id=people["shan"])
    assert detail.sex == "M" and detail.birth_date == dt.date(1940, 5, 6)
    assert detail.masked_id == ID_SHAN[:6] + "********" + ID_SHAN[-4:]
    assert detail.masked_phone == "138****1234"
    assert detail.address == "幸福里小区3栋2单元501室"
    assert detail.household_number == "H1" and detail.relation is Relation.HEAD
    assert [e.kind for e in detail.events] == [ResidenceEventKind.MOVED_IN]


def test_a_sex_that_disagrees_with_the_id_number_is_flagged(db, admin):
    with pytest.raises(ValidationError) as info:
        add(db, admin, family_name="王", given_name="五", id_number=ID_SHAN, sex="F")
    assert info.value.field == "sex"


def test_a_wrong_check_character_names_the_expected_one(db, admin):
    bad = ID_SHAN[:17] + ("0" if ID_SHAN[17] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        add(db, admin, id_number=bad)
    assert ID_SHAN[17] in str(info.value) and info.value.field == "id_number"


def test_a_15_digit_number_is_stored_as_its_18_digit_successor(db, admin):
    rid = add(db, admin, family_name="李", given_name="四", id_number="110105491231002")
    with db.unit_of_work(write=False) as uow:
        assert uow.session.get(Resident, rid).id_number == "11010519491231002X"


@pytest.mark.parametrize("query, expected", [
    ("shan", "单良"), ("sl", "单良"), ("zeng", "曾丽"), ("zl", "曾丽"), ("xie", "解放"),
    ("xf", "解放"), ("ou", "区志明"), ("ozm", "区志明"), ("zhangsan", "张三"), ("zs", "张三"),
    ("张", "张三"), ("志明", "区志明"),
])
def test_pinyin_and_name_search_reads_polyphonic_surnames_as_surnames(db, admin, people,
                                                                       query, expected):
    assert expected in find(db, admin, query)


def test_the_common_readings_of_polyphonic_surnames_do_not_match(db, admin, people):
    assert "单良" not in find(db, admin, "dan")
    assert "曾丽" not in find(db, admin, "ceng")
    assert "区志明" not in find(db, admin, "qu")


def test_search_by_phone_or_id_tail_and_by_address(db, admin, people):
    assert find(db, admin, "1234") == ["单良"]
    assert find(db, admin, "3456") == ["张三"]
    assert find(db, admin, ID_ZENG[-4:]) == ["曾丽"]
    assert find(db, admin, "3栋2单元") == ["单良"]
    assert find(db, admin, "5-1-302") == ["曾丽"]
    assert find(db, admin, "幸福里9栋") == ["张三"]
    assert find(db, admin, "zs 9栋") == ["张三"]
    assert find(db, admin, "100%") == []


def test_a_half_typed_address_or_an_estate_name_does_not_empty_the_list(db, admin, people):
    add(db, admin, family_name="李", given_name="四", estate="湖滨花园", building="3", unit="2",
        room="501")
    everyone_at_xingfu = {"单良", "曾丽", "解放", "区志明", "张三"}
    assert set(find(db, admin, "幸福")) == everyone_at_xingfu  # part of the estate's name
    assert set(find(db, admin, "3-")) == {"单良", "李四"}  # on the way to 3-2-501: 3栋
    assert set(find(db, admin, "3-2-")) == {"单良", "李四"}
    assert find(db, admin, "湖滨3栋2单") == ["李四"]  # on the way to 2单元
    assert find(db, admin, "湖滨3栋2单元") == ["李四"]


def test_status_and_tag_filters(db, admin, people):
    tags = {t.code: t for t in rec.list_tag_types(db, actor=admin)}
    rec.add_resident_tag(db, actor=admin, resident_id=people["zhang"],
                         tag_type_id=tags["elderly"].id, valid_from="2020-01-01", evidence="身份证")
    assert find(db, admin, "", tag_code="elderly") == ["张三"]
    rec.change_residence(db, actor=admin, resident_id=people["xie"],
                         kind=ResidenceEventKind.MOVED_OUT, on="2026-01-05",
                         destination="杭州市西湖区")
    assert "解放" not in find(db, admin, "")
    assert find(db, admin, "", status="moved_out") == ["解放"]
    assert "解放" in find(db, admin, "", status=reg.ALL_STATUSES)


def test_search_results_carry_masked_identifiers_only(db, admin, people):
    result = reg.search_residents(db, actor=admin, query="shan")
    row = result.rows[0]
    assert ID_SHAN not in repr(row) and "13805721234" not in repr(row)
    assert row.masked_id.endswith(ID_SHAN[-4:])


def test_the_same_id_number_is_refused_and_names_the_existing_record(db, admin, people):
    with pytest.raises(rec.PossibleDuplicate) as info:
        add(db, admin, family_name="单", given_name="亮", id_number=ID_SHAN, building="8")
    assert info.value.blocking and "单良" in str(info.value)
    with pytest.raises(rec.PossibleDuplicate):  # confirming does not help
        rec.save_resident(db, actor=admin, confirmed_not_duplicate=True,
                          form=form(family_name="单", given_name="亮", id_number=ID_SHAN))


def test_same_name_and_birth_or_similar_name_at_the_address_asks_first(db, admin, people):
    with pytest.raises(rec.PossibleDuplicate) as info:
        add(db, admin, family_name="张", given_name="三", birth_date="1949-12-31",
            building="1")
    assert not info.value.blocking
    assert info.value.hits[0].reason == rec.DuplicateReason.SAME_NAME_AND_BIRTH
    with pytest.raises(rec.PossibleDuplicate) as info:  # 单亮 at 单良's address
        add(db, admin, family_name="单", given_name="亮")
    assert info.value.hits[0].reason == rec.DuplicateReason.SIMILAR_NAME_SAME_DWELLING
    rid = rec.save_resident(db, actor=admin, confirmed_not_duplicate=True,
                            form=form(family_name="单", given_name="亮"))
    assert rid


def test_merge_takes_chosen_fields_moves_attachments_and_keeps_an_audit_note(db, admin, people):
    dup = rec.save_resident(db, actor=admin, confirmed_not_duplicate=True,
                            form=form(family_name="单", given_name="亮", phone="13900001111"))
    rec.add_emergency_contact(db, actor=admin, resident_id=dup, name="单小明",
                              relation="儿子", phone="13912345678")
    fields = rec.compare_for_merge(db, actor=admin, keep_id=people["shan"],
                                   other_id=dup)
    phone = next(f for f in fields if f.key == "phone")
    assert phone.differs and phone.other_value == "139****1111"
    with pytest.raises(ValidationError):
        rec.merge_residents(db, actor=admin, keep_id=people["shan"], other_id=dup,
                            take_from_other={"phone"}, note=" ")
    rec.merge_residents(db, actor=admin, keep_id=people["shan"], other_id=dup,
                        take_from_other={"phone"}, note="同一人，名字录错")
    detail = reg.resident_detail(db, actor=admin, resident_id=people["shan"])
    assert detail.name == "单良" and detail.masked_phone == "139****1111"
    assert [c.name for c in detail.contacts] == ["单小明"]
    assert detail.events[-1].kind is ResidenceEventKind.MERGED
    assert "单亮" not in find(db, admin, "")
    with db.unit_of_work(write=False) as uow:
        merged = uow.session.get(Resident, dup)
        assert merged.archived_at is not None and merged.merged_into_id == people["shan"]
        entry = uow.session.scalars(select(AuditEntry).where(
            AuditEntry.action == AuditAction.MERGE.value)).one()
        assert "同一人" in entry.detail and '"phone"' in entry.detail


def test_reveal_needs_the_role_and_is_audited(db, admin, people, shop_volunteer):
    value = reg.reveal_identifier(db, actor=admin, resident_id=people["shan"],
                                  field_name="id_number")
    assert value == ID_SHAN
    entries = [e for e in list_audit(db, actor=admin)
               if e.action is AuditAction.REVEAL]
    assert len(entries) == 1 and entries[0].target_id == people["shan"]
    assert ID_SHAN not in entries[0].summary
    with pytest.raises(PermissionDenied):
        reg.reveal_identifier(db, actor=shop_volunteer, resident_id=people["shan"],
                              field_name="phone")


def test_moves_and_death_are_dated_status_changes_with_history(db, admin, people):
    rid = people["zhang"]
    rec.change_residence(db, actor=admin, resident_id=rid,
                         kind=ResidenceEventKind.MOVED_WITHIN, on="2025-03-01",
                         address=("幸福里小区", "3", "2", "501"))
    view = reg.find_dwellings(db, actor=admin, query="3-2-501")
    occupants = reg.dwelling_view(db, actor=admin, dwelling_id=view[0].id)
    assert {r.name for r in occupants.residents} == {"单良", "张三"}
    tags = {t.code: t for t in rec.list_tag_types(db, actor=admin)}
    rec.add_resident_tag(db, actor=admin, resident_id=rid, tag_type_id=tags["elderly"].id,
                         valid_from="2019-12-31")
    rec.change_residence(db, actor=admin, resident_id=rid,
                         kind=ResidenceEventKind.DECEASED, on="2026-02-01", notes="病故")
    detail = reg.resident_detail(db, actor=admin, resident_id=rid)
    assert detail.status is ResidentStatus.DECEASED and detail.status_date == dt.date(2026, 2, 1)
    assert [e.kind for e in detail.events] == [ResidenceEventKind.MOVED_IN,
                                               ResidenceEventKind.MOVED_WITHIN,
                                               ResidenceEventKind.DECEASED]
    assert detail.events[1].from_address == "幸福里小区9栋1单元101室"
    assert detail.tags[0].valid_to == dt.date(2026, 2, 1)  # tags end with the person
    with pytest.raises(ValidationError):
        rec.change_residence(db, actor=admin, resident_id=rid,
                             kind=ResidenceEventKind.MOVED_OUT, on="2026-03-01",
                             destination="杭州")


def test_an_unknown_dwelling_is_a_message_not_a_crash(db, admin, people):
    """A dwelling that is gone (a stale id from a dialog left open) is the project's NotFound,
    which the UI shows as a message; SQLAlchemy's NoResultFound would reach the crash dialog."""
    with pytest.raises(NotFound) as info:
        reg.dwelling_view(db, actor=admin, dwelling_id="no-such-dwelling")
    assert str(info.value) == "登记中没有这个地址。"  # translated, for the person


def test_a_graded_tag_needs_its_grade_and_tags_end_rather_than_vanish(db, admin, people):
    tags = {t.code: t for t in rec.list_tag_types(db, actor=admin)}
    with pytest.raises(ValidationError) as info:
        rec.add_resident_tag(db, actor=admin, resident_id=people["ou"],
                             tag_type_id=tags["disability"].id, valid_from="2020-01-01")
    assert info.value.field == "grade"
    tag_id = rec.add_resident_tag(db, actor=admin, resident_id=people["ou"],
                                  tag_type_id=tags["disability"].id, valid_from="2020-01-01",
                                  grade="二级", evidence="残疾人证", review_date="2027-01-01")
    rec.end_resident_tag(db, actor=admin, tag_id=tag_id, on="2025-12-31")
    detail = reg.resident_detail(db, actor=admin, resident_id=people["ou"])
    assert detail.tags[0].valid_to == dt.date(2025, 12, 31) and detail.tags[0].grade == "二级"
    assert find(db, admin, "", tag_code="disability") == []


def test_centres_add_their_own_tags(db, admin):
    tag_id = rec.add_tag_type(db, actor=admin, name="重点关注")
    names = [t.name for t in rec.list_tag_types(db, actor=admin)]
    assert "重点关注" in names and "高龄" in names
    with pytest.raises(ValidationError):
        rec.add_tag_type(db, actor=admin, name="重点关注")
    assert tag_id


def test_a_childs_consent_must_come_from_a_guardian(db, admin):
    child = add(db, admin, family_name="王", given_name="小宝", birth_date="2020-06-01")
    with pytest.raises(ValidationError) as info:
        rec.record_consent(db, actor=admin, resident_id=child,
                           purpose=ConsentPurpose.CHILD, given_on="2026-09-01", given_by="王小宝")
    assert info.value.field == "guardian_relation"
    cid = rec.record_consent(db, actor=admin, resident_id=child,
                             purpose=ConsentPurpose.CHILD, given_on="2026-09-01",
                             given_by="王建国", guardian_relation="父亲")
    rec.withdraw_consent(db, actor=admin, consent_id=cid, on="2026-10-01")
    detail = reg.resident_detail(db, actor=admin, resident_id=child)
    assert detail.consents[0].given_by == "王建国"
    assert detail.consents[0].withdrawn_on == dt.date(2026, 10, 1)


def test_a_household_has_one_head(db, admin, people):
    with pytest.raises(ValidationError) as info:
        add(db, admin, family_name="李", given_name="梅", household_number="H1",
            relation=Relation.HEAD, building="3", unit="2", room="502")
    assert info.value.field == "relation" and "单良" in str(info.value)
    add(db, admin, family_name="李", given_name="梅", household_number="H1",
        relation=Relation.SPOUSE, building="3", unit="2", room="502")
    detail = reg.resident_detail(db, actor=admin, resident_id=people["shan"])
    assert {m.name for m in detail.household_members} == {"单良", "李梅"}


def test_a_shop_volunteer_cannot_see_the_register(db, shop_volunteer):
    with pytest.raises(PermissionDenied):
        reg.search_residents(db, actor=shop_volunteer, query="")


def test_editing_keeps_the_masked_id_number_and_audits_the_fields(db, admin, people):
    start = rec.resident_form_of(db, actor=admin, resident_id=people["shan"])
    assert start.id_number is None
    from dataclasses import replace
    rec.save_resident(db, actor=admin, resident_id=people["shan"],
                      form=replace(start, phone="13911112222"))
    with db.unit_of_work(write=False) as uow:
        r = uow.session.get(Resident, people["shan"])
        assert r.id_number == ID_SHAN and r.phone == "13911112222"
    updates = [e for e in list_audit(db, actor=admin)
               if e.action is AuditAction.UPDATE and e.target_id == people["shan"]]
    assert updates


def test_merge_offers_the_new_fields_and_keeps_both_records_extra_columns(db, admin, people):
    from neighborcenter.features.register.models import ResidentExtraField

    dup = rec.save_resident(db, actor=admin, confirmed_not_duplicate=True,
                            form=form(family_name="单", given_name="亮", ethnicity="回族",
                                      political_status="党员"))
    with db.unit_of_work(write=True) as uow:  # as an import keeps a sheet's extra columns
        uow.session.add_all([
            ResidentExtraField(resident_id=people["shan"], header="楼长备注", value="独居"),
            ResidentExtraField(resident_id=dup, header="楼长备注", value="有孙子照看"),
            ResidentExtraField(resident_id=dup, header="医保类型", value="城乡居民")])
        uow.commit()
    fields = {f.key: f for f in rec.compare_for_merge(db, actor=admin, keep_id=people["shan"],
                                                      other_id=dup)}
    assert fields["ethnicity"].other_value == "回族" and fields["ethnicity"].differs
    rec.merge_residents(db, actor=admin, keep_id=people["shan"], other_id=dup,
                        take_from_other={"ethnicity", "political_status"}, note="同一人")
    with db.unit_of_work(write=False) as uow:
        kept = uow.session.get(Resident, people["shan"])
        assert (kept.ethnicity, kept.political_status) == ("03", "01")
        live = {f.header: f.value for f in uow.session.scalars(select(ResidentExtraField).where(
            ResidentExtraField.resident_id == people["shan"],
            ResidentExtraField.archived_at.is_(None)))}
    assert live == {"楼长备注": "独居；有孙子照看", "医保类型": "城乡居民"}


def test_the_360_page_masks_an_id_number_kept_in_an_extra_column(db, admin, people):
    from neighborcenter.features.register.models import ResidentExtraField

    with db.unit_of_work(write=True) as uow:
        uow.session.add(ResidentExtraField(resident_id=people["shan"], header="监护人身份证号",
                                           value="11010519491231002X"))
        uow.commit()
    detail = reg.resident_detail(db, actor=admin, resident_id=people["shan"])
    assert detail.extra_fields == [("监护人身份证号", "110105********002X")]
