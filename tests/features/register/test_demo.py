import datetime as dt

import pytest

from neighborcenter.core.handle import Centre
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.register.demo import REFERENCE_DATE, load_demo_data
from neighborcenter.features.register.home import home_summary
from neighborcenter.features.register.rules.idnumber import parse_id_number
from neighborcenter.storage.check import check_database
from tests.conftest import sql


def people(centre):
    return sql(centre).execute(
        "SELECT family_name, name, id_number, birth_date, sex FROM residents ORDER BY id_number"
    ).fetchall()


def test_same_seed_same_people(tmp_path, admin, db):
    load_demo_data(db, actor=admin, residents=300, seed=7)
    other = Centre.create(tmp_path / "other.db")
    try:
        from neighborcenter.core.centre import set_up_centre

        again = set_up_centre(other, name="x", community="x", street="x", district="x",
                              admin_username="admin", admin_display_name="x",
                              admin_passphrase="another centre", language="zh_CN")
        load_demo_data(other, actor=again.admin, residents=300, seed=7)
        assert people(db) == people(other)
    finally:
        other.close()


def test_demo_is_realistic(db, admin):
    summary = load_demo_data(db, actor=admin, residents=3000, seed=1)
    assert summary.residents == 3000
    rows = people(db)
    for _family, _name, number, born, sex in rows:
        info = parse_id_number(number, today=REFERENCE_DATE)
        assert info.birth_date == dt.date.fromisoformat(born) and info.sex == sex
    families = {r[0] for r in rows}
    assert {"单", "曾", "解", "仇", "查", "欧阳"} <= families
    aged = sum(1 for r in rows if dt.date.fromisoformat(r[3]) <= dt.date(1946, 7, 1))
    assert 0.05 < aged / len(rows) < 0.2  # many elders, as in a real register
    conn = sql(db)
    assert conn.execute("SELECT COUNT(DISTINCT household_id) FROM residents").fetchone()[0] > 900
    statuses = dict(conn.execute(
        "SELECT residence_status, COUNT(*) FROM residents GROUP BY 1").fetchall())
    assert statuses["lives_elsewhere"] > 0 and statuses["registered_elsewhere"] > 0
    assert conn.execute("SELECT COUNT(*) FROM residents WHERE residence_type='rented'"
                        ).fetchone()[0] > 0
    assert check_database(db.database).ok


def test_demo_has_the_registers_fields_in_realistic_proportions(db, admin):
    """民族, 政治面貌, 文化程度, 婚姻状况, 户籍地址 and 单位 as a 台账 has them."""
    from neighborcenter.features.register.rules.codes import CODE_LISTS, is_minority

    load_demo_data(db, actor=admin, residents=3000, seed=1)
    rows = sql(db).execute(
        "SELECT birth_date, ethnicity, political_status, education, marital_status, "
        "hukou_address, hukou_same, workplace, registration_type, residence_status "
        "FROM residents").fetchall()
    for field, index in (("ethnicity", 1), ("political_status", 2), ("education", 3),
                         ("marital_status", 4)):  # every code is one of the standard's
        assert {r[index] for r in rows} - {None} <= set(CODE_LISTS[field].words), field
    ethnic = [r[1] for r in rows]
    assert 0.85 < ethnic.count("01") / len(rows) < 0.99  # 汉族 the large majority
    assert {"03", "11", "15"} <= set(ethnic)  # 回族, 满族, 土家族 …
    assert sum(is_minority(e) for e in ethnic) > 30 and None in ethnic  # and a few 未填写

    def age(r):
        return (REFERENCE_DATE - dt.date.fromisoformat(r[0])).days // 365

    adults = [r for r in rows if age(r) >= 18]
    party = sum(r[2] == "01" for r in adults) / len(adults)
    assert 0.05 < party < 0.12  # 中共党员 among adults
    assert not any(r[2] in ("01", "02") for r in rows if age(r) < 18)
    young = [r for r in rows if 14 <= age(r) <= 28]
    assert sum(r[2] == "03" for r in young) > 0.2 * len(young)  # 共青团员 among the young
    assert sum(r[2] == "13" for r in adults) > 0.7 * len(adults)  # 群众 most
    # 文化程度 and 婚姻状况 follow age
    assert all(r[3] in ("90", None) for r in rows if age(r) < 7)
    assert all(r[4] in ("10", None) for r in rows if age(r) < 20)
    elders = [r for r in rows if age(r) >= 80]
    assert any(r[4] == "30" for r in elders)  # 丧偶
    assert any(r[3] in ("11", "14", "20") for r in rows if 25 <= age(r) <= 45)
    # 户籍地址: the same as the address for most; 人户分离 both ways with a place elsewhere
    assert sum(r[6] for r in rows) > 0.7 * len(rows)
    elsewhere = [r for r in rows if r[9] == "registered_elsewhere"]
    assert elsewhere and all(r[5] and not r[6] for r in elsewhere)
    assert any(r[5].startswith("安徽省阜阳市") for r in elsewhere if r[8] == "migrant")
    assert any(r[5].startswith("浙江省湖州市") for r in elsewhere if r[8] == "local")
    assert all(r[6] for r in rows if r[9] == "lives_elsewhere")  # 户在人不在: registered here
    assert any(r[9] == "lives_elsewhere" for r in rows)
    assert sum(bool(r[7]) for r in rows) > 0.2 * len(rows)  # 工作单位或学校 for some
    # the 党员 tag is gone: 政治面貌 says it
    assert sql(db).execute("SELECT COUNT(*) FROM tag_types WHERE code = 'party_member' AND "
                           "archived_at IS NULL").fetchone()[0] == 0


