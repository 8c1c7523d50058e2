"""Tests of the volunteers feature. The helpers below make the records most tests start from
through the public services (as staff would), so that a test reads as what happens."""

from __future__ import annotations

import datetime as dt

from neighborcenter.features.volunteers import hours, people
from neighborcenter.features.volunteers.rules import ServiceCategory

CONSENT = "2025-01-06"


def add_volunteer(db, actor, name: str, **fields) -> str:
    fields.setdefault("consent_on", CONSENT)
    return people.save_volunteer(db, actor=actor, form=people.VolunteerForm(name=name, **fields))


def add_activity(db, actor, *, on: dt.date | str = "2025-03-03",
                 category: ServiceCategory = ServiceCategory.ELDER_CARE, cap: str = "",
                 name: str = "探访独居老人", team_id: str | None = None) -> str:
    return hours.save_activity(db, actor=actor, form=hours.ActivityForm(
        name=name, category=category, on=on, organiser="幸福邻里中心", person_in_charge="王丽",
        team_id=team_id, cap=cap))


def approved_hours(db, actor, volunteer_ids: list[str], time: str = "2", **activity) -> list[str]:
    """An activity, the time recorded for everyone, approved; the records' ids."""
    aid = add_activity(db, actor, **activity)
    hours.record_hours(db, actor=actor, activity_id=aid, volunteer_ids=volunteer_ids, hours=time)
    ids = [p.record_id for p in hours.approval_queue(db, actor=actor) if p.activity_id == aid]
    hours.approve_hours(db, actor=actor, record_ids=ids)
    return ids


def ledger_rows(conn) -> tuple[int, int]:
    """(sum of every entry, number of entries) by raw SQL."""
    total, count = conn.execute("SELECT COALESCE(SUM(amount), 0), COUNT(*) FROM points_entries"
                                ).fetchone()
    return int(total), int(count)
