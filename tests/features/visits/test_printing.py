"""The visit sheets (one A4 page per elder, pre-filled, masked identifiers) and the route
lists (one per pair, in address order). Their text is extracted (pdftotext), the Chinese font
must be embedded (pdffonts), each print is audited without naming anyone, and a refused
print leaves no file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from neighborcenter.core.audit import AuditAction, list_audit
from neighborcenter.errors import PermissionDenied, ValidationError
from neighborcenter.features.visits import plans, printouts, records
from neighborcenter.features.visits.rules import (
    AREA_ITEMS,
    Area,
    Frequency,
    Method,
    Tier,
    month_bounds,
    month_windows,
)
from neighborcenter.features.visits.rules.lunar import Festival, festival_date
from neighborcenter.i18n import _, ngettext, pgettext
from neighborcenter.printing import fonts
from tests.conftest import sql
from tests.features.visits.rounds import ID, PHONE, make_round
from tests.features.volunteers.test_printouts import assert_font_embedded, pages


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def page_texts(pdf) -> list[str]:
    """Each page's text without white space (a wrapped line still matches)."""
    return ["".join(page.split()) for page in pdf_text(pdf).split("\f") if page.strip()]


def squeezed(text: str) -> str:
    return "".join(text.split())


def detail(db, entry) -> dict:
    """An audit entry's detail (JSON) as stored."""
    raw = sql(db).execute("SELECT detail FROM audit_log WHERE id = ?", (entry.id,)).fetchone()
    return json.loads(raw[0])


def prints(db, admin) -> list:
    return sorted((e for e in list_audit(db, actor=admin) if e.action is AuditAction.PRINT),
                  key=lambda e: e.id)


@pytest.fixture
def round_(db, admin):
    return make_round(db, admin)


# ------------------------------------------------------------------------- visit sheets


def test_one_prefilled_sheet_per_elder_with_masked_identifiers(db, admin, round_, tmp_path):
    pdf = tmp_path / "探访记录表.pdf"
    n = printouts.save_visit_sheets(db, actor=admin, year=round_.year, month=round_.month,
                                    path=pdf)
    assert n == 3 and pages(pdf) == 3  # 孙奶奶 declined: no sheet
    text = pdf_text(pdf)
    assert "孙奶奶" not in text
    assert_font_embedded(pdf)
    wang = next(p for p in page_texts(pdf) if "王秀英" in p)
    # the title, the centre, the month
    assert squeezed(_("Elder visit record")) in wang and "幸福邻里中心" in wang
    assert squeezed(printouts.month_name(round_.year, round_.month)) in wang
    # the ID number and the phones masked, never in full
    assert "110105********002X" in wang
    assert ID not in text and "19491231" not in text and PHONE not in text
    assert "139****5678" in wang
    assert "王小明" in wang and "儿子" in wang and "138****1111" in wang
    assert "13800001111" not in text
    assert "幸福小区3栋1单元1201室" in wang
    # tier, frequency, pair and its visitors
    assert squeezed(_("{tier} ({frequency})").format(tier=Tier.HIGH.label,
                                                    frequency=Frequency.WEEKLY.label)) in wang
    assert "第一探访组" in wang and "张桂英" in wang and "李建华" in wang
    # the last visit and its open follow-up (the closed one is not shown)
    assert squeezed(printouts.long_day(round_.visited_on)) in wang
    assert squeezed(Method.HOME.label) in wang
    assert "更换燃气报警器" in wang and "物业公司" in wang and "已办结的事项" not in text
    # what the visitors fill in, in the order of the visit form
    order = [_("Date and time"), _("Method"), *(m.label for m in Method), _("Duration"),
             *(area.label for area in Area), _("Hazards"),
             _("What is to be done (referral)"), _("Who does it"), _("By when"),
             _("Emergency"), _("Visitor's signature"),
             _("Signature of the elder or a family member"), _("Relation to the elder")]
    at = wang.index(squeezed(_("The visit (filled in by the visitors; tick what needs "
                                "attention)")))
    for label in order:  # each after the one before
        at = wang.index(squeezed(label), at)
    assert squeezed(_("Follow-ups")) in wang
    for area in Area:
        for _code, label in AREA_ITEMS[area]:
            assert squeezed(_(label)) in wang


