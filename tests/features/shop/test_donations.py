"""Donations to the 善心铺: the intake slip with its condition check (food needs its expiry;
expired goods only as a refused line), the accepted goods into stock in the same unit of work,
slip numbers by day, a void that takes the goods out again only while they are in stock, the
donor's contact masked for a shop volunteer, a closed day refusing a slip, and the figures of
the public notice (匿名 / 爱心人士, no recipient)."""

from __future__ import annotations

import datetime as dt

import pytest

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.shop import dayclose, donations, gifts, goods, till
from neighborcenter.features.shop.donations import DonationForm, DonationLineForm
from neighborcenter.features.shop.rules import DonorKind, Hardship, Payment, Shelf
from neighborcenter.i18n import _
from tests.conftest import sql
from tests.features.shop import add_product, key, volunteer_with_points
from tests.features.visits import add_elder_resident

DAY = dt.date(2026, 11, 20)


def stock(db, actor, pid: str) -> int:
    return next(p.stock for p in goods.list_products(db, actor=actor) if p.id == pid)


def slip(*lines, kind=DonorKind.COMPANY, name="湖州某某食品有限公司", contact="13812345678",
         on=DAY, public=True, **more) -> DonationForm:
    more.setdefault("received_by", "陈阿姨")
    return DonationForm(donor_kind=kind, donor_name=name, donor_contact=contact,
                        received_on=on, lines=list(lines),
                        donor_signed=True, receiver_signed=True, public=public, **more)


@pytest.fixture
def rice(db, admin) -> str:
    return add_product(db, admin, "捐赠大米", shelf=Shelf.DONATED, points="", stock=0,
                       food=True)


@pytest.fixture
def towel(db, admin) -> str:
    return add_product(db, admin, "毛巾", shelf=Shelf.DONATED, points="", stock=0, unit="条")


def test_an_intake_slip_takes_the_accepted_goods_into_stock(db, admin, shop_volunteer, rice,
                                                           towel):
    done = donations.record_donation(db, actor=shop_volunteer, today=DAY, form=slip(
        DonationLineForm(rice, 10, "2027-06-30"),
        DonationLineForm(towel, "5"),
        DonationLineForm(rice, 3, "2026-11-01", accepted=False, refusal="已过期")))
    assert done.number == "JZ20261120-01"
    assert [(x.name, x.quantity, x.accepted) for x in done.lines] == [
        ("捐赠大米", 10, True), ("毛巾", 5, True), ("捐赠大米", 3, False)]
    assert [x.refusal for x in done.refused] == ["已过期"]
    assert (stock(db, admin, rice), stock(db, admin, towel)) == (10, 5)
    again = donations.record_donation(db, actor=shop_volunteer, today=DAY,
                                      form=slip(DonationLineForm(towel, 1)))
    assert again.number == "JZ20261120-02"
    [entry, *_rest] = [e for e in list_audit(db, actor=admin)
                       if e.target_kind == "shop_donation"]
    assert entry.action is AuditAction.CREATE
    summary = dayclose.day_summary(db, actor=admin, on=DAY)
    assert (summary.donations, summary.donated_items) == (2, 16)


@pytest.mark.parametrize(("line", "wanted"), [
    (lambda rice: DonationLineForm(rice, 5), "expires_on"),  # food without its expiry
    (lambda rice: DonationLineForm(rice, 5, "2026-11-19"), "expires_on"),  # expired, accepted
    (lambda rice: DonationLineForm(rice, 5, accepted=False), "refusal"),  # no reason
    (lambda rice: DonationLineForm(rice, 0, "2027-01-01"), "quantity"),
])
def test_a_bad_line_is_refused_with_its_number_and_nothing_is_kept(db, admin, rice, line,
                                                                    wanted):
    good = DonationLineForm(rice, 2, "2027-01-01")
    with pytest.raises(ValidationError) as caught:
        donations.record_donation(db, actor=admin, today=DAY, form=slip(good, line(rice)))
    # the message names the line (the catalog's words may differ) and the field to fix
    assert "2" in str(caught.value) and caught.value.field == wanted
    assert sql(db).execute("SELECT COUNT(*) FROM shop_donations").fetchone()[0] == 0
    assert stock(db, admin, rice) == 0


def test_the_donor_and_the_date_are_checked(db, admin, towel):
    line = DonationLineForm(towel, 1)
    for form, field in [(slip(line, name=""), "donor_name"),
                        (slip(line, kind=DonorKind.ANONYMOUS), "donor_name"),
                        (slip(line, on=DAY + dt.timedelta(days=1)), "received_on"),
                        (slip(line, received_by=""), "received_by"),
                        (slip(), "lines")]:
        with pytest.raises(ValidationError) as caught:
            donations.record_donation(db, actor=admin, today=DAY, form=form)
        assert caught.value.field == field
    anonymous = donations.record_donation(db, actor=admin, today=DAY, form=slip(
        line, kind=DonorKind.ANONYMOUS, name="", contact=""))
    assert anonymous.donor == _("Anonymous") and not anonymous.public


