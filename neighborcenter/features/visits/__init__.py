"""Elder visits (探访关爱): who is visited and how often, the visiting pairs, the month's plan
and the festival campaigns, the visits recorded with their follow-ups, the printed visit
sheets, and the overview for the street office.

Services: elders.py (the visit list: eligibility, willingness, tiers, pairs, major changes),
plans.py (the month's plan, campaigns, the state of every planned visit), records.py (a visit:
the five areas, follow-ups, the emergency flag, the visitors' hours), overview.py (visit rates,
overdue elders, open follow-ups); settings.py; pure rules in rules/ (rules/lunar.py: the
festival dates)."""

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

HERE = "neighborcenter.features.visits"
VISITS = "visits"  # its change kind

FEATURE = Feature(
    key="visits",
    title=N_("Elder visits"),
    pages=(PageSpec("visits", "visits", N_("Elder visits"), f"{HERE}.ui.page:VisitsPage",
                    Permission.VIEW_VISITS, order=30),),
    detail_sections=(f"{HERE}.home:visit_section",),
    resident_links=(
        # the elder's place on the list ends when they die or move out (valid_to); their
        # visits not yet made are then no longer counted (plans.py)
        ResidentLink("visit_elders", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.END, on_move_out=OnLeave.END),
        ResidentLink("visit_major_changes", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
        ResidentLink("visit_plans", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
        ResidentLink("visits", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
        ResidentLink("visit_follow_ups", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
    ),
    synced_tables=("visit_elders", "visit_pairs", "visit_campaigns", "visit_major_changes",
                   "visit_plans", "visits", "visit_visitors", "visit_follow_ups"),
    change_kinds=frozenset({VISITS}),
    home=f"{HERE}.home:home_part",
    commands=(Command("visits", N_("elder visits: the month's plan, visit sheets, route lists, "
                                   "the overview"),
                      f"{HERE}.cli:add_arguments", f"{HERE}.cli:run", Permission.VIEW_VISITS),),
    demo=f"{HERE}.demo:load_demo_data",
    benchmarks=("visit_sheets",),
    reliability=("visits",),
    models=f"{HERE}.models",
)
