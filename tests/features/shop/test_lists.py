"""The shop's lists: the supplier's order (no customer's data), the collection list (masked
phones, a column to sign; audited without names), the day close report (日结单) — their text
extracted from the PDF, the Chinese font embedded — and the .xlsx of both lists, where what
people typed never becomes a formula."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.shop import dayclose, groupbuy, lists
from neighborcenter.features.shop.rules import CampaignStatus
from neighborcenter.i18n import _
from tests.features.classroom.test_printing import page_size, text_of
from tests.features.shop import add_product
from tests.features.shop.test_groupbuy import DAY, campaign, item, resident
from tests.features.volunteers.test_printouts import assert_font_embedded


@pytest.fixture
def bought(db, admin):
    """A campaign with three orders: one from the register (paid), one typed with a name
    that looks like a formula, one cancelled."""
    cid = campaign(db, admin)
    orange = item(db, admin, cid)
    rice = item(db, admin, cid, "东北大米 10斤", "45", "")
    rid = resident(db, admin)
    a = groupbuy.place_order(db, actor=admin, campaign_id=cid, resident_id=rid,
                             lines={orange: 2, rice: 1}, on=DAY)
    groupbuy.mark_paid(db, actor=admin, order_id=a.id, on=DAY)
    groupbuy.place_order(db, actor=admin, campaign_id=cid, name="=HYPERLINK(\"x\")",
                         phone="13900001111", lines={rice: 3}, on=DAY)
    c = groupbuy.place_order(db, actor=admin, campaign_id=cid, name="赵退订",
                             lines={orange: 1}, on=DAY)
    groupbuy.cancel_order(db, actor=admin, order_id=c.id, reason="不要了", on=DAY)
    return cid


def audit_of(db, admin, action: AuditAction) -> list:
    return sorted((e for e in list_audit(db, actor=admin) if e.action is action),
                  key=lambda e: e.id)


def test_the_supplier_list_has_items_and_totals_and_no_customer(db, admin, bought, tmp_path):
    pdf = lists.print_supplier_list(db, actor=admin, campaign_id=bought,
                                    path=tmp_path / "supplier.pdf")
    assert [(x.name, x.quantity) for x in pdf.lines] == [("赣南脐橙 5斤", 2),
                                                         ("东北大米 10斤", 4)]
    text = text_of(tmp_path / "supplier.pdf")
    assert "赣南脐橙5斤" in text and "东北大米10斤" in text and "湖州鲜果合作社" in text
    assert "¥239.80" in text  # 2 × 29.90 + 4 × 45.00
    assert "王秀英" not in text and "5678" not in text and "赵退订" not in text
    assert_font_embedded(tmp_path / "supplier.pdf")
    w, h = page_size(tmp_path / "supplier.pdf")
    assert (round(w), round(h)) == (595, 842)  # A4 portrait


def test_the_collection_list_masks_phones_and_is_audited_without_names(db, admin, bought,
                                                                        tmp_path):
    before = len(audit_of(db, admin, AuditAction.PRINT))
    lists.print_collection_list(db, actor=admin, campaign_id=bought,
                                path=tmp_path / "collect.pdf")
    text = text_of(tmp_path / "collect.pdf")
    assert "王秀英" in text and "138****5678" in text and "13812345678" not in text
    assert "赵退订" not in text  # cancelled
    assert "签名" in text or "Signature" in text
    assert_font_embedded(tmp_path / "collect.pdf")
    entries = audit_of(db, admin, AuditAction.PRINT)
    assert len(entries) == before + 1
    assert "王秀英" not in str(entries[-1].summary)


def test_the_collection_xlsx_is_formula_safe_and_for_the_staff(db, admin, shop_volunteer,
                                                               bought, tmp_path):
    with pytest.raises(PermissionDenied):
        lists.export_collection_list(db, actor=shop_volunteer, campaign_id=bought,
                                     path=tmp_path / "c.xlsx")
    with pytest.raises(ValidationError):
        lists.export_collection_list(db, actor=admin, campaign_id=bought,
                                     path=tmp_path / "c.csv")
    before = len(audit_of(db, admin, AuditAction.EXPORT))
    lists.export_collection_list(db, actor=admin, campaign_id=bought,
                                 path=tmp_path / "c.xlsx")
    assert len(audit_of(db, admin, AuditAction.EXPORT)) == before + 1
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx").active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    cell = ws.cell(row=3, column=2)
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"  # text, not a formula
    assert values[1][1:3] == ["王秀英", "138****5678"]
    assert not any(isinstance(v, str) and "13812345678" in v for row in values for v in row)


def test_the_supplier_xlsx(db, admin, shop_volunteer, bought, tmp_path):
    lists.export_supplier_list(db, actor=shop_volunteer, campaign_id=bought,
                               path=tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == ["赣南脐橙 5斤", "东北大米 10斤"]
    assert [r[4] for r in rows] == [2, 4]


def test_the_day_close_report(db, admin, bought, tmp_path):
    pid = add_product(db, admin, "挂面", points="10", stock=5)
    from neighborcenter.features.shop import goods

    goods.receive_goods(db, actor=admin, product_id=pid, quantity=2, on=DAY)
    summary = dayclose.day_summary(db, actor=admin, on=DAY)
    counted = (summary.cash.expected_fen - 100) / 100
    dayclose.close_day(db, actor=admin, counted=f"{counted:.2f}", note="少一元，找零给错",
                       on=DAY, today=DAY)
    lists.print_day_close(db, actor=admin, on=DAY, path=tmp_path / "day.pdf")
    text = text_of(tmp_path / "day.pdf")
    assert "日结单" in text
    assert "¥200.00" in text  # the float
    assert "¥104.80" in text  # paid that day: 2 × 29.90 + 45.00
    assert "-¥1.00" in text and "少一元，找零给错" in text
    assert "挂面" in text and "账物相符" in text
    assert "admin" in text
    assert_font_embedded(tmp_path / "day.pdf")


def test_a_day_not_closed_prints_without_the_count(db, admin, tmp_path):
    lists.print_day_close(db, actor=admin, on=dt.date(2026, 11, 30), path=tmp_path / "d.pdf")
    text = text_of(tmp_path / "d.pdf")
    assert "日结单" in text and "—" in text


def test_lists_of_a_campaign_through_its_steps(db, admin, bought, tmp_path):
    groupbuy.set_status(db, actor=admin, campaign_id=bought, status=CampaignStatus.ORDERED)
    data = lists.print_supplier_list(db, actor=admin, campaign_id=bought,
                                     path=tmp_path / "s.pdf")
    assert data.campaign.status == CampaignStatus.ORDERED


def test_the_day_close_says_plainly_what_the_group_buy_paid_in_and_refunded(db, admin, bought,
                                                                           tmp_path):
    """Paid in 104.80 and 135.00, the 135.00 refunded the same day: both in cash, both in
    the drawer's count; the close is signed with the staff's name, not their login."""
    orders = groupbuy.campaign_view(db, actor=admin, campaign_id=bought).orders
    unpaid = next(o for o in orders if o.paid_on is None and o.cancelled_on is None)
    groupbuy.mark_paid(db, actor=admin, order_id=unpaid.id, on=DAY)
    groupbuy.cancel_order(db, actor=admin, order_id=unpaid.id, reason="不要了", on=DAY)
    summary = dayclose.day_summary(db, actor=admin, on=DAY)
    assert summary.refunds_fen == 13500 and summary.cash.group_buy_fen == 10480
    dayclose.close_day(db, actor=admin, counted=f"{summary.cash.expected_fen / 100:.2f}",
                       on=DAY, today=DAY)
    lists.print_day_close(db, actor=admin, on=DAY, path=tmp_path / "day.pdf")
    text = text_of(tmp_path / "day.pdf")
    line = _("Group-buy orders, in cash today: paid in {paid}, refunded {refunds} (both "
             "counted in the cash expected in the drawer)").format(paid="¥239.80",
                                                                   refunds="¥135.00")
    assert "".join(line.split()) in text
    assert "".join(_("Cash expected in the drawer: {amount} (float + cash sales + group-buy "
                     "paid in − refunded)").format(amount="¥304.80").split()) in text
    closed_by = _("Closed by {user} at {time}").split("{time}")[0].format(user="李主任")
    assert "".join(closed_by.split()) in text
