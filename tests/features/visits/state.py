"""What the visits' tests compare and arrange beyond the public services: the whole state of
the visits' tables (and of the hours and the audit log they touch) before and after a refused
action, and moving an elder's start on the list back in time (the services put people on the
list today, and a test of last month's plan needs them on it then)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import sql

TABLES = ("visit_elders", "visit_pairs", "visit_campaigns", "visit_major_changes", "visit_plans",
          "visits", "visit_visitors", "visit_follow_ups", "volunteer_activities",
          "volunteer_service_records", "points_transactions", "points_entries", "audit_log")


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of the tables a visit's services write, in a stable order."""
    conn = sql(db)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)  # noqa: S608
                for t in TABLES}
    finally:
        conn.close()


def on_list_since(db, resident_id: str, since: dt.date) -> None:
    """The elder has been on the visit list since ``since`` (and said yes then)."""
    conn = sql(db)
    try:
        conn.execute("UPDATE visit_elders SET since = ?, willing_on = CASE WHEN willing_on IS "
                     "NULL THEN NULL ELSE ? END WHERE resident_id = ?",
                     (since.isoformat(), since.isoformat(), resident_id))
        conn.commit()
    finally:
        conn.close()


def first_of_month(day: dt.date, months: int = 0) -> dt.date:
    from neighborcenter.features.visits.rules import add_months

    return add_months(day.replace(day=1), months)
