"""Files in and out with an attacker's eye (issue 12, parts 4 and 5): formulas written as
text, formula cells read, sheets beyond the limits refused quickly, outputs never written
over the database, and names with invisible characters refused or cleaned."""

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from benchmarks import bombs
from neighborcenter.core.handover import database_files
from neighborcenter.core.text import escape_controls
from neighborcenter.errors import ValidationError
from neighborcenter.features.register import cli as register_cli
from neighborcenter.features.register import register_io as rio
from neighborcenter.features.register import registry as reg
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.models import Resident
from neighborcenter.features.register.rules.terms import Relation
from neighborcenter.i18n import _
from neighborcenter.storage.models import AuditEntry

ROOT = Path(__file__).resolve().parents[3]
HYPERLINK = '=HYPERLINK("http://x","y")'


def form(**kw) -> rec.ResidentForm:
    base = dict(family_name="周", given_name="七", estate="幸福里小区", building="3", unit="2",
                room="501", birth_date="1950-01-02")
    base.update(kw)
    return rec.ResidentForm(**base)


def sheet(path, rows, header=("姓名", "出生日期", "楼栋", "单元", "门牌号", "备注")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------ formulas out


def test_a_name_that_is_a_formula_is_exported_as_text(db, admin, tmp_path):
    rec.save_resident(db, actor=admin, form=form(
        family_name="=", given_name=HYPERLINK[1:], household_number="@SUM(1)",
        relation=Relation.HEAD))
    assert [r.name for r in reg.search_residents(db, actor=admin, limit=5).rows] == [HYPERLINK]
    path = tmp_path / "名单.xlsx"
    assert rio.export_residents(db, actor=admin, path=path) == 1
    ws = load_workbook(path).active
    name, number = ws["A2"], ws["H2"]
    assert name.value == HYPERLINK and name.data_type != "f" and name.quotePrefix
    assert number.value == "@SUM(1)" and number.data_type != "f" and number.quotePrefix


def test_rejected_rows_that_look_like_formulas_are_saved_as_text(db, admin, tmp_path):
    path = sheet(tmp_path / "台账.xlsx", [
        ["=1+1", "1950-01-02", 3, 2, 501, "-5"],  # no family name: "=" is not a name
        ["+张三", "1950-02-30", 3, 2, 502, "@x"],
    ])
    # openpyxl itself turned "=1+1" into a formula in the source: it is read as a formula
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True)
    assert len(report.rejected) == 2
    target = rio.save_rejected_rows(db, actor=admin, report=report, sheet_path=path,
                                    target=tmp_path / "待修正.xlsx")
    ws = load_workbook(target).active
    for ref in ("A3", "F2", "F3"):
        assert ws[ref].data_type != "f" and ws[ref].quotePrefix, ref
    assert (ws["A3"].value, ws["F2"].value, ws["F3"].value) == ("+张三", "-5", "@x")
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


# ------------------------------------------------------------------------ formulas in


def formula_sheet(path):
    """A sheet from a program that writes formulas: one with its saved result, one
    without (as openpyxl and some web exports write them)."""
    return bombs.write_xlsx(path, [
        bombs.row(1, ["姓名", "出生日期", "楼栋", "单元", "门牌号"]),
        '<row r="2"><c r="A2" t="str"><f>CONCAT("周","七")</f><v>周七</v></c>'
        '<c r="B2" t="inlineStr"><is><t>1950-01-02</t></is></c><c r="C2"><v>3</v></c>'
        '<c r="D2"><v>2</v></c><c r="E2"><v>501</v></c></row>',
        '<row r="3"><c r="A3" t="inlineStr"><is><t>郑八</t></is></c>'
        '<c r="B3"><f>DATE(1950,1,3)</f></c><c r="C3"><v>3</v></c>'
        '<c r="D3"><v>2</v></c><c r="E3"><v>502</v></c></row>',
    ])


