"""Hostile sheets for the importer ("bombs"), built small on disk and big inside, and a probe
that reads one in a fresh process and reports time and peak memory.

    python -m benchmarks.bombs FILE     # one JSON object on stdout

The builders write the .xlsx package by hand (the sheet's XML streamed into the zip), so that
a cell in column XFD, 200 000 rows or a part that unpacks to hundreds of MB cost seconds to
make, not the gigabytes openpyxl would take to make them its own way. The tests build the
same files with small sizes.
"""

from __future__ import annotations

import json
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

HEADERS = ["户号", "姓名", "性别", "身份证号", "出生日期", "联系电话", "小区", "楼栋", "单元",
           "门牌号", "与户主关系", "户籍类型", "人员类别"]

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""  # noqa: E501
_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""  # noqa: E501
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"""  # noqa: E501
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""  # noqa: E501
_SST_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
_SST_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
_SHEET_START = ('<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns='
                '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


def column_letter(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def cell(ref: str, value: object) -> str:
    """One cell's XML: a number, or text written inline."""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row(number: int, values: Iterable[object], extra: str = "") -> str:
    cells = "".join(cell(f"{column_letter(i)}{number}", v)
                    for i, v in enumerate(values, start=1) if v is not None)
    return f'<row r="{number}">{cells}{extra}</row>'


def write_xlsx(path: Path, rows: Iterable[str], merges: Iterable[str] = (),
               tail: str = "", shared_strings: Iterable[str] | None = None) -> Path:
    """A one-sheet .xlsx whose sheet XML is ``rows`` (row elements), then ``mergeCells``;
    with ``shared_strings``, a shared-string table of those strings too."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        types, rels = _CONTENT_TYPES, _WORKBOOK_RELS
        if shared_strings is not None:
            types = types.replace("</Types>", _SST_TYPE + "</Types>")
            rels = rels.replace("</Relationships>", _SST_REL + "</Relationships>")
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as sst:
                sst.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://'
                          b'schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for text in shared_strings:
                    sst.write(f"<si><t>{escape(text)}</t></si>".encode())
                sst.write(b"</sst>")
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            buffer: list[str] = []
            for r in rows:
                buffer.append(r)
                if len(buffer) >= 1000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData>")
            refs = list(merges)
            if refs:
                sheet.write(f'<mergeCells count="{len(refs)}">'.encode())
                sheet.write("".join(f'<mergeCell ref="{m}"/>' for m in refs).encode())
                sheet.write(b"</mergeCells>")
            sheet.write(f"{tail}</worksheet>".encode())
    return path


def _people(rows: int, start: int = 2) -> Iterator[str]:
    for n in range(start, start + rows):
        yield row(n, [f"H{n:05d}", f"张{n}", "男", None, "1950-01-01", None, "幸福里", 3, 2,
                      501, "户主"])


# ------------------------------------------------------------------------------ the bombs


def column_xfd(path: Path, rows: int = 5_000) -> Path:
    """A value in column XFD (the 16 384th) on every row: read naively, each row is 16 384
    cells (the issue's 83 KB file took 2.7 GB)."""
    return write_xlsx(path, [row(1, HEADERS), *(
        row(n, [f"H{n:05d}", f"张{n}"], extra=cell(f"XFD{n}", 1))
        for n in range(2, rows + 2))])


def merged_ranges(path: Path, ranges: int = 200, rows: int = 1_000) -> Path:
    """``ranges`` overlapping merged ranges to XFD1048576 over a small sheet (the issue's
    13 KB file ran for minutes: each range filled rows × 16 384 cells)."""
    merges = [f"{column_letter(1 + i % 13)}{2 + i}:XFD1048576" for i in range(ranges)]
    return write_xlsx(path, [row(1, HEADERS), *_people(rows)], merges)


def many_merged_ranges(path: Path, ranges: int = 60_000) -> Path:
    """More merged ranges than the importer reads."""
    merges = [f"N{2 + i}:O{2 + i}" for i in range(ranges)]
    return write_xlsx(path, [row(1, HEADERS), *_people(10)], merges)


def many_rows(path: Path, rows: int = 200_000) -> Path:
    """200 000 rows, every one of them rejected if imported (no ID number, no address)."""
    return write_xlsx(path, [row(1, ["姓名", "身份证号", "备注"]), *(
        row(n, [f"张{n}", "x", "?"]) for n in range(2, rows + 2))])


def zip_bomb(path: Path, unpacked_mb: int = 200) -> Path:
    """A sheet whose XML unpacks to ``unpacked_mb`` MB (empty styled cells compress a
    thousandfold)."""
    filler = "".join(f'<c r="{column_letter(c)}{{n}}" s="0"/>' for c in range(1, 101))
    per_row = len(filler) + 40
    rows = unpacked_mb * 1024 * 1024 // per_row
    return write_xlsx(path, [row(1, HEADERS), *(
        f'<row r="{n}">{filler.format(n=n)}</row>' for n in range(2, rows + 2))])


def shared_strings(path: Path, mb: int = 58) -> Path:
    """A shared-string table of millions of tiny strings, just under the unpacked limit:
    openpyxl keeps the whole table in memory."""
    count = mb * 1024 * 1024 // 20
    return write_xlsx(path, [row(1, HEADERS), *_people(10)],
                      shared_strings=(f"{n % 100000:x}" for n in range(count)))


def long_csv_line(path: Path, mb: int = 49) -> Path:
    """A .csv that is one line of commas: 49 MB, 50 million empty cells."""
    with path.open("wb") as fh:
        fh.write("姓名,身份证号\n".encode())
        chunk = b"," * (1024 * 1024)
        for _n in range(mb):
            fh.write(chunk)
    return path


BOMBS = {
    "column XFD": ("xfd.xlsx", column_xfd),
    "200 merges to XFD": ("merged.xlsx", merged_ranges),
    "60 000 merges": ("many-merged.xlsx", many_merged_ranges),
    "200 000 rows": ("rows.xlsx", many_rows),
    "zip bomb, 200 MB": ("zipbomb.xlsx", zip_bomb),
    "3 M shared strings": ("strings.xlsx", shared_strings),
    "49 MB CSV line": ("line.csv", long_csv_line),
}


def build(folder: Path) -> dict[str, Path]:
    """Every bomb in ``folder`` (built when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (file_name, make) in BOMBS.items():
        path = folder / file_name
        if not path.exists():
            make(path.with_name(path.name + ".building"))
            path.with_name(path.name + ".building").replace(path)
        out[name] = path
    return out


def main(argv: list[str]) -> int:
    from benchmarks.memory import peak_rss_kb
    from neighborcenter.errors import NCError
    from neighborcenter.features.register import register_io

    path = Path(argv[0])
    baseline = peak_rss_kb()
    start = time.perf_counter()
    try:
        sheet = register_io.read_sheet(path)
        outcome = f"read: {len(sheet.rows)} rows"
    except NCError as exc:
        outcome = f"refused: {exc}"
    ms = (time.perf_counter() - start) * 1000
    print(json.dumps({"ms": ms, "rss_kb": peak_rss_kb(), "baseline_kb": baseline,
                      "outcome": outcome}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
