"""The scenarios: each returns Figures (the thing and its floor, measured in the same run)."""

from __future__ import annotations

import compileall
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import data
from benchmarks.class_day import class_day
from benchmarks.first_window import first_window
from benchmarks.meeting_vote import meeting_vote
from benchmarks.shop_till import shop_till
from benchmarks.stats import Figure
from benchmarks.visit_sheets import visit_sheets

HERE = Path(__file__).resolve().parent
FLOOR_KEY_ENV = "NC_BENCH_DATA_KEY"  # the data key, in hex, for floor_startup.py

#: Realistic search-box texts, typed one character at a time.
SEARCHES = {
    "name": "王桂英",  # a Chinese name
    "initials": "wgy",  # pinyin initials
    "pinyin": "zhangjianguo",  # full pinyin
    "phone tail": "5678",  # last digits of a phone or ID
    "address": "3-2-501",  # 3栋2单元501
    "estate": "幸福里3栋2单元",
}


@dataclass
class Context:
    centre: Path  # the demo centre's database
    cache: Path
    residents: int
    seed: int
    runs: int
    warmup: int
    log: callable = print
    shared: dict = field(default_factory=dict)


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def prefixes(text: str) -> list[str]:
    return [text[:n] for n in range(1, len(text) + 1)]


def gui_env() -> dict:
    env = dict(os.environ, NEIGHBORCENTER_PASSPHRASE=data.PASSPHRASE)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(data.ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


#: What storage/db.py sets on every connection of the app, after the key.
APP_PRAGMAS = ("temp_store=MEMORY", "cache_size=-65536", "foreign_keys=ON", "journal_mode=WAL",
               "synchronous=FULL")


def raw_connect(path: Path, key: bytes | None):
    """A bare DB-API connection through SQLCipher with the data key and the app's pragmas (the
    floor of every query: the file is encrypted, so the floor pays the decryption too).
    ``key=None`` opens a plaintext file (the encryption scenario's comparison)."""
    from neighborcenter.storage import sqlcipher

    conn = sqlcipher.connect(path, key)
    conn.isolation_level = None
    for pragma in APP_PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    return conn


def raw_audit(conn, *, action: str, target_kind: str, target_id: str, summary: str,
              at: str) -> None:
    """The floor's audit row: the next number in the chain and its hash sealed over the
    previous one, as the app's entry is (without the app's message and detail)."""
    seq, prev = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1, (SELECT hash FROM audit_log "
                             "ORDER BY seq DESC LIMIT 1) FROM audit_log").fetchone()
    sealed = hashlib.sha256(f"{seq}|{prev}|{summary}".encode()).hexdigest()
    conn.execute("INSERT INTO audit_log (seq, prev_hash, hash, at, actor, action, target_kind, "
                 "target_id, summary) VALUES (?, ?, ?, ?, 'system', ?, ?, ?, ?)",
                 (seq, prev or "", sealed, at, action, target_kind, target_id, summary))


# ------------------------------------------------------------------------------ start-up


def startup(ctx: Context) -> list[Figure]:
    """The whole GUI process until its main window is shown, against a process that imports
    SQLAlchemy, opens the file, imports PySide6 and shows an empty QMainWindow.

    The package is compiled first, as an installed copy is: where PYTHONDONTWRITEBYTECODE is
    set, each start would otherwise compile our sources while the floor's libraries come
    compiled."""
    compileall.compile_dir(data.ROOT / "neighborcenter", quiet=1)
    env = gui_env()
    env[FLOOR_KEY_ENV] = data.key_of(ctx.centre).hex()  # the floor opens the file with it
    app_cmd = [sys.executable, "-m", "neighborcenter", "gui", "--db", str(ctx.centre),
               "--user", "admin", "--exit-after-ms", "0"]
    floor_cmd = [sys.executable, str(HERE / "floor_startup.py"), str(ctx.centre)]
    stack_cmd = floor_cmd + ["--stack"]
    app_ms, floor_ms, stack_ms, floor_rss = [], [], [], []
    for n in range(ctx.warmup + ctx.runs):
        for cmd, out in ((app_cmd, app_ms), (floor_cmd, floor_ms), (stack_cmd, stack_ms)):
            start = time.perf_counter()  # interleaved: the three share the machine's noise
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
            if n >= ctx.warmup:
                out.append(elapsed)
                if cmd is floor_cmd:
                    floor_rss.append(int(done.stdout.split()[-1]) / 1024)
    ctx.shared["floor_rss_mb"] = floor_rss
    platform = f"QT_QPA_PLATFORM={env.get('QT_QPA_PLATFORM', 'default')}"
    return [Figure("start-up (whole process)", "ms", app_ms, floor_ms,
                   "python + SQLAlchemy on SQLCipher, open the file with its raw key, "
                   "PySide6, empty QMainWindow",
                   max_ratio=1.5, max_value=1500, value_by="median", notes=[platform]),
            Figure("start-up vs its stack (no target)", "ms", app_ms, stack_ms,
                   "the floor + SQLAlchemy ORM with our models + the login's key unwrap "
                   "(one Argon2id derivation)",
                   notes=[platform, "how much of the start-up is our own code"])]


# ------------------------------------------------------------------------------ search


SEARCH_FLOOR = "raw SQLCipher connection, same statements"
SCAN_FLOOR = ("a plain Python scan of the same keys in memory (name, pinyin, initials, phones, "
              "ID number, address), + the same first page of rows")
_SCAN_KEYS = """
SELECT r.id, r.name, lower(r.pinyin_full), lower(r.pinyin_initials), coalesce(r.phone, ''),
       coalesce(r.other_phone, ''), upper(coalesce(r.id_number, '')), coalesce(e.name, ''),
       b.number, d.unit, d.room
FROM residents r LEFT JOIN dwellings d ON d.id = r.dwelling_id
LEFT JOIN buildings b ON b.id = d.building_id LEFT JOIN estates e ON e.id = b.estate_id
WHERE r.archived_at IS NULL AND r.status = 'active' ORDER BY r.pinyin_full, r.name, r.id"""


def _scan(keys: list[tuple], estates: tuple[str, ...], words) -> list[str]:
    """The second floor: every key of every resident looked at, in the list's order."""
    rows = keys
    for kind, word in words:
        if kind == "address":
            q = word
            est = q.estate.lower() if q.estate else None
            rows = [r for r in rows if r[8] is not None
                    and (est is None or est in r[7].lower())
                    and (q.building is None or r[8] == q.building)
                    and (q.unit is None or r[9] == q.unit)
                    and (q.room is None or r[10] == q.room)]
        elif kind == "tail":
            w = word.upper()
            rows = [r for r in rows if r[4].endswith(w) or r[5].endswith(w) or r[6].endswith(w)]
        elif kind == "initial":
            w = word.lower()
            rows = [r for r in rows if r[3].startswith(w)]
        elif kind == "pinyin":
            w = word.lower()
            rows = [r for r in rows if r[3].startswith(w) or r[2].startswith(w)]
        else:
            at = {e for e in estates if word in e}
            w = word.lower()
            rows = [r for r in rows if w in r[1].lower() or r[7] in at]
    return [r[0] for r in rows]


def search(ctx: Context) -> list[Figure]:
    """The service behind the search box (every matching id + the first page of rows) for
    each prefix, against two floors measured in the same run: a raw SQLCipher connection
    running the statement the index replaces and the row page, and a plain Python scan of
    the same keys held in memory with the same row page. The service's index is built
    first, as it is after the login."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.register import registry, search_index

    key = data.key_of(ctx.centre)
    db = Centre.open(ctx.centre, key=key)
    conn = raw_connect(ctx.centre, key)
    figures = []
    all_app, all_floor, all_scan = [], [], []
    limit = 5 if ctx.residents <= 20_000 else 10  # issue 21: p95 at 20 000 and at 100 000
    try:
        today = dt.date.today().isoformat()
        estates = tuple(r[0] for r in conn.execute(
            "SELECT name FROM estates WHERE archived_at IS NULL"))
        keys = conn.execute(_SCAN_KEYS).fetchall()
        build_ms, held_mb = [], []
        for _n in range(max(1, min(ctx.runs, 3))):  # what a login or a change costs, aside
            with db.unit_of_work(write=False) as uow:
                search_index.forget(uow.session)
                start = time.perf_counter()
                search_index.current(uow.session)
                build_ms.append((time.perf_counter() - start) * 1000)
        with db.unit_of_work(write=False) as uow:
            driver = uow.session.connection().connection.driver_connection
            tracemalloc.start()
            held = search_index._read(driver)
            held_mb.append(tracemalloc.get_traced_memory()[0] / 1e6)
            tracemalloc.stop()
            del held

        def row_page(ids: list[str]) -> None:
            marks = ", ".join(f":i{n}" for n in range(len(ids)))
            conn.execute(registry._ROW_SQL + f" WHERE r.id IN ({marks})",
                         {"today": today, **{f"i{n}": i for n, i in enumerate(ids)}}).fetchall()

        def service(prefix: str):
            return registry.search_residents(db, actor=SYSTEM_ACTOR, query=prefix)

        def floor(prefix: str):
            sql, params = registry.search_sql(prefix, registry.SearchFilters(),
                                              estate_names=estates)
            ids = [r[0] for r in conn.execute(sql, params)]
            page = ids[:registry.PAGE_SIZE]
            if page:
                row_page(page)
            return ids

        def scan(prefix: str):
            ids = _scan(keys, estates, registry.search_words(prefix))
            page = ids[:registry.PAGE_SIZE]
            if page:
                row_page(page)
            return ids

        for label, text in SEARCHES.items():
            app_ms, floor_ms, scan_ms = [], [], []
            for prefix in prefixes(text):
                answer = service(prefix).ids
                assert answer == floor(prefix) == scan(prefix), prefix  # the same answer
                for n in range(ctx.warmup + ctx.runs):
                    a, f, c = timed(service, prefix), timed(floor, prefix), timed(scan, prefix)
                    if n >= ctx.warmup:
                        app_ms.append(a)
                        floor_ms.append(f)
                        scan_ms.append(c)
            figures.append(Figure(f"search: {label} “{text}”", "ms", app_ms, floor_ms,
                                  SEARCH_FLOOR, max_value=limit))
            all_app += app_ms
            all_floor += floor_ms
            all_scan += scan_ms
    finally:
        conn.close()
        db.close()
    size = f"{ctx.residents:,}".replace(",", " ")
    return [Figure("search: every prefix", "ms", all_app, all_floor, SEARCH_FLOOR,
                   max_value=limit, notes=[f"{size} residents; target p95 ≤ {limit} ms"]),
            Figure("search: every prefix vs a scan in memory", "ms", all_app, all_scan,
                   SCAN_FLOOR, max_value=limit,
                   notes=["the keys are the statement's; the scan pays no unit of work"]),
            Figure("search index: memory held", "MB", held_mb, [], "", max_value=50,
                   notes=[f"{size} residents (tracemalloc, after the build)"]),
            Figure("search index: built (on its own thread)", "ms", build_ms, [], "",
                   notes=[f"{size} residents; after the login and after a change to the "
                          "register, while the keystrokes are answered in SQL"]),
            ] + figures


# ------------------------------------------------------------------------------ 360° page


_DETAIL_FLOOR = (
    ("SELECT * FROM residents WHERE id = ?", "id"),
    ("SELECT * FROM households WHERE id = (SELECT household_id FROM residents WHERE id = ?)",
     "id"),
    ("SELECT d.id, e.name, b.number, d.unit, d.room FROM dwellings d "
     "JOIN buildings b ON b.id = d.building_id JOIN estates e ON e.id = b.estate_id "
     "WHERE d.id = (SELECT dwelling_id FROM residents WHERE id = ?)", "id"),
    ("SELECT t.*, tt.name FROM resident_tags t JOIN tag_types tt ON tt.id = t.tag_type_id "
     "WHERE t.resident_id = ? AND t.archived_at IS NULL", "id"),
    ("SELECT * FROM consents WHERE resident_id = ? AND archived_at IS NULL", "id"),
    ("SELECT * FROM emergency_contacts WHERE resident_id = ? AND archived_at IS NULL", "id"),
    ("SELECT ev.*, fe.name, fb.number, fd.unit, fd.room, te.name, tb.number, td.unit, td.room "
     "FROM residence_events ev "
     "LEFT JOIN dwellings fd ON fd.id = ev.from_dwelling_id "
     "LEFT JOIN buildings fb ON fb.id = fd.building_id "
     "LEFT JOIN estates fe ON fe.id = fb.estate_id "
     "LEFT JOIN dwellings td ON td.id = ev.to_dwelling_id "
     "LEFT JOIN buildings tb ON tb.id = td.building_id "
     "LEFT JOIN estates te ON te.id = tb.estate_id "
     "WHERE ev.resident_id = ? ORDER BY ev.\"on\"", "id"),
)


def detail(ctx: Context) -> list[Figure]:
    """Opening residents' 360° pages (the service), against the raw queries that fetch the
    same rows (the person, household and members with their list rows, address, tags,
    consents, contacts, history)."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.register import registry

    key = data.key_of(ctx.centre)
    conn = raw_connect(ctx.centre, key)
    ids = [r[0] for r in conn.execute("SELECT id FROM residents ORDER BY id")]
    chosen = random.Random(ctx.seed).sample(ids, min(40, len(ids)))
    today = dt.date.today().isoformat()

    def floor(rid: str) -> None:
        for sql, _kind in _DETAIL_FLOOR:
            conn.execute(sql, (rid,)).fetchall()
        members = [r[0] for r in conn.execute(
            "SELECT id FROM residents WHERE household_id = (SELECT household_id FROM residents "
            "WHERE id = ?) AND archived_at IS NULL ORDER BY birth_date", (rid,))]
        if members:
            marks = ", ".join(f":i{n}" for n in range(len(members)))
            conn.execute(registry._ROW_SQL + f" WHERE r.id IN ({marks})",
                         {"today": today, **{f"i{n}": i for n, i in enumerate(members)}}
                         ).fetchall()

    db = Centre.open(ctx.centre, key=key)

    def open_page(rid: str) -> None:
        registry.resident_detail(db, actor=SYSTEM_ACTOR, resident_id=rid)

    app_ms, floor_ms = [], []
    try:
        for n in range(ctx.warmup + ctx.runs):
            for rid in chosen:
                a, f = timed(open_page, rid), timed(floor, rid)
                if n >= ctx.warmup:
                    app_ms.append(a)
                    floor_ms.append(f)
    finally:
        db.close()
        conn.close()
    return [Figure("360° resident page", "ms", app_ms, floor_ms,
                   "raw SQLCipher connection fetching the same rows", max_value=100)]


# ------------------------------------------------------------------------------ import


def excel_import(ctx: Context) -> list[Figure]:
    """Importing the whole 台账 workbook into an empty centre (read, check every row, look
    for duplicates, back up, write in one transaction), against openpyxl reading the same
    file in read-only mode."""
    from openpyxl import load_workbook

    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.register import register_io

    workbook = data.register_workbook(ctx.cache, ctx.centre, ctx.residents, ctx.seed)
    empty = data.empty_centre_db(ctx.cache)
    key = data.key_of(empty)
    target = ctx.cache / "import-target.db"

    def floor() -> int:
        wb = load_workbook(workbook, read_only=True)
        n = sum(1 for _row in wb.active.iter_rows(values_only=True))
        wb.close()
        return n

    runs = max(1, min(ctx.runs, 3))  # each run is a whole 20 000-row import
    app_ms, floor_ms, notes = [], [], []
    for n in range(min(ctx.warmup, 1) + runs):
        data.fresh_copy(empty, target)
        db = Centre.open(target, key=key)
        try:
            start = time.perf_counter()
            report = register_io.import_residents(db, actor=SYSTEM_ACTOR, path=workbook)
            a = (time.perf_counter() - start) * 1000
        finally:
            db.close()
        f = timed(floor)
        created = report.count("create")
        if created < 0.95 * ctx.residents:
            raise RuntimeError(f"the import created only {created} of {ctx.residents} rows: "
                               f"{report.summary()}")
        if n >= min(ctx.warmup, 1):
            app_ms.append(a)
            floor_ms.append(f)
            notes = [f"{created} residents created, {report.count('reject')} rejected"]
    data.remove_centre(target)
    return [Figure("Excel import (whole workbook)", "ms", app_ms, floor_ms,
                   "openpyxl read-only read of the same file", max_ratio=3, notes=notes)]


# ------------------------------------------------------------------------------ audit chain


AUDIT_ENTRIES = 10_000


def audit_chain(ctx: Context) -> list[Figure]:
    """Verifying the audit log's hash chain (what ``check`` does on top of SQLite's own
    checks) over 10 000 entries (1 000 in a smoke run), against a raw SQLCipher connection
    reading the same rows in the same order."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.storage.audit_chain import verify_audit_chain

    entries = AUDIT_ENTRIES if ctx.residents >= 1000 else 1000  # the smoke run: a tenth
    path = data.audit_log_db(ctx.cache, entries)
    key = data.key_of(path)
    conn = raw_connect(path, key)
    db = Centre.open(path, key=key)

    def floor() -> None:
        conn.execute(
            "SELECT seq, at, account_id, actor, action, target_kind, target_id, summary, "
            "detail, prev_hash, hash, id FROM audit_log ORDER BY seq, id").fetchall()

    def verify() -> None:
        with db.database.engine.connect() as sa_conn:
            faults = verify_audit_chain(sa_conn)
        if faults:
            raise RuntimeError(f"the benchmark's audit log is not intact: {faults[:3]}")

    app_ms, floor_ms = [], []
    try:
        for n in range(ctx.warmup + ctx.runs):
            a, f = timed(verify), timed(floor)
            if n >= ctx.warmup:
                app_ms.append(a)
                floor_ms.append(f)
    finally:
        db.close()
        conn.close()
    return [Figure("audit chain verified (check)", "ms", app_ms, floor_ms,
                   "raw SQLCipher connection reading the same rows", max_value=1000,
                   notes=[f"{entries} entries"])]


# ------------------------------------------------------------------------------ encryption


#: The tables an import of a 台账 writes, parents first; a household's head is set once the
#: residents are in (households.head_id and residents.household_id point at each other).
IMPORT_TABLES = ("estates", "buildings", "dwellings", "households", "residents",
                 "resident_tags")


def _import_rows(conn) -> list[tuple[str, list[str], list[tuple]]]:
    """Every row of the import's tables in the benchmark centre (tag types first), as (table,
    columns, rows); a resident tag carries its tag type's code instead of its id, since ids
    differ per centre (``_bulk_insert`` puts the target's back)."""
    out = []
    tag_codes = dict(conn.execute("SELECT id, code FROM tag_types"))
    tag_rows = conn.execute("SELECT * FROM tag_types").fetchall()
    tag_cols = [d[0] for d in conn.execute("SELECT * FROM tag_types LIMIT 0").description]
    out.append(("tag_types", tag_cols, tag_rows))
    for table in IMPORT_TABLES:
        cur = conn.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        if table == "resident_tags":
            i = cols.index("tag_type_id")
            rows = [r[:i] + (tag_codes[r[i]],) + r[i + 1:] for r in rows]  # id → code
        out.append((table, cols, rows))
    return out


def _bulk_insert(conn, rows: list[tuple[str, list[str], list[tuple]]]) -> int:
    """One IMMEDIATE transaction writing all ``rows``, as the import's commit does."""
    conn.execute("BEGIN IMMEDIATE")
    target_tags = dict(conn.execute("SELECT code, id FROM tag_types"))
    written = 0
    heads: list[tuple[str, str]] = []
    for table, cols, table_rows in rows:
        if table == "tag_types":
            code = cols.index("code")
            table_rows = [r for r in table_rows if r[code] not in target_tags]
        elif table == "resident_tags":
            i = cols.index("tag_type_id")
            table_rows = [r[:i] + (target_tags[r[i]],) + r[i + 1:] for r in table_rows]
        elif table == "households":
            i, key = cols.index("head_id"), cols.index("id")
            heads = [(r[i], r[key]) for r in table_rows if r[i] is not None]
            table_rows = [r[:i] + (None,) + r[i + 1:] for r in table_rows]
        marks = ", ".join("?" for _ in cols)
        conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                         table_rows)
        written += len(table_rows)
        if table == "tag_types":
            target_tags = dict(conn.execute("SELECT code, id FROM tag_types"))
        elif table == "residents":
            conn.executemany("UPDATE households SET head_id = ? WHERE id = ?", heads)
    conn.execute("COMMIT")
    return written


