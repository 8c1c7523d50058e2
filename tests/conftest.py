"""Shared fixtures. Qt runs offscreen; user folders point into a temp dir; zh_CN is active."""

# ruff: noqa: E402 (the environment is set before the package is imported)
from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_home = Path(tempfile.mkdtemp(prefix="nc-test-home-"))
for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_home / var.lower())
os.environ.pop("NEIGHBORCENTER_DB", None)
os.environ.pop("NEIGHBORCENTER_PASSPHRASE", None)

import pytest

from neighborcenter.core import accounts
from neighborcenter.core.centre import get_centre, set_up_centre
from neighborcenter.core.handle import Centre
from neighborcenter.core.roles import Actor, Role
from neighborcenter.core.settings import get_settings
from neighborcenter.i18n import set_language
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.ops import DbWorker, ImmediateExecutor

PASSPHRASE = "correct horse"


def log_in(db: Centre, username: str, passphrase: str):
    """The window's login, on the test's database (the fixture's handle keeps the lock, so
    the login's own handle shares the file); its LoginResult."""
    from neighborcenter.core import unlock

    opened = unlock.log_in(db.path, username=username, passphrase=passphrase, lock=False)
    opened.centre.close()
    return opened.login


def sql(where, *, key: bytes | None = None, user: str = "admin",
        passphrase: str = PASSPHRASE):
    """A raw DB-API connection to a test database, which is encrypted like every database:
    give the open ``Centre`` handle, or a path (its key is unwrapped with ``user``'s
    passphrase from the key file beside it, without a login in the audit log)."""
    from neighborcenter.core import keys
    from neighborcenter.storage import sqlcipher
    from neighborcenter.storage.keyfile import key_file_path, read_key_file

    if isinstance(where, Centre):
        return sqlcipher.connect(where.path, where.data_key)
    path = Path(where)
    if key is not None:
        return sqlcipher.connect(path, key)
    kf = read_key_file(key_file_path(path))
    if kf is None:  # a plaintext file of the first versions
        return sqlcipher.connect(path, None)
    wrap = kf.wrap_of(user)
    key = keys.unwrap_with_passphrase(wrap, passphrase) if wrap else None
    if key is None:
        raise AssertionError(f"{user}'s passphrase does not unwrap the key of {path}")
    return sqlcipher.connect(path, key)


@pytest.fixture(autouse=True)
def _chinese():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


@pytest.fixture
def db(tmp_path):
    centre = Centre.create(tmp_path / "centre.db")
    yield centre
    centre.close()


@pytest.fixture
def admin(db) -> Actor:
    result = set_up_centre(
        db, name="幸福邻里中心", community="幸福社区", street="爱山街道",
        district="吴兴区", admin_username="admin", admin_display_name="李主任",
        admin_passphrase=PASSPHRASE, language="zh_CN",
    )
    return result.admin


def make_account(db, admin: Actor, username: str, role: Role) -> Actor:
    info = accounts.create_account(db, actor=admin, username=username,
                                   display_name=username, role=role, passphrase=PASSPHRASE)
    return Actor(info.id, info.username, info.display_name, info.role)


@pytest.fixture
def social_worker(db, admin) -> Actor:
    return make_account(db, admin, "wangli", Role.SOCIAL_WORKER)


@pytest.fixture
def shop_volunteer(db, admin) -> Actor:
    return make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)


@pytest.fixture
def worker(qapp, db):
    w = DbWorker(db, ImmediateExecutor())
    yield w
    w.shutdown()


@pytest.fixture
def make_ctx(db, worker):
    def _make(actor):
        return AppContext(worker=worker, actor=actor, centre=get_centre(db),
                          settings=get_settings(db), db_path=db.path)

    return _make
