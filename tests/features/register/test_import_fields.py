"""Issue 20: an import reads the 人口台账 columns in the spellings sheets use (民族名称, 党派, 学历,
婚姻, 户口所在地, 单位), stores them as codes, refuses a value not in its list with the words
it accepts, keeps every other column as an extra field (unless it is left out in the mapping
step) and the export writes all of it back."""

import datetime as dt

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from neighborcenter.features.register import register_io as rio
from neighborcenter.features.register.models import Resident, ResidentExtraField
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.register.rules.terms import ResidenceStatus
from neighborcenter.i18n import _

ID_A = make_id_number("330502", dt.date(1949, 12, 31), 3)  # male
ID_B = make_id_number("330502", dt.date(1952, 3, 4), 26)  # female
ID_C = "11010519491231002X"  # female

HEADER = ["姓名", "性别", "身份证号", "小区", "楼栋", "单元", "门牌号", "民族名称", "党派", "学历",
          "婚姻", "户口所在地", "单位", "楼长备注"]
ZHANG = ["张建国", "男", ID_A, "幸福里小区", 3, 2, 501, "汉", "党员", "大专", "已婚", "同现住址",
         "湖州市第一中学", "独居需关照"]
LI = ["李秀兰", "女", ID_B, "幸福里小区", 3, 2, 502, "回族", "群众", "初中", "丧偶",
      "浙江省湖州市吴兴区织里镇", None, None]


