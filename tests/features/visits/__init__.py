"""Tests of the elder visits. The helpers make the records most tests start from through the
public services (as staff would): elders in the register with tags, on the visit list,
willing to be visited, with a visiting pair of volunteers."""

from __future__ import annotations

import datetime as dt

from neighborcenter.features.register.resident_records import (
    ResidentForm,
    add_resident_tag,
    list_tag_types,
    save_resident,
)
from neighborcenter.features.visits import elders
from neighborcenter.features.visits.rules import Tier, Willing
from tests.features.volunteers import add_volunteer


def add_elder_resident(db, actor, name: str, *, born: str = "1940-05-01",
                       tags: tuple[str, ...] = ("living_alone",), room: str = "101",
                       grade: str = "") -> str:
    """A resident on the register with the tags given (by code), valid from 2020."""
    rid = save_resident(db, actor=actor, form=ResidentForm(
        family_name=name[0], given_name=name[1:], birth_date=born, id_number="",
        estate="幸福小区", building="3", unit="1", room=room), confirmed_not_duplicate=True)
    codes = {t.code: t.id for t in list_tag_types(db, actor=actor)}
    for code in tags:
        add_resident_tag(db, actor=actor, resident_id=rid, tag_type_id=codes[code],
                         valid_from="2020-01-01", grade=grade)
    return rid


def add_listed_elder(db, actor, name: str, *, tier: Tier = Tier.PRIORITY,
                     willing: Willing = Willing.YES, pair_id: str | None = None,
                     **resident) -> str:
    """A resident on the visit list; returns the resident's id."""
    rid = add_elder_resident(db, actor, name, **resident)
    elders.save_elder(db, actor=actor, resident_id=rid, form=elders.ElderForm(
        willing=willing, willing_on=None if willing == Willing.UNKNOWN else "2026-01-05",
        tier=tier, tier_reason="独居", pair_id=pair_id))
    return rid


def add_pair(db, actor, name: str = "第一探访组", people: tuple[str, str] = ("张桂英", "李建华")
             ) -> tuple[str, list[str]]:
    """A pair of volunteers; (the pair's id, the volunteers' ids)."""
    ids = [add_volunteer(db, actor, who) for who in people]
    pid = elders.save_pair(db, actor=actor, form=elders.PairForm(
        name=name, first_volunteer_id=ids[0], second_volunteer_id=ids[1]))
    return pid, ids


TODAY = dt.date.today()
