"""Opening the database: lock it, check it is ours, back it up, migrate it, hand out units of work.

One engine per database, on SQLCipher with the centre's data key (storage/sqlcipher.py),
``foreign_keys=ON``, WAL and ``synchronous=FULL`` (a commit that returned is on disk). SQL
parameters never reach a log or an error message (``hide_parameters``). The file is created
0600, so its WAL is too. A second copy of the app on the same file gets ``DatabaseInUse``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.backup import make_backup, remove_leftovers
from neighborcenter.storage.files import make_private, private_folder, touch_private
from neighborcenter.storage.lock import acquire_lock, lock_path  # noqa: F401 - used from here
from neighborcenter.storage.migrations import (
    SCHEMA_HEAD,
    alembic_config,
    known_revisions,
    read_schema_revision,
)
from neighborcenter.storage.uow import UnitOfWork, install_change_tracking

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 64 * 1024


def _configure_sqlite(dbapi_connection, connection_record) -> None:  # noqa: ARG001
    # We issue BEGIN ourselves (see _begin) so that write transactions can be IMMEDIATE.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA temp_store=MEMORY")  # sorts and temporary tables never touch disk
    # Up to 64 MiB of decrypted pages stay in memory: with SQLCipher every page read from the
    # OS cache is decrypted again, and a one-letter search reads most of the register
    # (20 000 residents: a 35 MB file; search p95 67 -> 26 ms in the benchmark)
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _begin(conn) -> None:
    mode = conn.get_execution_options().get("nc_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path, key: bytes | None) -> Engine:
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher.dbapi, hide_parameters=True)

    def _unlock(dbapi_connection, connection_record) -> None:  # noqa: ARG001
        sqlcipher.apply_key(dbapi_connection, key)

    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "connect", _unlock, insert=True)  # the key comes before anything
    event.listen(engine, "begin", _begin)
    return engine


class Database:
    """An open NeighborCenter database. Use ``Database.open``; close it when done."""

    def __init__(self, path: Path, engine: Engine, lock: FileLock | None,
                 key: bytes | None) -> None:
        self.path = path
        self.key = key  # the data key (None: a first-version plaintext file)
        self._checks: set[Any] = set()
        self.engine = engine
        self._lock = lock
        self.session_factory: sessionmaker[Session] = sessionmaker(
            bind=engine, expire_on_commit=False
        )
        install_change_tracking(self.session_factory)

    @classmethod
    def open(cls, path: Path, *, key: bytes | None, create: bool = True,
             lock: bool = True) -> Database:
        """Open the file at ``path`` with the data ``key`` (None only for a plaintext file of
        the first versions). ``create=False`` refuses a missing file instead of making one."""
        path = Path(path)
        if not path.exists():
            if not create:
                raise DatabaseProblem(_("There is no database at {path}.").format(path=path))
            private_folder(path.parent)
            touch_private(path)
        file_lock = acquire_lock(path) if lock else None
        try:
            if file_lock is not None:
                remove_leftovers(path)  # of a backup, restore or key-file write cut off
            for file in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
                if file.exists():
                    make_private(file)  # files of the first versions were 0644
            revision = read_schema_revision(path, key)
            if revision != SCHEMA_HEAD:
                if file_lock is None:  # someone else may be using it: never migrate unlocked
                    raise DatabaseProblem(
                        _("The database {path} must be brought up to date first: open it in "
                          "NeighborCenter.").format(path=path))
                migrate(path, revision, key)
            engine = make_engine(path, key)
        except BaseException:
            if file_lock is not None:
                file_lock.release()
            raise
        return cls(path, engine, file_lock, key)

    def uow(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self, write=write)

    def raw_connection(self, *, readonly: bool = True):
        """A DB-API connection of its own (the backup API, a check beside the app)."""
        return sqlcipher.connect(self.path, self.key, readonly=readonly)

    @contextmanager
    def checking_connection(self) -> Iterator[Any]:
        """A read-only connection for a long check, which ``interrupt_checks`` can stop."""
        conn = self.raw_connection()
        self._checks.add(conn)
        try:
            yield conn
        finally:
            self._checks.discard(conn)
            conn.close()

    def interrupt_checks(self) -> None:
        """Stop the checks still reading (from another thread: closing the window)."""
        for conn in list(self._checks):
            conn.interrupt()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def migrate(path: Path, revision: str | None, key: bytes | None, *,
            backup: bool = True) -> None:
    """Bring the file to ``SCHEMA_HEAD``, backing it up first if it holds data."""
    if revision is not None and revision not in known_revisions():
        raise DatabaseProblem(
            _("This database was written by a newer version of NeighborCenter "
              "(schema {revision}). Install the newer version to open it.").format(
                revision=revision
            )
        )
    if revision is not None and backup:
        make_backup(path, key, reason="before-upgrade")
    from alembic import command

    log.info("migrating %s from %s to %s", path, revision, SCHEMA_HEAD)
    engine = make_engine(path, key)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