def test_a_weekly_elder_has_one_sheet_listing_every_window(db, admin, round_, tmp_path):
    pdf = tmp_path / "s.pdf"
    printouts.save_visit_sheets(db, actor=admin, year=round_.year, month=round_.month,
                                path=pdf)
    texts = page_texts(pdf)
    assert sum("王秀英" in t for t in texts) == 1
    wang = next(t for t in texts if "王秀英" in t)
    weeks = month_windows(Frequency.WEEKLY, round_.year, round_.month)
    assert len(weeks) >= 4
    for w in weeks:
        assert squeezed(printouts.short_day(w.due)) in wang
    # 赵大爷, monthly: the month's window
    zhao = next(t for t in texts if "赵大爷" in t)
    first, last = month_bounds(round_.year, round_.month)
    assert squeezed(printouts.short_day(first)) in zhao
    assert squeezed(printouts.short_day(last)) in zhao
    assert squeezed(_("No visit recorded yet")) in zhao


def test_sheets_come_by_pair_then_in_address_order(db, admin, round_, tmp_path):
    pdf = tmp_path / "s.pdf"
    printouts.save_visit_sheets(db, actor=admin, year=round_.year, month=round_.month,
                                path=pdf)
    names = [next(n for n in ("赵大爷", "王秀英", "钱奶奶") if n in t) for t in page_texts(pdf)]
    # 第一探访组: room 102 before room 1201 (numbers as numbers); then 第二探访组
    assert names == ["赵大爷", "王秀英", "钱奶奶"]


def test_one_pair_and_the_audit_entry_names_nobody(db, admin, round_, tmp_path):
    pdf = tmp_path / "s.pdf"
    assert printouts.save_visit_sheets(db, actor=admin, year=round_.year, month=round_.month,
                                       pair_id=round_.pair_b, path=pdf) == 1
    assert "钱奶奶" in pdf_text(pdf) and "王秀英" not in pdf_text(pdf)
    entry = prints(db, admin)[-1]
    assert entry.actor == "admin" and entry.message is not None
    assert entry.message.args == {"n": 1, "what": round_.month_text}
    assert entry.summary == ngettext("Printed the visit sheet of {n} elder ({what})",
                                     "Printed the visit sheets of {n} elders ({what})",
                                     1).format(n=1, what=round_.month_text)
    stored = detail(db, entry)
    assert (stored["month"], stored["elders"], stored["pair"]) == (round_.month_text, 1,
                                                                   round_.pair_b)
    assert "钱奶奶" not in json.dumps(stored, ensure_ascii=False) + entry.text


def test_a_visit_done_needs_no_sheet(db, admin, round_, tmp_path):
    today = dt.date.today()
    plans.generate_plan(db, actor=admin, year=today.year, month=today.month)
    records.record_visit(db, actor=admin, form=records.VisitForm(
        resident_id=round_.zhao, on=today.isoformat(), volunteer_ids=round_.volunteers_a))
    pdf = tmp_path / "s.pdf"
    printouts.save_visit_sheets(db, actor=admin, year=today.year, month=today.month,
                                path=pdf)
    text = pdf_text(pdf)
    assert "赵大爷" not in text and "钱奶奶" in text


def test_a_campaigns_sheets_say_the_festival_and_the_gift(db, admin, round_, tmp_path):
    year = dt.date.today().year + 1
    campaign = plans.create_campaign(db, actor=admin, festival=Festival.MID_AUTUMN.value,
                                     year=year, gift="月饼一盒")
    pdf = tmp_path / "中秋.pdf"
    assert printouts.save_visit_sheets(db, actor=admin, campaign_id=campaign, path=pdf) == 3
    first = page_texts(pdf)[0]
    assert squeezed(plans.campaign_name(Festival.MID_AUTUMN.value, year)) in first
    assert squeezed(_("Gift: {gift}").format(gift="月饼一盒")) in first
    assert squeezed(printouts.short_day(festival_date(Festival.MID_AUTUMN, year))) in first
    assert detail(db, prints(db, admin)[-1])["campaign"] == campaign
    with pytest.raises(ValidationError):  # a month or a campaign, not both
        printouts.save_visit_sheets(db, actor=admin, campaign_id=campaign, year=year,
                                    month=9, path=tmp_path / "x.pdf")


