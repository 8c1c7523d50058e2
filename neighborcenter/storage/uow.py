"""One unit of work per user action.

A service opens it (``with uow:``), does its work and calls ``uow.commit()`` once; leaving the
block without a commit rolls everything back. Write units begin ``IMMEDIATE`` so that two
writers queue instead of failing half-way. Every row a transaction inserts or changes gets
the transaction's change number (``change_seq``), taken from the single ``change_counter``
row: SQLite (and PostgreSQL, by the row lock) hand these out in commit order, so "everything
changed since N" is exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import event, insert, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from neighborcenter.errors import DatabaseBusy
from neighborcenter.i18n import _
from neighborcenter.storage.audit_chain import install_audit_chain
from neighborcenter.storage.models import ChangeCounter, Synced

if TYPE_CHECKING:
    from neighborcenter.storage.db import Database

_SEQ_KEY = "nc_change_seq"


def allocate_change_seq(session: Session) -> int:
    """The current transaction's change number (allocated on first use)."""
    seq = session.info.get(_SEQ_KEY)
    if seq is None:
        seq = session.execute(
            update(ChangeCounter)
            .where(ChangeCounter.id == 1)
            .values(value=ChangeCounter.value + 1)
            .returning(ChangeCounter.value)
        ).scalar_one()
        session.info[_SEQ_KEY] = seq
    return seq


def wrote_in(session: Session) -> bool:
    """Whether the session's transaction has written a row (it took a change number)."""
    return _SEQ_KEY in session.info


def install_change_tracking(factory: sessionmaker[Session]) -> None:
    """Stamp every row a flush writes with the transaction's change number, and seal new
    audit entries into the audit log's hash chain (``storage.audit_chain``)."""
    install_audit_chain(factory)

    @event.listens_for(factory, "before_flush")
    def _stamp(session: Session, flush_context, instances) -> None:  # noqa: ARG001
        touched = [o for o in session.new if isinstance(o, Synced)]
        touched += [
            o for o in session.dirty if isinstance(o, Synced) and session.is_modified(o)
        ]
        if touched:
            seq = allocate_change_seq(session)
            for obj in touched:
                obj.change_seq = seq

    @event.listens_for(factory, "after_transaction_end")
    def _forget(session: Session, transaction) -> None:
        if transaction.parent is None:
            session.info.pop(_SEQ_KEY, None)


def _is_locked(exc: BaseException | None) -> bool:
    """SQLite's "database is locked", raised after the busy timeout ran out."""
    return isinstance(exc, OperationalError) and "locked" in str(exc.orig)


def _busy() -> DatabaseBusy:
    return DatabaseBusy(
        _("The database is busy with another NeighborCenter window or command. "
          "Wait a moment and try again; nothing was saved."))


class UnitOfWork:
    """``with uow: …; uow.commit()``. Collects what kinds of data changed in ``changes``."""

    def __init__(self, db: Database, *, write: bool = True) -> None:
        self._db = db
        self._write = write
        self._session: Session | None = None
        self.changes: set[str] = set()
        self._committed = False

    @property
    def db(self) -> Database:
        return self._db

    @property
    def session(self) -> Session:
        """The open session; only inside ``with uow:``."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it inside `with uow:`")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("a unit of work is entered once")
        session = self._session = self._db.session_factory()
        try:
            session.connection(
                execution_options={"nc_begin": "IMMEDIATE" if self._write else "DEFERRED"}
            )
        except OperationalError as exc:
            session.close()
            if _is_locked(exc):
                raise _busy() from exc
            raise
        if self._write:
            # Foreign keys are checked at commit, not row by row: the ORM may insert a
            # resident's history before a new dwelling it points at (and households and
            # their heads point at each other). A dangling reference still fails the commit.
            session.execute(text("PRAGMA defer_foreign_keys = ON"))
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()
        if _is_locked(exc):
            raise _busy() from exc

    def commit(self) -> None:
        if not self._write:
            raise RuntimeError("read-only unit of work cannot commit")
        self.session.commit()
        self._committed = True

    def changed(self, *kinds: str) -> None:
        """Say which kinds of data this action changed (the UI reloads only those)."""
        self.changes.update(kinds)

    def bulk_insert(self, model: type[Synced], rows: list[dict]) -> None:
        """Insert many rows in one statement (the demo's 20 000 residents), stamped with this
        transaction's change number like every row the ORM writes: one write path, so the
        sync can trust ``change_seq``."""
        if not rows:  # an empty list would insert one row of defaults
            return
        seq = allocate_change_seq(self.session)
        self.session.execute(insert(model), [{**row, "change_seq": seq} for row in rows])


class Savepoint:
    """One service call inside an outer unit of work: a savepoint. ``commit`` keeps what
    the call did; leaving without it (a refusal) rolls back that call only."""

    def __init__(self, outer: UnitOfWork, write: bool) -> None:
        self._outer, self._write, self._done = outer, write, False
        self._nested: Any = None

    @property
    def db(self):
        return self._outer.db

    @property
    def session(self) -> Session:
        return self._outer.session

    @property
    def changes(self) -> set[str]:
        return self._outer.changes

    def __enter__(self) -> Savepoint:
        self._nested = self._outer.session.begin_nested()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._done:
            self._nested.rollback()

    def commit(self) -> None:
        if not self._write:
            raise RuntimeError("read-only unit of work cannot commit")
        self._nested.commit()
        self._done = True

    def changed(self, *kinds: str) -> None:
        self._outer.changed(*kinds)


class Savepoints:
    """What a service is called with (``service(batch, actor=…)``, as with a ``Centre``): its
    units of work are savepoints of one outer transaction — a demo's thousands of calls
    without a commit each, a refusal rolling back that call only."""

    def __init__(self, outer: UnitOfWork) -> None:
        self._outer = outer

    def unit_of_work(self, *, write: bool) -> Savepoint:
        return Savepoint(self._outer, write)