def encryption(ctx: Context) -> list[Figure]:
    """What SQLCipher costs: the same work through raw connections on the encrypted file and on
    a plaintext copy of it (the floor), so each ratio is encrypted / plaintext. Start-up: the
    login's key unwrap (one Argon2id derivation, no floor) and opening a connection with the
    raw data key (no key derivation: it should cost next to nothing). The quick check that
    follows each login (every page read). Search: the search scenario's floor statements for
    every prefix. Import: one transaction writing the rows of the import's tables (estates …
    residents, tags) into a copy of the empty centre."""
    from neighborcenter.core import keys
    from neighborcenter.features.register import registry
    from neighborcenter.storage.keyfile import key_file_path, read_key_file

    key = data.key_of(ctx.centre)
    scratch = ctx.cache / "encryption"
    scratch.mkdir(parents=True, exist_ok=True)
    plain = data.plaintext_copy(ctx.centre, scratch / "plain.db", key)
    empty = data.empty_centre_db(ctx.cache)
    empty_key = data.key_of(empty)
    plain_empty = data.plaintext_copy(empty, scratch / "plain-empty.db", empty_key)
    enc_target, plain_target = scratch / "insert-encrypted.db", scratch / "insert-plain.db"
    figures = []
    try:
        # -- start-up: the key unwrap, and a connection opened with the raw key
        wrap = read_key_file(key_file_path(ctx.centre)).wrap_of("admin")
        params = ", ".join(f"{k}={v}" for k, v in wrap.params.items())
        unwrap_ms = []
        for n in range(ctx.warmup + ctx.runs * 5):
            ms = timed(keys.unwrap_with_passphrase, wrap, data.PASSPHRASE)
            if n >= ctx.warmup:
                unwrap_ms.append(ms)
        figures.append(Figure("encryption: login's key unwrap", "ms", unwrap_ms, [], "",
                              notes=[f"Argon2id {params} (m in KiB); no floor: it is the "
                                     "passphrase check, once per login"]))

        def open_one(path: Path, k: bytes | None) -> None:
            conn = raw_connect(path, k)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.close()

        enc_ms, plain_ms = [], []
        for n in range(ctx.warmup + ctx.runs * 10):
            e, f = timed(open_one, ctx.centre, key), timed(open_one, plain, None)
            if n >= ctx.warmup:
                enc_ms.append(e)
                plain_ms.append(f)
        figures.append(Figure("encryption: open a connection", "ms", enc_ms, plain_ms,
                              "the same on a plaintext copy",
                              notes=["PRAGMA key with the raw data key (no KDF), the app's "
                                     "pragmas, one read of the schema"]))

        # -- the quick check the app runs after each login (a background thread), which reads
        # every page of the file
        def quick_check(path: Path, k: bytes | None) -> None:
            conn = raw_connect(path, k)
            try:
                if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise RuntimeError(f"the quick check of {path} found problems")
            finally:
                conn.close()

        enc_ms, plain_ms = [], []
        for n in range(ctx.warmup + ctx.runs):
            e, f = timed(quick_check, ctx.centre, key), timed(quick_check, plain, None)
            if n >= ctx.warmup:
                enc_ms.append(e)
                plain_ms.append(f)
        figures.append(Figure("encryption: quick check", "ms", enc_ms, plain_ms,
                              "the same on a plaintext copy",
                              notes=[f"PRAGMA quick_check over {ctx.centre.stat().st_size >> 20}"
                                     " MB: every page read and decrypted"]))

        # -- search: the same statements on both files
        enc_conn, plain_conn = raw_connect(ctx.centre, key), raw_connect(plain, None)
        try:
            today = dt.date.today().isoformat()
            estates = tuple(r[0] for r in enc_conn.execute("SELECT name FROM estates"))

            def run_search(conn, prefix: str) -> list[str]:
                sql, params_ = registry.search_sql(prefix, registry.SearchFilters(),
                                                   estate_names=estates)
                ids = [r[0] for r in conn.execute(sql, params_)]
                page = ids[:registry.PAGE_SIZE]
                if page:
                    marks = ", ".join(f":i{n}" for n in range(len(page)))
                    conn.execute(registry._ROW_SQL + f" WHERE r.id IN ({marks})",
                                 {"today": today, **{f"i{n}": i for n, i in enumerate(page)}}
                                 ).fetchall()
                return ids

            enc_ms, plain_ms = [], []
            for text in SEARCHES.values():
                for prefix in prefixes(text):
                    assert run_search(enc_conn, prefix) == run_search(plain_conn, prefix)
                    for n in range(ctx.warmup + ctx.runs):
                        e = timed(run_search, enc_conn, prefix)
                        f = timed(run_search, plain_conn, prefix)
                        if n >= ctx.warmup:
                            enc_ms.append(e)
                            plain_ms.append(f)
        finally:
            enc_conn.close()
            plain_conn.close()
        figures.append(Figure("encryption: search, every prefix", "ms", enc_ms, plain_ms,
                              "the same statements on a plaintext copy",
                              notes=["raw connections, the app's pragmas and page cache"]))

        # -- import: one transaction of the import's tables into an empty centre
        source = raw_connect(ctx.centre, key)
        try:
            rows = _import_rows(source)
        finally:
            source.close()
        enc_ms, plain_ms = [], []
        written = 0
        runs = max(1, min(ctx.runs, 3))
        for n in range(min(ctx.warmup, 1) + runs):
            data.fresh_copy(empty, enc_target)
            data.remove_centre(plain_target)
            shutil.copyfile(plain_empty, plain_target)
            times = []
            for path, k in ((enc_target, empty_key), (plain_target, None)):
                conn = raw_connect(path, k)
                try:
                    start = time.perf_counter()
                    written = _bulk_insert(conn, rows)
                    times.append((time.perf_counter() - start) * 1000)
                finally:
                    conn.close()
            if n >= min(ctx.warmup, 1):
                enc_ms.append(times[0])
                plain_ms.append(times[1])
        figures.append(Figure("encryption: bulk insert (import)", "ms", enc_ms,
                              plain_ms, "the same transaction on a plaintext copy",
                              notes=[f"{written} rows in one IMMEDIATE transaction, "
                                     "synchronous=FULL, WAL"]))
    finally:
        for path in (plain, plain_empty, enc_target, plain_target):
            data.remove_centre(path)
        if not any(scratch.iterdir()):
            scratch.rmdir()
    return figures


