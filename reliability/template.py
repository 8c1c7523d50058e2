"""The campaign's template centres, made once per run and copied (database, key file and
backups folder) for every trial, so that a trial costs a file copy, not a set-up."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from neighborcenter.config import backup_dir
from neighborcenter.core import features
from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.handle import Centre
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.backup import list_backups
from neighborcenter.storage.check import check_database
from neighborcenter.storage.db import lock_path
from neighborcenter.storage.keyfile import key_file_path
from reliability.paths import TEMPLATE_RESIDENTS, WritePath

USERNAME = "admin"
PASSPHRASE = "correct horse"
CENTRE = dict(name="幸福邻里中心", community="幸福社区", street="爱山街道", district="吴兴区")
DB_NAME = "centre.db"


def build(workdir: Path, paths: list[WritePath], *, seed: int) -> dict[str, dict[str, Any]]:
    """One template per kind the chosen paths start from; each a dict with ``db``, ``key``
    (hex), ``size``, ``baseline`` (counts the checks compare with) and ``extra`` (each
    path's ``prepare`` data)."""
    templates: dict[str, dict[str, Any]] = {}
    for kind in sorted({p.template for p in paths} - {"none"} | {"empty"}):
        folder = workdir / f"template-{kind}"
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / DB_NAME
        centre = Centre.create(db)
        try:
            result = set_up_centre(centre, admin_username=USERNAME, admin_display_name="李主任",
                                   admin_passphrase=PASSPHRASE, language="zh_CN", **CENTRE)
            if kind == "filled":
                for _feature, load_demo in features.each("demo"):
                    load_demo(centre, actor=result.admin, residents=TEMPLATE_RESIDENTS,
                              seed=seed)
            extra = {p.name: p.prepare(centre, result.admin, folder)
                     for p in paths if p.template == kind and p.prepare is not None}
            key = centre.data_key
            assert key is not None
        finally:
            centre.close()
        lock_path(db).unlink(missing_ok=True)
        templates[kind] = {"db": str(db), "key": key.hex(), "size": db.stat().st_size,
                           "baseline": baseline(db, key), "extra": extra}
    templates["none"] = {"db": None, "key": None, "size": templates["empty"]["size"],
                         "baseline": {"audit": {}, "residents": 0}, "extra": {}}
    return templates


def baseline(db: Path, key: bytes) -> dict[str, Any]:
    conn = sqlcipher.connect(db, key, readonly=True)
    try:
        audit = dict(conn.execute("SELECT action, COUNT(*) FROM audit_log GROUP BY action"))
        residents = conn.execute("SELECT COUNT(*) FROM residents").fetchone()[0]
    finally:
        conn.close()
    with Centre.open(db, key=key) as centre:
        codes = sorted({p.code for p in check_database(centre.database, repair=False).problems})
    lock_path(db).unlink(missing_ok=True)
    return {"audit": audit, "residents": residents, "check_codes": codes,
            "backups": [b.path.name for b in list_backups(db)]}


def copy_to(template: dict[str, Any], folder: Path) -> Path:
    """A trial's own copy of the template: database, key file, backups folder."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / DB_NAME
    if template["db"] is None:
        return target
    source = Path(template["db"])
    shutil.copyfile(source, target)
    shutil.copyfile(key_file_path(source), key_file_path(target))
    if backup_dir(source).is_dir():
        shutil.copytree(backup_dir(source), backup_dir(target))
    return target
