"""Faults of the machine (a full disk, a query too large for SQLite, a damaged file) become a
message saying what to do and exit status 2, not the crash dialog: errors.explain_fault."""

import errno
import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy.exc

from neighborcenter.errors import (
    NCError,
    OutOfMemory,
    StorageFault,
    ValidationError,
    explain_fault,
)
from neighborcenter.i18n import set_language


@pytest.fixture(autouse=True)
def _english():
    set_language("en")  # the words; their zh_CN translations come with the catalog


def _wrapped(orig: Exception) -> sqlalchemy.exc.DBAPIError:
    """As SQLAlchemy raises it: its own error, the driver's in ``orig``."""
    return sqlalchemy.exc.DBAPIError.instance(
        "INSERT INTO residents (id_number) VALUES (?)", ("110101199003074514",), orig,
        sqlite3.Error)


def _fault(exc: BaseException):
    fault = explain_fault(exc)
    assert isinstance(fault, NCError), exc
    assert fault.exit_code == 2
    return fault


@pytest.mark.parametrize("exc", [
    OSError(errno.ENOSPC, "No space left on device", "/media/u/export.xlsx"),
    sqlite3.OperationalError("database or disk is full"),
])
def test_a_full_disk_says_make_room(exc):
    for raised in (exc, _wrapped(exc) if isinstance(exc, sqlite3.Error) else exc):
        fault = _fault(raised)
        assert isinstance(fault, StorageFault) and fault.kind == "disk_full"
        assert str(fault).startswith("The disk is full: make some room")
        assert "Nothing was saved." in str(fault)


def test_a_full_disk_found_behind_the_exception_that_was_raised_while_handling_it():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("could not finish the export") from inner
    except RuntimeError as outer:
        assert _fault(outer).kind == "disk_full"


def test_quota_and_a_file_too_large_for_the_disk():
    assert _fault(OSError(errno.EFBIG, "File too large")).kind == "file_too_big"
    assert "FAT32" in str(_fault(OSError(errno.EFBIG, "File too large")))
    if hasattr(errno, "EDQUOT"):
        assert _fault(OSError(errno.EDQUOT, "Disk quota exceeded")).kind == "quota"


def test_queries_too_large_for_sqlite_are_real_errors_of_the_driver():
    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 100)
    with pytest.raises(sqlite3.DataError) as too_big:
        conn.execute("SELECT ?", ("x" * 1000,))
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 10)
    with pytest.raises(sqlite3.OperationalError) as too_many:
        conn.execute("SELECT 1 WHERE 1 IN (" + ",".join("?" * 20) + ")", tuple(range(20)))
    for exc in (too_big.value, too_many.value):
        fault = _fault(_wrapped(exc))
        assert isinstance(fault, StorageFault) and fault.kind == "too_large"
        assert "choose fewer records" in str(fault)
    # without the driver's code, its words are enough
    assert _fault(sqlite3.OperationalError("too many SQL variables")).kind == "too_large"


def test_a_damaged_backup_is_not_a_database(tmp_path):
    backup = tmp_path / "backup.db"
    backup.write_bytes(b"\x13" * 8192)  # not SQLite, nor anything SQLCipher opens
    engine = sqlalchemy.create_engine(f"sqlite:///{backup}")
    with pytest.raises(sqlalchemy.exc.DatabaseError) as raised:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT * FROM sqlite_master").fetchall()
    engine.dispose()
    fault = _fault(raised.value)
    assert isinstance(fault, StorageFault) and fault.kind == "not_a_database"
    assert "choose another backup" in str(fault)
    assert _fault(sqlite3.DatabaseError("database disk image is malformed")).kind == "damaged"


def test_sqlcipher_errors_are_recognised_too():
    sqlcipher3 = pytest.importorskip("sqlcipher3")
    exc = sqlcipher3.dbapi2.OperationalError("database or disk is full")
    assert _fault(_wrapped(exc)).kind == "disk_full"


def test_out_of_memory():
    fault = _fault(MemoryError())
    assert isinstance(fault, OutOfMemory) and "close other programs" in str(fault)


def test_a_file_one_may_not_open_is_named():
    fault = _fault(PermissionError(errno.EACCES, "Permission denied", "/srv/x.xlsx"))
    assert isinstance(fault, StorageFault) and fault.kind == "permission"
    assert "/srv/x.xlsx" in str(fault)


@pytest.mark.parametrize("exc", [
    KeyError("id"),
    ValueError("bad"),
    sqlite3.OperationalError("no such table: residents"),  # a bug, not the machine
    sqlite3.IntegrityError("UNIQUE constraint failed: accounts.username"),
    OSError(errno.ENOENT, "No such file or directory", "x.db"),
    PermissionError(errno.EACCES, "Permission denied"),  # no file a person chose
    RuntimeError("database or disk is full"),  # the words, but not from a driver
    ValidationError("already a message"),
])
def test_anything_else_is_left_to_the_crash_dialog(exc):
    assert explain_fault(exc) is None


def test_errors_does_not_import_sqlalchemy():
    code = ("import sys, neighborcenter.errors as e; "
            "e.explain_fault(OSError(28, 'full')); "
            "print('sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
