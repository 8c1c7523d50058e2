"""Excel 台账 in and out: import .xlsx/.csv (UTF-8 or GBK) with a column-mapping step, a dry
run, one transaction and a sheet of rejected rows; export any filtered list (masked).

Real 台账 files have a title row or two above the header, merged cells (one address for a
whole household), full-width characters, dates typed every which way or stored as Excel
serials — and ID numbers that Excel turned into numbers such as 3.30502E+17, whose last
digits are gone for good. Those rows are rejected with a message saying how to fix the sheet.
Re-importing the same file changes nothing: rows whose person is already there with the same
values are "unchanged"; a row repeated within the sheet is one person.

Most sheets have no 户号 column: households are formed from the 户主 (head's name) column, or
from blocks of rows that start at the 户主/本人 row (see _form_households), and the dry run
lists them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handover import (
    check_output_path,
    database_files,
    handed_over,
    pdf_output_path,
)
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.settings import write_setting
from neighborcenter.core.sheets import Table, write_xlsx
from neighborcenter.core.text import describe_character, match_key, strip_accidental
from neighborcenter.errors import NCError, ValidationError
from neighborcenter.features.register import REGISTER
from neighborcenter.features.register.models import (
    Household,
    Resident,
    ResidentExtraField,
    ResidentStatus,
    ResidentTag,
    TagType,
)
from neighborcenter.features.register.printing import (
    RosterHousehold,
    RosterMember,
    RosterText,
    draw_roster,
)
from neighborcenter.features.register.registry import (
    ALL_STATUSES,
    SearchFilters,
    chunks,
    dwelling_ref,
    label,
    matching_ids,
    rows_for,
)
from neighborcenter.features.register.resident_records import (
    CleanResident,
    ResidentForm,
    apply_clean,
    clean_resident_form,
    load_places,
    residence_status_of,
)
from neighborcenter.features.register.rules.address import parse_address_query
from neighborcenter.features.register.rules.codes import CODE_LISTS, PARTY_MEMBER_CODES
from neighborcenter.features.register.rules.dates import DateInput
from neighborcenter.features.register.rules.masking import mask_numbers_in
from neighborcenter.features.register.rules.pinyin import SURNAME_READINGS
from neighborcenter.features.register.rules.terms import (
    REGISTRATION_TYPE_LABELS,
    RELATION_LABELS,
    RESIDENCE_STATUS_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    IdType,
    RegistrationType,
    Relation,
    ResidenceType,
)
from neighborcenter.i18n import N_, N_plural, _, format_datetime, ngettext
from neighborcenter.printing.frame import FrameText
from neighborcenter.storage.backup import make_backup
from neighborcenter.storage.models import Centre, Setting, new_uuid
from neighborcenter.storage.uow import UnitOfWork

MAPPING_SETTING = "register_import_mapping"
MAX_HEADER_SEARCH = 15
# The audit entry of an import keeps the counts and the first rejected rows, not all of them
AUDIT_REJECTED_ROWS = 100
AUDIT_REASON_CHARS = 300

# field → (label, common headers in real sheets)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": (N_("Name"), ("姓名", "居民姓名", "人员姓名", "名字")),
    "family_name": (N_("Family name"), ("姓", "姓氏")),
    "given_name": (N_("Given name"), ("名",)),
    "sex": (N_("Sex"), ("性别",)),
    "birth_date": (N_("Birth date"), ("出生日期", "出生年月", "生日", "出生年月日")),
    "id_number": (N_("ID number"), ("身份证号", "身份证号码", "公民身份号码", "证件号码",
                                   "身份证")),
    "phone": (N_("Phone"), ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式")),
    "address": (N_("Address"), ("地址", "住址", "家庭住址", "现住址", "居住地址")),
    "estate": (N_("Estate"), ("小区", "小区名称", "住宅小区", "居住小区")),
    "building": (N_("Building"), ("楼栋", "栋", "幢", "楼号", "楼栋号", "幢号")),
    "unit": (N_("Unit"), ("单元", "单元号")),
    "room": (N_("Room"), ("门牌号", "室", "房号", "房间号", "门牌")),
    "household_number": (N_("Household number"), ("户号", "户编号")),
    "head": (N_("Head of household"), ("户主", "户主姓名")),
    "relation": (N_("Relation to head"), ("与户主关系", "关系")),
    "registration_type": (N_("Registration"), ("户籍类型", "户籍性质", "人口类型")),
    "category": (N_("Categories (tags)"), ("人员类别", "类别", "标签", "特殊人群")),
    "notes": (N_("Notes"), ("备注",)),
    # the 人口台账 fields (rules/codes.py): the code lists' own titles, as the export writes
    "ethnicity": (N_("Ethnic group"), ("民族", "民族名称", "民族成分")),
    "political_status": (N_("Political status"), ("政治面貌", "党派", "政治身份")),
    "education": (N_("Education"), ("文化程度", "学历", "文化", "最高学历")),
    "marital_status": (N_("Marital status"), ("婚姻状况", "婚姻", "婚姻状态", "婚否")),
    "hukou_address": (N_("Hukou address"), (
        "户籍地址", "户籍所在地", "户口所在地", "户籍地", "户口地址", "户籍详址")),
    "workplace": (N_("Workplace or school"), (
        "工作单位或学校", "工作单位", "单位", "学校", "工作单位/学校", "工作单位学校",
        "就读学校", "服务处所")),
}
#: what a column maps to when it is none of the register's fields: it is kept with the
#: resident as an extra field (ResidentExtraField: its header and value), nothing dropped
EXTRA = ""
#: … unless the person chose in the mapping step to leave it out of the import
LEAVE_OUT = "-"
CODE_FIELDS = tuple(CODE_LISTS)  # ethnicity, political_status, education, marital_status
EXTRA_HEADER_CHARS = 60  # ResidentExtraField.header
# 户籍地址 written as "the same as where they live"
_AS_ABOVE = frozenset({"同上", "同前", "同上一行"})
# ("同上" is not among them: in a 台账 it means "as the row above", which the import refuses)
_SAME_ADDRESS = frozenset({"同现住址", "同住址", "同现居住地址", "同居住地址",
                           "同家庭住址", "同地址", "同现址", "同现居地", "同居住地",
                           "与现住址相同", "同本址", "本址"})

_SEX = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
_RELATIONS = {
    "户主": Relation.HEAD, "本人": Relation.HEAD, "配偶": Relation.SPOUSE, "妻": Relation.SPOUSE,
    "夫": Relation.SPOUSE, "妻子": Relation.SPOUSE, "丈夫": Relation.SPOUSE,
    "子": Relation.SON, "儿子": Relation.SON, "长子": Relation.SON, "次子": Relation.SON,
    "女": Relation.DAUGHTER, "女儿": Relation.DAUGHTER, "长女": Relation.DAUGHTER,
    "次女": Relation.DAUGHTER, "女婿": Relation.SON_IN_LAW, "儿媳": Relation.DAUGHTER_IN_LAW,
    "孙子": Relation.GRANDSON, "外孙": Relation.GRANDSON, "外孙子": Relation.GRANDSON,
    "孙女": Relation.GRANDDAUGHTER, "外孙女": Relation.GRANDDAUGHTER,
    "父亲": Relation.FATHER, "父": Relation.FATHER, "母亲": Relation.MOTHER, "母": Relation.MOTHER,
    "兄": Relation.SIBLING, "弟": Relation.SIBLING, "姐": Relation.SIBLING, "妹": Relation.SIBLING,
    "兄弟姐妹": Relation.SIBLING, "其他": Relation.OTHER,
}
_REGISTRATION = {"户籍": RegistrationType.LOCAL, "本地": RegistrationType.LOCAL,
                 "常住": RegistrationType.LOCAL, "流动": RegistrationType.MIGRANT,
                 "外来": RegistrationType.MIGRANT, "流动人口": RegistrationType.MIGRANT,
                 "境外": RegistrationType.FOREIGN}


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"  # the same person as an earlier row of the sheet: imported once
    REJECT = "reject"


ACTION_LABELS = {Action.CREATE: N_("New"), Action.UPDATE: N_("Update"),
                 Action.UNCHANGED: N_("Unchanged"), Action.DUPLICATE: N_("Duplicate"),
                 Action.REJECT: N_("Rejected")}

# 户号 the import gives a household formed from a sheet without a 户号 column (自编 = "our own
# numbering"); the front desk replaces it with the real one when it is known.
GENERATED_NUMBER_PREFIX = "自编"


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: the header row and the data rows below it (merged cells
    filled in), with their row numbers in the file."""

    path: Path
    header_row: int  # 1-based row number in the file
    headers: list[str]
    rows: list[tuple[int, list[object]]]
    # (row number, 0-based column) → characters removed from that cell as accidental
    cleaned: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    column: str
    reason: str


