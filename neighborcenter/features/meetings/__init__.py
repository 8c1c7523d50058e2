"""Consultation meetings (社区协商): "会前有议题，会中有记录，会后有结果，落实有回音" — topics
collected and taken through their pipeline; meetings (居民会议, 居民代表会议, 议事会,
3+1 四方会谈 …) with their agenda, people and attendance, quorum shown before any vote; the
minutes (views, votes, the outcome with its reason, decisions) approved and then locked; the
public notice (公示) of a decision and the objections to it (复议); and the follow-up: tasks,
progress, evaluation.

Services: topics.py (the pipeline), meetings.py (a meeting, its agenda and people,
attendance and quorum), minutes.py (views, votes, decisions, approval, amendments),
followup.py (public notices, objections, tasks, evaluations); pure rules in rules/."""

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

HERE = "neighborcenter.features.meetings"
MEETINGS = "meetings"  # its change kind

FEATURE = Feature(
    key="meetings",
    title=N_("Consultation meetings"),
    detail_sections=(f"{HERE}.home:meetings_section",),
    pages=(PageSpec("meetings", "meetings", N_("Meetings"), f"{HERE}.ui.page:MeetingsPage",
                    Permission.VIEW_MEETINGS, order=60),),
    resident_links=(
        # a proposal and a seat at a meeting are history: they stay with the person
        ResidentLink("meeting_topics", "proposer_resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
        ResidentLink("meeting_participants", "resident_id", OnMerge.REPOINT,
                     on_death=OnLeave.KEEP, on_move_out=OnLeave.KEEP),
    ),
    synced_tables=("meeting_topics", "meeting_topic_steps", "meetings", "meeting_participants",
                   "meeting_items", "meeting_views", "meeting_amendments", "meeting_notices",
                   "meeting_objections", "meeting_tasks", "meeting_task_updates",
                   "meeting_evaluations"),
    change_kinds=frozenset({MEETINGS}),
    home=f"{HERE}.home:home_part",
    commands=(Command("meetings", N_("consultation meetings: the list with each decision's "
                                     "outcome, and the papers (notice, sign-in sheet, minutes, "
                                     "public notice)"),
                      f"{HERE}.cli:add_arguments", f"{HERE}.cli:run", Permission.VIEW_MEETINGS),),
    demo=f"{HERE}.demo:load_demo_data",
    reliability=("meetings",),
    benchmarks=("meeting_vote",),
    models=f"{HERE}.models",
)