def workbook(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["幸福社区人口信息台账"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def stored(db):
    """name → (the resident's new fields, their extra fields), straight from the tables."""
    out = {}
    with db.unit_of_work(write=False) as uow:
        s = uow.session
        for r in s.scalars(select(Resident)):
            extras = {e.header: e.value for e in s.scalars(select(ResidentExtraField).where(
                ResidentExtraField.resident_id == r.id))}
            out[r.name] = ((r.ethnicity, r.political_status, r.education, r.marital_status,
                            r.hukou_address, r.hukou_same, r.workplace), extras)
    return out


def extra_rows(db) -> int:
    with db.unit_of_work(write=False) as uow:
        return len(uow.session.scalars(select(ResidentExtraField)).all())


def test_alias_columns_are_stored_as_codes_and_an_unknown_column_is_kept_and_exported(
        db, admin, social_worker, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", HEADER, [ZHANG, LI])
    mapping = rio.guess_mapping(rio.read_sheet(path).headers, {})
    assert {h: mapping[h] for h in HEADER[7:]} == {
        "民族名称": "ethnicity", "党派": "political_status", "学历": "education",
        "婚姻": "marital_status", "户口所在地": "hukou_address", "单位": "workplace",
        "楼长备注": rio.EXTRA}
    report = rio.import_residents(db, actor=admin, path=path)
    assert report.count("create") == 2 and not report.rejected
    assert report.extra_columns == ["楼长备注"] and report.left_out == []
    assert stored(db) == {
        "张建国": (("01", "01", "30", "20", None, True, "湖州市第一中学"),
                {"楼长备注": "独居需关照"}),
        "李秀兰": (("03", "13", "70", "30", "浙江省湖州市吴兴区织里镇", False, None), {}),
    }

    with db.unit_of_work(write=False) as uow:  # 人户分离 from the 户籍地址
        status = {name: state for name, state in uow.session.execute(
            select(Resident.name, Resident.residence_status))}
    assert status == {"张建国": ResidenceStatus.PRESENT,
                      "李秀兰": ResidenceStatus.REGISTERED_ELSEWHERE}

    out = tmp_path / "名单.xlsx"
    assert rio.export_residents(db, actor=social_worker, path=out) == 2
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    header = list(rows[0])
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    column = {key: _(rio.FIELDS[key][0]) for key in
              ("ethnicity", "political_status", "education", "marital_status",
               "hukou_address", "workplace")}
    assert header[-1] == "楼长备注"  # written back under its own header
    zhang, li = by_name["张建国"], by_name["李秀兰"]
    assert [zhang[column[k]] for k in column] == [
        "汉族", "中国共产党党员", "大学专科", "已婚", _(rio.SAME_ADDRESS_WORDS), "湖州市第一中学"]
    assert [li[column[k]] for k in column] == [
        "回族", "群众", "初中", "丧偶", "浙江省湖州市吴兴区织里镇", None]
    assert zhang["楼长备注"] == "独居需关照" and li["楼长备注"] is None


def test_importing_again_updates_extra_fields_and_never_duplicates_them(db, admin, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", HEADER, [ZHANG, LI])
    rio.import_residents(db, actor=admin, path=path)
    again = rio.import_residents(db, actor=admin, path=path)
    assert again.count("unchanged") == 2 and extra_rows(db) == 1
    workbook(path, HEADER, [[*ZHANG[:-1], "已搬去女儿家"], [*LI[:-1], "腿脚不便"]])
    report = rio.import_residents(db, actor=admin, path=path)
    assert report.count("update") == 2
    assert all("extra_fields" in r.fields_changed for r in report.rows)
    extras = {name: e for name, (_fields, e) in stored(db).items()}
    assert extras == {"张建国": {"楼长备注": "已搬去女儿家"}, "李秀兰": {"楼长备注": "腿脚不便"}}
    assert extra_rows(db) == 2
    workbook(path, HEADER, [[*ZHANG[:-1], None], LI])  # an empty cell erases nothing
    assert rio.import_residents(db, actor=admin, path=path).count("unchanged") == 2
    assert stored(db)["张建国"][1] == {"楼长备注": "已搬去女儿家"}
    # a sheet without those columns changes nothing of them
    short = workbook(tmp_path / "短表.xlsx", ["姓名", "身份证号"], [ZHANG[:3:2]])
    assert rio.import_residents(db, actor=admin, path=short).count("unchanged") == 1
    assert stored(db)["张建国"] == (("01", "01", "30", "20", None, True, "湖州市第一中学"),
                                    {"楼长备注": "已搬去女儿家"})


def test_a_value_not_in_the_list_is_rejected_with_the_words_accepted(db, admin, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", HEADER, [
        ZHANG,
        ["王芳", "女", ID_C, "幸福里小区", 5, 1, 101, "汉人", "群众", "高中", "已婚", None, None,
         None],
        ["赵六", "男", None, "幸福里小区", 5, 1, 102, "汉", "群众", "高中", "同居", None, None,
         None]])
    report = rio.import_residents(db, actor=admin, path=path)
    assert report.count("create") == 1
    problems = {r.name: r.problems[0] for r in report.rejected}
    assert problems["王芳"].column == "民族名称"
    assert "汉人" in problems["王芳"].reason
    assert all(word in problems["王芳"].reason for word in ("汉族", "回族", "基诺族", "其他"))
    assert problems["赵六"].column == "婚姻"
    assert all(word in problems["赵六"].reason for word in ("未婚", "已婚", "丧偶", "离婚"))
    assert set(stored(db)) == {"张建国"}
    saved = rio.save_rejected_rows(db, actor=admin, report=report, sheet_path=path,
                                   target=tmp_path / "待修正.xlsx")
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert [(r[0], "汉人" in r[-2]) for r in rows[1:]] == [("王芳", True), ("赵六", False)]


def test_the_dry_run_lists_kept_and_left_out_columns_and_a_left_out_one_is_not_stored(
        db, admin, tmp_path):
    header = [*HEADER, "微信号"]
    path = workbook(tmp_path / "台账.xlsx", header, [[*ZHANG, "zjg1949"], [*LI, None]])
    mapping = rio.guess_mapping(header, {})
    mapping["楼长备注"] = rio.LEAVE_OUT
    dry = rio.import_residents(db, actor=admin, path=path, mapping=mapping, dry_run=True)
    assert (dry.extra_columns, dry.left_out) == (["微信号"], ["楼长备注"])
    as_json = dry.as_json()
    assert (as_json["extra_columns"], as_json["left_out_columns"]) == (["微信号"], ["楼长备注"])
    assert "微信号" in dry.columns_summary() and "楼长备注" in dry.columns_summary()
    assert stored(db) == {}

    rio.import_residents(db, actor=admin, path=path, mapping=mapping)
    assert {name: e for name, (_f, e) in stored(db).items()} == {
        "张建国": {"微信号": "zjg1949"}, "李秀兰": {}}
    # the choice is remembered for the next sheet with these headers
    assert rio.guess_mapping(header, rio.remembered_mapping(db))["楼长备注"] == rio.LEAVE_OUT


def test_a_party_member_written_among_the_categories_is_the_political_status(db, admin,
                                                                            tmp_path):
    path = workbook(tmp_path / "台账.xlsx", ["姓名", "身份证号", "人员类别"],
                    [["张建国", ID_A, "党员"], ["李秀兰", ID_B, "预备党员"]])
    report = rio.import_residents(db, actor=admin, path=path)
    assert report.count("create") == 2
    assert {name: fields[1] for name, (fields, _e) in stored(db).items()} == {
        "张建国": "01", "李秀兰": "02"}


def test_a_formula_in_an_extra_column_is_written_back_as_text(db, admin, social_worker,
                                                              tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("姓名,身份证号,楼长备注,监护人身份证号\n"
                    f"张建国,{ID_A},=cmd|' /C calc'!A0,{ID_C}\n", encoding="utf-8")
    rio.import_residents(db, actor=admin, path=path)
    out = tmp_path / "名单.xlsx"
    rio.export_residents(db, actor=social_worker, path=out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    cell = ws.cell(2, header.index("楼长备注") + 1)
    assert cell.value == "=cmd|' /C calc'!A0"
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    guardian = ws.cell(2, header.index("监护人身份证号") + 1).value
    assert ID_C not in guardian and guardian == ID_C[:6] + "********" + ID_C[-4:]  # masked


def test_the_mapping_step_keeps_a_column_unless_it_is_left_out(qtbot, db, admin, make_ctx,
                                                               tmp_path):
    from PySide6.QtWidgets import QComboBox

    from neighborcenter.features.register.ui.import_dialog import ImportDialog

    header = [*HEADER, "微信号"]
    path = workbook(tmp_path / "台账.xlsx", header, [[*ZHANG, "zjg1949"], [*LI, None]])
    dialog = ImportDialog(make_ctx(admin), path=path)
    qtbot.addWidget(dialog)
    boxes = {dialog.mapping.item(r, 0).text(): dialog.mapping.cellWidget(r, 1)
             for r in range(dialog.mapping.rowCount())}
    assert all(isinstance(b, QComboBox) for b in boxes.values())
    assert boxes["楼长备注"].currentData() == rio.EXTRA  # kept unless chosen otherwise
    assert boxes["民族名称"].currentData() == "ethnicity"
    boxes["楼长备注"].setCurrentIndex(boxes["楼长备注"].findData(rio.LEAVE_OUT))
    dialog.run(dry_run=True)
    assert (dialog.report.extra_columns, dialog.report.left_out) == (["微信号"], ["楼长备注"])
    assert "微信号" in dialog.summary.text() and "楼长备注" in dialog.summary.text()
    dialog.run(dry_run=False)
    assert stored(db)["张建国"][1] == {"微信号": "zjg1949"}


# ------------------------------------------------- what the read-through found (issue 20)


def test_reimporting_the_same_sheet_keeps_a_residence_status_staff_chose(db, admin, tmp_path):
    from neighborcenter.features.register import resident_records as rec

    path = workbook(tmp_path / "台账.xlsx", HEADER, [LI])
    rio.import_residents(db, actor=admin, path=path)
    rid = next(iter(stored_ids(db)))
    from dataclasses import replace

    form = replace(rec.resident_form_of(db, actor=admin, resident_id=rid),
                   residence_status=ResidenceStatus.LIVES_ELSEWHERE)  # staff know better
    rec.save_resident(db, actor=admin, form=form, resident_id=rid)
    assert rio.import_residents(db, actor=admin, path=path).count("unchanged") == 1
    with db.unit_of_work(write=False) as uow:
        assert uow.session.get(Resident, rid).residence_status is \
            ResidenceStatus.LIVES_ELSEWHERE


def stored_ids(db) -> list[str]:
    with db.unit_of_work(write=False) as uow:
        return list(uow.session.scalars(select(Resident.id)))


def test_as_above_in_the_hukou_column_is_refused_not_read_as_the_current_address(
        db, admin, tmp_path):
    son = ["张小军", "男", make_id_number("330502", dt.date(1980, 1, 2), 5),
           "幸福里小区", 3, 2, 501, "汉", "群众", "本科", "已婚", "同上", None, None]
    path = workbook(tmp_path / "台账.xlsx", HEADER, [son])
    report = rio.import_residents(db, actor=admin, path=path)
    [rejected] = report.rejected
    assert "同上" in rejected.reason and report.count("new") == 0


def test_the_apps_own_export_imports_back_without_freezing_age_and_state(db, admin, tmp_path):
    rio.import_residents(db, actor=admin, path=workbook(tmp_path / "台账.xlsx", HEADER, [ZHANG]))
    exported = tmp_path / "导出.xlsx"
    rio.export_residents(db, actor=admin, path=exported)
    headers = rio.read_sheet(exported).headers
    mapping = rio.guess_mapping(headers, {})
    assert mapping[_("Age")] == rio.LEAVE_OUT and mapping[_("State")] == rio.LEAVE_OUT
    assert (_("Age"), _("State")) == ("年龄", "状态")
