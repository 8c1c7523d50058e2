"""The visits' home-page part (cards, and 今日 lines that open the tab listing what they count:
an open emergency first, then a visit after a major change, overdue and due visits,
follow-ups, a month without its plan, elders not asked yet) and the elder's section of the
resident's 360° page."""

import datetime as dt

from neighborcenter.core.home import HomePart
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.rules.terms import ResidentStatus
from neighborcenter.features.visits import elders, plans, records
from neighborcenter.features.visits.home import home_part, visit_section
from neighborcenter.features.visits.rules import (
    Area,
    ChangeKind,
    FollowUpStatus,
    Frequency,
    Tier,
    VisitState,
    Willing,
    item_label,
    month_windows,
)
from neighborcenter.i18n import _, format_date
from tests.features.visits import add_elder_resident, add_listed_elder, add_pair
from tests.features.visits.state import first_of_month, on_list_since

TODAY = dt.date.today()
# a change reported at midnight: the visits at their default time (09:00) come after it,
# whatever the hour the tests run
START_OF_TODAY = dt.datetime.combine(TODAY, dt.time(0, 0)).astimezone()


def lines(part: HomePart) -> list[tuple[str, str, str | None]]:
    """(tab, kind, state) of each 今日 line, in order; every line opens the visits page."""
    out = []
    for item in part.today:
        assert item.view.page == "visits" and item.kind in ("review", "problem", "urgent")
        out.append((item.view.filters["tab"], item.kind, item.view.filters.get("state")))
    return out


def cards(part: HomePart) -> dict[str, int]:
    return {c.key: c.value for c in part.cards}


def visit(db, actor, rid: str, on: dt.date, **fields) -> str:
    fields.setdefault("staff_usernames", ["admin"])
    return records.record_visit(db, actor=actor, form=records.VisitForm(
        resident_id=rid, on=on.isoformat(), **fields))


def test_a_role_that_may_not_see_visits_gets_nothing(db, admin, social_worker, shop_volunteer):
    add_listed_elder(db, admin, "王秀英", willing=Willing.UNKNOWN)
    assert home_part(db, actor=shop_volunteer) == HomePart()
    assert home_part(db, actor=social_worker).today
    assert set(cards(home_part(db, actor=social_worker))) == {
        "visit_rate", "visits_due", "visits_overdue", "follow_ups_open"}


def test_the_cards_and_lines_of_a_day_in_the_month(db, admin):
    """Seen on the 15th of last month: a monthly elder visited on the 4th, one not yet, a
    weekly elder never (the week before is overdue, the current one due), two follow-ups
    open (one past its day) and one closed."""
    month = first_of_month(TODAY, -1)
    day = month + dt.timedelta(days=14)
    add_pair(db, admin)
    visited = add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY)
    waiting = add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY, room="102")
    weekly = add_listed_elder(db, admin, "钱奶奶", tier=Tier.HIGH, room="103")
    for rid in (visited, waiting, weekly):
        on_list_since(db, rid, first_of_month(TODAY, -3))
    plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    visit(db, admin, visited, month + dt.timedelta(days=3), follow_ups=[
        records.FollowUpForm("联系子女", "社工", (day - dt.timedelta(days=2)).isoformat()),
        records.FollowUpForm("申请津贴", "民政专干", (day + dt.timedelta(days=1)).isoformat()),
        records.FollowUpForm("检修燃气", "燃气公司", (day + dt.timedelta(days=20)).isoformat())])
    done = next(f for f in records.list_follow_ups(db, actor=admin)
                if f.description == "检修燃气")
    records.close_follow_up(db, actor=admin, follow_up_id=done.id,
                            status=FollowUpStatus.DONE, outcome="已检修")
    weeks = month_windows(Frequency.WEEKLY, month.year, month.month)
    part = home_part(db, actor=admin, today=day)
    # still to make: the monthly one not visited, and this week and the weeks after it
    assert cards(part) == {"visit_rate": round(100 / (2 + len(weeks))),
                           "visits_due": 1 + sum(w.due >= day for w in weeks),
                           "visits_overdue": 1, "follow_ups_open": 2}
    listed = plans.month_plan(db, actor=admin, year=month.year, month=month.month, today=day)
    assert cards(part)["visits_due"] == sum(r.state == VisitState.DUE for r in listed)
    assert cards(part)["visits_overdue"] == sum(r.state == VisitState.OVERDUE for r in listed)
    views = {c.key: c.view.filters for c in part.cards}
    assert views["visits_overdue"] == {"tab": "plan", "state": VisitState.OVERDUE.value}
    assert views["visits_due"] == {"tab": "plan", "state": VisitState.DUE.value}
    assert views["follow_ups_open"] == {"tab": "follow_ups"}
    found = lines(part)
    assert found[0] == ("plan", "problem", VisitState.OVERDUE.value)
    assert ("follow_ups", "problem", None) in found  # past its day
    assert ("follow_ups", "review", None) in found  # due tomorrow
    assert "1" in part.today[0].text


def test_a_visit_due_within_two_days_is_listed_before_it_falls_overdue(db, admin):
    month = first_of_month(TODAY, -1)
    last = first_of_month(TODAY) - dt.timedelta(days=1)
    rid = add_listed_elder(db, admin, "赵大爷", tier=Tier.PRIORITY)
    on_list_since(db, rid, first_of_month(TODAY, -3))
    plans.generate_plan(db, actor=admin, year=month.year, month=month.month)
    assert ("plan", "review", "due") in lines(home_part(db, actor=admin, today=last))
    assert ("plan", "review", "due") in lines(home_part(db, actor=admin,
                                                        today=last - dt.timedelta(days=2)))
    assert ("plan", "review", "due") not in lines(
        home_part(db, actor=admin, today=last - dt.timedelta(days=3)))
    assert lines(home_part(db, actor=admin, today=last + dt.timedelta(days=1)))[0] == (
        "plan", "problem", "overdue")


