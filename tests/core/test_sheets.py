"""Spreadsheets the app writes (core/sheets.py) and where it may write them
(core/handover.py): text that looks like a formula stays text, a failed write leaves
nothing behind, and no output replaces the database, its companions or its backups."""

import csv
import os
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from neighborcenter.core.handover import check_output_path, database_files, handed_over
from neighborcenter.core.sheets import Table, safe_cell, write_csv, write_xlsx
from neighborcenter.errors import ValidationError

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "\tTAB", "\rCR",
           "＝1+1"]


def test_formula_looking_text_is_written_as_text_in_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "out.xlsx", {"名单": Table(
        ["姓名", "年龄"], [[value, 70] for value in HOSTILE], text_columns=(0,))})
    ws = load_workbook(path)["名单"]
    cells = [ws.cell(row, 1) for row in range(2, len(HOSTILE) + 2)]
    # the text itself is kept exactly (XML reads a carriage return as a line feed)
    assert [c.value for c in cells] == [v.replace("\r", "\n") for v in HOSTILE]
    for c in cells:
        assert c.data_type != "f" and c.data_type in ("s", "inlineStr")
        assert c.quotePrefix  # and stays text when someone edits the cell in Excel
        assert c.number_format == "@"
    assert ws.cell(2, 2).value == 70 and ws.cell(2, 2).data_type == "n"
    assert ws.cell(1, 1).font.bold


def test_plain_values_are_left_alone(tmp_path):
    path = write_xlsx(tmp_path / "out.xlsx", {"x": Table(["a"], [["张三"], [3], [None]])})
    ws = load_workbook(path)["x"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["张三", 3, None]
    assert not ws.cell(2, 1).quotePrefix


def test_characters_a_sheet_cannot_hold_are_shown_not_fatal(tmp_path):
    path = write_xlsx(tmp_path / "out.xlsx", {"x": Table(["a"], [["周\x1b[31m七"]])})
    assert load_workbook(path)["x"].cell(2, 1).value == "周\\x1b[31m七"


def test_formula_looking_text_gets_a_quote_in_csv(tmp_path):
    path = write_csv(tmp_path / "out.csv", ["姓名", "年龄"], [[v, 70] for v in HOSTILE])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Chinese right
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["姓名", "年龄"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE]
    assert safe_cell("张三") == "张三" and safe_cell(5) == 5 and safe_cell(None) is None


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch, kind):
    target = tmp_path / f"out.{kind}"
    target.write_bytes(b"the old file")
    started = time.time()

    def rows():
        yield ["张三"]
        raise OSError(28, "No space left on device")

    with pytest.raises(ValidationError) as info:
        if kind == "xlsx":
            write_xlsx(target, {"x": Table(["a"], rows())})
        else:
            write_csv(target, ["a"], rows())
    assert "No space left" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{kind}"]
    assert not [p for p in Path(tempfile.gettempdir()).glob("*.xml")
                if p.stat().st_mtime > started - 1 and "张三".encode() in p.read_bytes()]
    assert target.read_bytes() == b"the old file"


def test_a_failure_inside_handed_over_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError), handed_over(tmp_path / "a.xlsx", protected=()) as part:
        write_xlsx(part, {"x": Table(["a"], [[1]])})
        raise RuntimeError("the audit entry failed")
    assert list(tmp_path.iterdir()) == []


def test_database_files_match_storage():
    from neighborcenter.config import backup_dir
    from neighborcenter.storage.db import lock_path
    from neighborcenter.storage.keyfile import key_file_path

    db = Path("/data/centre.db")
    files = database_files(db)
    assert lock_path(db) in files and key_file_path(db) in files and backup_dir(db) in files
    assert Path("/data/centre.db-wal") in files and Path("/data/centre.db-shm") in files


def test_no_output_over_the_database_its_companions_backups_or_input(tmp_path):
    db = tmp_path / "centre.db"
    db.write_bytes(b"SQLite")
    (tmp_path / "centre-backups").mkdir()
    sheet = tmp_path / "台账.xlsx"
    sheet.write_bytes(b"PK")
    protected = (*database_files(db), sheet)
    for target in (db, tmp_path / "centre.db-wal", tmp_path / "centre.db-shm",
                   tmp_path / "centre.db.lock", tmp_path / "centre.db.keys",
                   tmp_path / "centre-backups" / "a.xlsx", tmp_path / "centre-backups",
                   sheet, tmp_path / "sub" / ".." / "centre.db"):
        with pytest.raises(ValidationError) as info:
            check_output_path(target, protected=protected)
        assert str(target) in str(info.value) and info.value.field == "path"
        with pytest.raises(ValidationError):
            write_xlsx(target, {"x": Table(["a"], [[1]])}, protected=protected)
    link = tmp_path / "link.xlsx"
    os.symlink(db, link)
    with pytest.raises(ValidationError):
        check_output_path(link, protected=protected)
    os.link(db, tmp_path / "hard.xlsx")
    with pytest.raises(ValidationError):
        check_output_path(tmp_path / "hard.xlsx", protected=protected)
    assert db.read_bytes() == b"SQLite"
    assert check_output_path(tmp_path / "名单.xlsx", protected=protected)


def test_openpyxl_would_have_written_a_formula():
    """Why the writer marks the cell: left to itself openpyxl makes "=…" a formula."""
    ws = Workbook().active
    ws["A1"] = '=HYPERLINK("http://x","y")'
    assert ws["A1"].data_type == "f"
