"""The write paths of the campaign: a registry, name → ``WritePath``.

Each new feature adds its own: a ``WritePath`` registered with ``register(...)`` (here, or in a
module of the feature imported at the bottom of this file) whose

- ``run(w)`` is the child: log in with ``w.log_in()``, call ``w.ready()`` when the writes
  start (the kill delay is counted from there), then write in a loop of ``w.iterations``,
  calling ``w.committed(step=…, …)`` right after each transaction returned, with whatever
  the check needs to find it again (a marker written into a note, a file name, a count);
- ``check(t)`` is the parent, after the kill: ``t.centre``/``t.actor`` are logged in the way
  the app logs in, ``t.conn`` reads the file; report with ``t.lost(…)`` a reported commit
  that is missing and with ``t.half_done(…)`` a state that no sequence of whole transactions
  leads to. Integrity (SQLite's and the app's ``check_database``) is checked for every path;
- ``prepare(centre, actor, folder)`` (optional) runs once on the campaign's template centre
  and returns JSON data given to both sides as ``w.extra`` / ``t.extra``.

The template a path starts from: ``"filled"`` (a centre with ``TEMPLATE_RESIDENTS`` demo
residents and a backup), ``"empty"`` (set up, no residents) or ``"none"`` (no file: the path
makes the centre, ``new_file=True``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from neighborcenter.config import backup_dir
from neighborcenter.core import features, maintenance, unlock
from neighborcenter.core.audit import AuditAction
from neighborcenter.core.centre import set_up_centre
from neighborcenter.core.demo import DEMO_ADMIN, DEMO_CENTRE, DEMO_STAFF, create_demo_staff
from neighborcenter.core.handle import Centre
from neighborcenter.errors import AuthenticationFailed
from neighborcenter.features.register import register_io, resident_records
from neighborcenter.features.register.models import Resident
from neighborcenter.features.register.rules.idnumber import make_id_number
from neighborcenter.storage import backup as storage_backup
from neighborcenter.storage.keyfile import key_file_path, read_key_file

if TYPE_CHECKING:
    from reliability.checks import Trial
    from reliability.worker import Worker

TEMPLATE_RESIDENTS = 40  # in the "filled" template
DEMO_RESIDENTS = 60  # what the demo and set-up paths load
IMPORT_FILES = 8
IMPORT_ROWS = 12


@dataclass(frozen=True)
class WritePath:
    name: str
    help: str
    run: Callable[[Worker], None]
    check: Callable[[Trial], None]
    template: str = "filled"
    iterations: int = 6
    prepare: Callable[[Centre, Any, Path], dict[str, Any]] | None = None
    new_file: bool = False


PATHS: dict[str, WritePath] = {}


def register(path: WritePath) -> WritePath:
    if path.name in PATHS:
        raise ValueError(f"write path {path.name!r} registered twice")
    if path.template not in ("filled", "empty", "none"):
        raise ValueError(f"write path {path.name!r}: unknown template {path.template!r}")
    PATHS[path.name] = path
    return path


def _sequence_check(t: Trial, states: list[Any], actual: Any, what: str) -> None:
    """For paths whose database goes through a known sequence of states, one per committed
    transaction (``states[0]`` before any): with ``m`` reported, the database must be in
    state ``m`` or ``m + 1`` (committed, killed before it could say so). An earlier state
    means a reported commit was lost; anything else is half-done."""
    m = len(t.events)
    allowed = states[m:m + 2]
    if actual in allowed:
        return
    if actual in states[:m]:
        t.lost(f"{what}: {actual!r} is the state before commit {states.index(actual) + 1}, "
               f"but {m} were reported committed")
    else:
        t.half_done(f"{what}: {actual!r} is none of the states {allowed!r} "
                    f"(after {m} reported commits)")


# ----------------------------------------------------------------------- import (台账 .xlsx)

_FAMILY = "王李张刘陈杨赵黄周吴徐孙胡朱高林"
_GIVEN = "桂英秀兰建华志强丽娟玉梅海燕国平明亮春红金凤德胜"
_HEADERS = ["姓名", "性别", "身份证号", "出生日期", "联系电话", "小区", "楼栋", "单元", "门牌号"]


def _prepare_import(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """``IMPORT_FILES`` workbooks of ``IMPORT_ROWS`` new people each (ID numbers unique)."""
    from openpyxl import Workbook

    files = []
    target = folder / "imports"
    target.mkdir(exist_ok=True)
    for i in range(IMPORT_FILES):
        wb = Workbook()
        ws = wb.active
        ws.append(_HEADERS)
        ids = []
        for j in range(IMPORT_ROWS):
            n = i * IMPORT_ROWS + j
            born = dt.date(1940 + n % 60, 1 + n % 12, 1 + n % 28)
            seq = (n * 7) % 1000
            id_number = make_id_number("330502", born, seq)
            ids.append(id_number)
            name = (_FAMILY[n % len(_FAMILY)] + _GIVEN[n % len(_GIVEN)]
                    + _GIVEN[(n // len(_GIVEN) + 3 * i + j) % len(_GIVEN)])
            ws.append([name, "男" if seq % 2 else "女", id_number, born,
                       f"137{i:02d}{j:06d}", "导入小区", str(i + 1), "1", str(101 + j)])
        path = target / f"import-{i}.xlsx"
        wb.save(path)
        report = register_io.import_residents(centre, actor=actor, path=path, dry_run=True)
        created = report.count(register_io.Action.CREATE)
        if created != IMPORT_ROWS:
            raise RuntimeError(f"{path.name}: a dry run would add {created} of {IMPORT_ROWS} "
                               f"rows ({[r.reason for r in report.rejected][:3]})")
        files.append({"path": str(path), "ids": ids})
    return {"files": files}


def _run_import(w: Worker) -> None:
    opened = w.log_in()
    w.ready()
    for i, f in enumerate(w.extra["files"][:w.iterations]):
        report = register_io.import_residents(opened.centre, actor=opened.login.actor,
                                              path=Path(f["path"]), dry_run=False,
                                              estate_default="")
        w.committed(step="import", file=i, created=report.count(register_io.Action.CREATE))
    opened.centre.close()


def _check_import(t: Trial) -> None:
    """All or nothing per file: the file's people are all in or none is; the IMPORT audit
    entries are as many as the files that are in; the files go in in order."""
    whole = []
    for i, f in enumerate(t.extra["files"]):
        marks = ",".join("?" * len(f["ids"]))
        n = t.scalar(f"SELECT COUNT(*) FROM residents WHERE id_number IN ({marks})", *f["ids"])
        if n not in (0, len(f["ids"])):
            t.half_done(f"import-{i}.xlsx: {n} of its {len(f['ids'])} people are in")
        whole.append(n == len(f["ids"]))
    _sequence_check(t, [(k, k) for k in range(len(whole) + 1)],
                    (sum(whole), t.audit_count(AuditAction.IMPORT)
                     - t.baseline["audit"].get(AuditAction.IMPORT, 0)),
                    "(whole files in, IMPORT audit entries)")
    if whole != sorted(whole, reverse=True):
        t.lost(f"files in out of order: {whole}")
    total = t.scalar("SELECT COUNT(*) FROM residents")
    if total != t.baseline["residents"] + IMPORT_ROWS * sum(whole):
        t.half_done(f"{total} residents: not {t.baseline['residents']} + {IMPORT_ROWS} per "
                    f"whole file ({sum(whole)})")


register(WritePath(
    "import", "import 台账 workbooks, one transaction each (after a backup)",
    _run_import, _check_import, prepare=_prepare_import, iterations=4))


# ----------------------------------------------------------------------- edits


def _prepare_edits(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """Residents whose form passes as it is (so an edit fails only for a fault)."""
    with centre.unit_of_work(write=False) as uow:
        ids = list(uow.session.scalars(
            select(Resident.id)
            .where(Resident.status == "active", Resident.dwelling_id.is_not(None))
            .order_by(Resident.id)))
    chosen = []
    for rid in ids:
        form = resident_records.resident_form_of(centre, actor=actor, resident_id=rid)
        try:
            resident_records.clean_resident_form(form)
        except Exception:  # noqa: BLE001 - a demo record the form would refuse: skip it
            continue
        chosen.append(rid)
        if len(chosen) == 24:
            break
    return {"residents": chosen}


def _run_edits(w: Worker) -> None:
    """Per iteration s: a resident's phone and note (one save), then an emergency contact."""
    opened = w.log_in()
    centre, actor = opened.centre, opened.login.actor
    residents = w.extra["residents"]
    w.ready()
    for s in range(1, w.iterations + 1):
        rid = residents[(s - 1) % len(residents)]
        form = resident_records.resident_form_of(centre, actor=actor, resident_id=rid)
        resident_records.save_resident(centre, actor=actor, resident_id=rid, form=replace(
            form, phone=f"139{s:08d}", notes=f"RE-{s}"))
        w.committed(step="resident", s=s, resident=rid)
        resident_records.add_emergency_contact(centre, actor=actor, resident_id=rid,
                                               name=f"RK-{s}", relation="邻居",
                                               phone=f"138{s:08d}")
        w.committed(step="contact", s=s, resident=rid)
    centre.close()