def test_a_formula_cell_is_read_as_its_result_or_named_in_the_row(db, admin, tmp_path):
    path = formula_sheet(tmp_path / "公式.xlsx")
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True,
                                  estate_default="幸福里小区")
    rows = {r.row_number: r for r in report.rows}
    assert rows[2].action == "create" and rows[2].name == "周七"
    assert rows[3].action == "reject"
    problem = rows[3].problems[0]
    assert problem.column == "出生日期"
    assert problem.reason == _(
        "cell {cell} is a formula without a calculated result: open the file in Excel or WPS "
        "and save it, or replace the formula with its value, then import again").format(
            cell="B3")


# ------------------------------------------------------------------------ bounded work


def refused(path, **limits) -> str:
    start = time.perf_counter()
    with pytest.raises(ValidationError) as info:
        rio.read_sheet(path, limits=rio.SheetLimits(**limits))
    assert time.perf_counter() - start < 10
    return str(info.value)


def test_a_value_in_column_xfd_is_refused_before_rows_are_built(tmp_path):
    path = bombs.column_xfd(tmp_path / "xfd.xlsx", rows=3)
    assert path.stat().st_size < 10_000
    message = refused(path)
    assert "XFD2" in message and "200" in message


def test_formatted_empty_cells_to_xfd_are_not_a_refusal(tmp_path):
    path = bombs.write_xlsx(tmp_path / "styled.xlsx", [
        bombs.row(1, ["姓名", "出生日期"], extra='<c r="XFD1" s="0"/>'),
        bombs.row(2, ["周七", "1950-01-02"], extra='<c r="XFD2" s="0"/>')])
    assert rio.read_sheet(path).rows == [(2, ["周七", "1950-01-02"])]


def test_merged_ranges_to_the_end_of_the_sheet_are_cut_to_the_data(tmp_path):
    """The issue's bomb: each range to XFD1048576 filled rows × 16 384 cells (minutes)."""
    path = bombs.merged_ranges(tmp_path / "merged.xlsx", ranges=200, rows=30)
    start = time.perf_counter()
    read = rio.read_sheet(path)
    assert time.perf_counter() - start < 10
    assert len(read.rows) == 30 and max(len(cells) for _n, cells in read.rows) == 13
    message = refused(path, merged_cells=1000)
    assert "1000" in message


def test_too_many_merged_ranges_are_refused(tmp_path):
    message = refused(bombs.many_merged_ranges(tmp_path / "m.xlsx", ranges=30),
                      merged_ranges=20)
    assert message == _("{file} has more than {limit} merged ranges: unmerge the cells "
                        "(select all, then Merge › Unmerge in Excel or WPS) and import "
                        "again.").format(file="m.xlsx", limit=20)


def test_too_many_rows_or_cells_are_refused(tmp_path):
    path = bombs.many_rows(tmp_path / "rows.xlsx", rows=40)
    assert refused(path, rows=30) == _(
        "{file} has more than {limit} rows: import reads at most {limit}. Split the sheet "
        "into smaller files and import them one by one.").format(file="rows.xlsx", limit=30)
    assert "100" in refused(path, cells=100)
    csv = tmp_path / "rows.csv"
    csv.write_text("姓名,出生日期\n" + "周七,1950-01-02\n" * 40, encoding="utf-8")
    assert "rows.csv" in refused(csv, rows=30)
    assert "rows.csv" in refused(csv, cells=50)


def test_a_zip_bomb_and_a_huge_file_are_refused_before_reading(tmp_path):
    path = bombs.zip_bomb(tmp_path / "bomb.xlsx", unpacked_mb=2)
    assert "bomb.xlsx" in refused(path, unpacked_mb=1)
    assert "bomb.xlsx" in refused(path, file_mb=0)


def test_a_huge_shared_string_table_is_refused(tmp_path):
    path = bombs.shared_strings(tmp_path / "strings.xlsx", mb=1)
    assert "strings.xlsx" in refused(path, other_elements=10_000)


