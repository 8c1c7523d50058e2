"""The benchmark centre: a demo database (and a 台账 workbook made from it), built once and
reused while the generator, the schema and the seed stay the same.

A centre is two files, the encrypted database ``x.db`` and its key file ``x.db.keys`` (the
data key wrapped for each account): they are built, renamed and copied together. The
scenarios open a centre with its data key (``key_of``), unwrapped once per process from the
administrator's wrap, as the login does; raw connections go through SQLCipher with it."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from neighborcenter import __version__
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.keyfile import key_file_path, read_key_file
from neighborcenter.storage.migrations import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / ".bench-cache"
PASSPHRASE = "demo1234"

RELATION_WORDS = {"head": "户主", "spouse": "配偶", "son": "子", "daughter": "女",
                  "son_in_law": "女婿", "daughter_in_law": "儿媳", "grandson": "孙子",
                  "granddaughter": "孙女", "father": "父亲", "mother": "母亲",
                  "sibling": "兄弟姐妹", "other": "其他"}
HEADERS = ["户号", "姓名", "性别", "身份证号", "出生日期", "联系电话", "小区", "楼栋", "单元",
           "门牌号", "与户主关系", "户籍类型", "人员类别"]


def data_key(residents: int, seed: int) -> str:
    """Changes when the app version, the schema or the demo generator changes."""
    demo_source = (ROOT / "neighborcenter" / "features" / "register" / "demo.py").read_bytes()
    digest = hashlib.sha256(demo_source).hexdigest()[:8]
    return f"v{__version__}-s{SCHEMA_HEAD}-g{digest}-n{residents}-seed{seed}"


def _build(path: Path, glob: str, fill) -> Path:
    """Build a set-up centre at ``path`` (under a temporary name, renamed when complete),
    removing older builds matching ``glob``; ``fill(db)`` adds what the centre holds."""
    from neighborcenter.core.centre import set_up_centre
    from neighborcenter.core.demo import DEMO_ADMIN, DEMO_CENTRE
    from neighborcenter.core.handle import Centre

    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(glob):  # an older generator's data (and its key file)
        old.unlink()
    building = path.with_name(path.name + ".building")
    for leftover in companions(building):  # of a build cut off half-way
        leftover.unlink(missing_ok=True)
    db = Centre.create(building)
    try:
        set_up_centre(db, admin_username=DEMO_ADMIN[0], admin_display_name=DEMO_ADMIN[1],
                      admin_passphrase=PASSPHRASE, language="zh_CN", **DEMO_CENTRE)
        fill(db)
    finally:
        db.close()
    for suffix in ("-wal", "-shm", ".lock", ".keys.lock"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    shutil.rmtree(building.with_name(building.stem + "-backups"), ignore_errors=True)
    os.replace(key_file_path(building), key_file_path(path))  # the keys first: the database
    os.replace(building, path)  # is the sign that the build is complete
    return path


def companions(path: Path) -> list[Path]:
    """The files of a centre at ``path``: the database, its key file, WAL, shared memory and
    lock."""
    return [path, key_file_path(path)] + [Path(str(path) + s)
                                          for s in ("-wal", "-shm", ".lock", ".keys.lock")]


def publish_built(building: Path, path: Path, info: Path, facts: dict) -> None:
    """A scenario's own database, built at ``building``, becomes ``path`` with its facts in
    ``info`` (the keys first: the database is the sign that the build is complete)."""
    import json

    for leftover in companions(building)[2:]:
        leftover.unlink(missing_ok=True)
    os.replace(key_file_path(building), key_file_path(path))
    os.replace(building, path)
    info.write_text(json.dumps(facts), encoding="utf-8")


def derived_centre(ctx, prefix: str, generation: int, fill, what: str) -> tuple[Path, dict]:
    """A scenario's own centre: a copy of the demo centre ``ctx.centre`` that ``fill(db)``
    adds to, returning the facts the scenario needs (kept beside it as JSON). Built once per
    demo centre and ``generation`` (bump it when ``fill`` changes), kept in the cache; older
    builds of the same ``prefix`` are removed."""
    import json

    from neighborcenter.core.handle import Centre

    name = f"{prefix}-{data_key(ctx.residents, ctx.seed)}-g{generation}"
    path, info = ctx.cache / f"{name}.db", ctx.cache / f"{name}.json"
    if path.exists() and key_file_path(path).exists() and info.exists():
        return path, json.loads(info.read_text(encoding="utf-8"))
    for old in ctx.cache.glob(f"{prefix}-*"):
        old.unlink()
    building = ctx.cache / f"{prefix}-building.db"
    fresh_copy(ctx.centre, building)
    ctx.log(f"building {what} …")
    db = Centre.open(building, key=key_of(building))
    try:
        facts = fill(db)
    finally:
        db.close()
    publish_built(building, path, info, facts)
    return path, facts


@contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A temporary folder for a scenario's fresh copies of a centre, removed with every
    centre in it afterwards."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work
    finally:
        for db in work.glob("*.db"):
            remove_centre(db)
        shutil.rmtree(work, ignore_errors=True)


def _built(path: Path) -> bool:
    """A complete build: the encrypted database and its key file (a plaintext file of the
    versions before encryption is built again)."""
    return (path.exists() and key_file_path(path).exists()
            and not sqlcipher.is_plaintext(path))


_KEYS: dict[tuple[bytes, bytes], bytes] = {}


def key_of(path: Path) -> bytes:
    """The data key of the centre at ``path``, unwrapped from the administrator's wrap in its
    key file with the demo passphrase (one Argon2id derivation, then remembered: copies of a
    centre share its key)."""
    kf = read_key_file(key_file_path(path))
    if kf is None:
        raise FileNotFoundError(f"no key file beside {path}")
    wrap = kf.wrap_of("admin")
    if wrap is None:
        raise LookupError(f"no wrap for admin in {key_file_path(path)}")
    if (wrap.salt, wrap.sealed) not in _KEYS:
        from neighborcenter.core import keys

        key = keys.unwrap_with_passphrase(wrap, PASSPHRASE)
        if key is None:
            raise ValueError(f"{PASSPHRASE!r} does not unwrap the key of {path}")
        _KEYS[(wrap.salt, wrap.sealed)] = key
    return _KEYS[(wrap.salt, wrap.sealed)]


def centre_db(cache: Path, residents: int, seed: int, log=print) -> Path:
    """The demo centre's database (built when missing)."""
    path = cache / f"centre-{data_key(residents, seed)}.db"
    if _built(path):
        return path
    from neighborcenter.core.demo import create_demo_staff
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.register.demo import load_demo_data

    def fill(db) -> None:
        create_demo_staff(db)
        load_demo_data(db, actor=SYSTEM_ACTOR, residents=residents, seed=seed)

    log(f"building the benchmark centre ({residents} residents, seed {seed}) in {path} …")
    # only this size's older builds go: the growth table keeps 2 000, 20 000 and 100 000
    return _build(path, f"centre-*-n{residents}-seed{seed}.db*", fill)