@dataclass
class PlannedRow:
    row_number: int
    name: str
    action: str
    problems: list[Problem] = field(default_factory=list)
    fields_changed: list[str] = field(default_factory=list)
    note: str = ""  # why a row that is not rejected is not imported as it stands

    @property
    def action_label(self) -> str:
        return _(ACTION_LABELS[self.action])

    @property
    def reason(self) -> str:
        return "；".join(f"{p.column}：{p.reason}" if p.column else p.reason
                        for p in self.problems) or self.note


@dataclass(frozen=True)
class PlannedHousehold:
    """A household (户) an import makes or adds to: its 户号 (from the sheet, the register, or
    a new 自编 number), its head and how many people of the sheet are in it."""

    number: str
    head: str  # "" when the sheet has no row for the head
    people: int
    new: bool
    first_row: int


@dataclass
class ImportReport:
    file_name: str
    header_row: int
    mapping: dict[str, str]  # header → field
    rows: list[PlannedRow]
    dry_run: bool
    backup: str | None = None
    households: list[PlannedHousehold] = field(default_factory=list)
    # the sheet's columns that are no field of the register: kept with each resident as an
    # extra field, or left out (chosen so in the mapping step)
    extra_columns: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def rejected(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == Action.REJECT]

    def summary(self) -> str:
        return self.summary_message().render()

    def summary_message(self) -> Msg:
        """The counts, as the audit log keeps them (shown in the reader's language)."""
        counts: dict[str, object] = {
            "new": self.count(Action.CREATE), "update": self.count(Action.UPDATE),
            "same": self.count(Action.UNCHANGED), "rejected": self.count(Action.REJECT)}
        if self.count(Action.DUPLICATE):
            rows = Msg(N_("{new} new, {update} updated, {same} unchanged, {duplicate} "
                          "duplicates, {rejected} rejected"),
                       args={**counts, "duplicate": self.count(Action.DUPLICATE)})
        else:
            rows = Msg(N_("{new} new, {update} updated, {same} unchanged, {rejected} "
                          "rejected"), args=counts)
        if not self.households:
            return rows
        return Msg(N_("{rows}; {households}"),
                   args={"rows": rows, "households": self._households_message()})

    def _households_message(self) -> Msg:
        return Msg(*N_plural("{n} household ({new} new)", "{n} households ({new} new)"),
                   args={"n": len(self.households),
                         "new": sum(1 for h in self.households if h.new)})

    def households_summary(self) -> str:
        return self._households_message().render()

    def columns_summary(self) -> str:
        """Which columns are kept as extra fields and which are left out ("" if none)."""
        parts = []
        if self.extra_columns:
            parts.append(_("Kept as extra fields: {columns}").format(
                columns="、".join(self.extra_columns)))
        if self.left_out:
            parts.append(_("Left out: {columns}").format(columns="、".join(self.left_out)))
        return "；".join(parts)

    def as_json(self, *, first_rejected: int | None = None) -> dict:
        """The counts and the rejected rows (only the first ``first_rejected`` of them, each
        reason cut to ``AUDIT_REASON_CHARS``, for the audit log, which keeps every entry
        for good: 200 000 bad rows must not make a 21 MB entry)."""
        rejected = self.rejected
        shown = rejected if first_rejected is None else rejected[:first_rejected]

        def cut(text: str) -> str:
            if first_rejected is None or len(text) <= AUDIT_REASON_CHARS:
                return text
            return text[:AUDIT_REASON_CHARS] + "…"

        return {"file": self.file_name, "dry_run": self.dry_run, "header_row": self.header_row,
                "created": self.count(Action.CREATE), "updated": self.count(Action.UPDATE),
                "unchanged": self.count(Action.UNCHANGED),
                "duplicates": self.count(Action.DUPLICATE),
                "households": len(self.households),
                "new_households": sum(1 for h in self.households if h.new),
                "extra_columns": list(self.extra_columns),
                "left_out_columns": list(self.left_out),
                "rejected_count": len(rejected),
                "rejected": [{"row": r.row_number, "name": cut(r.name),
                              "problems": [{"column": cut(p.column), "reason": cut(p.reason)}
                                           for p in r.problems]} for r in shown]}


# ------------------------------------------------------------------------------ reading


def _clean_cell(value: object) -> tuple[object, tuple[str, ...]]:
    """A cell as the import reads it (NFKC, trimmed, "" as None) and the characters the sheet
    carried by accident and that were removed (core/text.py: strip_accidental)."""
    if isinstance(value, str):
        text, removed = strip_accidental(unicodedata.normalize("NFKC", value))
        return text.strip() or None, removed
    return value, ()


def _header_key(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s*：:（）()]", "", text)


def _aliases(field_name: str) -> set[str]:
    """Header names that mean a field: the common Chinese ones and our own export's."""
    label_, aliases = FIELDS[field_name]
    return {_header_key(a) for a in (*aliases, label_, _(label_))}


def _find_header(rows: list[list[object]]) -> int:
    """The index of the header row: the first of the top rows naming two known columns."""
    known = set().union(*(_aliases(f) for f in FIELDS))
    best, best_hits = None, 0
    for index, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        hits = sum(1 for cell in row if _header_key(cell) in known)
        if hits >= 2 and hits > best_hits:
            best, best_hits = index, hits
            break
    if best is None:
        raise ValidationError(
            _("No header row found in the first {n} rows: the sheet needs a row of column "
              "names such as 姓名, 身份证号, 联系电话.").format(n=MAX_HEADER_SEARCH))
    return best


@dataclass(frozen=True)
class SheetLimits:
    """What the import reads at most. A real 台账 of a 20 000-person centre is 20 000 rows of
    10–40 columns, a few MB; the limits leave room for one and a half times that, and keep
    the work and memory of any file bounded (measured: a 30 000-row, 16-column import takes
    37 s and 450 MB; reading costs 30–70 µs a cell, importing about 1 ms and 12 KB a row,
    hence the limits on cells and rows). A hostile or broken file is refused quickly, with a
    message, instead of running for minutes or taking gigabytes."""

    file_mb: int = 50  # the file as it is on disk
    unpacked_mb: int = 60  # an .xlsx is a zip: what its parts unpack to (a zip bomb: GBs)
    cells: int = 500_000  # cells in the sheet's XML, empty formatted ones included
    other_elements: int = 1_000_000  # shared strings (two elements each), styles…
    rows: int = 30_000  # rows with a value
    columns: int = 200  # a value further right is refused (XFD is column 16 384)
    merged_ranges: int = 50_000  # one per household and merged column is common
    merged_cells: int = 1_000_000  # the cells the merged ranges cover, cut to the data
    line_chars: int = 1_000_000  # one line of a .csv


LIMITS = SheetLimits()
MB = 1024 * 1024


@dataclass(frozen=True)
class FormulaCell:
    """A cell holding a formula whose result the file does not have (a program that writes
    .xlsx without calculating): read as this, not as empty, so the row says so."""

    coordinate: str

    def __str__(self) -> str:
        return ""


def _too_big(path: Path, limits: SheetLimits) -> None:
    size = path.stat().st_size
    if size > limits.file_mb * MB:
        raise ValidationError(_(
            "{file} is {size} MB: import reads files of at most {limit} MB. Split the sheet "
            "into smaller files and import them one by one.").format(
                file=path.name, size=round(size / MB), limit=limits.file_mb))


def _too_many_rows(path: Path, limits: SheetLimits) -> ValidationError:
    return ValidationError(_(
        "{file} has more than {limit} rows: import reads at most {limit}. Split the sheet "
        "into smaller files and import them one by one.").format(
            file=path.name, limit=limits.rows))


def _cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _too_many_cells(path: Path, limits: SheetLimits) -> ValidationError:
    return ValidationError(_(
        "{file} has more than {limit} cells (formatted empty cells count too): import reads "
        "at most {limit}. Delete the empty rows and columns after the data, or split the "
        "sheet, and import again.").format(file=path.name, limit=limits.cells))


def _bounded_rows(rows, path: Path, limits: SheetLimits, *, count_cells: bool = False
                  ) -> dict[int, list[object]]:
    """Row number → cells, for the rows with a value; trailing empty cells dropped. Refuses
    a value right of the column limit (without looking at every empty cell before it), more
    rows than the limit, and with ``count_cells`` (a .csv: an .xlsx's cells are counted in
    its XML) more cells."""
    out: dict[int, list[object]] = {}
    cells = 0
    for number, row in enumerate(rows, start=1):
        if count_cells:
            cells += len(row)
            if cells > limits.cells:
                raise _too_many_cells(path, limits)
        if len(row) > limits.columns:
            beyond = row[limits.columns:]
            if beyond.count(None) + beyond.count("") != len(beyond):
                column = limits.columns + 1 + next(
                    i for i, v in enumerate(beyond) if v is not None and v != "")
                raise ValidationError(_(
                    "Cell {cell} of {file} is beyond the column limit: import reads at most "
                    "{limit} columns. Delete the columns to the right of the data (or move "
                    "what is in them) and import again.").format(
                        cell=_cell_name(number, column), file=path.name,
                        limit=limits.columns))
            row = row[:limits.columns]
        end = len(row)
        while end and (row[end - 1] is None or row[end - 1] == ""):
            end -= 1
        if not end:
            continue
        if len(out) >= limits.rows:
            raise _too_many_rows(path, limits)
        out[number] = list(row[:end])
    return out


