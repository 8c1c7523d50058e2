"""Import of a messy 台账 (built here with openpyxl), GBK CSV, export and the roster PDF."""

import datetime as dt
import json
import subprocess

import pytest
from openpyxl import Workbook, load_workbook

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import ValidationError
from neighborcenter.features.register import register_io as rio
from neighborcenter.features.register import registry as reg
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.storage.backup import list_backups

ID_A = make_id_number("330502", dt.date(1949, 12, 31), 3)  # male
ID_B = make_id_number("330502", dt.date(1952, 3, 4), 26)  # female
ID_C = "11010519491231002X"  # the standard's example (female)


def messy_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["幸福社区居民信息台账（2026年）"])
    ws.merge_cells("A1:K1")
    ws.append(["填报单位：幸福社区", None, None, None, "填报日期：2026.11.01"])
    ws.append(["户号", "姓名", "性别", "身份证号", "出生日期", "联系电话", "楼栋", "单元",
               "门牌号", "与户主关系", "人员类别"])
    ws.append(["H001", "单　良", "男", ID_A, "1949.12.31", "１３８ ０５７２ １２３４", "３",
               "2", "501", "户主", "高龄、独居"])
    ws.append([None, "李桂英", "女", ID_B.lower(), "1952年3月4日", None, None, None, None,
               "配偶", None])
    for cells in ("A4:A5", "G4:G5", "H4:H5", "I4:I5"):  # one household, one address
        ws.merge_cells(cells)
    ws.append(["H002", "王小明", "男", 3.30502e17, 18000, "13912345678", 5, 1, 302, "户主",
               None])
    ws.append(["H003", "张三", "女", ID_C.lower(), 18263, "0572-2123456", 5, 1, 402, "户主",
               None])
    ws.append(["H003", "张三", "女", ID_C, "1949-12-31", None, 5, 1, 402, "户主", None])
    ws.append(["H004", "赵六", "男", None, "1930-02-30", None, 6, 1, 101, "户主", None])
    wb.save(path)
    return path


def names(db, actor, query=""):
    return [r.name for r in reg.search_residents(db, actor=actor,
                                                  query=query, limit=100).rows]


def test_a_dry_run_reports_every_row_and_changes_nothing(db, admin, tmp_path):
    path = messy_workbook(tmp_path / "台账.xlsx")
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True,
                                  estate_default="幸福里小区")
    assert report.header_row == 3
    actions = {r.row_number: r.action for r in report.rows}
    assert actions == {4: "create", 5: "create", 6: "reject", 7: "create", 8: "reject",
                       9: "reject"}
    problems = {r.row_number: r.problems[0] for r in report.rejected}
    assert problems[6].column == "身份证号" and "3.30502E+17" in problems[6].reason
    assert problems[8].column == "身份证号" and "7" in problems[8].reason  # same as row 7
    assert problems[9].column == "出生日期" and "1930-02-30" in problems[9].reason
    assert names(db, admin) == []
    assert list_backups(db.path) == []


def test_the_import_reads_merged_cells_full_width_and_dates_and_is_repeatable(db, admin,
                                                                            tmp_path):
    path = messy_workbook(tmp_path / "台账.xlsx")
    report = rio.import_residents(db, actor=admin, path=path,
                                  estate_default="幸福里小区")
    assert (report.count("create"), report.count("reject")) == (3, 3)
    assert report.backup and [b.reason for b in list_backups(db.path)] == ["before-import"]
    shan = reg.search_residents(db, actor=admin, query="shanliang").rows[0]
    assert shan.address == "幸福里小区3栋2单元501室" and shan.masked_phone == "138****1234"
    assert shan.tags == "高龄、独居" or set(shan.tags.split("、")) == {"高龄", "独居"}
    li = reg.resident_detail(db, actor=admin,
                             resident_id=reg.search_residents(
                                 db, actor=admin, query="李桂英").rows[0].id)
    assert li.address == "幸福里小区3栋2单元501室"  # from the merged cells
    assert li.household_number == "H001" and li.birth_date == dt.date(1952, 3, 4)
    assert {m.name for m in li.household_members} == {"单良", "李桂英"}
    zhang = reg.search_residents(db, actor=admin, query="zhangsan").rows[0]
    assert zhang.birth_date == dt.date(1949, 12, 31)  # an Excel serial date
    again = rio.import_residents(db, actor=admin, path=path,
                                 estate_default="幸福里小区")
    assert (again.count("create"), again.count("update"), again.count("unchanged")) == (0, 0, 3)
    assert sorted(names(db, admin)) == sorted(["单良", "李桂英", "张三"])
    audit = [e for e in list_audit(db, actor=admin)
             if e.action is AuditAction.IMPORT]
    assert len(audit) == 2


