"""The volunteers' printouts: cards (barcode and QR code of the volunteer number), the
numbered certificate, the points passbook. Their text is extracted (pdftotext), the Chinese
font must be embedded (pdffonts), each one is audited, and a refused print leaves no file."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.volunteers import hours, ledger, people, printouts
from neighborcenter.features.volunteers.rules import EntryKind, ServiceCategory, TeamRole
from neighborcenter.i18n import _, format_date, ngettext
from tests.conftest import sql
from tests.features.volunteers import add_activity, add_volunteer, approved_hours

ID = "11010519491231002X"


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def squeezed(text: str) -> str:
    """Text without white space: a sentence the PDF wraps over lines still matches."""
    return "".join(text.split())


def raw_text(pdf) -> str:
    """The text in drawing order (a table cell's wrapped lines stay together)."""
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def assert_font_embedded(pdf) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all("WenQuanYi" in line for line in fonts)  # no Helvetica left over
    assert all(line.split()[-5] == "yes" for line in fonts)  # embedded


def prints(db, admin) -> list:
    """The PRINT entries of the audit log, oldest first."""
    return sorted((e for e in list_audit(db, actor=admin) if e.action is AuditAction.PRINT),
                  key=lambda e: e.id)


@pytest.fixture
def zhang(db, admin) -> str:
    vid = add_volunteer(db, admin, "张桂英", id_number=ID)
    team = people.save_team(db, actor=admin, name="银龄互助团",
                            category=ServiceCategory.ELDER_CARE)
    people.join_team(db, actor=admin, team_id=team, volunteer_id=vid, role=TeamRole.LEADER)
    return vid


def number_of(db, admin, vid: str) -> str:
    return people.volunteer_profile(db, actor=admin, volunteer=vid).number


# ------------------------------------------------------------------------------ the cards


def test_cards_show_name_number_and_teams_never_the_id_number(db, admin, zhang, tmp_path):
    li = add_volunteer(db, admin, "李<&>同学")
    pdf = tmp_path / "志愿者证.pdf"
    # by id or by volunteer number; the same volunteer twice is one card
    assert printouts.print_volunteer_cards(db, actor=admin, path=pdf, volunteer_ids=[
        zhang, number_of(db, admin, li), zhang]) == 2
    text = pdf_text(pdf)
    assert "张桂英" in text and "李<&>同学" in text and "银龄互助团" in text
    assert number_of(db, admin, zhang) in text and number_of(db, admin, li) in text
    assert ID not in text and ID[-4:] not in text and ID[:6] not in text
    assert "幸福邻里中心" in text and _("Volunteer card") in text
    assert _("Page {page} of {pages}").format(page=1, pages=1) in text
    assert_font_embedded(pdf)
    entry = prints(db, admin)[0]
    assert entry.actor == "admin" and entry.text == "Printed 2 volunteer cards"


def test_eight_cards_to_a_page(db, admin, tmp_path):
    ids = [add_volunteer(db, admin, f"志愿者{i:02d}") for i in range(9)]
    pdf = tmp_path / "cards.pdf"
    assert printouts.print_volunteer_cards(db, actor=admin, path=pdf, volunteer_ids=ids) == 9
    assert pages(pdf) == 2
    assert "志愿者08" in pdf_text(pdf).split("\f")[1]


def test_the_barcode_and_qr_code_hold_the_volunteer_number(db, admin, zhang, tmp_path,
                                                           monkeypatch):
    from reportlab.graphics.barcode import code128, qr

    held: list[tuple[str, str]] = []
    real_qr, real_code = qr.QrCodeWidget, code128.Code128

    def spy_qr(value, *args, **kwargs):
        held.append(("qr", value))
        return real_qr(value, *args, **kwargs)

    def spy_code(value, *args, **kwargs):
        held.append(("code128", value))
        return real_code(value, *args, **kwargs)

    monkeypatch.setattr(qr, "QrCodeWidget", spy_qr)
    monkeypatch.setattr(code128, "Code128", spy_code)
    printouts.print_volunteer_cards(db, actor=admin, path=tmp_path / "c.pdf",
                                    volunteer_ids=[zhang])
    number = number_of(db, admin, zhang)
    assert held == [("qr", number), ("code128", number)]


@pytest.mark.skipif(not shutil.which("zbarimg"),
                    reason="zbarimg (zbar-tools, installed by the test command) not here")
def test_a_scanner_reads_the_number_from_both_codes(db, admin, zhang, tmp_path):
    other = add_volunteer(db, admin, "王秀兰")
    pdf = tmp_path / "c.pdf"
    printouts.print_volunteer_cards(db, actor=admin, path=pdf, volunteer_ids=[zhang, other])
    subprocess.run(["pdftoppm", "-png", "-r", "300", str(pdf), str(tmp_path / "page")],
                   check=True)
    decoded = subprocess.run(["zbarimg", "-q", str(tmp_path / "page-1.png")],
                             capture_output=True, text=True).stdout.split()
    numbers = {number_of(db, admin, zhang), number_of(db, admin, other)}
    assert sorted(decoded) == sorted([f"{kind}:{n}" for n in numbers
                                      for kind in ("CODE-128", "QR-Code")])


def test_cards_are_refused_to_a_shop_volunteer_and_to_an_empty_choice(db, admin, zhang,
                                                                      shop_volunteer,
                                                                      tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    pdf = out / "c.pdf"
    with pytest.raises(PermissionDenied):
        printouts.print_volunteer_cards(db, actor=shop_volunteer, path=pdf,
                                        volunteer_ids=[zhang])
    with pytest.raises(ValidationError):
        printouts.print_volunteer_cards(db, actor=admin, path=pdf, volunteer_ids=[])
    with pytest.raises(ValidationError):  # a PDF is a .pdf
        printouts.print_volunteer_cards(db, actor=admin, path=out / "c.png",
                                        volunteer_ids=[zhang])
    assert list(out.iterdir()) == [] and prints(db, admin) == []


# ------------------------------------------------------------------------ the certificate


def test_the_certificate_states_hours_content_unit_date_and_seal(db, admin, zhang, tmp_path):
    approved_hours(db, admin, [zhang], "2", on="2025-03-03")
    approved_hours(db, admin, [zhang], "1.5", on="2025-04-07", name="垃圾分类宣传",
                   category=ServiceCategory.ENVIRONMENT)
    approved_hours(db, admin, [zhang], "1:10", on="2025-05-05", name="探访独居老人（二）")
    pdf = tmp_path / "证明.pdf"
    number = printouts.issue_certificate(db, actor=admin, volunteer_id=zhang, path=pdf)
    year = dt.date.today().year
    assert number == f"{year}-0001"
    text = pdf_text(pdf)
    assert _("Volunteer service certificate") in text
    assert _("No. {number}").format(number=number) in text
    assert "110105********002X" in text and ID not in text  # masked: first 6, last 4
    body = _("This is to certify that {name} ({identity}) took part in volunteer "
             "service organised by {unit} from {start} to {end}. The approved volunteer "
             "service time totals {hours} hours in {activities}.").format(
        name="张桂英", identity=_("; ").join((
            _("sex: {sex}").format(sex=_("Female")),
            _("{id_type}: {id_number}").format(id_type=_("Resident ID card"),
                                               id_number="110105********002X"),
            _("volunteer number: {number}").format(number=number_of(db, admin, zhang)))),
        unit="幸福邻里中心",
        start=format_date(dt.date(2025, 3, 3), "long"),  # the first service …
        end=format_date(dt.date.today(), "long"),  # … up to today
        hours="4.5",  # 2 + 1.5 + 1 (1:10 counts as 1 h by the default rounding)
        activities=ngettext("{n} activity", "{n} activities", 3).format(n=3))
    assert squeezed(body) in squeezed(raw_text(pdf))
    assert _("Date of issue: {day}").format(day=format_date(dt.date.today(), "long")) in text
    for word in (ServiceCategory.ELDER_CARE.label, ServiceCategory.ENVIRONMENT.label,
                 "垃圾分类宣传", "2025-04-07", "探访独居老人（二）"):
        assert word in text
    assert _("Recording unit: {unit}").format(unit="幸福邻里中心") in text
    assert _("Seal here") in text
    assert _("This certificate is issued free of charge.") in text
    assert_font_embedded(pdf)
    # kept with what it stated; the next one of the year has the next number
    profile = people.volunteer_profile(db, actor=admin, volunteer=zhang)
    assert profile.certificates == ((number, dt.date.today(), 270),)
    again = printouts.issue_certificate(db, actor=admin, volunteer_id=zhang,
                                        path=tmp_path / "2.pdf", period_from="2025-04-01",
                                        period_to="2025-04-30")
    assert again == f"{year}-0002"
    second = pdf_text(tmp_path / "2.pdf")
    assert "垃圾分类宣传" in second and "探访独居老人（二）" not in second
    conn = sql(db)
    assert conn.execute("SELECT number, minutes, activities, period_from, period_to FROM "
                        "volunteer_certificates ORDER BY number").fetchall() == [
        (number, 270, 3, "2025-03-03", dt.date.today().isoformat()),
        (again, 90, 1, "2025-04-01", "2025-04-30")]
    entry = prints(db, admin)[-1]
    assert entry.target_id == zhang and entry.text == (
        f"Issued volunteer service certificate {again} to 张桂英 "
        f"({number_of(db, admin, zhang)}): 1.5 hours")


def test_no_certificate_without_approved_hours_in_the_period(db, admin, zhang, tmp_path):
    aid = add_activity(db, admin, on="2025-03-03")
    hours.record_hours(db, actor=admin, activity_id=aid, volunteer_ids=[zhang], hours="2")
    pdf = tmp_path / "证明.pdf"
    with pytest.raises(ValidationError) as refused:  # pending hours are not certified
        printouts.issue_certificate(db, actor=admin, volunteer_id=zhang, path=pdf)
    assert "张桂英" in str(refused.value)
    approved_hours(db, admin, [zhang], "2", on="2025-06-02")
    with pytest.raises(ValidationError):
        printouts.issue_certificate(db, actor=admin, volunteer_id=zhang, path=pdf,
                                    period_from="2025-01-01", period_to="2025-05-31")
    with pytest.raises(ValidationError):  # backwards
        printouts.issue_certificate(db, actor=admin, volunteer_id=zhang, path=pdf,
                                    period_from="2025-07-01", period_to="2025-06-01")
    assert not pdf.exists() and prints(db, admin) == []
    assert sql(db).execute("SELECT COUNT(*) FROM volunteer_certificates").fetchone() == (0,)
    # a refusal used no number
    assert printouts.issue_certificate(db, actor=admin, volunteer_id=zhang, path=pdf) \
        .endswith("-0001")


def test_a_long_certificate_goes_on_over_pages(db, admin, zhang, tmp_path):
    start = dt.date(2025, 1, 6)
    for week in range(60):
        approved_hours(db, admin, [zhang], "1", on=start + dt.timedelta(days=7 * week),
                       name=f"巡逻第{week + 1}次", category=ServiceCategory.SAFETY)
    pdf = tmp_path / "证明.pdf"
    number = printouts.issue_certificate(db, actor=admin, volunteer_id=zhang, path=pdf)
    n = pages(pdf)
    assert n >= 2
    texts = pdf_text(pdf).split("\f")[:n]
    for page, text in enumerate(texts, start=1):
        assert _("Page {page} of {pages}").format(page=page, pages=n) in text
        assert _("Volunteer service certificate {number}").format(number=number) in text
    assert "巡逻第1次" in texts[0] and "巡逻第60次" in texts[-1]


def test_only_staff_who_edit_volunteers_issue_certificates(db, admin, zhang, shop_volunteer,
                                                          tmp_path):
    approved_hours(db, admin, [zhang])
    with pytest.raises(PermissionDenied):
        printouts.issue_certificate(db, actor=shop_volunteer, volunteer_id=zhang,
                                    path=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


# --------------------------------------------------------------------------- the passbook


def test_the_passbook_has_deposits_withdrawals_and_the_running_balance(db, admin, zhang,
                                                                       social_worker,
                                                                       tmp_path):
    other = add_volunteer(db, admin, "王秀兰")
    approved_hours(db, admin, [zhang], "3", on="2025-03-03")  # 30 points
    sale = ledger.redeem_points(db, actor=admin, volunteer_id=zhang, points=12,
                                reason="毛巾一条", request_key="sale-1")
    ledger.reverse_points(db, actor=admin, transaction_id=sale.transaction_id, reason="退货")
    ledger.donate_points(db, actor=admin, from_volunteer_id=zhang, to_volunteer_id=other,
                         points=5, reason="送给王秀兰", request_key="gift-1")
    pdf = tmp_path / "存折.pdf"
    assert printouts.print_passbook(db, actor=social_worker, volunteer=zhang, path=pdf,
                                    today=dt.date(2025, 6, 1)) == 4
    text = pdf_text(pdf)
    assert _("Volunteer points passbook") in text
    assert "张桂英" in text and number_of(db, admin, zhang) in text
    words = squeezed(raw_text(pdf))
    for word in (_("Deposit"), _("Withdrawal"), _("Balance")):
        assert squeezed(word) in words
    rows = [" ".join(line.split()) for line in text.splitlines()]

    def row(words: str) -> str:
        return next(r for r in rows if words in r)

    assert row("毛巾一条").endswith("12 18")  # withdrawn 12, balance 18
    assert _("{reason} (reversed)").format(reason="毛巾一条") in " ".join(rows)
    assert row("退货").endswith("12 30")  # the reversal put it back
    assert row("送给王秀兰").endswith("5 25")
    assert row("探访独居老人").endswith("30 30")
    for kind in (EntryKind.EARN, EntryKind.REDEEM, EntryKind.REVERSE, EntryKind.DONATE):
        assert squeezed(kind.label) in words
    assert ngettext("{n} point", "{n} points", 25).format(n=25) in text
    assert_font_embedded(pdf)
    entry = prints(db, admin)[-1]
    assert entry.actor == "wangli" and entry.target_id == zhang


def test_the_passbook_since_a_day_brings_the_balance_forward_and_warns_of_expiry(
        db, admin, zhang, tmp_path):
    approved_hours(db, admin, [zhang], "2", on="2025-03-03")  # 20 points
    approved_hours(db, admin, [zhang], "1", on="2025-09-01", name="清扫楼道")  # 10 more
    pdf = tmp_path / "存折.pdf"
    # three years on, the March points are about to expire
    today = dt.date(2028, 1, 15)
    lines = printouts.print_passbook(db, actor=admin, volunteer=number_of(db, admin, zhang),
                                     path=pdf, since="2025-06-01", today=today)
    text = pdf_text(pdf)
    assert lines == 1 and "清扫楼道" in text
    assert "探访独居老人" not in text  # the earlier line is summed up …
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert _("Brought forward") in " ".join(raw_text(pdf).split())  # … into the balance
    assert next(r for r in rows if r.startswith("2025-06-01")).endswith(" 20")  # carried
    assert next(r for r in rows if "清扫楼道" in r).endswith("10 30")
    by = today + dt.timedelta(days=90)
    assert _("{points} points will expire by {day} unless they are redeemed.").format(
        points=20, day=format_date(by, "long")) in " ".join(text.split())


def test_an_empty_passbook_and_the_shop_volunteer(db, admin, zhang, shop_volunteer, tmp_path):
    pdf = tmp_path / "存折.pdf"
    assert printouts.print_passbook(db, actor=admin, volunteer=zhang, path=pdf) == 0
    assert _("No points yet.") in pdf_text(pdf)
    with pytest.raises(PermissionDenied):
        printouts.print_passbook(db, actor=shop_volunteer, volunteer=zhang,
                                 path=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