def _read_xlsx(path: Path, limits: SheetLimits) -> dict[int, list[object]]:
    from openpyxl import load_workbook  # lazily: a second to import and load
    from openpyxl.utils.cell import range_boundaries

    try:
        layout = _sheet_layout(path, limits)
        # read-only mode streams the cells (a third faster on a 20 000-row 台账) but does not
        # report merged cells: those come from the sheet's XML (_sheet_layout).
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some programs write a wrong <dimension>: read every cell
            rows = _bounded_rows(sheet.iter_rows(values_only=True), path, limits)
        finally:
            workbook.close()
        uncomputed = _formulas_without_result(path, layout.member, limits) \
            if layout.has_formulas else {}
        merged = [range_boundaries(ref) for ref in layout.merged]
    except NCError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ValidationError(_("{file} cannot be read as an Excel workbook: {error}").format(
            file=path.name, error=exc)) from exc
    for (row, column), coordinate in uncomputed.items():
        cells = rows.setdefault(row, [])
        if len(cells) < column:
            cells.extend([None] * (column - len(cells)))
        if cells[column - 1] is None:
            cells[column - 1] = FormulaCell(coordinate)
    _fill_merged(rows, merged, path, limits)
    return rows


def _fill_merged(rows: dict[int, list[object]], merged: list[tuple[int, int, int, int]],
                 path: Path, limits: SheetLimits) -> None:
    """A merged cell holds its value in the top-left cell only: copy it into the others.
    Each range is cut to the data (a range to column XFD or row 1 048 576 costs no more than
    the data it covers), and the cells covered, all ranges together, are bounded."""
    if not rows or not merged:
        return
    last_row = max(rows)
    width = max(len(cells) for cells in rows.values())
    covered = 0
    for min_col, min_row, max_col, max_row in merged:
        max_row, max_col = min(max_row, last_row), min(max_col, width)
        if min_row > max_row or min_col > max_col:
            continue
        covered += (max_row - min_row + 1) * (max_col - min_col + 1)
        if covered > limits.merged_cells:
            raise ValidationError(_(
                "The merged cells of {file} cover more than {limit} cells: unmerge the cells "
                "(select all, then Merge › Unmerge in Excel or WPS) and import again.").format(
                    file=path.name, limit=limits.merged_cells))
        top = rows.get(min_row, [])
        value = top[min_col - 1] if min_col <= len(top) else None
        span = max_col - min_col + 1
        for r in range(min_row, max_row + 1):
            cells = rows.get(r)
            if cells is None:
                if value is None:
                    continue
                cells = rows[r] = []
            if len(cells) < max_col:
                cells.extend([None] * (max_col - len(cells)))
            cells[min_col - 1:max_col] = [value] * span


_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


@dataclass(frozen=True)
class _Layout:
    member: str  # the first sheet's XML in the archive
    merged: list[str]  # its merged ranges ("A4:A5")
    has_formulas: bool


def _sheet_layout(path: Path, limits: SheetLimits) -> _Layout:
    """The first sheet's part, merged ranges and whether it has formulas, from its XML,
    after checking what the archive unpacks to (the sizes it declares are the most Python's
    zipfile reads: a part that unpacks to more fails its check instead)."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.unpacked_mb * MB:
            raise ValidationError(_(
                "{file} unpacks to {size} MB of data: import reads workbooks of at most "
                "{limit} MB unpacked. Delete other sheets, empty rows and columns and their "
                "formatting, or split the sheet, and import again.").format(
                    file=path.name, size=round(unpacked / MB), limit=limits.unpacked_mb))
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        first = book.find(f"{{{_SHEET_MAIN}}}sheets/{{{_SHEET_MAIN}}}sheet")
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        if first is None:
            raise ValueError("no worksheet")
        rid = first.get(f"{{{_OFFICE_REL}}}id")
        target = next((r.get("Target") for r in rels.iter(f"{{{_PACKAGE_REL}}}Relationship")
                       if r.get("Id") == rid), None)
        if target is None:
            raise ValueError("no worksheet")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        # <mergeCells> follows the cell data: scan the stream in blocks; a tag cut at a block's
        # end is whole in the overlap kept for the next block (refs are unique: a dict)
        # (and a cell is counted in the block where it is whole: not again in the overlap)
        found: dict[bytes, None] = {}
        formulas = False
        cells = 0
        tail = b""
        with archive.open(name) as stream:
            while block := stream.read(1 << 20):
                chunk = tail + block
                found.update(dict.fromkeys(_MERGE_CELL.findall(chunk)))
                if len(found) > limits.merged_ranges:
                    raise ValidationError(_(
                        "{file} has more than {limit} merged ranges: unmerge the cells (select "
                        "all, then Merge › Unmerge in Excel or WPS) and import again.").format(
                            file=path.name, limit=limits.merged_ranges))
                cells += len(_CELL.findall(chunk)) - len(_CELL.findall(tail))
                if cells > limits.cells:
                    raise _too_many_cells(path, limits)
                formulas = formulas or _FORMULA.search(chunk) is not None
                tail = chunk[-200:]
        _count_other_elements(archive, path, limits)
    return _Layout(name, [ref.decode() for ref in found], formulas)


_START_TAG = re.compile(rb"<[A-Za-z_]")


def _count_other_elements(archive, path: Path, limits: SheetLimits) -> None:
    """openpyxl reads the shared strings, styles and properties whole, at some 20 µs an
    element (3 million tiny shared strings: a minute and 550 MB): bound the elements of the
    XML parts outside the worksheets (whose cells are bounded on their own; the other
    sheets are only skimmed, in C)."""
    elements = 0
    for info in archive.infolist():
        name = info.filename.lower()
        if name.startswith("xl/worksheets/") or not name.endswith((".xml", ".rels")):
            continue
        tail = b""
        with archive.open(info) as stream:
            while block := stream.read(1 << 20):
                chunk = tail + block
                elements += len(_START_TAG.findall(chunk)) - len(_START_TAG.findall(tail))
                if elements > limits.other_elements:
                    raise ValidationError(_(
                        "{file} holds too much besides the cells of its sheet (more than "
                        "{limit} entries of shared text, styles and other parts): copy the "
                        "register sheet into a new workbook, save it and import that.").format(
                            file=path.name, limit=limits.other_elements))
                tail = chunk[-16:]


def _formulas_without_result(path: Path, member: str, limits: SheetLimits
                             ) -> dict[tuple[int, int], str]:
    """(row, column) → "C5" for each formula cell that has no saved result. openpyxl's
    data_only read shows those as empty; a second, light pass over the XML finds them (only
    for a sheet that has formulas at all)."""
    import zipfile
    from xml.etree import ElementTree

    from openpyxl.utils.cell import coordinate_to_tuple

    out: dict[tuple[int, int], str] = {}
    row_number = column = 0
    parent = None
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                if tag == "sheetData":
                    parent = element
                elif tag == "row":
                    row_number = int(element.get("r") or row_number + 1)
                    column = 0
                continue
            if tag == "c":
                ref = element.get("r")
                if ref:
                    row, column = coordinate_to_tuple(ref)
                else:
                    row, column = row_number, column + 1
                ns = element.tag[:-1]  # "{namespace}"
                if element.find(ns + "f") is not None and element.find(ns + "v") is None \
                        and column <= limits.columns:
                    out[(row, column)] = _cell_name(row, column)
            elif tag == "row" and parent is not None:
                parent.clear()  # keep no rows in memory
    return out


def _read_csv(path: Path, limits: SheetLimits) -> dict[int, list[object]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes any byte string, so this is only for safety
        raise ValidationError(_("{file} is neither UTF-8 nor GBK text.").format(file=path.name))
    del raw

    def lines():
        for line in text.splitlines(keepends=True):  # a quoted cell keeps its line breaks
            if len(line) > limits.line_chars:
                raise ValidationError(_(
                    "{file} has a line of more than {limit} characters: it is not a register "
                    "sheet saved as CSV.").format(file=path.name, limit=limits.line_chars))
            yield line

    try:
        return _bounded_rows(csv.reader(lines()), path, limits, count_cells=True)
    except csv.Error as exc:
        raise ValidationError(_("{file} cannot be read as CSV: {error}").format(
            file=path.name, error=exc)) from exc


def read_sheet(path: Path, *, limits: SheetLimits | None = None) -> Sheet:
    """The sheet's header row and data rows, within ``limits`` (``LIMITS`` by default)."""
    limits = limits or LIMITS
    path = Path(path)
    if not path.exists():
        raise ValidationError(_("There is no file at {path}.").format(path=path))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ValidationError(_("{file} is an old .xls workbook: open it in Excel or WPS and "
                                "save it as .xlsx, then import that.").format(file=path.name))
    if suffix not in (".xlsx", ".csv", ".txt"):
        raise ValidationError(_("Import reads .xlsx and .csv files; {file} is neither.").format(
            file=path.name))
    _too_big(path, limits)
    raw = _read_xlsx(path, limits) if suffix == ".xlsx" else _read_csv(path, limits)
    rows: list[tuple[int, list[object]]] = []
    cleaned: dict[tuple[int, int], tuple[str, ...]] = {}
    for number in sorted(raw):
        cells = []
        for index, value in enumerate(raw[number]):
            value, removed = _clean_cell(value)
            cells.append(value)
            if removed:
                cleaned[(number, index)] = removed
        if any(c is not None for c in cells):
            rows.append((number, cells))
    header = _find_header([cells for _n, cells in rows])
    header_row, header_cells = rows[header]
    headers = [str(c) if c is not None else "" for c in header_cells]
    return Sheet(path, header_row, headers, rows[header + 1:], cleaned)