def test_a_changed_sheet_updates_and_never_erases(db, admin, tmp_path):
    path = messy_workbook(tmp_path / "a.xlsx")
    rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    wb = load_workbook(path)
    ws = wb.active
    ws["F4"] = "13999998888"  # new phone for 单良
    ws["F7"] = None  # an empty cell for 张三's phone: keeps the stored one
    wb.save(path)
    report = rio.import_residents(db, actor=admin, path=path,
                                  estate_default="幸福里小区")
    assert report.count("update") == 1 and report.count("unchanged") == 2
    assert reg.search_residents(db, actor=admin,
                                query="张三").rows[0].masked_phone == "0572-***3456"
    assert reg.search_residents(db, actor=admin,
                                query="单良").rows[0].masked_phone == "139****8888"


def test_rejected_rows_are_saved_to_fix_and_reimport(db, admin, tmp_path):
    path = messy_workbook(tmp_path / "台账.xlsx")
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True,
                                  estate_default="幸福里小区")
    out = rio.save_rejected_rows(db, actor=admin, report=report, sheet_path=path,
                                 target=tmp_path / "rejected.xlsx")
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("户号", "姓名") and rows[0][-2:] == ("问题", "原文件行号")
    assert [r[1] for r in rows[1:]] == ["王小明", "张三", "赵六"]
    assert "3.30502E+17" in rows[1][-2]
    assert ws.cell(3, 4).number_format == "@"  # the ID column is text now


def test_gbk_csv_with_a_title_row(db, admin, tmp_path):
    path = tmp_path / "台账.csv"
    text = ("居民花名册\n姓名,性别,身份证号,联系电话,小区,楼栋,单元,门牌号\n"
            f"区志明,男,{ID_A},13805721234,幸福里小区,3,2,501\n"
            "钱七,男,3.30502E+17,,幸福里小区,3,2,502\n")
    path.write_bytes(text.encode("gbk"))
    report = rio.import_residents(db, actor=admin, path=path)
    assert report.count("create") == 1 and report.count("reject") == 1
    assert "3.30502E+17" in report.rejected[0].reason
    assert names(db, admin, "ozm") == ["区志明"]


def test_the_mapping_is_remembered_for_the_next_file(db, admin, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f"居民,证件,电话\n张三,{ID_C},13805721234\n", encoding="utf-8")
    sheet_error = None
    try:
        rio.read_sheet(path)
    except ValidationError as exc:
        sheet_error = exc
    assert sheet_error is not None  # unknown headers: no header row recognised
    path.write_text(f"姓名,证件,手机\n张三,{ID_C},13805721234\n", encoding="utf-8")
    sheet = rio.read_sheet(path)
    mapping = rio.guess_mapping(sheet.headers, {})
    assert mapping == {"姓名": "name", "证件": "", "手机": "phone"}
    mapping["证件"] = "id_number"
    rio.import_residents(db, actor=admin, path=path, mapping=mapping)
    remembered = rio.remembered_mapping(db)
    assert rio.guess_mapping(sheet.headers, remembered)["证件"] == "id_number"


def test_an_xls_file_gets_a_message_not_a_crash(db, admin, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationError) as info:
        rio.import_residents(db, actor=admin, path=path, dry_run=True)
    assert ".xlsx" in str(info.value)