def empty_centre_db(cache: Path) -> Path:
    """A set-up centre with no residents (the target of the import benchmark)."""
    path = cache / f"empty-{data_key(0, 0)}.db"
    return path if _built(path) else _build(path, "empty-*.db*", lambda _db: None)


def audit_log_db(cache: Path, entries: int) -> Path:
    """A set-up centre whose audit log holds ``entries`` entries written by the app (edits
    of residents, a hundred to a unit of work, each with its English summary and detail)."""
    path = cache / f"audit-{data_key(entries, 0)}.db"
    if _built(path):
        return path
    from neighborcenter.core.audit import AuditAction, Msg, record_audit
    from neighborcenter.core.roles import SYSTEM_ACTOR

    def fill(db) -> None:
        for start in range(0, entries, 100):
            with db.unit_of_work(write=True) as uow:
                for n in range(start, min(entries, start + 100)):
                    record_audit(uow.session, SYSTEM_ACTOR, AuditAction.UPDATE,
                                 target_kind="resident", target_id=f"{n:036d}",
                                 summary=Msg("{name}: {fields} changed",
                                             args={"name": f"王桂英{n}",
                                                   "fields": ["phone", "address"]}),
                                 detail={"fields": ["phone", "address"]})
                uow.commit()

    return _build(path, "audit-*.db*", fill)


def fresh_copy(source: Path, target: Path) -> Path:
    """A copy of the centre at ``source`` (database and key file) at ``target``, without
    backups."""
    for file in companions(target):
        file.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    if key_file_path(source).exists():
        shutil.copyfile(key_file_path(source), key_file_path(target))
    backups = target.with_name(target.stem + "-backups")
    shutil.rmtree(backups, ignore_errors=True)
    return target


def remove_centre(path: Path) -> None:
    """A scratch centre's files and backups."""
    for file in companions(path):
        file.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.stem + "-backups"), ignore_errors=True)


def plaintext_copy(encrypted: Path, target: Path, key: bytes) -> Path:
    """A plaintext SQLite copy of the encrypted centre (the reverse of
    ``storage.sqlcipher.export_encrypted``), for measuring what encryption costs."""
    remove_centre(target)
    conn = sqlcipher.connect(encrypted, key)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    if not sqlcipher.is_plaintext(target):
        raise RuntimeError(f"{target} did not come out as plaintext SQLite")
    return target


def register_workbook(cache: Path, centre: Path, residents: int, seed: int) -> Path:
    """A 台账 .xlsx of the demo's people, as a community would keep it (Chinese headers,
    one row per person, the ID number as text)."""
    path = cache / f"register-{data_key(residents, seed)}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    for old in cache.glob("register-*.xlsx"):
        old.unlink()
    conn = sqlcipher.connect(centre, key_of(centre), readonly=True)
    rows = conn.execute("""
        SELECT h.number, r.name, r.sex, r.id_number, r.birth_date, r.phone, e.name, b.number,
               d.unit, d.room, r.relation_to_head, r.registration_type,
               (SELECT group_concat(tt.name, '、') FROM resident_tags rt
                  JOIN tag_types tt ON tt.id = rt.tag_type_id
                 WHERE rt.resident_id = r.id AND rt.valid_to IS NULL)
        FROM residents r
        LEFT JOIN households h ON h.id = r.household_id
        LEFT JOIN dwellings d ON d.id = r.dwelling_id
        LEFT JOIN buildings b ON b.id = d.building_id
        LEFT JOIN estates e ON e.id = b.estate_id
        ORDER BY h.number, r.relation_to_head != 'head'""").fetchall()
    conn.close()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("居民台账")
    ws.append(["幸福社区居民信息台账"])
    ws.append(HEADERS)
    registration = {"local": "户籍", "migrant": "流动", "foreign": "境外"}
    for (household, name, sex, id_number, born, phone, estate, building, unit, room, relation,
         reg, tags) in rows:
        ws.append([household, name, "男" if sex == "M" else "女", id_number, born, phone,
                   estate, building, unit, room, RELATION_WORDS.get(relation, ""),
                   registration.get(reg, ""), tags or ""])
    wb.save(path)
    return path