def _check_edits(t: Trial) -> None:
    notes = dict(t.conn.execute(
        "SELECT id, notes FROM residents WHERE notes LIKE 'RE-%'").fetchall())
    phones = dict(t.conn.execute(
        "SELECT id, phone FROM residents WHERE notes LIKE 'RE-%'").fetchall())
    for rid, note in notes.items():  # the phone and the note were one save
        s = int(note[3:])
        if (phones[rid] or "").replace("-", "") != f"139{s:08d}":
            t.half_done(f"resident {rid}: note {note} but phone {phones[rid]}")
    for e in t.steps("resident"):
        note = notes.get(e["resident"])
        if note is None or int(note[3:]) < e["s"]:
            t.lost(f"edit RE-{e['s']} of resident {e['resident']} reported, found {note!r}")
    contacts = set(t.column("SELECT name FROM emergency_contacts WHERE name LIKE 'RK-%'"))
    for e in t.steps("contact"):
        if f"RK-{e['s']}" not in contacts:
            t.lost(f"emergency contact RK-{e['s']} reported, not found")
    done = {int(n[3:]) for n in notes.values()}
    for name in contacts:  # a contact is added after its resident's edit committed
        s = int(name[3:])
        if not any(d >= s for d in done):
            t.lost(f"contact {name} is in but the edit RE-{s} before it is not")


register(WritePath(
    "edits", "a resident's phone and note (one save), then an emergency contact",
    _run_edits, _check_edits, prepare=_prepare_edits, iterations=8))


# ----------------------------------------------------------------------- backup


def _run_backup(w: Worker) -> None:
    opened = w.log_in()
    w.ready()
    for s in range(1, w.iterations + 1):
        info = maintenance.back_up_now(opened.centre, actor=opened.login.actor)
        w.committed(step="backup", s=s, file=info.path.name)
    opened.centre.close()


def _check_backup(t: Trial) -> None:
    """Every backup listed opens and is whole (with its key file); the newest reported one is
    there; each reported backup has its audit entry."""
    key = t.centre.data_key
    listed = storage_backup.list_backups(t.db)
    names = {b.path.name for b in listed}
    before = set(t.baseline.get("backups", ()))
    for b in listed:
        if b.path.name in before:
            continue
        try:
            storage_backup.verify_backup_file(b.path, key)
        except Exception as exc:  # noqa: BLE001
            t.half_done(f"backup {b.path.name} is listed but is not whole: {exc}")
        if read_key_file(key_file_path(b.path)) is None:
            t.half_done(f"backup {b.path.name} has no key file beside it")
    reported = t.steps("backup")
    if reported and reported[-1]["file"] not in names:
        t.lost(f"backup {reported[-1]['file']} reported, not in the backups folder")
    made = t.audit_count(AuditAction.BACKUP) - t.baseline["audit"].get(AuditAction.BACKUP, 0)
    if made < len(reported):
        t.lost(f"{len(reported)} backups reported, {made} BACKUP audit entries")
    if made > len(reported) + 1:
        t.half_done(f"{made} BACKUP audit entries for {len(reported)} reported backups")


register(WritePath("backup", "take a backup (file, then its audit entry)",
                   _run_backup, _check_backup, iterations=8))


# ----------------------------------------------------------------------- restore


