"""Files that leave the centre — exports, printouts, rejected rows — are audited before they
are handed over (个人信息保护法: a record of who exported or printed personal data).

The file is written under a temporary name beside the one the person chose; the caller
records the audit entry and commits inside the block; only then is the file renamed. So a
database that is busy or fails at the commit leaves no file at all, never one without its
audit entry. (The backups do the same with their ``.partial`` files.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _


def _cannot_write(target: Path, exc: OSError) -> ValidationError:
    return ValidationError(_("Cannot write {path}: {error}").format(
        path=target, error=exc.strerror or exc), field="path")


@contextmanager
def handed_over(target: Path) -> Iterator[Path]:
    """``with handed_over(path) as partial: write(partial); finish(uow, actor, …)``.

    The file appears at ``target`` when the block ends without an error; on any error the
    temporary file is removed. (mkstemp makes it readable by its owner only: personal data.)
    """
    target = Path(target)
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
