"""Roles and what each may do. Enforced in the services, not only by hiding buttons."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from neighborcenter.errors import PermissionDenied
from neighborcenter.i18n import N_, LabelledEnum, _


class Role(LabelledEnum):
    ADMIN = "admin", N_("Administrator")  # 管理员
    SOCIAL_WORKER = "social_worker", N_("Social worker")  # 社工
    # 匠心坊志愿者: the shop only, no register details
    SHOP_VOLUNTEER = "shop_volunteer", N_("Shop volunteer")
    # 三点半课堂志愿者: the class day only (the roster, collection, hand-over, homework)
    CLASS_VOLUNTEER = "class_volunteer", N_("After-school volunteer")


class Permission(enum.StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_BACKUPS = "manage_backups"
    VIEW_REGISTER = "view_register"
    EDIT_REGISTER = "edit_register"
    REVEAL_IDENTIFIERS = "reveal_identifiers"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    VIEW_AUDIT_LOG = "view_audit_log"
    USE_SHOP = "use_shop"
    VIEW_VOLUNTEERS = "view_volunteers"
    EDIT_VOLUNTEERS = "edit_volunteers"  # the record, teams, activities, hours entered
    APPROVE_HOURS = "approve_hours"  # approve hours, decide corrections, adjust points
    VIEW_VISITS = "view_visits"  # the elders on the visit list, plans, visits, follow-ups
    RECORD_VISITS = "record_visits"  # plan, record visits, pairs, campaigns, follow-ups
    RUN_CLASS = "run_class"  # the class day: roster, collection, arrival, hand-over, homework
    MANAGE_CLASS = "manage_class"  # enrolment, children's records, terms, duty, reports
    MANAGE_SHOP = "manage_shop"  # goods and prices, write-offs, welfare gifts, reopening a day
    VIEW_MEETINGS = "view_meetings"  # topics, meetings, minutes, notices, follow-up
    RECORD_MEETINGS = "record_meetings"  # take topics, plan meetings, minutes, tasks


_ALL = frozenset(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _ALL,
    Role.SOCIAL_WORKER: frozenset(
        {
            Permission.VIEW_REGISTER,
            Permission.EDIT_REGISTER,
            Permission.REVEAL_IDENTIFIERS,
            Permission.EXPORT_PERSONAL_DATA,
            Permission.USE_SHOP,
            Permission.VIEW_VOLUNTEERS,
            Permission.EDIT_VOLUNTEERS,
            Permission.APPROVE_HOURS,
            Permission.VIEW_VISITS,
            Permission.RECORD_VISITS,
            Permission.RUN_CLASS,
            Permission.MANAGE_CLASS,
            Permission.MANAGE_SHOP,
            Permission.VIEW_MEETINGS,
            Permission.RECORD_MEETINGS,
        }
    ),
    Role.SHOP_VOLUNTEER: frozenset({Permission.USE_SHOP}),
    Role.CLASS_VOLUNTEER: frozenset({Permission.RUN_CLASS}),
}

_ACTION_NAMES = {
    Permission.MANAGE_ACCOUNTS: N_("manage staff accounts"),
    Permission.MANAGE_SETTINGS: N_("change the centre's settings"),
    Permission.MANAGE_BACKUPS: N_("restore backups or repair the database"),
    Permission.VIEW_REGISTER: N_("view the resident register"),
    Permission.EDIT_REGISTER: N_("change the resident register"),
    Permission.REVEAL_IDENTIFIERS: N_("reveal masked ID numbers and phones"),
    Permission.EXPORT_PERSONAL_DATA: N_("export personal data"),
    Permission.VIEW_AUDIT_LOG: N_("view the audit log"),
    Permission.USE_SHOP: N_("use the shop till"),
    Permission.VIEW_VOLUNTEERS: N_("view the volunteers"),
    Permission.EDIT_VOLUNTEERS: N_("change volunteers, teams and activities"),
    Permission.APPROVE_HOURS: N_("approve volunteer hours or correct points"),
    Permission.VIEW_VISITS: N_("view the elder visits"),
    Permission.RECORD_VISITS: N_("plan and record elder visits"),
    Permission.RUN_CLASS: N_("run the after-school class day"),
    Permission.MANAGE_CLASS: N_("enrol children and manage the after-school class"),
    Permission.MANAGE_SHOP: N_("manage the shop's goods, write-offs and welfare gifts"),
    Permission.VIEW_MEETINGS: N_("view the consultation meetings"),
    Permission.RECORD_MEETINGS: N_("take topics, hold meetings and keep their minutes"),
}


@dataclass(frozen=True)
class Actor:
    """Who is doing something: a logged-in account, or the system itself (command line)."""

    account_id: str | None
    username: str
    display_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                _("Your role ({role}) may not {action}. Ask an administrator.").format(
                    role=self.role.label, action=_(_ACTION_NAMES[permission])
                )
            )


#: The actor for command-line maintenance (init, demo, backup, check): whoever can open the
#: database file already holds everything in it.
SYSTEM_ACTOR = Actor(account_id=None, username="system", display_name="system", role=Role.ADMIN)
