"""人口结构统计表: who is counted on a date, every table adding up to the same total with
未填写 as a row, the .xlsx and the PDF (audited), and ``neighborcenter residents stats``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from neighborcenter.cli import main
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.register.demo import REFERENCE_DATE, load_demo_data
from neighborcenter.features.register.resident_records import change_residence
from neighborcenter.features.register.rules.terms import ResidenceEventKind
from neighborcenter.features.register.statistics import (
    TABLE_KEYS,
    UNRECORDED,
    age_band_key,
    on_register,
    population_statistics,
    write_population_statistics,
)
from tests.conftest import sql


def active_count(db) -> int:
    return sql(db).execute("SELECT COUNT(*) FROM residents WHERE status = 'active' AND "
                           "archived_at IS NULL").fetchone()[0]


def test_every_table_adds_up_to_the_registers_total(db, admin):
    load_demo_data(db, actor=admin, residents=800, seed=2)
    stats = population_statistics(db, actor=admin)  # today: after all the demo's history
    assert stats.total == active_count(db) > 0
    assert [t.key for t in stats.tables] == list(TABLE_KEYS)
    for table in stats.tables:
        assert table.total == stats.total, table.key
        assert table.rows[-1].key == UNRECORDED  # 未填写 is always a row
    # the demo leaves a few fields empty: they are counted, not dropped
    assert stats.table("ethnicity").count(UNRECORDED) > 0
    missing = sql(db).execute("SELECT COUNT(*) FROM residents WHERE status = 'active' AND "
                              "education IS NULL").fetchone()[0]
    assert stats.table("education").count(UNRECORDED) == missing > 0
    # the counts are the data's: 汉族, Party members, 人户分离 both ways
    one = sql(db).execute
    assert stats.table("ethnicity").count("01") == one(
        "SELECT COUNT(*) FROM residents WHERE status = 'active' AND ethnicity = '01'"
    ).fetchone()[0]
    assert stats.table("political_status").count("01") == one(
        "SELECT COUNT(*) FROM residents WHERE status = 'active' AND political_status = '01'"
    ).fetchone()[0]
    separated = stats.table("residence_status")
    assert separated.count("registered_elsewhere") > 0 and separated.count("lives_elsewhere") > 0
    # a minority present gets its own row, named by the standard
    assert any(r.key not in ("01", UNRECORDED) and r.count for r in
               stats.table("ethnicity").rows)


def test_a_value_outside_the_code_list_is_a_row_of_its_own(db, admin):
    load_demo_data(db, actor=admin, residents=60, seed=1)
    with sql(db) as conn:
        conn.execute("UPDATE residents SET marital_status = '77' WHERE id IN "
                     "(SELECT id FROM residents WHERE status = 'active' LIMIT 2)")
    table = population_statistics(db, actor=admin).table("marital_status")
    assert table.count("77") == 2 and table.total == active_count(db)


def test_age_bands():
    assert [age_band_key(a) for a in (0, 6, 7, 17, 18, 34, 35, 59, 60, 69, 70, 89, 90, 104)] \
        == ["0-6", "0-6", "7-17", "7-17", "18-34", "18-34", "35-59", "35-59", "60-69",
            "60-69", "70-79", "80-89", "90+", "90+"]
    assert age_band_key(None) == UNRECORDED


def test_who_is_on_the_register_on_a_day():
    day = dt.date(2025, 6, 1)
    arrived = [(dt.date(2020, 1, 1), "moved_in")]

    def on(events, status="active", status_date=None, born=dt.date(1960, 1, 1)):
        return on_register(on=day, status=status, status_date=status_date, birth_date=born,
                           events=events)

    assert on(arrived)
    assert not on([(dt.date(2025, 6, 2), "moved_in")])  # came the day after
    # imported without a history: from the day it moved in, or was entered
    assert on_register(on=day, status="active", status_date=None, birth_date=None, events=(),
                       since=dt.date(2025, 5, 1))
    assert not on_register(on=day, status="active", status_date=None, birth_date=None,
                           events=(), since=dt.date(2025, 7, 1))
    assert on([(dt.date(2025, 6, 1), "moved_in")])  # the day itself counts
    assert not on([*arrived, (dt.date(2024, 1, 1), "moved_out")], "moved_out",
                  dt.date(2024, 1, 1))
    # moved out later: was here that day
    assert on([*arrived, (dt.date(2025, 9, 1), "moved_out")], "moved_out", dt.date(2025, 9, 1))
    # left and came back: away in between
    away = [*arrived, (dt.date(2024, 1, 1), "moved_out"), (dt.date(2025, 8, 1), "returned")]
    assert not on(away)
    assert on(away[:2] + [(dt.date(2025, 3, 1), "returned")])
    # a merge is no arrival nor departure
    assert on([*arrived, (dt.date(2025, 1, 1), "merged")])
    # no history: the state decides
    assert on([]) and not on([], "deceased", None)
    assert on([], "deceased", dt.date(2025, 7, 1))
    assert not on(arrived, born=dt.date(2025, 6, 2))  # not born yet


def test_a_move_out_counts_until_its_day(db, admin):
    load_demo_data(db, actor=admin, residents=60, seed=1)
    rid = sql(db).execute("SELECT id FROM residents WHERE status = 'active' AND "
                          "moved_in_on < '2025-01-01' LIMIT 1").fetchone()[0]
    change_residence(db, actor=admin, resident_id=rid, kind=ResidenceEventKind.MOVED_OUT,
                     on=dt.date(2026, 8, 1), destination="杭州")
    before = population_statistics(db, actor=admin, on=dt.date(2026, 7, 31)).total
    after = population_statistics(db, actor=admin, on=dt.date(2026, 8, 1)).total
    assert before == after + 1
    assert population_statistics(db, actor=admin).total == active_count(db)


def test_statistics_of_a_day_before_the_demo_count_fewer(db, admin):
    load_demo_data(db, actor=admin, residents=300, seed=1)
    early = population_statistics(db, actor=admin, on=dt.date(2000, 1, 1))
    late = population_statistics(db, actor=admin, on=REFERENCE_DATE)
    assert 0 < early.total < late.total
    for table in early.tables:
        assert table.total == early.total


def audit_actions(db) -> list[str]:
    return [r[0] for r in sql(db).execute(
        "SELECT action FROM audit_log WHERE target_kind = 'register' ORDER BY seq")]


def test_xlsx_and_pdf_are_written_and_audited(db, admin, tmp_path):
    from openpyxl import load_workbook

    load_demo_data(db, actor=admin, residents=300, seed=1)
    stats = write_population_statistics(db, actor=admin, path=tmp_path / "s.xlsx",
                                        on=REFERENCE_DATE)
    sheet = load_workbook(tmp_path / "s.xlsx").active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [stats.total] in [[r[2]] for r in cells if r[1] in ("Total", "合计")]
    ethnic = stats.table("ethnicity")
    assert [ethnic.title, "汉族", ethnic.count("01")] in [r[:3] for r in cells]
    write_population_statistics(db, actor=admin, path=tmp_path / "s.pdf", on=REFERENCE_DATE)
    data = (tmp_path / "s.pdf").read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data  # the CJK font is embedded
    assert audit_actions(db)[-2:] == ["export", "print"]
    with pytest.raises(ValidationError):
        write_population_statistics(db, actor=admin, path=tmp_path / "s.csv")
    with pytest.raises(ValidationError):
        write_population_statistics(db, actor=admin, path=db.path.with_suffix(".db"))
    assert not (tmp_path / "s.csv").exists()


def test_a_long_list_of_groups_still_prints(db, admin, tmp_path):
    """More groups than fit beside the others: the tables go one after another."""
    load_demo_data(db, actor=admin, residents=300, seed=1)
    with sql(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM residents")]
        for i, rid in enumerate(ids):
            conn.execute("UPDATE residents SET ethnicity = ? WHERE id = ?",
                         (f"{i % 56 + 1:02d}", rid))
    write_population_statistics(db, actor=admin, path=tmp_path / "s.pdf")
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_statistics_need_the_register(db, shop_volunteer, tmp_path):
    with pytest.raises(PermissionDenied):
        population_statistics(db, actor=shop_volunteer)
    with pytest.raises(PermissionDenied):
        write_population_statistics(db, actor=shop_volunteer, path=tmp_path / "s.xlsx")
    assert not (tmp_path / "s.xlsx").exists()


# ------------------------------------------------------------------------------ CLI

DEMO = "demo1234"


@pytest.fixture
def run(capsys, monkeypatch):
    def _run(*args):
        monkeypatch.setenv("NEIGHBORCENTER_PASSPHRASE", DEMO)
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


@pytest.fixture
def demo_db(run, tmp_path):
    path = tmp_path / "c.db"
    code, _out, err = run("demo", "--db", str(path), "--residents", "200")
    assert code == 0, err
    return path


def test_cli_prints_the_tables(run, demo_db):
    code, out, err = run("residents", "stats", "--date", "2026-07-01", "--db", str(demo_db),
                         "--user", "admin")
    assert code == 0, err
    assert "2026-07-01" in out and "汉族\t" in out and "男\t" in out
    code, out, err = run("residents", "stats", "--date", "2026-07-01", "--json",
                         "--db", str(demo_db), "--user", "admin")
    assert code == 0, err
    report = json.loads(out)
    assert report["date"] == "2026-07-01"
    for table in report["tables"]:
        assert sum(r["count"] for r in table["rows"]) == report["total"] > 0


def test_cli_writes_a_file_and_refuses_a_bad_date(run, demo_db, tmp_path):
    target = tmp_path / "stats.xlsx"
    code, out, err = run("residents", "stats", "--out", str(target), "--db", str(demo_db),
                         "--user", "admin")
    assert code == 0, err
    assert target.exists()
    assert str(target) in out
    code, _out, err = run("residents", "stats", "--date", "2026-13-40", "--db", str(demo_db),
                          "--user", "admin")
    assert code == 2 and "Traceback" not in err