def test_a_csv_line_without_end_is_refused(tmp_path):
    path = tmp_path / "line.csv"
    path.write_text("姓名,出生日期\n" + "," * 5000, encoding="utf-8")
    assert "line.csv" in refused(path, line_chars=1000)
    (tmp_path / "field.csv").write_text('姓名,出生日期\n"' + "x" * 200_000 + '",1\n')
    assert "field.csv" in refused(tmp_path / "field.csv")  # csv's own limit, not a crash


def test_the_import_itself_refuses_with_the_message(db, admin, tmp_path, monkeypatch):
    monkeypatch.setattr(rio, "LIMITS", rio.SheetLimits(rows=3))
    path = bombs.many_rows(tmp_path / "rows.xlsx", rows=10)
    with pytest.raises(ValidationError, match="rows.xlsx"):
        rio.import_residents(db, actor=admin, path=path, dry_run=True)


@pytest.mark.parametrize("bomb", ["column XFD", "200 merges to XFD"])
def test_the_issues_bombs_are_refused_within_the_bounds(tmp_path, bomb):
    """Full size, in a fresh process: the issue's 83 KB file in column XFD took 2.7 GB."""
    file_name, make = bombs.BOMBS[bomb]
    path = make(tmp_path / file_name)
    done = subprocess.run([sys.executable, "-m", "benchmarks.bombs", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["outcome"].startswith("refused:")
    assert result["rss_kb"] < 500 * 1024 and result["ms"] < 60_000


def test_the_audit_entry_of_an_import_keeps_counts_and_the_first_rows(db, admin, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setattr(rio, "AUDIT_REJECTED_ROWS", 5)
    path = sheet(tmp_path / "坏.xlsx", [[f"张{n}", "1950-02-30", 3, 2, 500 + n, "x" * 500]
                                       for n in range(12)])
    report = rio.import_residents(db, actor=admin, path=path)
    assert len(report.rejected) == 12 and len(report.as_json()["rejected"]) == 12
    with db.unit_of_work(write=False) as uow:
        detail = json.loads(uow.session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "import")).one())
    assert detail["rejected_count"] == 12 and len(detail["rejected"]) == 5
    assert detail["rejected"][0]["row"] == 2


# ------------------------------------------------------------------------ output paths


def refused_path(target: Path, call) -> None:
    with pytest.raises(ValidationError) as info:
        call(target)
    assert info.value.field == "path" and str(target) in str(info.value)
    assert str(info.value) == _(
        "{file} is the centre's database, a file that belongs to it, one of its backups or "
        "the file being imported: NeighborCenter does not write over it. Choose another "
        "name or folder.").format(file=target)


def test_rejected_rows_are_never_written_over_the_database(db, admin, tmp_path):
    path = sheet(tmp_path / "台账.xlsx", [["周七", "1950-02-30", 3, 2, 501, ""]])
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True)
    (tmp_path / "centre-backups").mkdir()
    before = digest(db.path)
    for target in (db.path, Path(str(db.path) + "-wal"), Path(str(db.path) + ".keys"), path,
                   tmp_path / "centre-backups" / "x.xlsx"):
        refused_path(target, lambda t: rio.save_rejected_rows(
            db, actor=admin, report=report, sheet_path=path, target=t))
    assert digest(db.path) == before
    assert reg.search_residents(db, actor=admin, limit=5).total == 0  # still a database
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["台账.xlsx", "centre-backups", *[p.name for p in tmp_path.glob("centre.db*")]])


def test_exports_and_rosters_are_never_written_over_the_database(db, admin, tmp_path):
    rec.save_resident(db, actor=admin, form=form())
    alias = tmp_path / "centre.xlsx"  # the database under an .xlsx name (a hard link)
    alias.hardlink_to(db.path)
    before = digest(db.path)
    for target in (*database_files(db.path), alias):
        refused_path(target, lambda t: rio.export_residents(db, actor=admin, path=t))
        refused_path(target, lambda t: rio.print_household_roster(db, actor=admin, path=t))
    assert digest(db.path) == before
    assert reg.search_residents(db, actor=admin, limit=5).total == 1