def test_a_shop_volunteer_sees_the_donors_contact_masked(db, admin, shop_volunteer, towel):
    donations.record_donation(db, actor=shop_volunteer, today=DAY, form=slip(
        DonationLineForm(towel, 1), kind=DonorKind.PERSON, name="李先生"))
    [row] = donations.list_donations(db, actor=shop_volunteer, since=DAY, until=DAY)
    assert row.donor_contact == "138****5678"
    assert donations.donation_detail(db, actor=shop_volunteer,
                                     donation_id=row.id).donor_contact == "138****5678"
    [full] = donations.list_donations(db, actor=admin, since=DAY, until=DAY)
    assert full.donor_contact == "13812345678"


def test_a_person_is_named_on_the_wall_only_when_they_agree(db, admin, towel):
    def recorded(kind, name, public):
        return donations.record_donation(db, actor=admin, today=DAY, form=slip(
            DonationLineForm(towel, 1), kind=kind, name=name, public=public)).public
    # not asked: a company is thanked by name, a person is not named
    assert recorded(DonorKind.COMPANY, "湖州某某食品有限公司", None) is True
    assert recorded(DonorKind.PERSON, "李先生", None) is False
    assert recorded(DonorKind.PERSON, "张阿姨", True) is True
    assert recorded(DonorKind.COMPANY, "某银行", False) is False


def test_a_closed_day_takes_no_donation(db, admin, towel):
    dayclose.close_day(db, actor=admin, counted="200", on=DAY, today=DAY)
    with pytest.raises(ValidationError, match="2026-11-20"):
        donations.record_donation(db, actor=admin, today=DAY,
                                  form=slip(DonationLineForm(towel, 1)))


def test_a_void_takes_the_goods_out_again_only_while_they_are_in_stock(
        db, admin, shop_volunteer, towel):
    first = donations.record_donation(db, actor=admin, today=DAY,
                                      form=slip(DonationLineForm(towel, 5)))
    with pytest.raises(PermissionDenied):
        donations.void_donation(db, actor=shop_volunteer, donation_id=first.id,
                                reason="录错了", today=DAY)
    with pytest.raises(ValidationError):
        donations.void_donation(db, actor=admin, donation_id=first.id, reason="", today=DAY)
    voided = donations.void_donation(db, actor=admin, donation_id=first.id, reason="录错了",
                                     today=DAY)
    assert voided.voided and stock(db, admin, towel) == 0
    with pytest.raises(ValidationError, match="JZ20261120-01"):
        donations.void_donation(db, actor=admin, donation_id=first.id, reason="再来",
                                today=DAY)
    # goods given out: the slip can no longer be voided, and nothing changes
    second = donations.record_donation(db, actor=admin, today=DAY,
                                       form=slip(DonationLineForm(towel, 3)))
    goods.write_off(db, actor=admin, product_id=towel, quantity=2, reason="damaged")
    with pytest.raises(ValidationError, match="毛巾"):
        donations.void_donation(db, actor=admin, donation_id=second.id, reason="录错了",
                                today=DAY)
    assert stock(db, admin, towel) == 1
    assert not donations.donation_detail(db, actor=admin, donation_id=second.id).voided


def test_the_public_notice_names_no_recipient_and_hides_who_asked(db, admin, towel):
    rice = add_product(db, admin, "大米 5kg", stock=10)
    donations.record_donation(db, actor=admin, today=DAY, form=slip(
        DonationLineForm(towel, 5), name="湖州某某公司"))
    donations.record_donation(db, actor=admin, today=DAY, form=slip(
        DonationLineForm(towel, 2), kind=DonorKind.PERSON, name="李先生", public=False))
    donations.record_donation(db, actor=admin, today=DAY, form=slip(
        DonationLineForm(towel, 1), kind=DonorKind.ANONYMOUS, name="", contact=""))
    voided = donations.record_donation(db, actor=admin, today=DAY, form=slip(
        DonationLineForm(towel, 9), name="作废公司"))
    donations.void_donation(db, actor=admin, donation_id=voided.id, reason="录错",
                            today=DAY)
    rid = add_elder_resident(db, admin, "赵阿婆", tags=("minimum_living",))
    gifts.give_gift(db, actor=admin, resident_id=rid, hardship=Hardship.SUBSISTENCE,
                    reason="冬季慰问", items=[(towel, 2), (rice, 1)], signed_by="赵阿婆",
                    on=DAY, today=DAY)
    card = volunteer_with_points(db, admin)
    till.checkout(db, actor=admin, items=[(rice, 2)], payment=Payment.POINTS, card=card,
                  request_key=key())
    today = dt.date.today()
    notice = donations.public_notice(db, actor=admin, since=DAY, until=max(DAY, today))
    assert [d.donor for d in notice.donations] == ["湖州某某公司", _("A kind-hearted donor"),
                                                  _("Anonymous")]
    assert [(c.label, c.quantity) for c in notice.donated] == [("毛巾", 8)]
    assert {(c.label, c.quantity) for c in notice.gifts_by_goods} == {("毛巾", 2),
                                                                     ("大米 5kg", 1)}
    assert [(c.label, c.quantity, c.times) for c in notice.gifts_by_hardship] == [
        (Hardship.SUBSISTENCE.label, 3, 1)]
    assert [(c.label, c.quantity) for c in notice.redeemed] == [("大米 5kg", 2)]
    assert "赵阿婆" not in repr(notice) and "王秀英" not in repr(notice)
