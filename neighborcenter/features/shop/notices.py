"""The 善心铺 and 爱心铺 papers as PDF (A4, the CJK font embedded), each print audited (PRINT):

- the donor's receipt (捐赠物资接收单): the slip number, the donor, the goods taken in with
  their quantities and expiry, the goods refused with the reason, who received them, and the
  two signature lines — it carries the donor's contact (masked for a shop volunteer);
- the public notice (公示) of a period, to post on the wall: the donations received (匿名 /
  爱心人士 for donors who are anonymous or asked not to be named) and the goods given out —
  welfare gifts counted by goods and by hardship, goods redeemed for points by goods; never a
  recipient's name. Plain official style: title, the centre, the period, the tables, the
  notice period and whom to ask, the date and the centre's name as signature;
- the gift slip (爱心物资发放签收单) with the recipient's signature line (staff only).

What is printed is gathered by donations.py and gifts.py; the drawing is here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.centre import centre_heading
from neighborcenter.core.handover import handed_over, pdf_output_path
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import writes
from neighborcenter.errors import ValidationError
from neighborcenter.features.shop.donations import (
    DonationDetail,
    PublicNotice,
    donation_of,
    notice_of,
)
from neighborcenter.features.shop.gifts import GiftRow, gift_goods, gift_row
from neighborcenter.features.shop.labels import staff_name
from neighborcenter.features.shop.rules import DonorKind
from neighborcenter.features.volunteers.people import text
from neighborcenter.i18n import N_, _, format_date, pgettext
from neighborcenter.printing.paper import WIDTH, Paper, draw_paper, frame_text
from neighborcenter.storage.uow import UnitOfWork

NOTICE_DAYS = 7  # 公示期, the usual week


# ------------------------------------------------------------------------------- words


def _day(value: dt.date | None) -> str:
    return format_date(value, "long") if value else ""


BLANK = "________________"


def donor_line(d: DonationDetail) -> str:
    """捐赠方：爱山联华超市（企业）, 王建华（个人）, or 匿名捐赠 — said once."""
    if d.donor_kind == DonorKind.ANONYMOUS:
        return _("Donor: anonymous donation")
    return _("Donor: {donor} ({kind})").format(donor=d.donor, kind=d.donor_kind.label)


def receipt_paper(centre: str, d: DonationDetail) -> Paper:
    facts = [_("Slip number: {number}　Date received: {day}").format(
        number=d.number, day=_day(d.received_on)), donor_line(d)]
    if d.donor_contact:
        facts.append(_("Contact: {contact}").format(contact=d.donor_contact))
    facts.append(_("Received by: {name}").format(name=d.received_by))
    if d.notes:
        facts.append(_("Notes: {notes}").format(notes=d.notes))
    if d.voided:
        facts.append(_("VOID: {reason}").format(reason=d.void_reason))
    sections = [(
        _("Goods received"),
        (pgettext("shop list", "No."), _("Goods"), _("Quantity"), _("Best before")),
        tuple((str(n), x.name, f"{x.quantity} {x.unit}", _day(x.expires_on))
              for n, x in enumerate(d.accepted, 1)),
        (14, 86, 38, WIDTH - 138))]
    if d.refused:
        sections.append((
            _("Goods not accepted (condition check)"),
            (pgettext("shop list", "No."), _("Goods"), _("Quantity"), _("Reason")),
            tuple((str(n), x.name, f"{x.quantity} {x.unit}", x.refusal)
                  for n, x in enumerate(d.refused, 1)),
            (14, 70, 34, WIDTH - 118)))
    return Paper(
        centre=centre, title=_("Receipt for donated goods"), subtitle=centre,
        facts=tuple(facts), sections=tuple(sections),
        closing=(_("We have received the goods above and checked their condition. Thank you "
                   "for your kindness: the goods will go to residents in need through the "
                   "community shop, and donations are posted publicly."),),
        signature=(_("Donor (signature): {blank}　Date: {blank}").format(blank=BLANK),
                   _("Received by (signature): {blank}　Date: {blank}").format(blank=BLANK),
                   centre),
        empty=_("None."))



def _given_out(n: PublicNotice) -> tuple[tuple[str, ...], ...]:
    """The goods given out, one row each: how many as welfare gifts, how many for points (one
    table, not two: a month's notice fits one A4 page)."""
    units: dict[str, str] = {}
    given: dict[str, int] = {}
    redeemed: dict[str, int] = {}
    for rows, into in ((n.gifts_by_goods, given), (n.redeemed, redeemed)):
        for c in rows:
            into[c.label] = into.get(c.label, 0) + c.quantity
            units.setdefault(c.label, c.unit)
    order = sorted(units, key=lambda x: (-(given.get(x, 0) + redeemed.get(x, 0)), x))

    def amount(values: dict[str, int], label: str) -> str:
        return f"{values[label]} {units[label]}" if values.get(label) else "—"

    return tuple((str(i), label, amount(given, label), amount(redeemed, label))
                 for i, label in enumerate(order, 1))


def notice_paper(centre: str, n: PublicNotice, *, posted_on: dt.date, days: int,
                 contact: str) -> Paper:
    def goods(items) -> str:
        return _("、").join(f"{name} {qty}{unit}" for name, qty, unit in items)

    period = pgettext("shop notice", "{start} to {end}").format(start=_day(n.since),
                                                                   end=_day(n.until))
    ends = posted_on + dt.timedelta(days=days - 1)
    number = pgettext("shop list", "No.")
    sections = (
        (_("1. Donated goods received"), (number, _("Date"), _("Donor"), _("Goods")),
         tuple((str(i), _day(d.on), d.donor, goods(d.goods))
               for i, d in enumerate(n.donations, 1)),
         (14, 36, 50, WIDTH - 100)),
        (_("2. Goods given out (welfare gifts and points redemptions), by goods"),
         (number, _("Goods"), pgettext("shop notice", "Welfare gifts"),
          pgettext("shop notice", "Redeemed for points")),
         _given_out(n), (14, 86, 40, WIDTH - 140)),
        (_("3. Welfare gifts given out, by hardship"),
         (number, _("Hardship"), _("Gifts"), _("Items")),
         tuple((str(i), c.label, str(c.times), str(c.quantity))
               for i, c in enumerate(n.gifts_by_hardship, 1)),
         (14, 86, 40, WIDTH - 140)),
    )
    title = _("Public notice: donated goods received and given out at 匠心坊")
    return Paper(
        centre=centre, title=title,
        subtitle=_("{centre}　Covering {period}").format(centre=centre, period=period),
        facts=(_("In this period the shop received {d} donations and gave {g} welfare "
                 "gifts.").format(d=len(n.donations), g=n.gifts),),
        sections=sections,
        closing=(_("Notice period: {start} to {end}. If you have any questions, please "
                   "contact {contact}.").format(start=_day(posted_on), end=_day(ends),
                                                contact=contact),),
        signature=(centre, _day(posted_on)),
        empty=_("None in this period."),
        later_heading=_("{title} (continued)　{period}").format(title=title, period=period))


def gift_paper(centre: str, g: GiftRow, goods: Sequence[tuple[str, int, str]],
               issued_by: str = "") -> Paper:
    """``issued_by``: the display name of who gave it (the row keeps the login name)."""
    facts = [_("Number: {number}　Date: {day}").format(number=g.number, day=_day(g.on)),
             _("Recipient: {name}").format(name=g.resident),
             _("Hardship: {hardship}").format(hardship=g.hardship.label)]
    if g.reason:
        facts.append(_("Reason: {reason}").format(reason=g.reason))
    if g.signed_by and g.signer_relation:
        facts.append(_("Signed for by: {name} ({relation})").format(
            name=g.signed_by, relation=g.signer_relation))
    elif g.signed_by:
        facts.append(_("Signed for by: {name}").format(name=g.signed_by))
    if g.voided:
        facts.append(_("VOID: {reason}").format(reason=g.void_reason))
    return Paper(
        centre=centre, title=_("Welfare goods: receipt signed by the recipient"),
        subtitle=centre, facts=tuple(facts),
        sections=((_("Goods given"), (pgettext("shop list", "No."), _("Goods"), _("Quantity")),
                   tuple((str(n), name, f"{qty} {unit}")
                         for n, (name, qty, unit) in enumerate(goods, 1)),
                   (14, 110, WIDTH - 124)),),
        closing=(_("I have received the goods above."),),
        signature=(_("Recipient (signature): {blank}　Relation: {blank}").format(blank=BLANK),
                   _("Date: {blank}").format(blank=BLANK),
                   _("Issued by: {name}").format(name=issued_by or g.recorded_by)),
        empty=_("None."))


# ------------------------------------------------------------------------------ services


@writes
def print_donation_receipt(uow: UnitOfWork, *, actor: Actor, donation_id: str,
                           path: Path | str) -> Path:
    """The donor's receipt as a PDF. Audited (PRINT): it carries the donor's name and
    contact."""
    actor.require(Permission.USE_SHOP)
    target, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        d = donation_of(s, actor, donation_id)
        name, _header = centre_heading(s)
        with handed_over(target, protected=protected) as partial:
            draw_paper(partial, receipt_paper(name, d), author=name)
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_donation", target_id=d.id,
                   summary=Msg(N_("Printed the donation receipt {number}"),
                               args={"number": d.number}),
                   detail={"number": d.number}, changed=(changes.AUDIT,))
        return target


