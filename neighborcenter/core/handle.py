"""The one application handle: a centre's database, opened from its path.

The window and the CLI hold a ``Centre`` and call services through it: ``search_residents(
centre, actor=…, query=…)``. Each service declares itself a read or a write (``@reads`` /
``@writes`` in core/service.py) and opens its own unit of work on the handle; callers pass
an actor and plain values, never a session or a unit of work, and no screen or command
imports storage/. The database worker gives each job a *tracking* view of the handle, which
collects what the job's units of work changed, for the main window to broadcast.
"""

from __future__ import annotations

from pathlib import Path

from neighborcenter.errors import DatabaseProblem
from neighborcenter.i18n import _
from neighborcenter.storage import sqlcipher
from neighborcenter.storage.db import Database
from neighborcenter.storage.files import private_folder
from neighborcenter.storage.keyfile import new_data_key, read_setup_key, write_setup_key
from neighborcenter.storage.uow import UnitOfWork


def _unfinished_first_version(path: Path) -> bool:
    """A plaintext file of the first versions with its tables but no centre: its set-up was
    never finished, so it holds no data (nothing can be entered before the set-up)."""
    if not sqlcipher.is_plaintext(path):
        return False
    conn = sqlcipher.connect(path, None, readonly=True)
    try:
        return conn.execute("SELECT count(*) FROM centres").fetchone()[0] == 0
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


class Centre:
    def __init__(self, db: Database, *, tracking: bool = False) -> None:
        self._db = db
        self._opened: list[UnitOfWork] | None = [] if tracking else None
        self._files_changed: set[str] = set()

    @classmethod
    def open(cls, path: Path, *, key: bytes | None, lock: bool = True) -> Centre:
        """Open (and migrate, after a backup) the existing database at ``path`` with its data
        key: the login (core/unlock.py) unwraps it. A missing file is refused, not made."""
        return cls(Database.open(path, key=key, create=False, lock=lock))

    @classmethod
    def create(cls, path: Path) -> Centre:
        """A new, empty, encrypted database with a new random data key; ``set_up_centre``
        wraps the key for the first administrator and the recovery key. A set-up that was
        cut off before its commit is taken up again on its own file."""
        path = Path(path)
        key = read_setup_key(path)
        if path.exists() and path.stat().st_size > 0 and key is None:
            if not _unfinished_first_version(path):
                raise DatabaseProblem(_("There is already a database at {path}.").format(
                    path=path))
            # a first version's file whose set-up never finished: kept aside, not deleted
            path.replace(path.with_name(path.name + ".unfinished-setup"))
        if key is None:
            key = new_data_key()
            private_folder(path.parent)
            write_setup_key(path, key)  # before the file: a kill anywhere can be taken up
        return cls(Database.open(path, key=key, create=True))

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def data_key(self) -> bytes | None:
        return self._db.key

    @property
    def database(self) -> Database:
        """For the core's maintenance services (backups, checks), which work on the file."""
        return self._db

    def unit_of_work(self, *, write: bool) -> UnitOfWork:
        """For services (through @reads/@writes) and for tests that arrange data."""
        uow = self._db.uow(write=write)
        if self._opened is not None:
            self._opened.append(uow)
        return uow

    def tracking(self) -> Centre:
        """A view of the same database that remembers what its units of work changed."""
        return Centre(self._db, tracking=True)

    def files_changed(self, *kinds: str) -> None:
        """For services that change files rather than rows (a backup)."""
        self._files_changed.update(kinds)

    def changed_kinds(self) -> set[str]:
        kinds: set[str] = set(self._files_changed)
        for uow in self._opened or ():
            kinds |= uow.changes
        return kinds

    def interrupt_checks(self) -> None:
        """Closing the window: a start-up check still reading the file stops at once."""
        self._db.interrupt_checks()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Centre:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
