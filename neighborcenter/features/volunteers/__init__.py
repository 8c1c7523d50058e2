"""Volunteers (志愿者): their record, teams, background checks, activities and hours, and the
points ledger (积分) that other features credit and debit (ledger.py).

Services: people.py (the record, teams, checks, training/awards/evaluations, the list and
profile), hours.py (activities, check-in/out, group entry, approval, corrections, the
leaderboard), ledger.py (append-only double entry: earn, redeem, adjust, donate, reverse,
expire; statements and balances), settings.py (points per hour, rounding, caps, expiry,
star levels); pure rules in rules/.
"""

from neighborcenter.core.features import (
    Command,
    Feature,
    OnLeave,
    OnMerge,
    PageSpec,
    ResidentLink,
)
from neighborcenter.core.roles import Permission
from neighborcenter.i18n import N_

HERE = "neighborcenter.features.volunteers"
VOLUNTEERS = "volunteers"  # its change kinds: the record, teams, activities and hours …
POINTS = "points"  # … and the ledger

FEATURE = Feature(
    key="volunteers",
    title=N_("Volunteers"),
    pages=(PageSpec("volunteers", "volunteers", N_("Volunteers"),
                    f"{HERE}.ui.page:VolunteersPage", Permission.VIEW_VOLUNTEERS, order=20),),
    detail_sections=(f"{HERE}.home:volunteer_section",),
    # a resident who volunteers: the record follows a merge; a death ends it (valid_to)
    resident_links=(ResidentLink("volunteers", "resident_id", OnMerge.REPOINT,
                                 on_death=OnLeave.END, on_move_out=OnLeave.KEEP),),
    synced_tables=("volunteers", "volunteer_teams", "volunteer_team_members",
                   "volunteer_background_checks", "volunteer_records", "volunteer_activities",
                   "volunteer_service_records", "volunteer_hours_corrections",
                   "volunteer_certificates", "points_accounts", "points_transactions",
                   "points_entries"),
    change_kinds=frozenset({VOLUNTEERS, POINTS}),
    home=f"{HERE}.home:home_part",
    checks=f"{HERE}.ledger:ledger_problems",
    commands=(Command("volunteers", N_("volunteers, their hours, certificates and cards"),
                      f"{HERE}.cli:add_volunteer_arguments", f"{HERE}.cli:run_volunteers",
                      Permission.VIEW_VOLUNTEERS),
              Command("points", N_("the points ledger: every balance, expiry"),
                      f"{HERE}.cli:add_points_arguments", f"{HERE}.cli:run_points",
                      Permission.VIEW_VOLUNTEERS)),
    demo=f"{HERE}.demo:load_demo_data",
    benchmarks=("statement", "ledger"),
    reliability=("points",),
    models=f"{HERE}.models",
)