def test_nothing_to_print_refused_and_leaves_no_file(db, admin, round_, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError) as refused:
        printouts.save_visit_sheets(db, actor=admin, year=2020, month=1, path=out / "s.pdf")
    assert printouts.month_name(2020, 1) in str(refused.value)
    with pytest.raises(ValidationError):  # a PDF is a .pdf
        printouts.save_visit_sheets(db, actor=admin, year=round_.year, month=round_.month,
                                    path=out / "s.png")
    with pytest.raises(ValidationError):  # no month, no campaign
        printouts.save_visit_sheets(db, actor=admin, path=out / "s.pdf")
    assert list(out.iterdir()) == [] and prints(db, admin) == []


def test_a_role_without_the_visits_is_refused(db, admin, round_, shop_volunteer, tmp_path):
    pdf = tmp_path / "s.pdf"
    with pytest.raises(PermissionDenied):
        printouts.save_visit_sheets(db, actor=shop_volunteer, year=round_.year,
                                    month=round_.month, path=pdf)
    with pytest.raises(PermissionDenied):
        printouts.save_route_lists(db, actor=shop_volunteer, year=round_.year,
                                   month=round_.month, path=pdf)
    assert not pdf.exists() and prints(db, admin) == []


def test_a_social_worker_prints(db, admin, round_, social_worker, tmp_path):
    pdf = tmp_path / "s.pdf"
    assert printouts.save_visit_sheets(db, actor=social_worker, year=round_.year,
                                       month=round_.month, path=pdf) == 3
    assert prints(db, admin)[-1].actor == social_worker.username


def test_without_a_chinese_font_it_says_so_and_prints_nothing(db, admin, round_, tmp_path,
                                                                monkeypatch):
    def no_font() -> str:
        raise fonts.FontMissing("no font")

    monkeypatch.setattr("neighborcenter.features.visits.printing.chinese_font", no_font)
    pdf = tmp_path / "s.pdf"
    with pytest.raises(fonts.FontMissing):
        printouts.save_visit_sheets(db, actor=admin, year=round_.year, month=round_.month,
                                    path=pdf)
    assert not pdf.exists() and prints(db, admin) == []


# -------------------------------------------------------------------------- route lists


def test_route_lists_one_per_pair_in_address_order(db, admin, round_, tmp_path):
    pdf = tmp_path / "路线单.pdf"
    done = printouts.save_route_lists(db, actor=admin, year=round_.year, month=round_.month,
                                      path=pdf)
    assert (done.lists, done.elders) == (2, 3)
    assert_font_embedded(pdf)
    first, second = page_texts(pdf)
    assert squeezed(_("Visit route list")) in first
    assert "第一探访组" in first and "张桂英" in first and "钱奶奶" not in first
    assert first.index("赵大爷") < first.index("王秀英")  # room 102, then 1201
    assert "第二探访组" in second and "钱奶奶" in second
    assert "139****5678" in first and PHONE not in pdf_text(pdf)
    weeks = month_windows(Frequency.WEEKLY, round_.year, round_.month)
    assert squeezed(printouts.short_day(weeks[0].due)) in first
    for column in (pgettext("a row's number in a list", "No."), _("Visit by"),
                   _("Risk tier"), _("Visited")):
        assert squeezed(column) in first
    entry = prints(db, admin)[-1]
    assert entry.text == f"Printed the route lists of 3 elders ({round_.month_text})"
    stored = detail(db, entry)
    assert stored["lists"] == 2 and stored["elders"] == 3
    assert "王秀英" not in json.dumps(stored, ensure_ascii=False)


def test_a_volunteers_own_route_list(db, admin, round_, tmp_path):
    from neighborcenter.features.volunteers import people

    number = people.volunteer_profile(db, actor=admin, volunteer=round_.volunteers_a[0]).number
    pdf = tmp_path / "r.pdf"
    done = printouts.save_route_lists(db, actor=admin, year=round_.year, month=round_.month,
                                      volunteer_id=number, path=pdf)
    assert (done.lists, done.elders) == (1, 2)
    assert "钱奶奶" not in pdf_text(pdf)
    assert pages(pdf) == 1