#: columns that say what the register works out itself (the export's 年龄 and 状态, a sheet's
#: 序号): left out by default, or a re-imported export would freeze them as extra fields
_DERIVED_HEADERS = frozenset({"年龄", "周岁", "实际年龄", "状态", "在册状态", "序号", "编号",
                              "age", "state", "no", "no."})


def guess_mapping(headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """header → field, from what was chosen last time, else from the common names; a column
    that is none of the register's fields is ``EXTRA`` (kept as an extra field), a field's
    second column too (a second 电话 is kept, not dropped)."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        key = _header_key(header)
        if not key:
            continue
        choice = remembered.get(key)
        if choice is None or (choice and choice != LEAVE_OUT and choice not in FIELDS):
            choice = next((f for f in FIELDS if key in _aliases(f)),
                          LEAVE_OUT if key.lower() in _DERIVED_HEADERS else EXTRA)
        if choice in FIELDS:
            if choice in used:
                choice = EXTRA
            used.add(choice)
        mapping[header] = choice
    return mapping


def extra_columns(headers: list[str], mapping: dict[str, str]) -> list[tuple[int, str]]:
    """(column index, header) of the columns kept as extra fields: those with a header that
    map to no field of the register (a column missing from the mapping too: nothing is
    dropped unless it is left out). Headers are cut to what the register keeps."""
    return [(i, h.strip()[:EXTRA_HEADER_CHARS]) for i, h in enumerate(headers)
            if h.strip() and _header_key(h) and mapping.get(h, EXTRA) == EXTRA]


def left_out_columns(headers: list[str], mapping: dict[str, str]) -> list[str]:
    return [h for h in headers if h.strip() and mapping.get(h) == LEAVE_OUT]


def sample_value(value: object) -> str:
    """A cell shown as an example in the mapping step, with ID numbers and phone numbers
    masked as everywhere else (rules/masking.py)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return mask_numbers_in(str(value))


@reads
def remembered_mapping(uow: UnitOfWork) -> dict[str, str]:
    with uow:
        return _remembered(uow.session)


def _remembered(session) -> dict[str, str]:
    row = session.get(Setting, MAPPING_SETTING)
    return json.loads(row.value) if row else {}


# ------------------------------------------------------------------------------ planning

_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")


def _id_problem(value: object) -> str | None:
    """Why an ID cell cannot be trusted, or None."""
    if isinstance(value, float) or (isinstance(value, int) and len(str(value)) > 15):
        return _("Excel stored this ID number as a number ({shown}), which keeps only 15 "
                 "digits: the rest are lost. Format the column as Text in Excel, type or paste "
                 "the numbers again, and import the file again.").format(
                     shown=f"{value:.5E}" if isinstance(value, float) else value)
    if isinstance(value, str) and _SCIENTIFIC.fullmatch(value):
        return _("The ID number “{shown}” was saved in scientific notation, so its last "
                 "digits are lost. Format the column as Text in Excel, type or paste the "
                 "numbers again, and import the file again.").format(shown=value)
    if isinstance(value, str) and "*" in value:
        return _("The ID number “{shown}” is masked; import needs the full number.").format(
            shown=value)
    return None


def _cell_text(values: dict[str, object], key: str) -> str:
    v = values.get(key)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _cell_date(values: dict[str, object], key: str) -> DateInput:
    """A date cell as it is (parse_date_text reads it); any other kind of value as text."""
    v = values.get(key)
    return v if v is None or isinstance(v, dt.date | str | int | float) else str(v)


def _form_from_row(values: dict[str, object], estate_default: str) -> ResidentForm:
    def text(key: str) -> str:
        return _cell_text(values, key)

    family, given = text("family_name"), text("given_name")
    name = text("name").replace(" ", "")
    if name and not family:
        family, given = _split_name(name)
    sex_text = text("sex").lower()
    sex = _SEX.get(sex_text) if sex_text else None
    if sex_text and sex is None:
        raise ValidationError(_("write 男 or 女, not “{text}”").format(text=text("sex")),
                              field="sex")
    relation = None
    if text("relation"):
        relation = _RELATIONS.get(text("relation"))
        if relation is None:
            raise ValidationError(_("unknown relation “{text}”; use one of {known}").format(
                text=text("relation"), known="、".join(list(_RELATIONS)[:12])), field="relation")
    registration = RegistrationType.LOCAL
    if text("registration_type"):
        written = _REGISTRATION.get(text("registration_type"))
        if written is None:
            raise ValidationError(_("unknown registration “{text}”; use 户籍, 流动 or 境外").format(
                text=text("registration_type")), field="registration_type")
        registration = written
    id_number = text("id_number")
    address = None
    if text("address"):
        address = parse_address_query(text("address"))
        if address is None or not (address.building and address.room):
            raise ValidationError(_("cannot read the address “{text}”; write it like "
                                    "幸福里小区3栋2单元501室").format(text=text("address")),
                                  field="address")
        values = {**values, "building": address.building, "unit": address.unit or "1",
                  "room": address.room, "estate": address.estate or values.get("estate")}
    return ResidentForm(
        family_name=family, given_name=given, sex=sex, birth_date=_cell_date(values, "birth_date"),
        id_type=IdType.HMT_PERMIT if id_number[:2] in ("81", "82", "83") and len(id_number) == 18
        else IdType.RESIDENT_CARD, id_number=id_number, phone=text("phone"),
        estate=text("estate") or (estate_default if text("building") else ""),
        building=text("building"), unit=text("unit"), room=text("room"),
        residence_type=ResidenceType.OWNED, household_number=text("household_number"),
        relation=relation, registration_type=registration,
        residence_status=None,  # decided from the 户籍地址 (resident_records), else 人户一致
        notes=text("notes"), **_register_fields(values))


def _register_fields(values: dict[str, object]) -> dict[str, Any]:
    """The 人口台账 fields of a row as ResidentForm takes them: the code-list cells as written
    (clean_resident_form reads "汉" as 01 and refuses, with the accepted words, what is not in
    the list), 户籍地址 or hukou_same for "同现住址"/"同上", 工作单位或学校. A 党员 among the
    categories is the 政治面貌 when that cell is empty (the 党员 tag before 0005)."""
    out: dict[str, Any] = {}  # only the columns the sheet has: the form's defaults else
    for key in CODE_FIELDS:
        if key in values:
            text = _cell_text(values, key)
            if text.isdigit() and len(text) == 1:  # a code stored as a number: 1 for 01
                text = text.zfill(2)
            out[key] = text or None
    if not out.get("political_status") and values.get("category"):
        out["political_status"] = next(
            (code for word in _category_words(values) if (code := _party_word(word))), None)
    if "hukou_address" in values:
        hukou = _cell_text(values, "hukou_address")
        bare = re.sub(r"[\s。.、,，()（）]", "", hukou)
        if bare in _AS_ABOVE:
            raise ValidationError(_("“{value}” in the 户籍地址 column means the row above: write "
                                    "the address itself, or 同现住址.").format(value=hukou),
                                  field="hukou_address")
        same = bare in _SAME_ADDRESS  # cells are NFKC
        out["hukou_same"], out["hukou_address"] = same, "" if same else hukou
    if "workplace" in values:
        out["workplace"] = _cell_text(values, "workplace")
    return out


def _category_words(values: dict[str, object]) -> list[str]:
    return [w for w in re.split(r"[、,，;；/\s]+", str(values.get("category") or "")) if w]


# 党员, 中共党员, 预备党员 … as the code list reads them (rules/codes.py), → 01 or 02
_PARTY_WORDS = {word: code for word, code in CODE_LISTS["political_status"].aliases.items()
                if code in PARTY_MEMBER_CODES}


def _party_word(word: str) -> str | None:
    """The 政治面貌 code of 党员/中共党员/预备党员 written among a row's categories (the 党员
    tag before 0005), else None."""
    return _PARTY_WORDS.get(re.sub(r"[\s()（）]", "", word))


def _extra_text(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) or (
            value.time() == dt.time()) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _extra_values(cells: list[object], extras_at: list[tuple[int, str]]) -> dict[str, str]:
    """header → value of the row's extra columns, empty ones left out (two columns with
    one header: their values joined)."""
    out: dict[str, str] = {}
    for i, header in extras_at:
        value = cells[i] if i < len(cells) else None
        text = "" if value is None else _extra_text(value)
        if text:
            out[header] = f"{out[header]}；{text}" if header in out else text
    return out


COMPOUND_SURNAMES = frozenset({s for s in SURNAME_READINGS if len(s) == 2} | {
    "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "令狐", "慕容", "夏侯", "公孙"})


def _split_name(name: str) -> tuple[str, str]:
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


_FIELD_COLUMN = {"family_name": "name", "given_name": "name", "id_type": "id_number",
                 "other_phone": "phone", "moved_in_on": "birth_date"}


@dataclass(frozen=True)
class _Link:
    """What a row says about its household (户), as written: a 户号, the head's name (户主)
    and the relation to the head."""

    number: str
    head: str
    relation: Relation | None

    @classmethod
    def of(cls, values: dict[str, object]) -> _Link:
        return cls(_cell_text(values, "household_number"),
                   re.sub(r"\s", "", _cell_text(values, "head")),
                   _RELATIONS.get(_cell_text(values, "relation")))


@dataclass(eq=False)  # rows are compared by identity
class _Planned:
    row: PlannedRow
    link: _Link
    clean: CleanResident | None = None
    existing_id: str | None = None
    tags: list[str] = field(default_factory=list)
    extras: dict[str, str] = field(default_factory=dict)  # header → value, none empty
    duplicate_of: _Planned | None = None
    household: _Household | None = None

    @property
    def is_head(self) -> bool:
        """本人/户主, or (with no relation written) the row whose 户主 cell is its own name."""
        return self.link.relation is Relation.HEAD or (
            self.link.relation is None and bool(self.link.head)
            and self.link.head == re.sub(r"\s", "", self.row.name))

    def reject(self, problem: Problem) -> None:
        """Reject the row for this problem (a row already rejected keeps its first one)."""
        if self.row.action == Action.REJECT:
            return
        self.row.action = Action.REJECT
        self.row.problems.append(problem)
        self.row.note = ""
        self.clean = None


@dataclass(eq=False)
class _Household:
    """The rows of one household as the sheet forms it (see _form_households)."""

    number: str  # from the sheet; else filled in by _number_households
    head: _Planned | None = None
    rows: list[_Planned] = field(default_factory=list)
    new: bool = False

    @property
    def imported(self) -> list[_Planned]:
        return [p for p in self.rows if p.clean is not None]


@dataclass
class _Index:
    """Who is in the register already, by ID number and by (name, birth date); names by
    their ``match_key`` (周\u200b七 saved before such characters were refused is 周七)."""

    by_id: dict[str, str]
    by_name: dict[tuple[str, dt.date | None], list[tuple[str, str | None]]]

    @classmethod
    def load(cls, session) -> _Index:
        by_id: dict[str, str] = {}
        by_name: dict = {}
        for rid, name, born, number in session.execute(
                select(Resident.id, Resident.name, Resident.birth_date, Resident.id_number)
                .where(Resident.archived_at.is_(None))):
            if number:
                by_id[number] = rid
            by_name.setdefault((match_key(name), born), []).append((rid, number))
        return cls(by_id, by_name)


def _plan(session, sheet: Sheet, mapping: dict[str, str], estate_default: str,
          tag_names: dict[str, str]) -> tuple[list[_Planned], list[PlannedHousehold]]:
    column_of = {f: i for i, h in enumerate(sheet.headers) if (f := mapping.get(h)) in FIELDS}
    header_of = {f: sheet.headers[i] for f, i in column_of.items()}
    extras_at = extra_columns(sheet.headers, mapping)
    if "name" not in column_of and "family_name" not in column_of:
        raise ValidationError(_("Choose which column holds the name (姓名)."))
    index = _Index.load(session)
    seen: dict[object, _Planned] = {}  # ID number, else (name, birth date) → first row
    out: list[_Planned] = []
    for row_number, cells in sheet.rows:
        values = {f: cells[i] if i < len(cells) else None for f, i in column_of.items()}
        name = str(values.get("name") or "") or (
            str(values.get("family_name") or "") + str(values.get("given_name") or ""))
        planned = _Planned(PlannedRow(row_number, name, Action.REJECT), _Link.of(values))
        out.append(planned)
        formula = next(((column, v) for column, v in (
            *((header_of.get(f, ""), v) for f, v in values.items()),
            *((h, cells[i]) for i, h in extras_at if i < len(cells)))
            if isinstance(v, FormulaCell)), None)
        if formula is not None:
            planned.row.problems.append(Problem(formula[0], _(
                "cell {cell} is a formula without a calculated result: open the file in Excel "
                "or WPS and save it, or replace the formula with its value, then import "
                "again").format(cell=formula[1].coordinate)))
            continue
        id_problem = _id_problem(values.get("id_number"))
        if id_problem:
            planned.row.problems.append(Problem(header_of.get("id_number", ""), id_problem))
            continue
        try:
            form = _form_from_row(values, estate_default)
            if not form.household_number:  # the household comes from _form_households
                form = replace(form, relation=None)
            clean = clean_resident_form(form)
        except ValidationError as exc:
            key = _FIELD_COLUMN.get(exc.field or "", exc.field or "")
            planned.row.problems.append(Problem(header_of.get(key, ""), str(exc)))
            continue
        planned.row.name = clean.name
        removed = [(header_of[f], chars) for f, i in column_of.items()
                   if (chars := sheet.cleaned.get((row_number, i)))]
        if removed:
            planned.row.note = "；".join(_(
                "{column}: removed {characters}").format(
                    column=column, characters="、".join(describe_character(c) for c in chars))
                for column, chars in removed)
        planned.extras = _extra_values(cells, extras_at)
        tags: list[str] = []
        unknown: list[str] = []
        for word in _category_words(values):
            if word in tag_names:
                tags.append(word)
            elif _party_word(word) is None:  # 党员 is 政治面貌 since 0005 (_register_fields)
                unknown.append(word)
        if unknown:
            planned.row.problems.append(Problem(header_of.get("category", ""), _(
                "unknown categories {names}: add them to the tag list first, or correct "
                "them").format(names="、".join(unknown))))
            continue
        planned.tags = [tag_names[t] for t in tags]
        person = clean.id_number or (clean.name, clean.birth_date)
        first = seen.get(person)
        if first is not None:
            if (first.clean, first.tags, first.link, first.extras) == (
                    clean, planned.tags, planned.link, planned.extras):
                planned.row.action = Action.DUPLICATE  # the same row twice: one person
                planned.row.note = _("the same person as row {row}: imported once").format(
                    row=first.row.row_number)
                planned.duplicate_of = first
            elif clean.id_number:
                planned.row.problems.append(Problem(header_of.get("id_number", ""), _(
                    "the same ID number as row {row}").format(row=first.row.row_number)))
            else:
                planned.row.problems.append(Problem(header_of.get("name", ""), _(
                    "the same name and birth date as row {row}").format(
                        row=first.row.row_number)))
            continue
        seen[person] = planned
        if clean.id_number:
            matches = [rid for rid in [index.by_id.get(clean.id_number)] if rid]
            if not matches:  # the same person, recorded before without an ID number
                matches = [rid for rid, number in index.by_name.get(
                    (match_key(clean.name), clean.birth_date), []) if not number]
        else:
            matches = [rid for rid, _number in index.by_name.get(
                (match_key(clean.name), clean.birth_date), [])]
        if len(matches) > 1:
            planned.row.problems.append(Problem("", _(
                "matches {n} residents already in the register; merge them first").format(
                    n=len(matches))))
            continue
        same = matches
        planned.clean = clean
        planned.existing_id = same[0] if same else None
        planned.row.action = Action.UPDATE if same else Action.CREATE
    households = _form_households(out, header_of)
    return out, _number_households(session, households)


def _form_households(planned: list[_Planned], header_of: dict[str, str]) -> list[_Household]:
    """Group the rows into households by what the sheet has: a 户号; else the head's name
    (户主 column, with the address when two heads share a name); else the block of rows that
    starts at a 户主/本人 row, the members in the rows below it. A row whose relation is
    户主/本人 is the head of its own household. Members that cannot be placed are rejected."""
    by_number: dict[str, _Household] = {}
    households: list[_Household] = []
    heads_by_name: dict[str, list[_Household]] = {}
    by_head_name: list[_Planned] = []
    block: _Household | None = None
    relation_column = header_of.get("relation", "")

    def add(p: _Planned, household: _Household) -> None:
        p.household = household
        household.rows.append(p)

    for p in planned:
        link = p.link
        if p.duplicate_of is not None:  # one person: counted once, where the first row is
            if p.is_head:
                block = p.duplicate_of.household
            continue
        if p.is_head:
            if link.number:
                household = by_number.get(link.number)
                if household is None:
                    household = by_number[link.number] = _Household(link.number)
                    households.append(household)
            else:
                household = _Household("")
                households.append(household)
            if household.head is not None:
                p.reject(Problem(relation_column, _(
                    "household {number} already has its head in row {row}").format(
                        number=link.number, row=household.head.row.row_number)))
                block = None
                continue
            household.head = p
            heads_by_name.setdefault(re.sub(r"\s", "", p.row.name), []).append(household)
            add(p, household)
            block = household
        elif link.number:
            household = by_number.get(link.number)
            if household is None:
                household = by_number[link.number] = _Household(link.number)
                households.append(household)
            add(p, household)
        elif link.head:
            by_head_name.append(p)
        elif link.relation is not None:
            if block is None:
                p.reject(Problem(relation_column, _(
                    "there is no head of household (户主 or 本人) above this row: put the "
                    "head's row first and the members in the rows below it, or fill in "
                    "a 户号 or 户主 column")))
                continue
            add(p, block)
        else:
            block = None  # someone on their own ends a block

    for p in by_head_name:
        found = heads_by_name.get(p.link.head, [])
        if len(found) > 1 and p.clean is not None and p.clean.address:
            found = [h for h in found if h.head is None or h.head.clean is None
                     or h.head.clean.address in (None, p.clean.address)]
        if len(found) != 1:
            p.reject(Problem(header_of.get("head", ""), _(
                "{head} is not in this sheet: add a row for {head} with the relation 户主, "
                "or fill in the 户号").format(head=p.link.head) if not found else _(
                "{n} heads of household are called {head}: fill in the 户号 or the "
                "address").format(n=len(found), head=p.link.head)))
            continue
        if p.link.relation is None:
            p.reject(Problem(relation_column, _("Choose the relation to the head of "
                                                "household.")))
            continue
        add(p, found[0])

    for household in households:
        head = household.head
        if head is not None and head.clean is None and not household.number:
            for p in household.rows:
                if p is not head and p.clean is not None:
                    p.reject(Problem("", _(
                        "the head of this household (row {row}) was rejected: fix that "
                        "row, then import the household again").format(
                            row=head.row.row_number)))
    for p in planned:  # the same row twice: what happened to the first happens to the second
        first = p.duplicate_of
        if first is not None and first.clean is None:
            p.row.action, p.row.note = Action.REJECT, ""
            p.row.problems = list(first.row.problems)
    return [h for h in households if h.imported]


def _number_households(session, households: list[_Household]) -> list[PlannedHousehold]:
    """Give every household its 户号 and put it on its rows. A household formed without a
    户号 keeps the one its head (else most of its members) already has in the register, so
    importing the same sheet again changes nothing; otherwise it gets the next 自编 number."""
    existing = [p.existing_id for h in households for p in h.imported if p.existing_id]
    number_of: dict[str, str] = {}
    for chunk in chunks(existing):
        number_of.update(session.execute(
            select(Resident.id, Household.number).join(
                Household, Household.id == Resident.household_id).where(
                Resident.id.in_(chunk))).all())
    known: set[str] = set()
    sheet_numbers = [h.number for h in households if h.number]
    for chunk in chunks(sheet_numbers):
        known.update(session.scalars(select(Household.number).where(
            Household.number.in_(chunk))))
    used = [int(n[len(GENERATED_NUMBER_PREFIX):]) for n in [*sheet_numbers, *session.scalars(
        select(Household.number).where(Household.number.like(GENERATED_NUMBER_PREFIX + "%")))]
        if n.startswith(GENERATED_NUMBER_PREFIX) and n[len(GENERATED_NUMBER_PREFIX):].isdigit()]
    next_number = max(used, default=0) + 1
    out = []
    for h in households:
        rows = h.imported
        if h.number:
            h.new = h.number not in known
        else:
            head = h.head if h.head in rows else None
            theirs = [number_of[p.existing_id] for p in ([head] if head else []) + rows
                      if p.existing_id in number_of]
            if theirs:
                h.number = theirs[0] if head and head.existing_id in number_of else max(
                    set(theirs), key=theirs.count)
            else:
                h.number = f"{GENERATED_NUMBER_PREFIX}{next_number:05d}"
                next_number += 1
                h.new = True
        for p in rows:
            assert p.clean is not None  # rows are the imported ones
            p.clean = replace(p.clean, household_number=h.number,
                              relation=Relation.HEAD if p is h.head else p.link.relation)
        out.append(PlannedHousehold(h.number, h.head.row.name if h.head in rows else "",
                                    len(rows), h.new, rows[0].row.row_number))
    return out
@dataclass(frozen=True)
class _Home:
    """Where a resident already in the register lives, as an import compares it."""

    address: tuple[str, str, str, str] | None
    household_number: str | None

    @classmethod
    def of(cls, session, r: Resident) -> _Home:
        ref = dwelling_ref(session, r.dwelling_id)
        h = session.get(Household, r.household_id) if r.household_id else None
        return cls((ref.estate, ref.building, ref.unit, ref.room) if ref else None,
                   h.number if h else None)


def _merge_import(existing: Resident, clean: CleanResident, home: _Home) -> CleanResident:
    """What an imported row means for a resident already there: the sheet fills and
    corrects fields; an empty cell never erases a stored value."""
    given_hukou = clean.hukou_same or bool(clean.hukou_address)
    # only a 户籍地址 that differs from the stored one decides 人户分离 again: re-importing
    # the same sheet must not undo a status staff chose since (户在人不在, say)
    new_hukou = given_hukou and (clean.hukou_same, clean.hukou_address or None) != (
        existing.hukou_same, existing.hukou_address or None)
    return replace(
        clean,
        sex=clean.sex or (existing.sex.value if existing.sex else None),
        birth_date=clean.birth_date or existing.birth_date,
        keep_id_number=clean.id_number is None,
        phone=clean.phone or existing.phone,
        other_phone=existing.other_phone,
        address=clean.address or home.address,
        residence_type=existing.residence_type
        if clean.address in (None, home.address) else clean.residence_type,
        moved_in_on=existing.moved_in_on,
        household_number=clean.household_number or home.household_number,
        relation=clean.relation or (existing.relation_to_head if home.household_number
                                    else None),
        registration_type=existing.registration_type,
        # the sheet's 户籍地址 decides 人户分离 (resident_records.residence_status_of); without
        # one, the status stays as it is
        residence_status=None if new_hukou else existing.residence_status,
        family_reading=existing.family_reading,
        notes=clean.notes or existing.notes,
        ethnicity=clean.ethnicity or existing.ethnicity,
        political_status=clean.political_status or existing.political_status,
        education=clean.education or existing.education,
        marital_status=clean.marital_status or existing.marital_status,
        hukou_address=clean.hukou_address if given_hukou else existing.hukou_address,
        hukou_same=clean.hukou_same if given_hukou else existing.hukou_same,
        workplace=clean.workplace or existing.workplace)


@writes
def import_residents(uow: UnitOfWork, *, actor: Actor, path: Path,
                     mapping: dict[str, str] | None = None, dry_run: bool = False,
                     estate_default: str = "") -> ImportReport:
    """Plan (and unless ``dry_run``, apply in one transaction) an import of a 台账 file.

    Before a real import the database is backed up. The mapping used is remembered for the
    next file with the same headers.
    """
    actor.require(Permission.EDIT_REGISTER)
    sheet = read_sheet(Path(path))
    if mapping is None:
        with uow.db.uow(write=False) as reading:
            mapping = guess_mapping(sheet.headers, _remembered(reading.session))
    unknown = {f for f in mapping.values() if f not in (EXTRA, LEAVE_OUT, *FIELDS)}
    if unknown:
        raise ValidationError(_("Unknown import fields: {fields}").format(
            fields=", ".join(sorted(unknown))))
    backup = None
    if not dry_run:
        backup = make_backup(uow.db.path, uow.db.key, reason="before-import").name
    with uow:
        s = uow.session
        tag_names = {t.name: t.id for t in s.scalars(
            select(TagType).where(TagType.archived_at.is_(None)))}
        planned, households = _plan(s, sheet, mapping, estate_default, tag_names)
        open_tags: set[tuple[str, str]] = set(s.execute(
            select(ResidentTag.resident_id, ResidentTag.tag_type_id)
            .where(ResidentTag.valid_to.is_(None), ResidentTag.archived_at.is_(None))))
        today = dt.date.today()
        if not dry_run:
            load_places(s)  # one read of every address, not three queries per row
        stored_extras = _stored_extras(s, [p.existing_id for p in planned
                                           if p.existing_id and p.extras])
        new_extras: list[dict] = []  # inserted together (uow.bulk_insert), as the demo does
        with s.no_autoflush:  # the rows go to the database together, at the commit
            for p in planned:
                if p.clean is None:
                    continue
                if p.existing_id is not None:
                    existing = s.get_one(Resident, p.existing_id)  # found by _plan just now
                    home = _Home.of(s, existing)
                    clean = _merge_import(existing, p.clean, home)
                    changed = _would_change(existing, clean, home)
                    stored = stored_extras.get(existing.id, {})
                    extras = {h: v for h, v in p.extras.items()
                              if h not in stored or stored[h].value != v
                              or stored[h].archived_at is not None}
                    new_tags = [t for t in p.tags if (existing.id, t) not in open_tags]
                    if not changed and not new_tags and not extras:
                        p.row.action = Action.UNCHANGED
                        continue
                    p.row.fields_changed = changed + (["tags"] if new_tags else []) + (
                        ["extra_fields"] if extras else [])
                    if not dry_run:
                        try:
                            apply_clean(s, existing, clean, new=False)
                        except NCError as exc:
                            raise ValidationError(_("Row {row}: {reason}").format(
                                row=p.row.row_number, reason=exc)) from exc
                        for t in new_tags:
                            s.add(ResidentTag(resident_id=existing.id, tag_type_id=t,
                                              valid_from=today, evidence=sheet.path.name))
                        for header, value in extras.items():
                            if header in stored:  # a new value, or kept again
                                stored[header].value = value
                                stored[header].archived_at = None
                            else:
                                new_extras.append(_extra_row(existing.id, header, value))
                elif not dry_run:
                    r = Resident(status=ResidentStatus.ACTIVE)
                    try:
                        apply_clean(s, r, p.clean, new=True)
                    except NCError as exc:  # e.g. a second head for one household
                        raise ValidationError(_("Row {row}: {reason}").format(
                            row=p.row.row_number, reason=exc)) from exc
                    for t in p.tags:
                        s.add(ResidentTag(resident_id=r.id, tag_type_id=t, valid_from=today,
                                          evidence=sheet.path.name))
                    new_extras += [_extra_row(r.id, h, v) for h, v in p.extras.items()]
        if not dry_run:
            # the foreign keys are checked at the commit (storage/uow.py), when the new
            # residents are written too
            uow.bulk_insert(ResidentExtraField, new_extras)
        report = ImportReport(sheet.path.name, sheet.header_row, mapping,
                              [p.row for p in planned], dry_run, backup, households,
                              list(dict.fromkeys(
                                  h for _i, h in extra_columns(sheet.headers, mapping))),
                              left_out_columns(sheet.headers, mapping))
        if not dry_run:
            remembered = {_header_key(h): f for h, f in mapping.items() if _header_key(h)}
            write_setting(s, MAPPING_SETTING, remembered)
            finish(uow, actor, AuditAction.IMPORT, target_kind="register",
                   summary=Msg(N_("Imported {file}: {summary}"), args={
                       "file": sheet.path.name, "summary": report.summary_message()}),
                   detail=report.as_json(first_rejected=AUDIT_REJECTED_ROWS),
                   changed=(REGISTER, changes.AUDIT))
        return report


def _stored_extras(session, resident_ids: list[str]
                   ) -> dict[str, dict[str, ResidentExtraField]]:
    """resident id → header → the extra field kept for them (archived ones too: the header
    is unique per resident, a column kept again brings its row back)."""
    out: dict[str, dict[str, ResidentExtraField]] = {}
    for chunk in chunks(resident_ids):
        for extra in session.scalars(select(ResidentExtraField).where(
                ResidentExtraField.resident_id.in_(chunk))):
            out.setdefault(extra.resident_id, {})[extra.header] = extra
    return out


def _extra_row(resident_id: str, header: str, value: str) -> dict:
    return {"id": new_uuid(), "resident_id": resident_id, "header": header, "value": value}


def _would_change(existing: Resident, clean: CleanResident, home: _Home) -> list[str]:
    """The fields an import would change (without changing anything)."""
    out = []
    if (existing.family_name, existing.given_name) != (clean.family_name, clean.given_name):
        out.append("name")
    if (existing.sex.value if existing.sex else None) != clean.sex:
        out.append("sex")
    if existing.birth_date != clean.birth_date:
        out.append("birth_date")
    if not clean.keep_id_number and existing.id_number != clean.id_number:
        out.append("id_number")
    if existing.phone != clean.phone:
        out.append("phone")
    if (existing.notes or "") != clean.notes:
        out.append("notes")
    out += [key for key in (*CODE_FIELDS, "workplace")
            if getattr(existing, key) != getattr(clean, key)]
    if (existing.hukou_address, existing.hukou_same) != (clean.hukou_address,
                                                         clean.hukou_same):
        out.append("hukou_address")
    if residence_status_of(clean, existing.residence_status) != existing.residence_status:
        out.append("residence_status")
    if clean.address is not None and clean.address != home.address:
        out.append("dwelling")
    if home.household_number != clean.household_number or \
            existing.relation_to_head != clean.relation:
        out.append("household")
    return out


@writes
def save_rejected_rows(uow: UnitOfWork, *, actor: Actor, report: ImportReport,
                       sheet_path: Path, target: Path) -> Path:
    """The rejected rows with their original cells and a 问题 column, to fix and re-import.
    ID-number cells are written as text so Excel does not mangle them again. The cells are
    the sheet's own (identifiers unmasked), so the file is audited like an export. The file
    is never written over the database, its companions and backups, nor the sheet itself."""
    actor.require(Permission.EDIT_REGISTER)
    target = Path(target)
    protected = (*database_files(uow.db.path), Path(sheet_path))
    check_output_path(target, protected=protected)  # before reading the sheet again
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(_("End the file name with .xlsx."), field="path")
    sheet = read_sheet(sheet_path)
    by_number = {n: cells for n, cells in sheet.rows}
    id_columns = [i for i, h in enumerate(sheet.headers) if report.mapping.get(h) == "id_number"]

    def rows():
        for row in report.rejected:
            cells = [None if isinstance(c, FormulaCell) else c
                     for c in by_number.get(row.row_number, [])]
            cells += [None] * (len(sheet.headers) - len(cells))
            for i in id_columns:
                if cells[i] is not None:
                    cells[i] = str(cells[i])
            yield [*cells, row.reason, row.row_number]

    table = Table([*sheet.headers, _("Problem"), _("Row in the original file")], rows(),
                  text_columns=id_columns)
    with uow, handed_over(target, protected=protected) as partial:
        write_xlsx(partial, {_("Rejected rows"): table})
        finish(uow, actor, AuditAction.EXPORT, target_kind="register",
               summary=Msg(N_("Saved the {n} rejected rows of {file} to {target}"),
                           args={"n": len(report.rejected), "file": sheet.path.name,
                                 "target": target.name}),
               detail={"file": sheet.path.name, "rows": len(report.rejected)},
               changed=(changes.AUDIT,))
    return target


# ------------------------------------------------------------------------------ export

EXPORT_COLUMNS = (N_("Name"), N_("Sex"), N_("Birth date"), N_("Age"), N_("ID number"),
                  N_("Phone"), N_("Address"), N_("Household number"), N_("Relation to head"),
                  N_("Categories (tags)"), N_("State"), *(
                      FIELDS[f][0] for f in (*CODE_FIELDS, "hukou_address", "workplace")))
EXPORT_WIDTHS = (10, 6, 12, 6, 22, 16, 30, 10, 10, 24, 10, 8, 14, 10, 10, 30, 24)
#: 户籍地址 of a resident registered where they live (hukou_same)
SAME_ADDRESS_WORDS = N_("Same as current address")


def _register_words(session, resident_ids: list[str]) -> dict[str, list[str]]:
    """resident id → the 人口台账 fields as words: 民族, 政治面貌, 文化程度, 婚姻状况 (the
    standards' names), 户籍地址 ("同现住址" when the same), 工作单位或学校."""
    columns = [getattr(Resident, f) for f in CODE_FIELDS]
    out: dict[str, list[str]] = {}
    for chunk in chunks(resident_ids):
        for rid, *codes, hukou, same, workplace in session.execute(select(
                Resident.id, *columns, Resident.hukou_address, Resident.hukou_same,
                Resident.workplace).where(Resident.id.in_(chunk))):
            out[rid] = [*(CODE_LISTS[f].word(c) for f, c in zip(CODE_FIELDS, codes,
                                                                  strict=True)),
                        _(SAME_ADDRESS_WORDS) if same else hukou or "", workplace or ""]
    return out


def _extra_fields(session, resident_ids: list[str]) -> tuple[list[str], dict[str, dict]]:
    """The headers of the residents' extra fields (in the order they were kept: a sheet's
    own column order) and resident id → header → value."""
    order: dict[str, dt.datetime] = {}
    values: dict[str, dict[str, str]] = {}
    for chunk in chunks(resident_ids):
        for rid, header, value, created in session.execute(select(
                ResidentExtraField.resident_id, ResidentExtraField.header,
                ResidentExtraField.value, ResidentExtraField.created_at).where(
                ResidentExtraField.resident_id.in_(chunk),
                ResidentExtraField.archived_at.is_(None))):
            if value:
                values.setdefault(rid, {})[header] = value
                order[header] = min(order.get(header, created), created)
    return sorted(order, key=lambda h: (order[h], h)), values


def _masked_extra(value: str) -> str:
    """An extra field as the export writes it: an ID or phone number in it masked like the
    register's own (a 监护人身份证号 column), dates left as they are."""
    return sample_value(value)


@writes
def export_residents(uow: UnitOfWork, *, actor: Actor, path: Path, query: str = "",
                     filters: SearchFilters | None = None) -> int:
    """Write the residents a search shows to an .xlsx file, identifiers masked; audited."""
    actor.require(Permission.EXPORT_PERSONAL_DATA)
    path = Path(path)
    protected = database_files(uow.db.path)
    check_output_path(path, protected=protected)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(_("Export writes .xlsx files: end the file name with .xlsx."),
                              field="path")
    filters = filters or SearchFilters()
    with uow:
        s = uow.session
        rows = rows_for(s, matching_ids(s, query, filters))
        ids = [r.id for r in rows]
        words = _register_words(s, ids)
        headers, extras = _extra_fields(s, ids)
        first_extra = len(EXPORT_COLUMNS)
        table = Table(
            [*(_(c) for c in EXPORT_COLUMNS), *headers],
            ([r.name, label(SEX_LABELS, r.sex), r.birth_date.isoformat() if r.birth_date
              else "", r.age, r.masked_id, r.masked_phone, r.address, r.household_number,
              label(RELATION_LABELS, r.relation), r.tags, label(STATUS_LABELS, r.status),
              *words.get(r.id, [""] * (first_extra - 11)),
              *(_masked_extra(extras.get(r.id, {}).get(h, "")) for h in headers)]
             for r in rows),
            widths=(*EXPORT_WIDTHS, *([16] * len(headers))),
            text_columns=(4, 5, 7, *range(first_extra, first_extra + len(headers))))
        with handed_over(path, protected=protected) as partial:
            write_xlsx(partial, {_("Residents"): table})
            finish(uow, actor, AuditAction.EXPORT, target_kind="register",
                   summary=Msg(N_("Exported {n} residents to {file} (identifiers "
                                  "masked)"), args={"n": len(rows), "file": path.name}),
                   detail={"query": query, "filters": {
                       "tag": filters.tag_code, "status": filters.status},
                       "rows": len(rows)},
                   changed=(changes.AUDIT,))
        return len(rows)


# ------------------------------------------------------------------------------ roster


def _roster_filter(session, query: str, filters: SearchFilters, chosen_by_hand: bool) -> str:
    """The search and filters that made a roster, as its title shows them."""
    if chosen_by_hand:
        return _("chosen households")
    parts = []
    if query.strip():
        parts.append(_("search “{query}”").format(query=query.strip()))
    if filters.tag_code:
        parts.append(session.scalar(select(TagType.name).where(
            TagType.code == filters.tag_code)) or filters.tag_code)
    parts.append(_("all states") if filters.status == ALL_STATUSES
                 else label(STATUS_LABELS, ResidentStatus(filters.status)))
    if filters.registration_type is not None:
        parts.append(label(REGISTRATION_TYPE_LABELS, filters.registration_type))
    if filters.residence_status is not None:
        parts.append(label(RESIDENCE_STATUS_LABELS, filters.residence_status))
    return " · ".join(parts)


@writes
def print_household_roster(uow: UnitOfWork, *, actor: Actor, path: Path, query: str = "",
                           filters: SearchFilters | None = None,
                           household_ids: list[str] | None = None) -> int:
    """户册 PDF of the households of the residents a search shows (or the households given);
    identifiers masked; audited. Returns the number of households printed."""
    actor.require(Permission.VIEW_REGISTER)
    path, protected = pdf_output_path(uow.db.path, path)
    filters = filters or SearchFilters()
    chosen_by_hand = household_ids is not None
    with uow:
        s = uow.session
        if household_ids is None:
            ids = matching_ids(s, query, filters)
            household_ids = []
            for chunk in chunks(ids):
                household_ids += [hid for hid in s.scalars(select(Resident.household_id).where(
                    Resident.id.in_(chunk), Resident.household_id.is_not(None))) if hid]
            household_ids = list(dict.fromkeys(household_ids))
        # Everyone of every household in a few queries, not a few per household.
        member_ids: dict[str | None, list[str]] = {}
        chosen: list[Household] = []
        for chunk in chunks(household_ids):
            chosen += s.scalars(select(Household).where(Household.id.in_(chunk))).all()
            for rid, hid in s.execute(select(Resident.id, Resident.household_id).where(
                    Resident.household_id.in_(chunk), Resident.archived_at.is_(None),
                    Resident.status == ResidentStatus.ACTIVE)):
                member_ids.setdefault(hid, []).append(rid)
        rows = {r.id: r for r in rows_for(s, [i for ids_ in member_ids.values()
                                              for i in ids_])}
        households = []
        people = 0
        for h in sorted(chosen, key=lambda h: h.number):
            members = [rows[i] for i in member_ids.get(h.id, [])]
            members.sort(key=lambda m: (m.relation is not Relation.HEAD, m.birth_date or
                                        dt.date.max))
            people += len(members)
            ref = dwelling_ref(s, h.dwelling_id)
            households.append(RosterHousehold(
                h.number, ref.address if ref else "",
                ngettext("{n} person", "{n} people", len(members)).format(n=len(members)), [
                    RosterMember(m.name, label(RELATION_LABELS, m.relation),
                                 label(SEX_LABELS, m.sex),
                                 m.birth_date.isoformat() if m.birth_date else "", m.masked_id,
                                 m.masked_phone, m.tags) for m in members]))
        centre = s.scalars(select(Centre)).first()
        name, community, street = (centre.name, centre.community, centre.street) if centre \
            else ("", "", "")
        shown_filter = _roster_filter(s, query, filters, chosen_by_hand)
        words = RosterText(
            title=_("{roster} ({filter})").format(roster=_("Household roster"),
                                                  filter=shown_filter),
            centre=name,
            place=_("Community: {community}, street: {street}").format(
                community=community, street=street),
            totals=_("{households}, {people}").format(
                households=ngettext("{n} household", "{n} households",
                                    len(households)).format(n=len(households)),
                people=ngettext("{n} person", "{n} people", people).format(n=people)),
            household=_("Household {number}"),
            columns=(_("Name"), _("Relation"), _("Sex"), _("Birth date"), _("ID number"),
                     _("Phone"), _("Categories (tags)")),
            frame=FrameText(
                header="　".join(t for t in (name, community, street) if t),
                confidential=_("Internal material — keep confidential"),
                printed=_("Printed by {name} ({username}) on {time}").format(
                    name=actor.display_name, username=actor.username,
                    # babel puts a narrow no-break space before "PM", which the CJK font
                    # lacks (it prints as a gap): a plain space
                    time=format_datetime(dt.datetime.now().astimezone(), "short").replace(
                        "\u202f", " ")),
                page=_("Page {page} of {pages}")))
        with handed_over(path, protected=protected) as partial:
            draw_roster(partial, households=households, words=words)
            finish(uow, actor, AuditAction.PRINT, target_kind="register",
                   summary=Msg(N_("Printed the household roster of {n} households "
                                  "(identifiers masked)"), args={"n": len(households)}),
                   detail={"query": query, "filter": shown_filter,
                           "households": len(households)},
                   changed=(changes.AUDIT,))
        return len(households)
