"""Writing spreadsheets (.xlsx and .csv): the one place every export, report or list of
rejected rows goes through, so that what people typed cannot turn into a formula.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or
their full-width forms) is what Excel and WPS take for a formula — ``=HYPERLINK(…)`` in a
name becomes a live link when the sheet is opened ("formula injection", OWASP "CSV
injection"). In an .xlsx such a cell is written as text (a string cell with Excel's quote
prefix, so that editing it does not turn it into a formula either; the text itself is kept
exactly); in a .csv, which has no types, it gets a leading ``'``.

``write_xlsx(path, {title: Table(headers, rows)})`` and ``write_csv(path, headers, rows)``
write through a temporary file beside ``path`` and rename it, so a failure leaves neither a
half-written nor an empty file; ``protected`` lists files they must never replace (see
core/handover.py: the database, its backups, the file being imported). For an export that is
audited, write to the ``partial`` of ``handed_over`` instead.

Qt-free and storage-free: openpyxl is imported when a workbook is written.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import tempfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from neighborcenter.core.handover import check_output_path
from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _

#: What a spreadsheet program reads as the start of a formula (and the full-width forms a
#: Chinese input method types, which WPS converts).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# Characters XML 1.0 cannot carry (openpyxl refuses them): shown as \x1b instead.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _visible(text: str) -> str:
    return _UNWRITABLE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def safe_cell(value: object) -> object:
    """A value as a plain-text sheet (.csv) may hold it: text that looks like a formula gets
    a leading ``'``, characters a sheet cannot hold are shown as ``\\x1b``; numbers, dates
    and None are left as they are."""
    if not isinstance(value, str):
        return value
    value = _visible(value)
    return "'" + value if looks_like_formula(value) else value


@dataclass(frozen=True)
class Table:
    """One worksheet: a header row (bold), the rows, optional column widths and the
    0-based columns to format as Text (ID numbers, so that Excel does not turn them into
    3.30502E+17 when the file is edited)."""

    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[float] = ()
    text_columns: Collection[int] = ()


def _xlsx_cells(ws):
    """A function making the cells of a row: a plain value as it is (the fast path), text
    that looks like a formula as a string cell with Excel's quote prefix."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold_font = Font(bold=True)

    def cell(value: object, *, text: bool = False, bold: bool = False) -> object:
        if isinstance(value, str):
            value = _visible(value)
        formula = looks_like_formula(value)
        if not (formula or text or bold):
            return value
        out = WriteOnlyCell(ws, value)
        if formula:
            out.data_type = "s"  # a string cell, never a formula
            out.quotePrefix = True  # and it stays text when someone edits it in Excel
        if text:
            out.number_format = "@"
        if bold:
            out.font = bold_font
        return out

    return cell


def _replace_atomically(path: Path, write, *, protected: Iterable[Path]) -> Path:
    """Write to a temporary file beside ``path`` with ``write(temp)``, then rename it."""
    path = check_output_path(Path(path), protected=protected)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp",
                                        dir=path.parent)
    except OSError as exc:
        raise ValidationError(_("Cannot write {path}: {error}").format(
            path=path, error=exc.strerror or exc), field="path") from exc
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ValidationError(_("Cannot write {path}: {error}").format(
            path=path, error=exc.strerror or exc), field="path") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def write_xlsx(path: Path, tables: Mapping[str, Table], *,
               protected: Iterable[Path] = ()) -> Path:
    """Write a workbook with one worksheet per ``{title: Table}``, cells that look like
    formulas as text. Streams the rows (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    def write(temp: Path) -> None:
        workbook = Workbook(write_only=True)
        sheets = []
        try:
            for title, table in tables.items():
                ws = workbook.create_sheet(title=title[:31])  # Excel's limit for a name
                sheets.append(ws)
                for index, width in enumerate(table.widths, start=1):
                    ws.column_dimensions[get_column_letter(index)].width = width
                cell = _xlsx_cells(ws)
                ws.append([cell(h, bold=True) for h in table.headers])
                text_columns = set(table.text_columns)
                for row in table.rows:
                    ws.append([cell(v, text=i in text_columns) for i, v in enumerate(row)])
            workbook.save(temp)
        except BaseException:
            # openpyxl streams each sheet into a file of the system's temporary folder:
            # personal data, which must not stay there when the write fails
            for ws in sheets:
                with contextlib.suppress(Exception):
                    ws.close()
                with contextlib.suppress(Exception):
                    ws._writer.cleanup()
            raise

    return _replace_atomically(path, write, protected=protected)


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]], *,
              protected: Iterable[Path] = ()) -> Path:
    """Write a .csv (UTF-8 with a BOM, which Excel needs to read Chinese), every cell
    through ``safe_cell``."""

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([safe_cell(h) for h in headers])
            for row in rows:
                writer.writerow([safe_cell(v) for v in row])

    return _replace_atomically(path, write, protected=protected)
