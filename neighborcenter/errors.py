"""Expected failures, each carrying a translated message a person can act on.

Services raise these; the UI shows ``str(exc)`` next to the field (``exc.field``) or in a
dialog, and the command line prints it to stderr. Anything that is not an ``NCError`` is a
bug: it is logged with its traceback and shown in the crash dialog, except the faults of the
machine that ``explain_fault`` recognises (a full disk, a query too large for SQLite, a
damaged file, no memory): those become a ``StorageFault`` or ``OutOfMemory`` with a message
saying what to do.

This module stays light to import: nothing beyond the standard library at import time.
"""

from __future__ import annotations

import errno


class NCError(Exception):
    """Base of every expected, user-facing failure."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(NCError):
    """What the user typed or imported is not acceptable; the message says what to fix."""


class PermissionDenied(NCError):
    """The logged-in account's role does not allow this action."""


class AuthenticationFailed(NCError):
    """Wrong name or passphrase, or the account is archived."""


class LoginWait(AuthenticationFailed):
    """Too many wrong passphrases for a login name: the next try must wait (the message
    says until when)."""


class NotFound(NCError):
    """The record asked for does not exist (or no longer exists)."""


class DatabaseInUse(NCError):
    """Another copy of the app has this database open."""


class DatabaseBusy(NCError):
    """Another program held the database for longer than the busy timeout."""


class DatabaseProblem(NCError):
    """The database cannot be used as it is (damaged, too new, not a NeighborCenter file)."""


class SetupRequired(NCError):
    """The database has not been set up yet (no centre, no administrator)."""


# ---------------------------------------------------------------- faults of the machine


class StorageFault(NCError):
    """The disk or the database engine could not do what was asked: the disk is full, the
    request too large for SQLite, the file damaged or not a database. ``kind`` names which
    (``disk_full``, ``quota``, ``file_too_big``, ``read_only``, ``io``, ``permission``,
    ``too_large``, ``not_a_database``, ``damaged``)."""

    def __init__(self, message: str, *, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class OutOfMemory(NCError):
    """The computer ran out of memory."""


#: SQLite's result codes (``sqlite_errorname``, Python 3.11+) and the words of its messages
#: (for drivers without the code), by the kind of fault.
_SQLITE_FAULTS = (
    ("disk_full", ("SQLITE_FULL",), ("database or disk is full",)),
    ("too_large", ("SQLITE_TOOBIG",),
     ("string or blob too big", "too many sql variables", "expression tree is too large",
      "too many terms in compound select", "too many arguments on function",
      "pattern too complex", "parser stack overflow", "too many columns")),
    ("not_a_database", ("SQLITE_NOTADB",), ("file is not a database",)),
    ("damaged", ("SQLITE_CORRUPT",), ("database disk image is malformed",)),
    ("io", ("SQLITE_IOERR",), ("disk i/o error",)),
    ("read_only", ("SQLITE_READONLY",), ("attempt to write a readonly database",)),
    ("memory", ("SQLITE_NOMEM",), ("out of memory",)),
)

_OS_FAULTS = {
    errno.ENOSPC: "disk_full",
    getattr(errno, "EDQUOT", -1): "quota",
    errno.EFBIG: "file_too_big",
    errno.EROFS: "read_only",
    errno.EIO: "io",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
}

_DRIVERS = ("sqlite3", "sqlcipher3", "pysqlite2", "pysqlite3")


def explain_fault(exc: BaseException) -> NCError | None:
    """The message for a fault of the machine, or None when ``exc`` is none of them (a bug:
    log it and show the crash dialog).

    Looks at ``exc``, at what it wraps (SQLAlchemy's ``exc.orig``, the DB-API error) and at
    its causes: an ``OSError`` whose errno says the disk is full (ENOSPC), the quota used up
    (EDQUOT), the file too large (EFBIG), the disk read-only, unreadable, or the file not
    allowed; an sqlite3/sqlcipher3 error saying the same, or that the query is too large for
    SQLite ("string or blob too big", "too many SQL variables"), or that the file is damaged
    or not a database ("file is not a database"); a ``MemoryError``. The result is an
    ``NCError`` (exit status 2) whose message says what to do.
    """
    for cause in _causes(exc):
        if isinstance(cause, NCError):
            continue
        kind = _kind(cause)
        if kind is not None:
            return _fault(kind, getattr(cause, "filename", None))
    return None


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc``, what it wraps and what caused it, nearest first (a few levels deep)."""
    found: list[BaseException] = []
    todo = [exc]
    while todo and len(found) < 12:
        e = todo.pop(0)
        if any(e is f for f in found):
            continue
        found.append(e)
        for inner in (getattr(e, "orig", None), e.__cause__, e.__context__):
            if isinstance(inner, BaseException):
                todo.append(inner)
    return found


def _kind(exc: BaseException) -> str | None:
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, OSError) and exc.errno in _OS_FAULTS:
        if _OS_FAULTS[exc.errno] == "permission" and not getattr(exc, "filename", None):
            return None  # not about a file a person chose: a bug
        return _OS_FAULTS[exc.errno]
    if type(exc).__module__.split(".")[0] not in _DRIVERS:
        return None
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    for kind, codes, words in _SQLITE_FAULTS:
        if any(name == c or name.startswith(c + "_") for c in codes) \
                or any(w in text for w in words):
            return kind
    return None


def _fault(kind: str, filename: object = None) -> NCError:
    from neighborcenter.i18n import _

    if kind == "memory":
        return OutOfMemory(_("The computer ran out of memory: close other programs (or split "
                             "the file into smaller ones) and try again. Nothing was saved."))
    if kind == "disk_full":
        message = _("The disk is full: make some room (for example, delete old files or use "
                    "another USB drive) and try again. Nothing was saved.")
    elif kind == "quota":
        message = _("Your share of the disk is used up: make some room (for example, delete "
                    "old files), or ask whoever looks after this computer, and try again. "
                    "Nothing was saved.")
    elif kind == "file_too_big":
        message = _("The file has grown too large for this disk (a USB drive formatted as "
                    "FAT32 takes files of at most 4 GB): use another disk and try again. "
                    "Nothing was saved.")
    elif kind == "read_only":
        message = _("The disk or folder is read-only (a write-protected USB drive?): choose "
                    "another place, or make it writable, and try again. Nothing was saved.")
    elif kind == "io":
        message = _("The disk could not be read or written (was a USB drive taken out?): "
                    "check the disk and try again. Nothing was saved.")
    elif kind == "permission":
        message = _("NeighborCenter is not allowed to open {file}: choose another folder, or "
                    "ask whoever looks after this computer. Nothing was saved.").format(
                        file=filename)
    elif kind == "too_large":
        message = _("This is too much for the database at once (too many records chosen, or "
                    "too long a text): choose fewer records or shorten the text, and try "
                    "again. Nothing was saved.")
    elif kind == "damaged":
        message = _("The database file is damaged: restore the latest backup. Nothing was "
                    "saved.")
    else:  # not_a_database
        message = _("The file cannot be read as a NeighborCenter database: it is damaged, or "
                    "it is some other file. If it is a backup, choose another backup; if it "
                    "is the centre's database, restore the latest backup.")
    return StorageFault(message, kind=kind)