def test_a_failed_export_leaves_no_file(db, admin, tmp_path, monkeypatch):
    rec.save_resident(db, actor=admin, form=form())
    out = tmp_path / "out"
    out.mkdir()

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", full)
    with pytest.raises(ValidationError, match="No space left"):
        rio.export_residents(db, actor=admin, path=out / "名单.xlsx")
    assert list(out.iterdir()) == []


# ------------------------------------------------------------------------ text


def test_a_typed_name_with_a_zero_width_space_is_refused_by_name(db, admin):
    with pytest.raises(ValidationError) as info:
        rec.save_resident(db, actor=admin, form=form(given_name="\u200b七"))
    assert info.value.field == "given_name" and "U+200B" in str(info.value)
    assert _("zero-width space") in str(info.value)
    for field, value in (("room", "501\x1b[2J"), ("notes", "好\u202e人"), ("phone", "138\t1")):
        with pytest.raises(ValidationError) as info:
            rec.save_resident(db, actor=admin, form=form(**{field: value}))
        assert info.value.field == field, field
    with pytest.raises(ValidationError, match="U\\+200B"):
        rec.add_tag_type(db, actor=admin, name="独居\u200b")


def test_a_name_saved_with_an_invisible_character_is_still_a_duplicate(db, admin):
    rid = rec.save_resident(db, actor=admin, form=form())
    with db.unit_of_work(write=True) as uow:  # as a record of an older version could be
        uow.session.get(Resident, rid).given_name = "\u200b七"
        uow.session.get(Resident, rid).name = "周\u200b七"
        uow.commit()
    with pytest.raises(rec.PossibleDuplicate):
        rec.save_resident(db, actor=admin, form=form(room="502"))


def test_an_imported_cell_loses_accidental_characters_with_a_note(db, admin, tmp_path):
    rec.save_resident(db, actor=admin, form=form())
    path = tmp_path / "台账.csv"
    path.write_text("姓名,出生日期,楼栋,单元,门牌号,备注\n"
                    "\ufeff周\u200b七,1950-01-02,3,2,501,\"备注\n\"\n"
                    "郑\x1b八,1950-01-03,3,2,502,\n"
                    "吴\u202e九,1950-01-04,3,2,503,\n", encoding="utf-8")
    report = rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    rows = {r.row_number: r for r in report.rows}
    assert rows[2].action == "update" and rows[2].name == "周七"  # the same person
    assert "U+200B" in rows[2].note and "U+FEFF" in rows[2].note and "U+000A" in rows[2].note
    assert rows[3].action == "reject" and "U+001B" in rows[3].reason
    assert rows[4].action == "reject" and "U+202E" in rows[4].reason
    assert [r.name for r in reg.search_residents(db, actor=admin, limit=5).rows] == ["周七"]


def test_find_escapes_control_characters_for_the_terminal(db, admin):
    rid = rec.save_resident(db, actor=admin, form=form())
    with db.unit_of_work(write=True) as uow:  # a record from before the rule, or a bug
        uow.session.get(Resident, rid).name = "周\x1b[2J七\u202e"
        uow.commit()
    row = reg.resident_rows(db, actor=admin, ids=[rid])[0]
    line = register_cli.find_line(row)
    assert "\x1b" not in line and "\u202e" not in line and "\\x1b[2J" in line
    assert line.split("\t")[0] == escape_controls(row.name)


def test_the_cli_checks_the_rejected_file_before_importing(db, admin, tmp_path):
    import argparse

    path = sheet(tmp_path / "台账.xlsx", [["周七", "1950-02-30", 3, 2, 501, ""]])
    before = digest(db.path)
    args = argparse.Namespace(residents_command="import", file=str(path), dry_run=False,
                              json=False, estate="", rejected=str(db.path))
    with pytest.raises(ValidationError):
        register_cli.run(db, args, admin)
    assert digest(db.path) == before
    assert reg.search_residents(db, actor=admin).total == 0  # nothing imported either
