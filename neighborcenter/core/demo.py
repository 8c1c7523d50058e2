"""The demo centre's frame: its name, the administrator and the staff accounts. Each feature
fills in its own part (its ``demo`` step in the registry)."""

from __future__ import annotations

from neighborcenter.core import keys
from neighborcenter.core.accounts import new_account
from neighborcenter.core.roles import Role
from neighborcenter.core.service import writes
from neighborcenter.storage.uow import UnitOfWork

#: How many residents a demo centre has unless asked for another number.
DEFAULT_RESIDENTS = 2000

DEMO_CENTRE = {
    "name": "幸福邻里中心（演示）",
    "community": "幸福社区",
    "street": "爱山街道",
    "district": "吴兴区",
}
DEMO_ADMIN = ("admin", "管理员", "demo1234")
DEMO_STAFF = (
    ("wangli", "王丽", Role.SOCIAL_WORKER),
    ("chenayi", "陈阿姨", Role.SHOP_VOLUNTEER),
    ("xiaozhou", "周晓", Role.CLASS_VOLUNTEER),
)


@writes
def create_demo_staff(uow: UnitOfWork) -> None:
    """Demo accounts beside the administrator: a social worker, a shop volunteer and an
    after-school volunteer."""
    with uow:
        applies = []
        for username, name, role in DEMO_STAFF:
            account, wrap = new_account(uow, username=username, display_name=name, role=role,
                                        passphrase=DEMO_ADMIN[2])
            applies.append(keys.stage_change(uow.db.path, account_id=account.id, wrap=wrap,
                                             expect_hash=account.passphrase_hash))
        uow.commit()
        for apply in applies:
            apply()