def _prepare_restore(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """The backup every trial restores: the template as it is (no RC- contacts)."""
    info = maintenance.back_up_now(centre, actor=actor)
    with centre.unit_of_work(write=False) as uow:
        rid = uow.session.scalar(select(Resident.id).where(Resident.status == "active")
                                 .order_by(Resident.id))
    return {"backup": info.path.name, "resident": rid}


def _run_restore(w: Worker) -> None:
    """Per iteration s: add contact RC-s (so the state differs), then restore the backup."""
    opened = w.log_in()
    backup_file = backup_dir(w.db) / w.extra["backup"]
    w.ready()
    for s in range(1, w.iterations + 1):
        centre, actor = opened.centre, opened.login.actor
        resident_records.add_emergency_contact(centre, actor=actor,
                                               resident_id=w.extra["resident"],
                                               name=f"RC-{s}", relation="邻居",
                                               phone=f"136{s:08d}")
        w.committed(step="edit", s=s)
        key = centre.data_key
        assert key is not None
        centre.close()
        maintenance.restore_database(w.db, backup_file, actor=actor, data_key=key)
        w.committed(step="restore", s=s)
        opened = w.log_in()
    opened.centre.close()


def _check_restore(t: Trial) -> None:
    """The database is the state before a restore or the restored backup with its RESTORE
    entry, never a mix: (RC- contacts present, RESTORE entries)."""
    contacts = tuple(sorted(t.column(
        "SELECT name FROM emergency_contacts WHERE name LIKE 'RC-%'")))
    states: list[Any] = [((), 0)]
    for s in range(1, t.spec["iterations"] + 1):
        states += [((f"RC-{s}",), 1 if s > 1 else 0), ((), 1)]
    _sequence_check(t, states, (contacts, t.audit_count(AuditAction.RESTORE)),
                    "(RC- contacts, RESTORE entries)")
    residents = t.scalar("SELECT COUNT(*) FROM residents")
    if residents != t.baseline["residents"]:
        t.half_done(f"{residents} residents, the backup has {t.baseline['residents']}")


register(WritePath(
    "restore", "change something, close, restore a backup, log in again",
    _run_restore, _check_restore, prepare=_prepare_restore, iterations=3))


# ----------------------------------------------------------------------- demo data


def _run_demo(w: Worker) -> None:
    opened = w.log_in()
    w.ready()
    for feature, load_demo in features.each("demo"):
        summary = load_demo(opened.centre, actor=opened.login.actor,
                            residents=DEMO_RESIDENTS, seed=w.spec.get("seed", 1))
        w.committed(step="demo", feature=feature.key,
                    residents=getattr(summary, "residents", None))
    opened.centre.close()


def _check_demo(t: Trial) -> None:
    n = t.scalar("SELECT COUNT(*) FROM residents")
    demos = t.audit_count(AuditAction.DEMO)
    steps = len(list(features.each("demo")))  # each feature's demo step: one DEMO entry
    _sequence_check(t, [(0, 0)] + [(DEMO_RESIDENTS, k) for k in range(1, steps + 1)],
                    (n, demos), "(residents, DEMO entries)")


register(WritePath("demo", "load the demo data into a set-up centre with no residents",
                   _run_demo, _check_demo, template="empty", iterations=1))


# ----------------------------------------------------------------------- set-up (new file)


def _run_setup(w: Worker) -> None:
    """What ``neighborcenter demo`` does on a new file: create, set up, staff, demo data."""
    w.ready()
    with Centre.create(w.db) as centre:
        result = set_up_centre(centre, admin_username=w.username, admin_display_name="李主任",
                               admin_passphrase=w.passphrase, language="zh_CN", **DEMO_CENTRE)
        w.committed(step="setup")
        create_demo_staff(centre)
        w.committed(step="staff")
        for feature, load_demo in features.each("demo"):
            summary = load_demo(centre, actor=result.admin, residents=DEMO_RESIDENTS,
                                seed=w.spec.get("seed", 1))
            w.committed(step="demo", feature=feature.key,
                        residents=getattr(summary, "residents", None))


def _check_setup(t: Trial) -> None:
    """Before the set-up's commit the app must see a new file (the wizard comes back); after
    it, the centre logs in; staff accounts and their key-file wraps agree; demo whole."""
    m = len(t.events)
    if t.centre is None:
        if m:
            t.lost(f"set-up reported committed, but the centre does not open: {t.open_error}")
        elif t.open_error:
            t.half_done(f"set-up cut off before its commit leaves a file the app cannot use "
                        f"(neither the set-up wizard nor the login): {t.open_error}")
        return
    kf = read_key_file(key_file_path(t.db))
    wraps = {w.username for w in kf.wraps} if kf else set()
    accounts = set(t.column("SELECT username FROM accounts WHERE archived_at IS NULL"))
    staff = {s[0] for s in DEMO_STAFF}
    if wraps != accounts:
        t.half_done(f"key file wraps {sorted(wraps)} but accounts {sorted(accounts)}")
    steps = len(list(features.each("demo")))  # each feature's demo step: one DEMO entry
    states = [(0, 0, 0), (1, 0, 0), (1 + len(staff), 0, 0)] + [
        (1 + len(staff), DEMO_RESIDENTS, k) for k in range(1, steps + 1)]
    _sequence_check(t, states, (len(accounts), t.scalar("SELECT COUNT(*) FROM residents"),
                                t.audit_count(AuditAction.DEMO)),
                    "(accounts, residents, DEMO entries)")
    for name in sorted(staff & wraps):  # a staff login works too
        try:
            other = unlock.log_in(t.db, username=name, passphrase=DEMO_ADMIN[2], lock=False)
        except AuthenticationFailed as exc:
            t.half_done(f"staff login {name} refused: {exc}")
        else:
            other.centre.close()
        break


register(WritePath(
    "setup", "a new centre file: create, set up, demo staff, demo data (neighborcenter demo)",
    _run_setup, _check_setup, template="none", iterations=1, new_file=True))


# ----------------------------------------------------------------------- logins


def _run_login(w: Worker) -> None:
    """Per iteration: a wrong passphrase (counted in the key file), then a login (which moves
    the failures into the audit log and clears them from the key file)."""
    w.ready()
    for s in range(1, w.iterations + 1):
        try:
            unlock.log_in(w.db, username=w.username, passphrase="wrong " + w.passphrase)
        except AuthenticationFailed:
            w.committed(step="wrong", s=s)
        else:
            raise AssertionError("a wrong passphrase was taken")
        opened = unlock.log_in(w.db, username=w.username, passphrase=w.passphrase)
        opened.centre.close()
        w.committed(step="login", s=s)


def _check_login(t: Trial) -> None:
    """Each wrong passphrase is in the audit log once (the check's own login moved the ones
    still pending in the key file), each reported login once: (failed logins, logins)."""
    states = [(0, 0)]
    for s in range(1, t.spec["iterations"] + 1):
        states += [(s, s - 1), (s, s)]
    audit = t.baseline["audit"]
    failed = t.audit_count(AuditAction.LOGIN_FAILED) - audit.get(AuditAction.LOGIN_FAILED, 0)
    logins = t.audit_count(AuditAction.LOGIN) - audit.get(AuditAction.LOGIN, 0) - 1  # - ours
    _sequence_check(t, states, (failed, logins), "(LOGIN_FAILED entries, LOGIN entries)")


register(WritePath("login", "a wrong passphrase, then a login (key file and audit log)",
                   _run_login, _check_login, iterations=4))

# Features add their own write paths below (import their module so that it registers).


# ----------------------------------------------------------------------- volunteers' points


def _prepare_points(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """A volunteer and one activity per iteration (RP-1, RP-2 …) to record hours at."""
    from neighborcenter.features.volunteers import hours, people

    volunteer = people.save_volunteer(centre, actor=actor, form=people.VolunteerForm(
        name="积分测试", consent_on="2025-01-06"))
    activities = [hours.save_activity(centre, actor=actor, form=hours.ActivityForm(
        name=f"RP-{s}", on=dt.date(2025, 3, 3) + dt.timedelta(days=s), organiser="中心",
        person_in_charge="王丽")) for s in range(1, 13)]
    return {"volunteer": volunteer, "activities": activities}


def _run_points(w: Worker) -> None:
    """Per iteration s: 2 hours recorded at activity RP-s, approved (20 points earned), then
    5 points redeemed with request key RP-s."""
    from neighborcenter.features.volunteers import hours, ledger

    opened = w.log_in()
    centre, actor = opened.centre, opened.login.actor
    volunteer = w.extra["volunteer"]
    w.ready()
    for s in range(1, w.iterations + 1):
        activity = w.extra["activities"][s - 1]
        hours.record_hours(centre, actor=actor, activity_id=activity, volunteer_ids=[volunteer],
                           hours="2")
        w.committed(step="record", s=s)
        [record] = [p.record_id for p in hours.approval_queue(centre, actor=actor)
                    if p.activity_id == activity]
        hours.approve_hours(centre, actor=actor, record_ids=[record])
        w.committed(step="approve", s=s, record=record)
        ledger.redeem_points(centre, actor=actor, volunteer_id=volunteer, points=5,
                             reason="兑换", request_key=f"RP-{s}")
        w.committed(step="redeem", s=s)
    centre.close()


def _check_points(t: Trial) -> None:
    """Every reported step is there; steps go in in order; no approved record without its
    earn transaction nor an earn without its approved record; every transaction sums to zero
    and has entries; the ledger sums to zero; no balance below zero."""
    activities = t.extra["activities"]
    status = {}
    for s, activity in enumerate(activities, start=1):
        row = t.conn.execute("SELECT id, status FROM volunteer_service_records "
                             "WHERE activity_id = ?", (activity,)).fetchone()
        status[s] = row
    redeemed = set(t.column("SELECT request_key FROM points_transactions "
                            "WHERE request_key LIKE 'RP-%'"))
    for e in t.steps("record"):
        if status[e["s"]] is None:
            t.lost(f"hours at RP-{e['s']} reported recorded, not found")
    for e in t.steps("approve"):
        if status[e["s"]] is None or status[e["s"]][1] != "approved":
            t.lost(f"hours at RP-{e['s']} reported approved, found {status[e['s']]!r}")
    for e in t.steps("redeem"):
        if f"RP-{e['s']}" not in redeemed:
            t.lost(f"redemption RP-{e['s']} reported, not found")
    for s, row in status.items():  # each step follows the one before it
        approved = row is not None and row[1] == "approved"
        if f"RP-{s}" in redeemed and not approved:
            t.half_done(f"redemption RP-{s} is in but the approval before it is not")
        if row is not None and s > 1 and (status[s - 1] is None or f"RP-{s - 1}" not in redeemed):
            t.half_done(f"hours at RP-{s} recorded before iteration {s - 1} was whole")
    earns = set(t.column("SELECT substr(request_key, 6) FROM points_transactions "
                         "WHERE kind = 'earn'"))
    approved_ids = set(t.column("SELECT r.id FROM volunteer_service_records r "
                                "JOIN volunteer_activities a ON a.id = r.activity_id "
                                "WHERE r.status = 'approved' "
                                "AND r.minutes * a.points_per_hour / 60 > 0"))
    for rid in sorted(approved_ids - earns):
        t.half_done(f"service record {rid} is approved without its points")
    for rid in sorted(earns - approved_ids):
        t.half_done(f"points earned for service record {rid}, which is not approved")
    unbalanced = t.column("SELECT t.id FROM points_transactions t LEFT JOIN points_entries e "
                          "ON e.transaction_id = t.id GROUP BY t.id "
                          "HAVING COUNT(e.id) = 0 OR SUM(e.amount) != 0")
    if unbalanced:
        t.half_done(f"{len(unbalanced)} transactions do not sum to zero (or have no entries)")
    total = t.scalar("SELECT COALESCE(SUM(amount), 0) FROM points_entries")
    if total:
        t.half_done(f"the ledger sums to {total}, not 0")
    negative = t.scalar("SELECT COUNT(*) FROM (SELECT a.id FROM points_accounts a "
                        "JOIN points_entries e ON e.account_id = a.id "
                        "WHERE a.volunteer_id IS NOT NULL GROUP BY a.id "
                        "HAVING SUM(e.amount) < 0)")
    if negative:
        t.half_done(f"{negative} volunteers' balances are below zero")


register(WritePath(
    "points", "volunteers: hours recorded, approved (points earned), points redeemed",
    _run_points, _check_points, prepare=_prepare_points, iterations=6))


# ----------------------------------------------------------------------- elder visits


def _prepare_visits(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """Two volunteers in a pair, and residents not yet on the visit list put on it (monthly)
    with this month's plan: one planned visit each for the visits to make."""
    from neighborcenter.features.visits import elders, plans
    from neighborcenter.features.visits.models import VisitElder
    from neighborcenter.features.visits.rules import PlanKind, Tier, Willing
    from neighborcenter.features.volunteers import people

    volunteers = [people.save_volunteer(centre, actor=actor, form=people.VolunteerForm(
        name=name, consent_on="2025-01-06")) for name in ("探访甲", "探访乙")]
    pair = elders.save_pair(centre, actor=actor, form=elders.PairForm(
        name="可靠性探访组", first_volunteer_id=volunteers[0],
        second_volunteer_id=volunteers[1]))
    with centre.unit_of_work(write=False) as uow:
        listed = set(uow.session.scalars(select(VisitElder.resident_id)))
        residents = [rid for rid in uow.session.scalars(
            select(Resident.id).where(Resident.status == "active",
                                      Resident.archived_at.is_(None)).order_by(Resident.id))
            if rid not in listed][:12]
    today = dt.date.today()
    for rid in residents:
        elders.save_elder(centre, actor=actor, resident_id=rid, form=elders.ElderForm(
            willing=Willing.YES, willing_on=today, tier=Tier.PRIORITY,
            tier_reason="可靠性测试", pair_id=pair))
    plans.generate_plan(centre, actor=actor, year=today.year, month=today.month)
    plan_of = {r.resident.id: r.id for r in plans.month_plan(
        centre, actor=actor, year=today.year, month=today.month, pair_id=pair)
        if r.kind == PlanKind.ROUTINE}
    return {"volunteers": volunteers, "residents": residents,
            "plans": [plan_of[rid] for rid in residents]}


def _run_visits(w: Worker) -> None:
    """Per iteration s: a visit by the pair to resident s with a follow-up (RV-s), making its
    planned visit and crediting both volunteers' hours; then the visit corrected to one
    visitor (the other's pending hours declined, RV-s-edit); then the follow-up closed."""
    from neighborcenter.features.visits import records
    from neighborcenter.features.visits.rules import Area, FollowUpStatus

    opened = w.log_in()
    centre, actor = opened.centre, opened.login.actor
    volunteers, residents, planned = (w.extra[k] for k in ("volunteers", "residents", "plans"))
    today = dt.date.today().isoformat()
    w.ready()
    for s in range(1, w.iterations + 1):
        form = records.VisitForm(
            resident_id=residents[s - 1], on=today, at="10:00", volunteer_ids=volunteers,
            items={Area.HEALTH: {"mobility"}}, general_notes=f"RV-{s}",
            follow_ups=[records.FollowUpForm(f"RV-{s} 跟进", "社工", today)],
            plan_id=planned[s - 1])
        visit = records.record_visit(centre, actor=actor, form=form)
        w.committed(step="visit", s=s, visit=visit)
        records.record_visit(centre, actor=actor, visit_id=visit, form=replace(
            form, volunteer_ids=volunteers[:1], general_notes=f"RV-{s}-edit", follow_ups=[]))
        w.committed(step="edit", s=s, visit=visit)
        [follow_up] = [f.id for f in records.list_follow_ups(centre, actor=actor)
                       if f.description == f"RV-{s} 跟进"]
        records.close_follow_up(centre, actor=actor, follow_up_id=follow_up,
                                status=FollowUpStatus.DONE, outcome="已办")
        w.committed(step="close", s=s)
    centre.close()


def _check_visits(t: Trial) -> None:
    """A visit, its planned visit made, its follow-up and both visitors' hours (one activity,
    one record each) are there together or not at all; a correction changed the visitors and
    declined the hours of the one removed together; every reported step is there, in order;
    no hours of the pair's volunteers belong to no visit."""
    volunteers, planned = t.extra["volunteers"], t.extra["plans"]
    state: dict[int, str] = {}  # s → "none", "visit", "edit", "close"
    for s, plan in enumerate(planned, start=1):
        row = t.conn.execute("SELECT id, notes, activity_id FROM visits "
                             "WHERE notes IN (?, ?)", (f"RV-{s}", f"RV-{s}-edit")).fetchone()
        made_by = t.scalar("SELECT visit_id FROM visit_plans WHERE id = ?", plan)
        follow_up = t.scalar("SELECT status FROM visit_follow_ups WHERE description = ?",
                             f"RV-{s} 跟进")
        if row is None:
            state[s] = "none"
            if made_by is not None or follow_up is not None:
                t.half_done(f"RV-{s}: no visit, but its plan is made ({made_by!r}) or its "
                            f"follow-up is there ({follow_up!r})")
            continue
        visit, note, activity = row
        edited = note == f"RV-{s}-edit"
        state[s] = "close" if follow_up == "done" else "edit" if edited else "visit"
        if made_by != visit:
            t.half_done(f"visit RV-{s} is in but its planned visit is not made by it")
        if follow_up is None:
            t.half_done(f"visit RV-{s} is in without its follow-up")
        if follow_up == "done" and not edited:
            t.half_done(f"the follow-up of RV-{s} is closed before the visit's correction")
        if activity is None:
            t.half_done(f"visit RV-{s} credited no hours")
            continue
        hours = t.conn.execute("SELECT volunteer_id, status FROM volunteer_service_records "
                               "WHERE activity_id = ? ORDER BY volunteer_id",
                               (activity,)).fetchall()
        second = "declined" if edited else "pending"
        if sorted(hours) != sorted([(volunteers[0], "pending"), (volunteers[1], second)]):
            t.half_done(f"visit RV-{s} ({note}): hours {hours!r}, not once each with the "
                        f"second {second}")
        visitors = set(t.conn.execute(
            "SELECT volunteer_id FROM visit_visitors WHERE visit_id = ? "
            "AND archived_at IS NULL", (visit,)).fetchall())
        if visitors != {(v,) for v in (volunteers[:1] if edited else volunteers)}:
            t.half_done(f"visit RV-{s} ({note}): visitors {visitors!r} do not match")
    order = ("none", "visit", "edit", "close")
    for e in t.steps("visit") + t.steps("edit") + t.steps("close"):
        if order.index(state[e["s"]]) < order.index(e["step"]):
            t.lost(f"step {e['step']} of RV-{e['s']} reported, found {state[e['s']]!r}")
    for s in range(2, len(planned) + 1):  # an iteration starts after the one before is whole
        if state[s] != "none" and state[s - 1] != "close":
            t.half_done(f"RV-{s} started while RV-{s - 1} is {state[s - 1]!r}")
    stray = t.column("SELECT DISTINCT r.activity_id FROM volunteer_service_records r "
                     "WHERE r.volunteer_id IN (?, ?) AND NOT EXISTS (SELECT 1 FROM visits v "
                     "WHERE v.activity_id = r.activity_id)", *volunteers)
    if stray:
        t.half_done(f"{len(stray)} activities credit the visitors' hours for no visit")


register(WritePath(
    "visits", "elder visits: a visit with its follow-up and hours, corrected, follow-up closed",
    _run_visits, _check_visits, prepare=_prepare_visits, iterations=6))


# ----------------------------------------------------------------------- after-school class

_CLASS_CHILDREN = 3


def _class_day(s: int) -> dt.date:
    """The class day of iteration s: a past day of the term made by _prepare_classroom."""
    return dt.date.today() - dt.timedelta(days=40 - s)


def _prepare_classroom(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """A term around today (every weekday), three children (new residents, aged 9) accepted
    in it with a guardian and a grandmother who may collect them (on the list since 90 days
    ago), and a volunteer with a clear background check."""
    from neighborcenter.features.classroom import enrolment
    from neighborcenter.features.classroom.rules import AdultKind, EnrolmentStatus
    from neighborcenter.features.volunteers import people
    from neighborcenter.features.volunteers.rules import CheckResult

    today = dt.date.today()
    since = today - dt.timedelta(days=90)
    term = enrolment.save_term(centre, actor=actor, form=enrolment.TermForm(
        name="可靠性学期", starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=60), weekdays="1234567"))
    children = []
    for n in range(_CLASS_CHILDREN):
        name = f"课堂{n}"
        form = resident_records.ResidentForm(
            family_name="林", given_name=name, birth_date=f"{today.year - 9}-01-01",
            id_number="", estate="幸福小区", building="9", unit="1", room=f"{301 + n}")
        rid = resident_records.save_resident(centre, actor=actor, form=form,
                                             confirmed_not_duplicate=True)
        cid = enrolment.save_child(centre, actor=actor, today=since, form=enrolment.ChildForm(
            resident_id=rid, grade="三年级", class_name="1班", consent_on=since,
            consent_by="林父", safety_agreement_on=since))
        for kind, who, relation, phone in ((AdultKind.GUARDIAN, f"林父{n}", "父亲",
                                            "13800001234"),
                                           (AdultKind.PICKUP, f"林婆{n}", "外婆", "")):
            enrolment.add_adult(centre, actor=actor, child_id=cid, today=since,
                                form=enrolment.AdultForm(kind=kind, name=who,
                                                         relation=relation, phone=phone))
        eid = enrolment.apply(centre, actor=actor, child_id=cid, term_id=term,
                              weekdays="1234567", applied_on=since, applied_by=f"林父{n}",
                              today=since)
        enrolment.decide(centre, actor=actor, enrolment_id=eid,
                         status=EnrolmentStatus.ACCEPTED, today=since)
        children.append(cid)
    volunteer = people.save_volunteer(centre, actor=actor, form=people.VolunteerForm(
        name="课堂志愿者", consent_on="2025-01-06"))
    people.record_background_check(centre, actor=actor, volunteer_id=volunteer,
                                   checked_on=(today - dt.timedelta(days=100)).isoformat(),
                                   result=CheckResult.CLEAR, reference="无犯罪记录证明")
    return {"children": children, "volunteer": volunteer,
            "days": [_class_day(s).isoformat() for s in range(1, 13)]}


def _run_classroom(w: Worker) -> None:
    """Per iteration s, on its own past day: the three children signed in (15:40), the
    volunteer put on duty, each child handed over (17:00 + k, to the guardian or the
    grandmother in turn), then the day closed — which credits the volunteer's hours."""
    from neighborcenter.features.classroom import day as days
    from neighborcenter.features.classroom import handover
    from neighborcenter.features.classroom.rules import DutyRole

    opened = w.log_in()
    centre, actor = opened.centre, opened.login.actor
    children, volunteer = w.extra["children"], w.extra["volunteer"]
    w.ready()
    for s in range(1, w.iterations + 1):
        on = dt.date.fromisoformat(w.extra["days"][s - 1])

        def clock(hour: int, minute: int = 0, on: dt.date = on) -> dt.datetime:
            return dt.datetime.combine(on, dt.time(hour, minute)).astimezone()

        days.arrive(centre, actor=actor, on=on, child_ids=children, now=clock(15, 40))
        w.committed(step="arrive", s=s)
        days.add_duty(centre, actor=actor, on=on, role=DutyRole.TUTOR, volunteer_id=volunteer)
        w.committed(step="duty", s=s)
        tiles = {t.child_id: t for t in days.day_view(centre, actor=actor, on=on,
                                                      now=clock(17)).children}
        for k, cid in enumerate(children):
            adult = (f"林婆{k}" if k % 2 else f"林父{k}")
            handover.sign_out(centre, actor=actor, attendance_id=tiles[cid].attendance_id,
                              adult=adult, handed_by="课堂志愿者", at=clock(17, k),
                              now=clock(17, 20))
            w.committed(step="out", s=s, k=k)
        days.close_day(centre, actor=actor, on=on, now=clock(17, 40))
        w.committed(step="close", s=s)
    centre.close()


def _check_classroom(t: Trial) -> None:
    """Each day goes arrive → duty → the hand-overs → closed, one whole step at a time: a
    child signed out has come, has the adult and who handed over, and its audit entry; a day
    closed has every child signed out and the volunteer's hours credited once (one activity,
    one record); every reported step is there; no day starts before the one before is
    closed; no hours of the volunteer belong to no class day."""
    children, volunteer = t.extra["children"], t.extra["volunteer"]
    order = ("none", "arrive", "duty", "out", "close")
    state: dict[int, str] = {}
    out_count: dict[int, int] = {}
    for s, on in enumerate(t.extra["days"], start=1):
        day = t.conn.execute("SELECT id, closed_at, activity_id FROM class_days "
                             "WHERE \"on\" = ?", (on,)).fetchone()
        if day is None:
            state[s] = "none"
            continue
        day_id, closed_at, activity = day
        rows = t.conn.execute("SELECT child_id, arrived_at, left_at, adult_name, handed_by "
                              "FROM class_attendance WHERE day_id = ?", (day_id,)).fetchall()
        arrived = [r for r in rows if r[1] is not None]
        left = [r for r in rows if r[2] is not None]
        duty = t.scalar("SELECT COUNT(*) FROM class_duties WHERE day_id = ? AND "
                        "volunteer_id = ? AND archived_at IS NULL", day_id, volunteer)
        if arrived and len(arrived) != len(children):
            t.half_done(f"day {s}: {len(arrived)} of {len(children)} children signed in")
        for r in left:
            if r[1] is None or not r[3] or not r[4]:
                t.half_done(f"day {s}: a child signed out without its arrival, adult or "
                            f"who handed over: {r!r}")
        audited = t.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND "
                           "summary LIKE ?", f"% signed out on {on}")
        if audited != len(left):
            t.half_done(f"day {s}: {len(left)} children signed out, {audited} audit entries")
        out_count[s] = len(left)
        if closed_at is not None:
            state[s] = "close"
            if len(left) != len(children):
                t.half_done(f"day {s} closed with {len(children) - len(left)} children here")
            records = t.column("SELECT volunteer_id FROM volunteer_service_records "
                               "WHERE activity_id = ?", activity) if activity else []
            if records != [volunteer]:
                t.half_done(f"day {s} closed: the volunteer's hours credited {records!r}")
        else:
            if activity is not None:
                t.half_done(f"day {s} not closed but its hours credited")
            state[s] = "out" if left else "duty" if duty else "arrive" if arrived else "none"
            if left and not duty:
                t.half_done(f"day {s}: children signed out before the duty was in")
    for e in t.steps("arrive") + t.steps("duty") + t.steps("close"):
        if order.index(state[e["s"]]) < order.index(e["step"]):
            t.lost(f"step {e['step']} of day {e['s']} reported, found {state[e['s']]!r}")
    for e in t.steps("out"):
        if out_count.get(e["s"], 0) < e["k"] + 1 and state[e["s"]] != "close":
            t.lost(f"hand-over {e['k']} of day {e['s']} reported, "
                   f"{out_count.get(e['s'], 0)} found")
    for s in range(2, len(t.extra["days"]) + 1):
        if state[s] != "none" and state[s - 1] != "close":
            t.half_done(f"day {s} started while day {s - 1} is {state[s - 1]!r}")
    stray = t.column("SELECT DISTINCT r.activity_id FROM volunteer_service_records r "
                     "WHERE r.volunteer_id = ? AND NOT EXISTS (SELECT 1 FROM class_days d "
                     "WHERE d.activity_id = r.activity_id)", volunteer)
    if stray:
        t.half_done(f"{len(stray)} activities credit the volunteer's hours for no class day")


register(WritePath(
    "classroom", "after-school class: children signed in, a volunteer on duty, each child "
    "handed over, the day closed (the hours credited)",
    _run_classroom, _check_classroom, template="empty", prepare=_prepare_classroom,
    iterations=6))


# ----------------------------------------------------------------------- the shop's till

_SHOP_PRICE = 30  # points a bag
_SHOP_STOCK = 40
_SHOP_POINTS = 1000


def _prepare_shop(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """Rice on 爱心铺 for 30 points (40 bags) and soap for 10 (40 bars); a volunteer with
    1000 points."""
    from neighborcenter.features.shop import goods
    from neighborcenter.features.shop.rules import Shelf
    from neighborcenter.features.volunteers import ledger, people

    products = []
    for name, points in (("可靠性大米", str(_SHOP_PRICE)), ("可靠性肥皂", "10")):
        pid = goods.save_product(centre, actor=actor, form=goods.ProductForm(
            shelf=Shelf.POINTS, name=name, unit="件", points=points))
        goods.receive_goods(centre, actor=actor, product_id=pid, quantity=_SHOP_STOCK)
        products.append(pid)
    volunteer = people.save_volunteer(centre, actor=actor, form=people.VolunteerForm(
        name="兑换测试", consent_on="2025-01-06"))
    ledger.adjust_points(centre, actor=actor, volunteer_id=volunteer, points=_SHOP_POINTS,
                         reason="可靠性测试积分", request_key="RS-start")
    card = people.list_volunteers(centre, actor=actor, query="兑换测试")[0].number
    return {"products": products, "volunteer": volunteer, "card": card}


def _run_shop(w: Worker) -> None:
    """Per iteration s: a checkout for points (request id RS-s) of a bag of rice and s bars
    of soap — the sale, its lines, two stock movements and the ledger's transaction in one
    unit of work; then the same request again, which must change nothing."""
    from neighborcenter.features.shop import till
    from neighborcenter.features.shop.rules import Payment

    opened = w.log_in()
    centre, actor = opened.centre, opened.login.actor
    rice, soap = w.extra["products"]
    w.ready()
    for s in range(1, w.iterations + 1):
        items: list[tuple[str, object]] = [(rice, 1), (soap, s)]
        done = till.checkout(centre, actor=actor, items=items, payment=Payment.POINTS,
                             request_key=f"RS-{s}", card=w.extra["card"])
        w.committed(step="sale", s=s, total=done.total)
        again = till.checkout(centre, actor=actor, items=items, payment=Payment.POINTS,
                              request_key=f"RS-{s}", card=w.extra["card"])
        if not again.replayed or again.id != done.id:
            raise RuntimeError(f"request RS-{s} applied twice")
    centre.close()


def _check_shop(t: Trial) -> None:
    """Each sale is whole or absent: a sale RS-s has its two lines, its two stock movements
    (out by as much as the lines) and its transaction in the points ledger (the volunteer's
    side −total, summing to zero); no movement or ledger transaction of a sale that is not
    there; the stock and the balance are what the whole sales leave; every reported sale is
    there, and the sales go in in order."""
    rice, soap = t.extra["products"]
    volunteer = t.extra["volunteer"]
    sales = {key: (sid, total, tx) for key, sid, total, tx in t.conn.execute(
        "SELECT request_key, id, total, points_tx FROM shop_sales "
        "WHERE request_key LIKE 'RS-%'")}
    for e in t.steps("sale"):
        if f"RS-{e['s']}" not in sales:
            t.lost(f"sale RS-{e['s']} reported, not found")
    made = sorted(int(k[3:]) for k in sales)
    if made != list(range(1, len(made) + 1)):
        t.half_done(f"the sales made are {made}, not one after another")
    if len(made) > len(t.steps("sale")) + 1:
        t.half_done(f"{len(made)} sales in the file, {len(t.steps('sale'))} reported: more "
                    f"than the one a kill may leave unreported")
    expected_stock = {rice: _SHOP_STOCK, soap: _SHOP_STOCK}
    spent = 0
    for key, (sid, total, tx) in sorted(sales.items()):
        s = int(key[3:])
        lines = dict(t.conn.execute("SELECT product_id, quantity FROM shop_sale_lines "
                                    "WHERE sale_id = ?", (sid,)).fetchall())
        moves = dict(t.conn.execute("SELECT product_id, SUM(quantity) FROM shop_stock_moves "
                                    "WHERE sale_id = ? GROUP BY product_id", (sid,)).fetchall())
        if lines != {rice: 1, soap: s}:
            t.half_done(f"sale {key} has the lines {lines!r}")
        if moves != {pid: -q for pid, q in lines.items()}:
            t.half_done(f"sale {key}: stock movements {moves!r} for the lines {lines!r}")
        if total != _SHOP_PRICE + 10 * s:
            t.half_done(f"sale {key} totals {total}")
        mine = t.scalar("SELECT SUM(e.amount) FROM points_entries e JOIN points_accounts a "
                        "ON a.id = e.account_id WHERE e.transaction_id = ? "
                        "AND a.volunteer_id = ?", tx, volunteer) if tx else None
        if mine != -total:
            t.half_done(f"sale {key}: the volunteer's side of its ledger transaction is "
                        f"{mine!r}, not {-total}")
        expected_stock[rice] -= 1
        expected_stock[soap] -= s
        spent += total
    orphans = t.scalar("SELECT COUNT(*) FROM shop_stock_moves m WHERE m.sale_id IS NOT NULL "
                       "AND NOT EXISTS (SELECT 1 FROM shop_sales s WHERE s.id = m.sale_id)")
    if orphans:
        t.half_done(f"{orphans} stock movements of a sale that is not there")
    stray = [k for k in t.column("SELECT request_key FROM points_transactions "
                                 "WHERE request_key LIKE 'shop:RS-%'") if k[5:] not in sales]
    if stray:
        t.half_done(f"points redeemed for sales that are not there: {stray}")
    for pid, want in expected_stock.items():
        have = t.scalar("SELECT COALESCE(SUM(quantity), 0) FROM shop_stock_moves "
                        "WHERE product_id = ?", pid)
        if have != want:
            t.half_done(f"product {pid}: stock {have}, the whole sales leave {want}")
    balance = t.scalar("SELECT COALESCE(SUM(e.amount), 0) FROM points_entries e "
                       "JOIN points_accounts a ON a.id = e.account_id "
                       "WHERE a.volunteer_id = ?", volunteer)
    if balance != _SHOP_POINTS - spent:
        t.half_done(f"the volunteer has {balance} points, the whole sales leave "
                    f"{_SHOP_POINTS - spent}")
    if t.scalar("SELECT COALESCE(SUM(amount), 0) FROM points_entries"):
        t.half_done("the points ledger does not sum to zero")


register(WritePath(
    "shop", "the shop's till: a checkout for points — the sale, its stock movements and the "
    "points ledger's transaction together — and the same request again (nothing more)",
    _run_shop, _check_shop, template="empty", prepare=_prepare_shop, iterations=6))


# ----------------------------------------------------------------------- consultation meetings

_MEETING_DAY = dt.date(2026, 6, 10)  # entered afterwards, from the paper records
_MEETING_VOTERS = 5


def _prepare_meetings(centre: Centre, actor: Any, folder: Path) -> dict[str, Any]:
    """A held meeting (5 voting members, all present) with one accepted topic per
    iteration on its agenda, the discussion and the motion written."""
    from neighborcenter.features.meetings import meetings, minutes, topics
    from neighborcenter.features.meetings.rules import (
        MeetingType,
        ParticipantRole,
        Side,
        TopicCategory,
        TopicSource,
        TopicStage,
    )

    today = _MEETING_DAY + dt.timedelta(days=1)
    d = meetings.save_meeting(centre, actor=actor, form=meetings.MeetingForm(
        kind=MeetingType.COUNCIL, title="可靠性议事会", on=_MEETING_DAY.isoformat(),
        at="14:30", place="邻里中心", convenor="召集人"), today=today)
    mid = d.meeting.id
    items, topic_ids = [], []
    for s in range(1, PATHS["meetings"].iterations + 1):
        t = topics.save_topic(centre, actor=actor, form=topics.TopicForm(
            title=f"可靠性议题{s}", category=TopicCategory.OTHER,
            source=TopicSource.COMMITTEE), today=_MEETING_DAY)
        topics.move_topic(centre, actor=actor, topic_id=t.id, to=TopicStage.ACCEPTED,
                          on=_MEETING_DAY)
        item = meetings.add_item(centre, actor=actor, meeting_id=mid, topic_id=t.id,
                                 on=_MEETING_DAY)
        minutes.record_discussion(centre, actor=actor, item_id=item.id, summary="讨论",
                                  motion=f"动议{s}")
        items.append(item.id)
        topic_ids.append(t.id)
    people = [meetings.add_participant(centre, actor=actor, meeting_id=mid, name=f"代表{i}",
                                       side=Side.RESIDENTS, role=ParticipantRole.VOTING)
              for i in range(_MEETING_VOTERS)]
    meetings.set_attendance(centre, actor=actor, meeting_id=mid,
                            attended={p.id: True for p in people})
    return {"meeting": mid, "items": items, "topics": topic_ids}


def _run_meetings(w: Worker) -> None:
    """Per iteration s: the vote on item s (the counts, the outcome, and its topic
    'deliberated' and 'voted' — one unit of work), then its decision."""
    from neighborcenter.features.meetings import minutes
    from neighborcenter.features.meetings.rules import VoteMethod

    opened = w.log_in()
    centre, actor = opened.centre, opened.login.actor
    w.ready()
    for s, item in enumerate(w.extra["items"], start=1):
        minutes.record_vote(centre, actor=actor, item_id=item, method=VoteMethod.HANDS,
                            votes_for=4, against=1, abstain=0, on=_MEETING_DAY)
        w.committed(step="vote", s=s)
        minutes.record_decision(centre, actor=actor, item_id=item, decision=f"决议{s}")
        w.committed(step="decision", s=s)
    centre.close()


def _check_meetings(t: Trial) -> None:
    """Each vote is whole or absent: an item with votes has its outcome and its topic two
    steps on (deliberated, voted); an item without has its topic still on the agenda and no
    step beyond; a decision only after its vote; every reported vote and decision is there,
    and the votes go in in order."""
    voted: list[int] = []
    for s, (item, topic) in enumerate(zip(t.extra["items"], t.extra["topics"],
                                          strict=True), start=1):
        row = t.conn.execute("SELECT votes_for, votes_against, present_voting, passed, "
                             "decision FROM meeting_items WHERE id = ?", (item,)).fetchone()
        stage = t.scalar("SELECT stage FROM meeting_topics WHERE id = ?", topic)
        steps = t.column("SELECT to_stage FROM meeting_topic_steps WHERE topic_id = ? "
                         "ORDER BY change_seq", topic)
        if row[0] is None:
            if stage != "scheduled" or steps[-1:] != ["scheduled"] or row[4]:
                t.half_done(f"item {s}: no vote, but its topic is {stage!r} with the steps "
                            f"{steps!r} and the decision {row[4]!r}")
            continue
        voted.append(s)
        if tuple(row[:4]) != (4, 1, _MEETING_VOTERS, 1):
            t.half_done(f"item {s}: the vote reads {tuple(row[:4])!r}")
        if stage != "voted" or steps[-3:] != ["scheduled", "deliberated", "voted"]:
            t.half_done(f"item {s}: voted, but its topic is {stage!r} with the steps "
                        f"{steps!r}")
    if voted != list(range(1, len(voted) + 1)):
        t.half_done(f"the items voted are {voted}, not one after another")
    for e in t.steps("vote"):
        if e["s"] not in voted:
            t.lost(f"the vote on item {e['s']} was reported, not found")
    decided = set(t.column("SELECT id FROM meeting_items WHERE decision != ''"))
    for e in t.steps("decision"):
        if t.extra["items"][e["s"] - 1] not in decided:
            t.lost(f"the decision on item {e['s']} was reported, not found")
    if len(voted) > len(t.steps("vote")) + 1:
        t.half_done(f"{len(voted)} votes in the file, {len(t.steps('vote'))} reported: more "
                    f"than the one a kill may leave unreported")


register(WritePath(
    "meetings", "consultation meetings: a vote recorded (the counts, the outcome and its "
    "topic's two steps together), then its decision",
    _run_meetings, _check_meetings, template="empty", prepare=_prepare_meetings,
    iterations=6))
