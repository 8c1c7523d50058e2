"""Files that leave the centre — exports, printouts, rejected rows — are audited before they
are handed over (个人信息保护法: a record of who exported or printed personal data).

The file is written under a temporary name beside the one the person chose; the caller
records the audit entry and commits inside the block; only then is the file renamed. So a
database that is busy or fails at the commit leaves no file at all, never one without its
audit entry. (The backups do the same with their ``.partial`` files.)

Every file the app writes for a person goes through ``check_output_path`` first: a name typed
in a save dialog or on the command line must never replace the database, the files that go
with it, its backups or the file being imported (``database_files`` lists them).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from neighborcenter.config import backup_dir
from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _

# Beside ``<db>``: SQLite's ``-wal``, ``-shm`` and ``-journal``, the lock file
# (storage.db.lock_path), the wrapped keys and the files of a restore or a key change while
# they are written (storage.keyfile, core.maintenance). A test checks the main ones.
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock", ".keys", ".keys-new",
                       ".keys.tmp", ".keys.lock", ".keys-setup", ".keys-staged", ".restoring",
                       ".restoring-plain", ".encrypting")


def database_files(db_path: Path) -> tuple[Path, ...]:
    """The database, its companions and its backups folder: no output may replace them."""
    db_path = Path(db_path)
    return (db_path, *(db_path.with_name(db_path.name + suffix)
                       for suffix in DATABASE_COMPANIONS), backup_dir(db_path))


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def _same_file(a: Path, b: Path) -> bool:
    if _key(a) == _key(b):
        return True
    try:  # another name for the same file: a hard link, a case-insensitive file system
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(target: Path, *, protected: Iterable[Path]) -> Path:
    """Refuse to write ``target`` over a protected file or into a protected folder (the
    database, its companions, its backups, the input of an import). Returns ``target``."""
    target = Path(target)
    for path in protected:
        path = Path(path)
        inside = path.is_dir() and target.resolve().is_relative_to(path.resolve())
        if inside or _same_file(target, path):
            raise ValidationError(_(
                "{file} is the centre's database, a file that belongs to it, one of its "
                "backups or the file being imported: NeighborCenter does not write over it. "
                "Choose another name or folder.").format(file=target), field="path")
    return target


def pdf_output_path(db_path: Path, path: Path | str) -> tuple[Path, tuple[Path, ...]]:
    """A printout's file: checked like every handed-over file, and ending in .pdf; with the
    database's own files, which it may never be."""
    target = Path(path)
    protected = database_files(db_path)
    check_output_path(target, protected=protected)
    if target.suffix.lower() != ".pdf":
        raise ValidationError(_("End the file name with .pdf."), field="path")
    return target, protected


def _cannot_write(target: Path, exc: OSError) -> ValidationError:
    return ValidationError(_("Cannot write {path}: {error}").format(
        path=target, error=exc.strerror or exc), field="path")


@contextmanager
def handed_over(target: Path, *, protected: Iterable[Path]) -> Iterator[Path]:
    """``with handed_over(path, protected=database_files(db)) as partial: write(partial);
    finish(uow, actor, …)``.

    ``target`` is checked against ``protected`` first (check_output_path). The file appears
    at ``target`` when the block ends without an error; on any error the temporary file is
    removed. (mkstemp makes it readable by its owner only: personal data.)
    """
    target = check_output_path(Path(target), protected=protected)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".partial",
                                        dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise _cannot_write(target, exc) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