def test_export_is_masked_and_audited(db, admin, social_worker, shop_volunteer, tmp_path):
    rio.import_residents(db, actor=admin, path=messy_workbook(tmp_path / "a.xlsx"),
                         estate_default="幸福里小区")
    out = tmp_path / "名单.xlsx"
    n = rio.export_residents(db, actor=social_worker, path=out, query="3栋")
    assert n == 2
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert ID_A not in cells and ID_A[:6] + "********" + ID_A[-4:] in cells
    assert "13805721234" not in cells and "138****1234" in cells
    entry = next(e for e in list_audit(db, actor=admin)
                 if e.action is AuditAction.EXPORT)
    assert entry.actor == social_worker.username
    with pytest.raises(Exception) as info:
        rio.export_residents(db, actor=shop_volunteer, path=out)
    assert type(info.value).__name__ == "PermissionDenied"


def pdf_text(pdf):
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_the_household_roster_pdf_embeds_a_chinese_font(db, admin, tmp_path):
    rio.import_residents(db, actor=admin, path=messy_workbook(tmp_path / "a.xlsx"),
                         estate_default="幸福里小区")
    pdf = tmp_path / "户册.pdf"
    assert rio.print_household_roster(db, actor=admin, path=pdf) == 2
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    chinese = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert chinese and all(line.split()[-5] == "yes" for line in chinese)  # embedded
    text = pdf_text(pdf)
    assert "户册" in text and "单良" in text and "李桂英" in text and "H001" in text
    assert ID_A not in text and ID_A[-4:] in text
    assert any(e.action is AuditAction.PRINT for e in list_audit(db,
                                                                 actor=admin))


def test_the_roster_says_where_what_who_when_and_page_n_of_m(db, admin, social_worker,
                                                             tmp_path):
    header, rows = IN_BLOCKS
    many = [[f"陈{i:02d}号", "男", "1950-01-01", "户主", 8, 1, 100 + i] for i in range(40)]
    many[5:5] = [["吴月", "女", "1950-02-02", "配偶", 8, 1, 104],
                 ["陈晓", "女", "1975-03-03", "长女", 8, 1, 104]]
    rio.import_residents(db, actor=admin, path=workbook(tmp_path / "a.xlsx", header,
                                                              many),
                         estate_default="幸福里小区")
    pdf = tmp_path / "户册.pdf"
    n = rio.print_household_roster(db, actor=social_worker, path=pdf, query="8栋",
                                   filters=reg.SearchFilters())
    assert n == 40
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    assert pages >= 2
    text = pdf_text(pdf)
    page_texts = text.split("\f")[:pages]
    for number, page in enumerate(page_texts, start=1):
        assert _("Page {page} of {pages}").format(page=number, pages=pages) in page
        assert _("Internal material — keep confidential") in page
        assert "幸福社区" in page and "爱山街道" in page  # community and street
        printed = _("Printed by {name} ({username}) on {time}")
        assert printed.split("{name}")[0] in page and "wangli" in page  # who
        assert format_date(dt.date.today(), "short") in page.split("wangli")[-1]  # and when
    title = _("{roster} ({filter})").format(roster=_("Household roster"), filter=" · ".join(
        [_("search “{query}”").format(query="8栋"), _("On the register")]))
    assert title in text  # the filter that made it
    assert ngettext("{n} person", "{n} people", 3).format(n=3) in text  # household sizes
    assert ngettext("{n} person", "{n} people", 1).format(n=1) in text
    assert ngettext("{n} household", "{n} households", 40).format(n=40) in text
    assert ngettext("{n} person", "{n} people", 42).format(n=42) in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert [line.split()[-5] for line in fonts.splitlines()[2:]] == ["yes"]  # one, embedded


