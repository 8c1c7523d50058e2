"""The goods' printouts: barcode labels (the shop's own EAN-13 codes with a right check digit,
read back from the printed page by a barcode reader), the stock-take sheet and its result
(text extracted with pdftotext, the Chinese font embedded), the stock list as .xlsx (formula
safe); each print or export audited; a refused print leaves no file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.core.roles import Role
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.shop import export, goods, labels, stocktake
from neighborcenter.features.shop.rules import Shelf, ean_check_digit
from neighborcenter.i18n import _, pgettext
from tests.conftest import make_account, sql
from tests.features.shop import add_product
from tests.features.volunteers.test_printouts import assert_font_embedded

DAY = dt.date(2026, 12, 1)


def text_of(pdf) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return "".join(out.split())


def audited(db, admin, action: AuditAction) -> list:
    return [e for e in list_audit(db, actor=admin) if e.action is action]


def test_labels_carry_the_shops_own_codes_name_and_price(db, admin, shop_volunteer, tmp_path):
    tofu = add_product(db, admin, "手工豆腐", shelf=Shelf.DAILY, price="3.50", points="",
                       unit="块")
    rice = add_product(db, admin, "大米 5kg", points="120")
    codes = {r.id: r.barcode for r in goods.list_products(db, actor=admin)}
    for code in codes.values():  # 20…, thirteen digits, the check digit right
        assert code.startswith("20") and len(code) == 13
        assert ean_check_digit(code[:12]) == int(code[12])
    pdf = tmp_path / "labels.pdf"
    n = labels.save_labels(db, actor=shop_volunteer, items=[(tofu, 2), (rice, 1)], path=pdf)
    assert n == 3
    text = text_of(pdf)
    assert text.count("手工豆腐") == 2 and "¥3.50" in text and "大米5kg" in text
    assert codes[tofu] in text and codes[rice] in text  # the digits under the bars
    assert _("{n} points").format(n=120).replace(" ", "") in text
    assert_font_embedded(pdf)
    [entry] = audited(db, admin, AuditAction.PRINT)
    raw = sql(db).execute("SELECT detail FROM audit_log WHERE id = ?", (entry.id,)).fetchone()
    assert json.loads(raw[0])["labels"] == 3


def test_each_labels_digits_print_once(db, admin, tmp_path):
    """The EAN-13 bars carry their digits (6 901968 000269); the label prints no second
    copy over them. A code that is not EAN-13 (a shelf's own) gets its digits from the
    label, once too."""
    tofu = add_product(db, admin, "手工豆腐", shelf=Shelf.DAILY, price="3.50", points="")
    soap = add_product(db, admin, "上海药皂", shelf=Shelf.DAILY, price="3.50", points="",
                       barcode="6901968000269")
    shelf = add_product(db, admin, "散装红枣", shelf=Shelf.DAILY, price="12.00", points="",
                        barcode="HZ-0042")
    codes = {r.id: r.barcode for r in goods.list_products(db, actor=admin)}
    pdf = tmp_path / "labels.pdf"
    labels.save_labels(db, actor=admin, items=[(tofu, 2), (soap, 1), (shelf, 1)], path=pdf)
    text = text_of(pdf)
    assert text.count(codes[tofu]) == 2 and text.count("6901968000269") == 1
    assert text.count("HZ-0042") == 1


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                    reason="no barcode reader here")
def test_a_scanner_reads_the_printed_bars(db, admin, tmp_path):
    tofu = add_product(db, admin, "手工豆腐", shelf=Shelf.DAILY, price="3.50", points="")
    pdf = tmp_path / "labels.pdf"
    labels.save_labels(db, actor=admin, items=[(tofu, 1)], path=pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    read = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")],
                          capture_output=True, text=True).stdout.split()
    [row] = goods.list_products(db, actor=admin)
    assert read == [row.barcode]


def test_no_labels_chosen_is_refused_and_leaves_no_file(db, admin, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    pdf = out / "labels.pdf"
    with pytest.raises(ValidationError):
        labels.save_labels(db, actor=admin, items=[], path=pdf)
    with pytest.raises(ValidationError):
        labels.save_labels(db, actor=admin, items=[("x", labels.MAX_LABELS + 1)], path=pdf)
    assert list(out.iterdir()) == []


def test_the_stocktake_sheet_lists_the_goods_to_count(db, admin, shop_volunteer, tmp_path):
    add_product(db, admin, "大米 5kg", stock=10)
    add_product(db, admin, "手工豆腐", shelf=Shelf.DAILY, price="3.50", points="", stock=4)
    sid = stocktake.start_stocktake(db, actor=shop_volunteer, on=DAY)
    pdf = tmp_path / "sheet.pdf"
    assert labels.save_stocktake_sheet(db, actor=shop_volunteer, stocktake_id=sid,
                                       path=pdf) == 2
    text = text_of(pdf)
    for word in ("大米5kg", "手工豆腐", Shelf.DAILY.label, Shelf.POINTS.label,
                 _("Counted").replace(" ", "")):
        assert word in text
    assert text.index(Shelf.DAILY.label) < text.index(Shelf.POINTS.label)  # shelf order
    assert_font_embedded(pdf)
    assert audited(db, admin, AuditAction.PRINT)[0].target_id == sid


def test_the_result_says_whether_it_balances(db, admin, tmp_path):
    rice = add_product(db, admin, "大米 5kg", stock=10)
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice, counted=8)
    pdf = tmp_path / "result.pdf"
    labels.save_stocktake_result(db, actor=admin, stocktake_id=sid, path=pdf)
    text = text_of(pdf)
    assert "-2" in text and "账物不符" in text and "账物相符" not in text
    assert "".join(pgettext("shop stock-take", "Value").split()) in text  # 差异金额
    assert _("Value") == "Value" or _("Value") not in text  # not the generic 内容
    stocktake.record_count(db, actor=admin, stocktake_id=sid, product_id=rice, counted=10)
    stocktake.finish_stocktake(db, actor=admin, stocktake_id=sid)
    labels.save_stocktake_result(db, actor=admin, stocktake_id=sid, path=pdf)
    assert "账物相符" in text_of(pdf)
    # who finished it by their name (李主任), not their login (admin) — the footer says both
    by = "".join(_("Finished on {day} by {who}").split("{day}")[1].format(who="李主任").split())
    assert by in text_of(pdf)
    assert_font_embedded(pdf)
    assert len(audited(db, admin, AuditAction.PRINT)) == 2


def test_the_stock_list_export_is_formula_safe(db, admin, tmp_path):
    from openpyxl import load_workbook

    add_product(db, admin, "=HYPERLINK(\"x\")", stock=3)
    path = tmp_path / "stock.xlsx"
    assert len(export.export_stock(db, actor=admin, path=path, today=DAY)) == 1
    ws = load_workbook(path).active
    cell = ws.cell(row=2, column=2)
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"
    assert ws.cell(row=2, column=7).value == 3
    with pytest.raises(ValidationError):
        export.export_stock(db, actor=admin, path=tmp_path / "stock.csv")


def test_printing_needs_the_shop(db, admin, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    rice = add_product(db, admin)
    sid = stocktake.start_stocktake(db, actor=admin, on=DAY)
    other = make_account(db, admin, "helper", Role.CLASS_VOLUNTEER)
    with pytest.raises(PermissionDenied):
        labels.save_labels(db, actor=other, items=[(rice, 1)], path=out / "x.pdf")
    with pytest.raises(PermissionDenied):
        labels.save_stocktake_sheet(db, actor=other, stocktake_id=sid,
                                    path=out / "x.pdf")
    assert list(out.iterdir()) == []
