"""The after-school class (三点半课堂): enrolment, the adults who may and may not collect each
child, the class day (roster, collection from school, arrival, homework, hand-over), the late
pick-up ladder, the volunteers on duty and their hours, reports and printouts.

Services: enrolment.py (terms, children, their adults, applications and the waiting list),
day.py (the day's roster, absences, collection, arrival, homework, duty, closing the day),
handover.py (signing a child out by the hand-over rule, the late pick-up ladder), reports.py,
printouts.py (printing.py draws), export.py (the day sheet, attendance, late pick-ups, hours on
duty, pick-up slips), home.py (the home page's lines, the 360° section), cli.py, demo.py;
settings.py; pure rules in rules/."""

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

HERE = "neighborcenter.features.classroom"
CLASSROOM = "classroom"  # its change kind

FEATURE = Feature(
    key="classroom",
    title=N_("After-school class"),
    pages=(PageSpec("classroom", "classroom", N_("After-school class"),
                    f"{HERE}.ui.page:ClassroomPage", Permission.RUN_CLASS, order=40),),
    detail_sections=(f"{HERE}.home:class_section",),
    resident_links=(
        # a child who dies or moves out leaves the class that day (valid_to); the days they
        # came stay
        ResidentLink("class_children", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.END, on_move_out=OnLeave.END),
    ),
    synced_tables=("class_terms", "class_children", "class_adults", "class_enrolments",
                   "class_days", "class_duties", "class_attendance", "class_events"),
    change_kinds=frozenset({CLASSROOM}),
    home=f"{HERE}.home:home_part",
    commands=(Command("classroom", N_("the after-school class: today's children, signing "
                                      "children in and out from the paper sheet, the day's "
                                      "sheet, reports"),
                      f"{HERE}.cli:add_arguments", f"{HERE}.cli:run", Permission.RUN_CLASS),),
    demo=f"{HERE}.demo:load_demo_data",
    benchmarks=("class_day",),
    reliability=("classroom",),
    models=f"{HERE}.models",
)