def test_demo_has_history_consents_and_contacts(db, admin):
    summary = load_demo_data(db, actor=admin, residents=3000, seed=1)
    assert summary.moved_out > 0 and summary.deceased > 0
    conn = sql(db)
    one = conn.execute
    # everyone moved in on a recorded day; some moved within the area; leavers have an event
    assert one("SELECT COUNT(*) FROM residents WHERE moved_in_on IS NULL").fetchone()[0] == 0
    kinds = dict(one("SELECT kind, COUNT(*) FROM residence_events GROUP BY 1").fetchall())
    assert kinds["moved_in"] == 3000 and kinds["moved_within"] > 0
    assert kinds["moved_out"] == summary.moved_out and kinds["deceased"] == summary.deceased
    # the dead keep their tags, closed on the day
    assert one("SELECT COUNT(*) FROM resident_tags t JOIN residents r ON r.id = t.resident_id "
               "WHERE r.status = 'deceased' AND t.valid_to IS NULL").fetchone()[0] == 0
    # a child's consent comes from a guardian; adults sign themselves
    children = one("SELECT c.given_by, r.name, c.guardian_relation, c.given_on, r.birth_date "
                   "FROM consents c JOIN residents r ON r.id = c.resident_id "
                   "WHERE c.purpose = 'child'").fetchall()
    assert children
    for given_by, name, relation, given_on, born in children:
        assert given_by != name and relation in ("父亲", "母亲")
        assert (dt.date.fromisoformat(given_on) - dt.date.fromisoformat(born)).days < 14 * 365
    assert one("SELECT COUNT(*) FROM consents WHERE purpose = 'register'").fetchone()[0] > 1500
    assert one("SELECT COUNT(*) FROM consents WHERE purpose = 'sensitive'").fetchone()[0] > 0
    # elders on their own have their children to call
    assert one("SELECT COUNT(DISTINCT resident_id) FROM emergency_contacts").fetchone()[0] > 100


def test_demo_refuses_a_register_with_residents(db, admin):
    load_demo_data(db, actor=admin, residents=20, seed=1)
    with pytest.raises(ValidationError, match="已有居民"):
        load_demo_data(db, actor=admin, residents=20, seed=2)


def test_shop_volunteer_cannot_load_demo_nor_see_register_counts(db, shop_volunteer):
    with pytest.raises(PermissionDenied):
        load_demo_data(db, actor=shop_volunteer, residents=20)
    assert home_summary(db, actor=shop_volunteer).register is None


def test_home_summary_counts_the_register(db, admin):
    load_demo_data(db, actor=admin, residents=500, seed=1)
    counts = home_summary(db, actor=admin).register
    assert counts.residents == sql(db).execute(
        "SELECT COUNT(*) FROM residents WHERE status = 'active'").fetchone()[0]
    conn = sql(db)
    # a household counts while its head is on the register (families that left do not)
    assert counts.households == conn.execute(
        "SELECT COUNT(*) FROM households h JOIN residents r ON r.id = h.head_id "
        "WHERE r.status = 'active' AND r.household_id = h.id").fetchone()[0]
    assert counts.living_alone > 0 and counts.aged_80_plus > 0


def test_demo_rows_carry_the_change_number_of_their_transaction(db, admin):
    """The bulk insert goes through the unit of work's one write path: the sync asks for
    "everything changed since N" and must find the demo's rows."""

    from neighborcenter.features.register.demo import load_demo_data

    load_demo_data(db, actor=admin, residents=60, seed=3)
    with sql(db) as conn:
        counter = conn.execute("SELECT value FROM change_counter").fetchone()[0]
        for table in ("estates", "households", "residents", "resident_tags"):
            seqs = {r[0] for r in conn.execute(f"SELECT DISTINCT change_seq FROM {table}")}
            assert seqs == {counter}, table