@writes
def print_public_notice(uow: UnitOfWork, *, actor: Actor, since: dt.date, until: dt.date,
                        path: Path | str, contact: object = "",
                        posted_on: dt.date | None = None, days: int = NOTICE_DAYS
                        ) -> PublicNotice:
    """The 公示 of a period as a PDF to post on the wall (no recipient's name). Audited."""
    actor.require(Permission.USE_SHOP)
    who = text(contact, 100, "contact", _("whom to contact"))
    if not 1 <= days <= 60:
        raise ValidationError(_("The notice period is 1 to 60 days."), field="days")
    target, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        notice = notice_of(s, since, until)
        name, _header = centre_heading(s)
        paper = notice_paper(name, notice, posted_on=posted_on or dt.date.today(), days=days,
                             contact=who or name)
        with handed_over(target, protected=protected) as partial:
            draw_paper(partial, paper, author=name)
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_notice",
                   summary=Msg(N_("Printed the shop's public notice of {start} to {end}"),
                               args={"start": since.isoformat(), "end": until.isoformat()}),
                   detail={"donations": len(notice.donations), "gifts": notice.gifts},
                   changed=(changes.AUDIT,))
        return notice


@writes
def print_gift_slip(uow: UnitOfWork, *, actor: Actor, gift_id: str, path: Path | str) -> Path:
    """爱心物资发放签收单 with the recipient's signature line. Staff only; audited."""
    actor.require(Permission.MANAGE_SHOP)
    target, protected = pdf_output_path(uow.db.path, path)
    with uow:
        s = uow.session
        g = gift_row(s, gift_id)
        name, header = centre_heading(s)
        with handed_over(target, protected=protected) as partial:
            draw_paper(partial, gift_paper(name, g, gift_goods(s, g.id),
                                           staff_name(s, g.recorded_by)),
                       author=name, frame=frame_text(header, actor))
            finish(uow, actor, AuditAction.PRINT, target_kind="shop_gift", target_id=g.id,
                   summary=Msg(N_("Printed the welfare gift slip {number}"),
                               args={"number": g.number}),
                   detail={"number": g.number}, changed=(changes.AUDIT,))
        return target