def _hand_over(kind, db, actor, out):
    """Export, print or save rejected rows into the folder ``out``."""
    if kind == "export":
        rio.export_residents(db, actor=actor, path=out / "名单.xlsx")
    elif kind == "roster":
        rio.print_household_roster(db, actor=actor, path=out / "户册.pdf")
    else:
        sheet = messy_workbook(out.parent / "台账.xlsx")
        report = rio.import_residents(db, actor=actor, path=sheet, dry_run=True,
                                      estate_default="幸福里小区")
        rio.save_rejected_rows(db, actor=actor, report=report, sheet_path=sheet,
                               target=out / "待修正.xlsx")


def _audited(db, admin):
    return [e for e in list_audit(db, actor=admin)
            if e.action in (AuditAction.EXPORT, AuditAction.PRINT)]


KINDS = ["export", "roster", "rejected"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_handed_over_has_exactly_one_audit_entry(db, admin, tmp_path, kind):
    rio.import_residents(db, actor=admin, path=messy_workbook(tmp_path / "a.xlsx"),
                         estate_default="幸福里小区")
    out = tmp_path / "out"
    out.mkdir()
    _hand_over(kind, db, admin, out)
    assert len(list(out.iterdir())) == 1  # the file, and no temporary one beside it
    assert len(_audited(db, admin)) == 1


@pytest.mark.parametrize("failing", ["audit", "commit"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_file_is_handed_over_without_its_audit_entry(db, admin, tmp_path, monkeypatch,
                                                        kind, failing):
    from neighborcenter.errors import DatabaseBusy
    from neighborcenter.storage.uow import UnitOfWork

    rio.import_residents(db, actor=admin, path=messy_workbook(tmp_path / "a.xlsx"),
                         estate_default="幸福里小区")
    out = tmp_path / "out"
    out.mkdir()

    def busy(*args, **kwargs):
        raise DatabaseBusy("the database is busy")

    if failing == "audit":
        monkeypatch.setattr("neighborcenter.core.audit.record_audit", busy)
    else:
        monkeypatch.setattr(UnitOfWork, "commit", busy)
    with pytest.raises(DatabaseBusy):
        _hand_over(kind, db, admin, out)
    monkeypatch.undo()
    assert list(out.iterdir()) == []  # neither the file nor a temporary one
    assert _audited(db, admin) == []


def test_an_unwritable_folder_gets_a_message(db, admin, tmp_path):
    with pytest.raises(ValidationError) as info:
        rio.export_residents(db, actor=admin, path=tmp_path / "missing" / "名单.xlsx")
    assert "missing" in str(info.value)
    assert _audited(db, admin) == []


def test_report_as_json_names_rows_and_columns(db, admin, tmp_path):
    report = rio.import_residents(db, actor=admin, dry_run=True,
                                  path=messy_workbook(tmp_path / "a.xlsx"),
                                  estate_default="幸福里小区")
    data = json.loads(json.dumps(report.as_json(), ensure_ascii=False))
    assert data["created"] == 3 and [r["row"] for r in data["rejected"]] == [6, 8, 9]


def test_mapping_samples_mask_id_numbers_and_phones_but_not_dates():
    assert rio.sample_value(ID_C) == "110105********002X"
    assert rio.sample_value("电话13805721234") == "电话138****1234"
    assert rio.sample_value("0572-2123456") == "0572-***3456"
    assert rio.sample_value("19491231") == "19491231"
    assert rio.sample_value(dt.date(1949, 1, 2)) == "1949-01-02"
    assert rio.sample_value(None) == "" and rio.sample_value(501) == "501"


# ------------------------------------------------------- households from real 台账 layouts


def workbook(path, header, rows, title=True):
    """A sheet as communities keep them: a title row, the header, then the rows."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["幸福社区居民台账"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def households_in_db(db):
    """户号 → {name: relation} and 户号 → head's name, straight from the tables."""
    from sqlalchemy import select

    from neighborcenter.features.register.models import Household, Resident

    members: dict[str, dict[str, str]] = {}
    heads: dict[str, str] = {}
    with db.unit_of_work(write=False) as uow:
        s = uow.session
        for number, name, relation in s.execute(
                select(Household.number, Resident.name, Resident.relation_to_head)
                .join(Resident, Resident.household_id == Household.id)):
            members.setdefault(number, {})[name] = relation.value if relation else None
        for number, name in s.execute(select(Household.number, Resident.name).join(
                Resident, Resident.id == Household.head_id)):
            heads[number] = name
    return members, heads


def planned_households(report):
    return {h.head: (h.people, h.new) for h in report.households}


BY_HEAD_NAME = (["姓名", "性别", "出生日期", "户主", "与户主关系", "地址"], [
    ["张建国", "男", "1950-03-01", "张建国", "户主", "幸福里小区3栋2单元501室"],
    ["李秀兰", "女", "1952-05-06", "张建国", "配偶", "幸福里小区3栋2单元501室"],
    ["王强", "男", "1980-01-02", "王芳", "子", "幸福里小区3栋2单元502室"],  # before the head
    ["王芳", "女", "1955-07-08", "王芳", "本人", "幸福里小区3栋2单元502室"],
    ["刘伟", "男", "1960-01-01", "刘伟", "户主", "幸福里小区5栋1单元101室"],
    ["刘伟", "男", "1962-02-02", "刘伟", "户主", "幸福里小区6栋1单元101室"],  # same name
    ["周丽", "女", "1963-03-03", "刘伟", "配偶", "幸福里小区6栋1单元101室"],
])

IN_BLOCKS = (["姓名", "性别", "出生日期", "与户主关系", "楼栋", "单元", "门牌号"], [
    ["陈大海", "男", "1948-01-01", "户主", 7, 1, 301],
    ["吴月", "女", "1950-02-02", "配偶", 7, 1, 301],
    ["陈晓", "女", "1975-03-03", "长女", 7, 1, 301],
    ["林一", "男", "1958-04-04", "本人", 7, 1, 302],
    ["林小二", "男", "1985-05-05", "子", 7, 1, 302],
])


def test_households_from_a_household_number_column(db, admin, tmp_path):
    path = messy_workbook(tmp_path / "台账.xlsx")
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True,
                                  estate_default="幸福里小区")
    assert [(h.number, h.head, h.people, h.new) for h in report.households] == [
        ("H001", "单良", 2, True), ("H003", "张三", 1, True)]
    rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    members, heads = households_in_db(db)
    assert members["H001"] == {"单良": "head", "李桂英": "spouse"} and heads["H001"] == "单良"


def test_households_from_the_head_name_and_address(db, admin, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", *BY_HEAD_NAME)
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True)
    assert report.count("reject") == 0, [r.reason for r in report.rejected]
    assert sorted((h.head, h.people, h.new) for h in report.households) == [
        ("刘伟", 1, True), ("刘伟", 2, True), ("张建国", 2, True), ("王芳", 2, True)]
    assert "4" in report.households_summary()
    rio.import_residents(db, actor=admin, path=path)
    members, heads = households_in_db(db)
    assert len(members) == 4
    assert all(number.startswith(rio.GENERATED_NUMBER_PREFIX) for number in members)
    by_head = {heads[n]: m for n, m in members.items() if heads[n] != "刘伟"}
    assert by_head == {"张建国": {"张建国": "head", "李秀兰": "spouse"},
                       "王芳": {"王芳": "head", "王强": "son"}}
    liu = [m for n, m in members.items() if heads[n] == "刘伟"]  # the address decides
    assert {"刘伟": "head"} in liu and {"刘伟": "head", "周丽": "spouse"} in liu


def test_households_from_blocks_that_start_at_the_head(db, admin, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", *IN_BLOCKS)
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True,
                                  estate_default="幸福里小区")
    assert report.count("create") == 5
    assert planned_households(report) == {"陈大海": (3, True), "林一": (2, True)}
    rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    members, heads = households_in_db(db)
    assert sorted(members.values(), key=len) == [
        {"林一": "head", "林小二": "son"},
        {"陈大海": "head", "吴月": "spouse", "陈晓": "daughter"}]
    assert sorted(heads.values()) == ["林一", "陈大海"]


@pytest.mark.parametrize("layout", [BY_HEAD_NAME, IN_BLOCKS], ids=["head-name", "blocks"])
def test_importing_the_same_sheet_again_changes_nothing(db, admin, tmp_path, layout):
    path = workbook(tmp_path / "台账.xlsx", *layout)
    first = rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    before = households_in_db(db)
    again = rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    assert again.count("unchanged") == first.count("create") == len(layout[1])
    assert (again.count("create"), again.count("update")) == (0, 0)
    assert [h.number for h in again.households] == [h.number for h in first.households]
    assert not any(h.new for h in again.households)
    assert households_in_db(db) == before
    # A new member added below the head later joins the household already there.
    wb = load_workbook(path)
    wb.active.append(["林小三", "女", "1990-06-06", "孙女", 7, 1, 302] if layout is IN_BLOCKS
                     else ["王小丽", "女", "2010-06-06", "王芳", "孙女", "幸福里小区3栋2单元502室"])
    wb.save(path)
    third = rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    assert third.count("create") == 1 and third.count("reject") == 0
    members, _heads = households_in_db(db)
    assert len(members) == len(before[0])
    newcomer = "林小三" if layout is IN_BLOCKS else "王小丽"
    assert any(newcomer in m and len(m) == 3 for m in members.values())


def test_a_row_twice_in_the_sheet_is_one_person(db, admin, tmp_path):
    header, rows = IN_BLOCKS
    path = workbook(tmp_path / "台账.xlsx", header, [*rows[:3], rows[2], *rows[3:]])
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True,
                                  estate_default="幸福里小区")
    assert [r.action for r in report.rows] == ["create", "create", "create", "duplicate",
                                               "create", "create"]
    assert "5" in report.rows[3].reason and report.rejected == []  # "the same as row 5"
    assert planned_households(report) == {"陈大海": (3, True), "林一": (2, True)}
    rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    assert sorted(names(db, admin, "陈晓")) == ["陈晓"]
    again = rio.import_residents(db, actor=admin, path=path, estate_default="幸福里小区")
    assert (again.count("unchanged"), again.count("duplicate")) == (5, 1)


def test_a_member_whose_head_is_not_in_the_sheet_is_rejected_and_saved(db, admin, tmp_path):
    header, rows = BY_HEAD_NAME
    path = workbook(tmp_path / "台账.xlsx", header, [
        *rows[:2], ["赵敏", "女", "1970-01-01", "赵大勇", "女儿", "幸福里小区9栋1单元101室"]])
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True)
    assert [r.name for r in report.rejected] == ["赵敏"]
    problem = report.rejected[0].problems[0]
    assert problem.column == "户主" and "赵大勇" in problem.reason
    assert planned_households(report) == {"张建国": (2, True)}
    out = rio.save_rejected_rows(db, actor=admin, report=report, sheet_path=path,
                                 target=tmp_path / "待修正.xlsx")
    saved = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [r[0] for r in saved[1:]] == ["赵敏"] and "赵大勇" in saved[1][-2]
    # In blocks: a member above any head, and the members of a rejected head.
    header, rows = IN_BLOCKS
    path = workbook(tmp_path / "块.xlsx", header, [
        ["郑一", "女", "1950-01-01", "配偶", 7, 1, 303], *rows[:3],
        ["林一", "男", "1958-02-30", "本人", 7, 1, 302], rows[4]])
    report = rio.import_residents(db, actor=admin, path=path, dry_run=True,
                                  estate_default="幸福里小区")
    assert [r.name for r in report.rejected] == ["郑一", "林一", "林小二"]
    assert report.rejected[0].problems[0].column == "与户主关系"
    assert "7" in report.rejected[2].reason  # the head's row
    assert planned_households(report) == {"陈大海": (3, True)}