def test_an_open_emergency_comes_first_then_the_visit_after_a_major_change(db, admin):
    pid, vids = add_pair(db, admin)
    ill = add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH, pair_id=pid)
    fallen = add_listed_elder(db, admin, "赵大爷", tier=Tier.HIGH, pair_id=pid, room="102")
    add_listed_elder(db, admin, "孙爷爷", willing=Willing.UNKNOWN, room="104")
    emergency = visit(db, admin, ill, TODAY, emergency=True, emergency_notes="发烧卧床，已送医")
    elders.report_major_change(db, actor=admin, resident_id=fallen, kind=ChangeKind.FALL,
                               happened_at=START_OF_TODAY)
    part = home_part(db, actor=admin)
    found = lines(part)
    # both "urgent": the home page puts them above everything else, in bold
    assert found[0] == ("overview", "urgent", None) and "王秀英" in part.today[0].text
    assert found[1] == ("plan", "urgent", "open") and "赵大爷" in part.today[1].text
    assert found[-1] == ("elders", "review", None)  # not asked yet: the last line
    # dealt with and visited: both lines go
    records.close_emergency(db, actor=admin, visit_id=emergency, notes="已住院")
    visit(db, admin, fallen, TODAY, volunteer_ids=vids, staff_usernames=[])
    names = " ".join(item.text for item in home_part(db, actor=admin).today)
    assert "王秀英" not in names and "赵大爷" not in names


def test_a_month_without_its_plan_is_a_line_until_the_plan_is_made(db, admin):
    add_listed_elder(db, admin, "王秀英", tier=Tier.PRIORITY)
    assert ("plan", "review", None) in lines(home_part(db, actor=admin))
    plans.generate_plan(db, actor=admin, year=TODAY.year, month=TODAY.month)
    assert ("plan", "review", None) not in lines(home_part(db, actor=admin))


def test_quarterly_elders_need_a_plan_only_in_the_first_month_of_a_quarter(db, admin):
    add_listed_elder(db, admin, "赵大爷", tier=Tier.GENERAL)
    assert ("plan", "review", None) not in lines(home_part(db, actor=admin,
                                                           today=dt.date(2027, 2, 10)))
    assert ("plan", "review", None) in lines(home_part(db, actor=admin,
                                                       today=dt.date(2027, 4, 2)))


def test_elders_not_asked_yet_are_counted_on_a_line(db, admin):
    a = add_elder_resident(db, admin, "王秀英")
    b = add_elder_resident(db, admin, "钱奶奶", born="1935-01-01", tags=(), room="103")
    elders.add_candidates(db, actor=admin, resident_ids=[a, b])
    [line] = [item for item in home_part(db, actor=admin).today
              if item.view.filters["tab"] == "elders"]
    assert "2" in line.text


# ------------------------------------------------------------------------ the 360° page


def test_the_360_page_shows_the_elders_place_on_the_list_follow_ups_and_last_visits(db, admin):
    pid, vids = add_pair(db, admin)
    rid = add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH, pair_id=pid)
    visit(db, admin, rid, TODAY - dt.timedelta(days=3), volunteer_ids=vids,
          staff_usernames=[], items={Area.HEALTH: {"mobility"}, Area.SAFETY: {"gas"}},
          follow_ups=[records.FollowUpForm("更换燃气软管", "燃气公司", TODAY.isoformat())])
    visit(db, admin, rid, TODAY, emergency=True, emergency_notes="摔倒")
    section = visit_section(db, actor=admin, resident_id=rid)
    assert section is not None and len(section.headers) == 4
    status, follow_up, newest, older = section.rows
    assert status[2] == "第一探访组" and Willing.YES.label in status[3]
    assert Tier.HIGH.label in status[1] and Frequency.WEEKLY.label in status[1]
    assert follow_up[1].endswith("更换燃气软管") and follow_up[2] == "燃气公司"
    assert follow_up[0] == format_date(TODAY)
    assert newest[0] == format_date(TODAY) and "⚠" in newest[1]
    assert newest[3] == _("Nothing needing attention")
    assert "张桂英" in older[2] and "李建华" in older[2]
    for area, item in ((Area.HEALTH, "mobility"), (Area.SAFETY, "gas")):
        assert area.label in older[3] and item_label(area, item) in older[3]
    for row in section.rows:
        assert len(row) == len(section.headers)


def test_no_section_for_a_role_without_visits_nor_for_someone_never_on_the_list(
        db, admin, shop_volunteer):
    rid = add_listed_elder(db, admin, "王秀英")
    other = add_elder_resident(db, admin, "周先生", room="104")
    assert visit_section(db, actor=shop_volunteer, resident_id=rid) is None
    assert visit_section(db, actor=admin, resident_id=other) is None
    assert visit_section(db, actor=admin, resident_id=rid) is not None


def test_an_elder_who_died_is_shown_off_the_list_with_the_day(db, admin):
    rid = add_listed_elder(db, admin, "王秀英")
    rec.change_residence(db, actor=admin, resident_id=rid, kind=rec.ResidenceEventKind.DECEASED,
                         on=TODAY - dt.timedelta(days=2))
    [status] = visit_section(db, actor=admin, resident_id=rid).rows
    assert status[0] == format_date(TODAY - dt.timedelta(days=2))
    assert ResidentStatus.DECEASED.label in status[1]  # why they left the list
    declined = add_listed_elder(db, admin, "钱奶奶", willing=Willing.NO, room="103")
    [refused] = visit_section(db, actor=admin, resident_id=declined).rows
    assert Willing.NO.label in refused[3]
