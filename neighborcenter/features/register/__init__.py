"""The resident register (居民台账): households, dwellings, residents, tags, consents.

The first feature, and the worked example of the contract in core/features.py: its tables
(models.py), pure rules (rules/), services (registry.py: search and the 360° page;
resident_records.py: edits, moves, merges; register_io.py: Excel in and out), printouts
(printing.py), screens (ui/), subcommands (cli.py), home-page items (home.py) and demo step
(demo.py) live here, and this declaration is all the rest of the application knows of it.
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

HERE = "neighborcenter.features.register"
REGISTER = "register"  # its change kind: pages showing residents reload on it


def _link(table: str, column: str = "resident_id", *, on_death: OnLeave = OnLeave.KEEP
          ) -> ResidentLink:
    return ResidentLink(table, column, OnMerge.REPOINT, on_death=on_death,
                        on_move_out=OnLeave.KEEP)


FEATURE = Feature(
    key="register",
    title=N_("Resident register"),
    pages=(PageSpec("register", "register", N_("Resident register"),
                    f"{HERE}.ui.page:RegisterPage", Permission.VIEW_REGISTER, order=10),),
    resident_links=(
        _link("resident_tags", on_death=OnLeave.END),  # a dead person's tags end that day
        _link("emergency_contacts"),
        _link("consents"),
        _link("residence_events"),
        _link("households", "head_id"),  # the home page lists households left without a head
        _link("resident_extra_fields"),  # a sheet's columns the register has no field for
    ),
    synced_tables=("estates", "buildings", "dwellings", "households", "residents", "tag_types",
                   "resident_tags", "emergency_contacts", "consents", "residence_events",
                   "resident_extra_fields"),
    change_kinds=frozenset({REGISTER}),
    home=f"{HERE}.home:home_part",
    home_checks=f"{HERE}.home:home_problems",
    commands=(Command("residents", N_("the resident register"), f"{HERE}.cli:add_arguments",
                      f"{HERE}.cli:run", Permission.VIEW_REGISTER),),
    setup=f"{HERE}.resident_records:add_builtin_tags",
    demo=f"{HERE}.demo:load_demo_data",
    benchmarks=("search", "detail", "import", "bombs", "gui"),
    reliability=("import", "edits", "demo"),
    models=f"{HERE}.models",
)
