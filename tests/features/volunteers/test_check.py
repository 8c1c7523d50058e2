"""``neighborcenter check`` looks at the points ledger too: the sum of every entry, each
movement's own sum, and balances below zero; it reports them and repairs nothing."""

from __future__ import annotations

import datetime as dt

from neighborcenter.core.maintenance import run_check
from neighborcenter.features.volunteers import ledger, people
from neighborcenter.features.volunteers.rules import CentreAccount
from tests.conftest import sql


def _volunteer_with_points(db, admin) -> str:
    vid = people.save_volunteer(db, actor=admin, form=people.VolunteerForm(
        name="张阿姨", consent_on="2026-01-05"))
    with db.unit_of_work(write=True) as uow:
        ledger.earn(uow.session, actor=admin, volunteer_id=vid, points=30,
                    request_key="earn-1", on=dt.date(2026, 3, 1))
        uow.commit()
    return vid


def test_a_sound_ledger_passes_the_check(db, admin):
    _volunteer_with_points(db, admin)
    report = run_check(db, actor=admin)
    assert report.ok, report.problems


def test_an_entry_changed_behind_the_apps_back_is_reported_not_repaired(db, admin):
    vid = _volunteer_with_points(db, admin)
    conn = sql(db)
    with conn:
        conn.execute("DROP TRIGGER points_entries_no_update")
        conn.execute("UPDATE points_entries SET amount = -50 WHERE account_id = "
                     "(SELECT id FROM points_accounts WHERE volunteer_id = ?)", (vid,))
    conn.close()
    report = run_check(db, actor=admin)
    codes = {p.code for p in report.problems}
    assert {"ledger_sum", "ledger_transactions", "ledger_negative",
            "ledger_triggers"} <= codes
    assert next(p for p in report.problems if p.code == "ledger_sum").repaired is False
    # the trigger is put back (a repair), the evidence is left as it is
    again = run_check(db, actor=admin)
    assert {p.code for p in again.problems} == {"ledger_sum", "ledger_transactions",
                                                "ledger_negative"}
    balances = ledger.ledger_balances(db, actor=admin)
    assert balances.total == -80
    assert any(a.label == CentreAccount.ISSUED.label for a in balances.accounts)