# ------------------------------------------------------------------------------ bombs


def bomb_files(ctx: Context) -> list[Figure]:
    """Hostile sheets (benchmarks/bombs.py: a value in column XFD, merged ranges to the end
    of the sheet, 60 000 merged ranges, 200 000 rows, a zip bomb, millions of shared
    strings, a 49 MB line of CSV), each read by the importer in a fresh process: the time
    to refuse it and the peak RSS (the bound for any file up to 50 MB: a minute, 500 MB).
    The floor of the memory figure is the same process before it reads the file."""
    from benchmarks import bombs

    files = bombs.build(ctx.cache / "bombs")
    figures = []
    for name, path in files.items():
        ms, rss, floor, notes = [], [], [], []
        for _n in range(max(1, min(ctx.runs, 3))):
            done = subprocess.run([sys.executable, "-m", "benchmarks.bombs", str(path)],
                                  cwd=data.ROOT, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise RuntimeError(f"the bomb probe failed on {path}:\n{done.stderr[-2000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            ms.append(result["ms"])
            rss.append(result["rss_kb"] / 1024)
            floor.append(result["baseline_kb"] / 1024)
            notes = [f"{path.stat().st_size / 1024:.0f} KB file; {result['outcome'][:90]}"]
        figures += [Figure(f"bomb: {name}", "ms", ms, [], "", max_value=60_000, notes=notes),
                    Figure(f"bomb: {name}, peak RSS", "MB", rss, floor,
                           "the probe before reading", max_value=500)]
    return figures


# ------------------------------------------------------------------------------ GUI


def gui(ctx: Context) -> list[Figure]:
    """In the real GUI: peak RSS with the resident list shown, and keystroke → list model
    updated for every prefix of the realistic searches."""
    queries = list(SEARCHES.values())
    env = gui_env()
    probes = max(1, min(ctx.runs, 3))
    rss, keys = [], []
    for _n in range(probes):
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.gui_probe", str(ctx.centre), json.dumps(queries),
             "1"], env=env, capture_output=True, text=True, timeout=600, cwd=data.ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"the GUI probe failed:\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        rss.append(result["rss_list_kb"] / 1024)
        for samples in result["keystroke_ms"].values():
            keys += samples
    floor_rss = ctx.shared.get("floor_rss_mb") or []
    return [
        Figure("keystroke → list painted (GUI)", "ms", keys, [], "",
               max_value=16 if ctx.residents <= 20_000 else 33,
               notes=["worker thread, queued signal, model reset, the view painted; no floor; "
                      "target one frame at 60 Hz at 20 000 residents, two at 100 000"]),
        Figure("peak RSS, resident list shown", "MB", rss, floor_rss,
               "the start-up floor process",
               max_value=300 if ctx.residents <= 20_000 else None,
               notes=["reported at 100 000 residents (issue 21), target at 20 000"]),
    ]


# ------------------------------------------------------------------------------ points ledger


LEDGER_ENTRIES = 500_000  # a district's ledger (5 000 in a smoke run)
LEDGER_VOLUNTEERS = 5_000
STATEMENT_YEARS = 10
LEDGER_GENERATION = 1  # bump when the generator below changes (the cached file is rebuilt)


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")  # how the app stores a UTC datetime


def _fill_ledger(conn, entries: int, seed: int) -> dict:
    """Volunteers, their accounts and ``entries`` ledger entries, straight into the tables
    in one transaction: earnings from the centre's "issued" account and redemptions into
    "redeemed" (never below zero), spread over ten years; the first volunteer has a
    statement of ten years, three entries a week."""
    import uuid

    from neighborcenter.features.volunteers.rules import volunteer_number

    rng = random.Random(seed)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    start = dt.datetime(2016, 7, 1, 2, 0)
    stamp = _stamp(start)
    volunteers, accounts, txs, rows = [], [], [], []
    centre = {name: new_id() for name in ("issued", "redeemed", "expired", "adjustments")}
    for name, account in centre.items():
        accounts.append((None, name, account, stamp, stamp, 1, None))
    people = max(2, min(LEDGER_VOLUNTEERS, entries // 100))
    mine = []
    for n in range(people):
        vid, account = new_id(), new_id()
        volunteers.append((volunteer_number(n + 1), None, f"志愿者{n + 1:05d}", None, None,
                           None, None, "幸福社区", None, "", "", "elder_care", "staff",
                           "2016-06-01", "2016-06-01", "active", None, "", vid, stamp, stamp,
                           1, None))
        accounts.append((vid, None, account, stamp, stamp, 1, None))
        mine.append(account)

    def move(kind: str, when: dt.datetime, source: str, target: str, points: int,
             reason: str) -> None:
        tx = new_id()
        at = _stamp(when)
        txs.append((kind, f"bench:{tx}", when.date().isoformat(), reason, None, None,
                    "wangli", tx, at, at, 1, None))
        rows.append((tx, source, -points, new_id(), at, at, 1, None))
        rows.append((tx, target, points, new_id(), at, at, 1, None))

    # the first volunteer: ten years, a visit and a patrol a week, a redemption each week
    balance = 0
    for week in range(52 * STATEMENT_YEARS):
        monday = start + dt.timedelta(weeks=week)
        for offset, points, reason in ((1, 20, "探访独居老人"), (4, 25, "夜间治安巡逻")):
            move("earn", monday + dt.timedelta(days=offset), centre["issued"], mine[0],
                 points, reason)
            balance += points
        spend = rng.randint(10, min(60, balance))
        move("redeem", monday + dt.timedelta(days=5, hours=3), mine[0], centre["redeemed"],
             spend, "匠心坊兑换")
        balance -= spend
    # the others: earnings and redemptions until the ledger has its size
    balances = dict.fromkeys(mine, 0)
    span = STATEMENT_YEARS * 365 * 24 * 3600
    while len(rows) < entries:
        account = mine[rng.randrange(1, people)] if people > 1 else mine[0]
        when = start + dt.timedelta(seconds=rng.randrange(span))
        if balances[account] >= 30 and rng.random() < 0.4:
            points = rng.randint(10, balances[account])
            move("redeem", when, account, centre["redeemed"], points, "匠心坊兑换")
            balances[account] -= points
        else:
            points = rng.choice((10, 15, 20, 25, 30))
            move("earn", when, centre["issued"], account, points, "志愿服务")
            balances[account] += points
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(f"INSERT INTO volunteers (number, resident_id, name, sex, birth_date, "
                     f"id_type, id_number, area, phone, organisation, skills, categories, "
                     f"entered_by, consent_on, joined_on, status, valid_to, notes, id, "
                     f"created_at, updated_at, change_seq, archived_at) VALUES "
                     f"({', '.join('?' * 23)})", volunteers)
    conn.executemany("INSERT INTO points_accounts (volunteer_id, centre_account, id, "
                     "created_at, updated_at, change_seq, archived_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?)", accounts)
    conn.executemany("INSERT INTO points_transactions (kind, request_key, \"on\", reason, "
                     "reverses_id, source, recorded_by, id, created_at, updated_at, "
                     "change_seq, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     txs)
    conn.executemany("INSERT INTO points_entries (transaction_id, account_id, amount, id, "
                     "created_at, updated_at, change_seq, archived_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    return {"volunteers": people, "entries": len(rows),
            "statement": 3 * 52 * STATEMENT_YEARS, "number": volunteer_number(1)}


def ledger_db(ctx: Context) -> tuple[Path, dict]:
    """The ledger benchmark's centre (built once, kept in the cache while the app version,
    the schema and this generator stay the same): a set-up centre whose points tables were
    filled by ``_fill_ledger``."""
    from neighborcenter.storage.keyfile import key_file_path

    entries = LEDGER_ENTRIES if ctx.residents >= 1000 else 5_000  # the smoke run: a hundredth
    name = f"ledger-{data.data_key(entries, ctx.seed)}-g{LEDGER_GENERATION}"
    path, info = ctx.cache / f"{name}.db", ctx.cache / f"{name}.json"
    if path.exists() and key_file_path(path).exists() and info.exists():
        return path, json.loads(info.read_text(encoding="utf-8"))
    for old in ctx.cache.glob("ledger-*"):
        old.unlink()
    building = ctx.cache / "ledger-building.db"
    data.fresh_copy(data.empty_centre_db(ctx.cache), building)
    ctx.log(f"building the ledger centre ({entries} entries) …")
    conn = raw_connect(building, data.key_of(building))
    try:
        facts = _fill_ledger(conn, entries, ctx.seed)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    data.publish_built(building, path, info, facts)
    return path, facts


def _statements_of(engine, call) -> list[tuple[str, object]]:
    """The SQL statements (with their parameters) that ``call()`` sends through ``engine``:
    a floor replays exactly these on a raw connection."""
    from sqlalchemy import event

    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def statement(ctx: Context) -> list[Figure]:
    """One volunteer's statement (存折: every entry with its running balance, and what will
    expire) over ten years of three entries a week, in a district-sized ledger: the service
    ``ledger.volunteer_statement`` against a raw SQLCipher connection running the same
    queries and summing in Python."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.volunteers import ledger

    path, facts = ledger_db(ctx)
    key = data.key_of(path)
    conn = raw_connect(path, key)
    db = Centre.open(path, key=key)
    number = facts["number"]
    today = dt.date(2026, 7, 1)

    def service() -> tuple[int, int, int]:
        st = ledger.volunteer_statement(db, actor=SYSTEM_ACTOR, volunteer=number, today=today)
        return len(st.lines), st.balance, st.expiring_points

    queries = _statements_of(db.database.engine, service)

    def floor() -> tuple[int, int]:
        lines = running = 0
        for sql, params in queries:
            cur = conn.execute(sql, params)
            rows = cur.fetchall()
            names = [d[0] for d in cur.description]
            if "ORDER BY points_transactions.created_at" in sql:  # the statement's lines
                amount = names.index("amount")
                for row in rows:
                    running += row[amount]
                    lines += 1
        return lines, running

    app_ms, floor_ms = [], []
    try:
        answer = service()
        if answer[:2] != floor() or answer[0] != facts["statement"]:
            raise RuntimeError(f"the statement and its floor disagree: {answer} {floor()}")
        for n in range(ctx.warmup + ctx.runs):
            for _repeat in range(5):
                a, f = timed(service), timed(floor)
                if n >= ctx.warmup:
                    app_ms.append(a)
                    floor_ms.append(f)
    finally:
        db.close()
        conn.close()
    return [Figure("points: one statement (10 years)", "ms", app_ms, floor_ms,
                   "raw SQLCipher connection, the same statements, running balance in Python",
                   max_ratio=3, max_value=200,
                   notes=[f"{facts['statement']} entries of one volunteer among "
                          f"{facts['entries']} entries"])]


def ledger(ctx: Context) -> list[Figure]:
    """Every account's balance in a district-sized ledger (500 000 entries; the CLI's
    ``points balance`` and the auditor's zero sum): the service ``ledger.ledger_balances``
    against a raw ``SELECT account_id, SUM(amount) … GROUP BY`` and the accounts' names."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.volunteers import ledger as points

    path, facts = ledger_db(ctx)
    key = data.key_of(path)
    conn = raw_connect(path, key)
    db = Centre.open(path, key=key)

    def service() -> tuple[int, int, int]:
        b = points.ledger_balances(db, actor=SYSTEM_ACTOR)
        return len(b.accounts), b.total, b.entries

    def floor() -> tuple[int, int, int]:
        sums = conn.execute("SELECT account_id, SUM(amount), COUNT(*) FROM points_entries "
                            "GROUP BY account_id").fetchall()
        names = conn.execute("SELECT a.id, a.centre_account, v.name, v.number "
                             "FROM points_accounts a LEFT JOIN volunteers v "
                             "ON v.id = a.volunteer_id").fetchall()
        return len(names), sum(r[1] for r in sums), sum(r[2] for r in sums)

    app_ms, floor_ms = [], []
    try:
        answer = service()
        if answer != floor() or answer[1] != 0 or answer[2] != facts["entries"]:
            raise RuntimeError(f"the balances and their floor disagree: {answer} {floor()}")
        for n in range(ctx.warmup + ctx.runs):
            a, f = timed(service), timed(floor)
            if n >= ctx.warmup:
                app_ms.append(a)
                floor_ms.append(f)
    finally:
        db.close()
        conn.close()
    return [Figure("points: every balance (district)", "ms", app_ms, floor_ms,
                   "raw SQLCipher: SELECT account_id, SUM(amount) … GROUP BY, account names",
                   max_ratio=2, max_value=2000,
                   notes=[f"{facts['entries']} entries, {facts['volunteers']} volunteers"])]


SCENARIOS = {
    "startup": startup,
    "search": search,
    "detail": detail,
    "import": excel_import,
    "bombs": bomb_files,
    "audit": audit_chain,
    "encryption": encryption,
    "gui": gui,
    "statement": statement,
    "ledger": ledger,
    "visit_sheets": visit_sheets,
    "class_day": class_day,
    "shop_till": shop_till,
    "meeting_vote": meeting_vote,
    "first_window": first_window,
}
