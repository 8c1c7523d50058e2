"""The shop's papers: the donor's receipt (goods taken in, goods refused with the reason, two
signature lines), the public notice of a period (no recipient's name; anonymous donors as
匿名, those who asked as 爱心人士) and the gift slip with the recipient's signature line. Their
text is extracted, the Chinese font must be embedded; each print is audited."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied
from neighborcenter.features.shop import donations, gifts, notices
from neighborcenter.features.shop.donations import (
    DonationForm,
    DonationLineForm,
    NoticeCount,
    NoticeDonation,
    PublicNotice,
)
from neighborcenter.features.shop.rules import DonorKind, Hardship, Shelf
from neighborcenter.i18n import _, format_date, pgettext
from tests.features.shop import add_product
from tests.features.visits import add_elder_resident
from tests.features.volunteers.test_printouts import assert_font_embedded, pdf_text, squeezed

DAY = dt.date(2026, 11, 20)


def prints(db, admin) -> list:
    return [e for e in list_audit(db, actor=admin) if e.action is AuditAction.PRINT]


@pytest.fixture
def towel(db, admin) -> str:
    return add_product(db, admin, "毛巾", shelf=Shelf.DONATED, points="", stock=0, unit="条")


def donate(db, actor, towel, *, kind=DonorKind.COMPANY, name="湖州某某公司", public=True,
           refused=False):
    lines = [DonationLineForm(towel, 5)]
    if refused:
        lines.append(DonationLineForm(towel, 2, accepted=False, refusal="包装破损"))
    return donations.record_donation(db, actor=actor, today=DAY, form=DonationForm(
        donor_kind=kind, donor_name=name if kind != DonorKind.ANONYMOUS else "",
        donor_contact="13812345678" if kind != DonorKind.ANONYMOUS else "", received_on=DAY,
        received_by="陈阿姨", lines=lines, public=public))


def test_the_donors_receipt(db, admin, shop_volunteer, towel, tmp_path):
    slip = donate(db, admin, towel, refused=True)
    pdf = notices.print_donation_receipt(db, actor=shop_volunteer, donation_id=slip.id,
                                         path=tmp_path / "receipt.pdf")
    assert_font_embedded(pdf)
    text = squeezed(pdf_text(pdf))
    for words in ("JZ20261120-01", "湖州某某公司", "毛巾", "5条", "包装破损", "陈阿姨",
                  "138****5678", "幸福邻里中心"):
        assert squeezed(words) in text, words
    assert "13812345678" not in text  # a shop volunteer prints the contact masked
    assert squeezed(_("Donor (signature): {blank}　Date: {blank}").split("{")[0]) in text
    assert squeezed(_("Received by (signature): {blank}　Date: {blank}").split("{")[0]) in text
    [entry] = prints(db, admin)
    assert entry.target_id == slip.id and "湖州某某公司" not in entry.summary


def test_the_public_notice_names_no_recipient(db, admin, towel, tmp_path):
    donate(db, admin, towel)
    donate(db, admin, towel, kind=DonorKind.ANONYMOUS)
    donate(db, admin, towel, kind=DonorKind.PERSON, name="李先生", public=False)
    rid = add_elder_resident(db, admin, "赵阿婆", tags=("minimum_living",))
    gifts.give_gift(db, actor=admin, resident_id=rid, hardship=Hardship.SUBSISTENCE,
                    reason="冬季慰问", items=[(towel, 3)], signed_by="赵阿婆", on=DAY,
                    today=DAY)
    pdf = tmp_path / "notice.pdf"
    notice = notices.print_public_notice(db, actor=admin, since=dt.date(2026, 11, 1),
                                         until=dt.date(2026, 11, 30), path=pdf,
                                         contact="李主任 0572-2123456", posted_on=DAY)
    assert notice.gifts == 1
    assert_font_embedded(pdf)
    text = squeezed(pdf_text(pdf))
    for words in (_("Public notice: donated goods received and given out at 匠心坊"),
                  "幸福邻里中心", "湖州某某公司", _("Anonymous"), _("A kind-hearted donor"),
                  Hardship.SUBSISTENCE.label, "李主任0572-2123456", "2026年11月20日"):
        assert squeezed(words) in text, words
    assert "赵阿婆" not in text and "李先生" not in text and "冬季慰问" not in text
    assert [e.target_kind for e in prints(db, admin)] == ["shop_notice"]


def test_the_gift_slip_is_for_the_staff(db, admin, shop_volunteer, tmp_path):
    rice = add_product(db, admin)
    rid = add_elder_resident(db, admin, "赵阿婆")
    gift = gifts.give_gift(db, actor=admin, resident_id=rid, hardship=Hardship.ELDERLY_ALONE,
                           reason="重阳慰问", items=[(rice, 1)], signed_by="赵阿婆",
                           on=DAY, today=DAY)
    with pytest.raises(PermissionDenied):
        notices.print_gift_slip(db, actor=shop_volunteer, gift_id=gift.id,
                                path=tmp_path / "no.pdf")
    assert not (tmp_path / "no.pdf").exists()
    pdf = notices.print_gift_slip(db, actor=admin, gift_id=gift.id, path=tmp_path / "g.pdf")
    assert_font_embedded(pdf)
    text = squeezed(pdf_text(pdf))
    for words in (gift.number, "赵阿婆", "大米 5kg", "重阳慰问", Hardship.ELDERLY_ALONE.label,
                  _("Recipient (signature): {blank}　Relation: {blank}").split("{")[0]):
        assert squeezed(words) in text, words
    [entry] = prints(db, admin)
    assert entry.target_kind == "shop_gift" and "赵阿婆" not in entry.summary


# ---------------------------------------------------------------- written as a person would

PUNCTUATION = "，。、；：！？）》」』"


def lines_of(pdf, page: int | None = None) -> list[str]:
    """The PDF's lines as printed (a line per line of the page, spaces dropped)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [squeezed(x) for x in out.splitlines() if x.strip()]


