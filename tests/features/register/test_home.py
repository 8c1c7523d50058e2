"""The home page's numbers and today's list: each counts what the register then lists, and the
80+ count is the same on the home page, in the register and in the demo summary."""

import datetime as dt

from neighborcenter.features.register import registry
from neighborcenter.features.register import resident_records as rec
from neighborcenter.features.register.demo import REFERENCE_DATE, load_demo_data
from neighborcenter.features.register.home import aged_filters, home_problems, home_summary
from neighborcenter.features.register.models import Resident
from neighborcenter.features.register.rules.dates import age_on, latest_birth_date
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.features.register.rules.terms import Relation, ResidenceEventKind

TODAY = dt.date.today()


def listed(db, admin, filters) -> list[str]:
    return registry.search_residents(db, actor=admin, filters=filters,
                                     limit=10_000).ids


def add(db, admin, family, given, *, born, household="", relation=None, room="501"):
    return rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name=family, given_name=given, birth_date=born.isoformat(), id_number="",
        estate="幸福里小区", building="3", unit="2", room=room,
        household_number=household, relation=relation))


def test_the_80_plus_cutoff_agrees_with_age_on_every_day_including_29_february():
    for on in (dt.date(2024, 2, 28), dt.date(2024, 2, 29), dt.date(2025, 2, 28),
               dt.date(2025, 3, 1), dt.date(2026, 7, 1)):
        for offset in range(-3, 4):
            born = dt.date(on.year - 80, 3, 1) + dt.timedelta(days=offset)
            for birth in (born, dt.date(1944, 2, 29), dt.date(1945, 2, 28)):
                assert (birth <= latest_birth_date(80, on)) == (age_on(birth, on) >= 80), \
                    (birth, on)


def test_80_plus_is_the_same_in_the_demo_summary_the_home_page_and_the_register(db, admin):
    summary = load_demo_data(db, actor=admin, residents=600, seed=3)
    home = home_summary(db, actor=admin, today=REFERENCE_DATE)
    register = listed(db, admin, aged_filters(80, REFERENCE_DATE))
    assert summary.elders_80_plus > 0
    assert summary.elders_80_plus == home.register.aged_80_plus == len(register)
    assert home.cards["aged_80_plus"].filters == aged_filters(80, REFERENCE_DATE)


def test_each_card_opens_the_register_on_what_it_counts(db, admin):
    load_demo_data(db, actor=admin, residents=400, seed=5)
    home = home_summary(db, actor=admin)
    for key, view in home.cards.items():
        assert getattr(home.register, key) == len(listed(db, admin, view.filters)), key
    heads = listed(db, admin, home.cards["households"].filters)
    with db.unit_of_work(write=False) as uow:
        assert {uow.session.get(Resident, rid).relation_to_head for rid in heads} \
            == {Relation.HEAD}


def test_someone_born_exactly_80_years_ago_today_is_counted_and_a_day_younger_is_not(db, admin):
    add(db, admin, "张", "满八十", born=latest_birth_date(80, TODAY))
    add(db, admin, "李", "差一天", born=latest_birth_date(80, TODAY) + dt.timedelta(days=1),
        room="502")
    home = home_summary(db, actor=admin)
    assert home.register.aged_80_plus == 1


def test_today_lists_tag_reviews_due_or_overdue_and_opens_the_register_on_them(db, admin):
    late = add(db, admin, "王", "逾期", born=dt.date(1950, 1, 1))
    soon = add(db, admin, "赵", "将到", born=dt.date(1951, 1, 1), room="502")
    later = add(db, admin, "钱", "还早", born=dt.date(1952, 1, 1), room="503")
    tags = {t.code: t for t in rec.list_tag_types(db, actor=admin)}
    for rid, review in ((late, TODAY - dt.timedelta(days=3)), (soon, TODAY + dt.timedelta(days=5)),
                        (later, TODAY + dt.timedelta(days=90))):
        rec.add_resident_tag(db, actor=admin, resident_id=rid,
                             tag_type_id=tags["living_alone"].id, valid_from="2020-01-01",
                             review_date=review)
    items = [i for i in home_summary(db, actor=admin).today
             if i.kind == "review"]
    assert len(items) == 1
    assert "2" in items[0].text and "1" in items[0].text  # two due, one of them overdue
    assert sorted(listed(db, admin, items[0].view.filters)) == sorted([late, soon])


def test_today_lists_80th_90th_and_100th_birthdays_this_month(db, admin):
    ninety = add(db, admin, "孙", "九十", born=dt.date(TODAY.year - 90, TODAY.month, 1))
    add(db, admin, "周", "八十九", born=dt.date(TODAY.year - 89, TODAY.month, 1), room="502")
    items = [i for i in home_summary(db, actor=admin).today
             if i.kind == "birthday"]
    assert len(items) == 1 and "孙九十" in items[0].text and "90" in items[0].text
    assert listed(db, admin, items[0].view.filters) == [ninety]


def test_today_lists_residents_with_problems_the_register_knows(db, admin):
    good = rec.save_resident(db, actor=admin, form=rec.ResidentForm(
        family_name="单", given_name="良", id_number=make_id_number(
            "330502", dt.date(1940, 5, 6), 11)))
    head = add(db, admin, "解", "户主", born=dt.date(1950, 1, 1), household="H1",
               relation=Relation.HEAD)
    member = add(db, admin, "解", "妻子", born=dt.date(1952, 1, 1), household="H1",
                 relation=Relation.SPOUSE)
    assert home_problems(db, actor=admin) == []
    # a birth date that no longer matches the ID (an old import)
    with db.unit_of_work(write=True) as uow:
        uow.session.get(Resident, good).birth_date = dt.date(1941, 5, 6)
        uow.commit()
    rec.change_residence(db, actor=admin, resident_id=head,
                         kind=ResidenceEventKind.MOVED_OUT, on=TODAY, destination="杭州")
    problems = home_problems(db, actor=admin)
    assert [listed(db, admin, i.view.filters) for i in problems] == [[good], [member]]