def pages_of(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])


def test_an_anonymous_donor_is_named_once_and_no_line_starts_with_a_comma(db, admin, towel,
                                                                          tmp_path):
    slip = donate(db, admin, towel, kind=DonorKind.ANONYMOUS)
    pdf = notices.print_donation_receipt(db, actor=admin, donation_id=slip.id,
                                         path=tmp_path / "receipt.pdf")
    text = squeezed(pdf_text(pdf))
    assert squeezed(_("Donor: anonymous donation")) in text
    assert text.count(squeezed(_("Anonymous"))) <= 1 and "匿名（匿名）" not in text  # 匿名捐赠
    lines = lines_of(pdf)
    assert lines and not [x for x in lines if x[0] in PUNCTUATION]
    company = donate(db, admin, towel)
    text = squeezed(pdf_text(notices.print_donation_receipt(
        db, actor=admin, donation_id=company.id, path=tmp_path / "company.pdf")))
    assert squeezed(_("Donor: {donor} ({kind})").format(
        donor="湖州某某公司", kind=DonorKind.COMPANY.label)) in text


def notice(donations_: int, goods: int) -> PublicNotice:
    """A month's figures without a database: ``donations_`` slips, ``goods`` kinds of goods
    given and redeemed."""
    day = dt.date(2026, 11, 1)
    names = [f"物资{n:02d} 500g" for n in range(goods)]
    return PublicNotice(
        since=day, until=dt.date(2026, 11, 30),
        donations=tuple(NoticeDonation(day + dt.timedelta(days=n % 30), f"捐赠单位{n}",
                                       ((names[n % goods], 10, "包"), (names[-1], 5, "袋")))
                        for n in range(donations_)),
        donated=(), gifts_by_goods=tuple(NoticeCount(x, 3, "包") for x in names),
        gifts_by_hardship=tuple(NoticeCount(h.label, 4, times=2) for h in Hardship),
        redeemed=tuple(NoticeCount(x, 7, "包") for x in names), gifts=12)


def test_a_months_notice_fits_one_page_and_says_its_period_plainly(tmp_path):
    pdf = tmp_path / "month.pdf"
    paper = notices.notice_paper("幸福邻里中心", notice(6, 12), posted_on=dt.date(2026, 12, 1),
                                 days=7, contact="李主任 0572-2123456")
    notices.draw_paper(pdf, paper, author="幸福邻里中心")
    assert pages_of(pdf) == 1
    text = squeezed(pdf_text(pdf))
    period = pgettext("shop notice", "{start} to {end}").format(
        start=format_date(dt.date(2026, 11, 1), "long"),
        end=format_date(dt.date(2026, 11, 30), "long"))
    assert squeezed(_("{centre}　Covering {period}").format(centre="幸福邻里中心",
                                                           period=period)) in text
    if pgettext("shop notice", "{start} to {end}") != "{start} to {end}":  # zh_CN
        assert "2026年11月1日至2026年11月30日" in pdf_text(pdf)  # plain: no spaces around 至
    assert not [x for x in lines_of(pdf) if x[0] in PUNCTUATION]


def test_a_long_notice_repeats_its_heading_on_the_next_page(tmp_path):
    pdf = tmp_path / "long.pdf"
    paper = notices.notice_paper("幸福邻里中心", notice(40, 3), posted_on=dt.date(2026, 12, 1),
                                 days=7, contact="")
    notices.draw_paper(pdf, paper, author="幸福邻里中心")
    assert pages_of(pdf) == 2
    first, second = squeezed("".join(lines_of(pdf, 1))), squeezed("".join(lines_of(pdf, 2)))
    heading = squeezed(_("1. Donated goods received"))
    assert heading in first and heading in second  # the section's heading again …
    assert squeezed(_("Donor")) in second  # … with the table's header
    assert squeezed(_("{title} (continued)　{period}").split("{")[0]) in second or \
        squeezed(_("Public notice: donated goods received and given out at 匠心坊")) in second
    assert "捐赠单位39" in second


def test_the_gift_slip_names_the_staff_by_their_name_and_who_signed(db, admin, tmp_path):
    rice = add_product(db, admin)
    rid = add_elder_resident(db, admin, "赵阿婆")
    gift = gifts.give_gift(db, actor=admin, resident_id=rid, hardship=Hardship.ELDERLY_ALONE,
                           reason="重阳慰问", items=[(rice, 1)], signed_by="赵小丽",
                           signer_relation="女儿", on=DAY, today=DAY)
    pdf = notices.print_gift_slip(db, actor=admin, gift_id=gift.id, path=tmp_path / "g.pdf")
    text = squeezed(pdf_text(pdf))
    assert squeezed(_("Issued by: {name}").format(name="李主任")) in text
    assert squeezed(_("Issued by: {name}").format(name="admin")) not in text
    assert squeezed(_("Signed for by: {name} ({relation})").format(
        name="赵小丽", relation="女儿")) in text
