"""The log file (in the user log folder): where unexpected errors leave their traceback.

No personal data goes into it. The database engine never puts SQL parameters into its errors
(``hide_parameters``), and every record is scrubbed on its way to the file (``Scrubber``, a
filter on the file handler): ID numbers (18 digits, the last may be X; the old 15), mobile
and landline numbers, any other run of 7 or more digits, and the ``[SQL: …]`` and
``[parameters: …]`` parts of SQLAlchemy's errors, in the message and in the traceback (the
exception is formatted, then scrubbed). Names cannot be told from other words and are not
scrubbed: messages are written to carry ids, not names.

On POSIX the file and the rotated ones are 0600 and the folder 0700; on Windows they are in
the user's own profile.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from neighborcenter.config import log_file

_configured: Path | None = None

FILE_MODE = 0o600
DIR_MODE = 0o700

# ------------------------------------------------------------------------------ scrubbing

_EDGE = r"(?<![0-9A-Za-z])"  # not inside a word or a longer number (Chinese may touch it)
_END = r"(?![0-9A-Za-z])"
_PATTERN = re.compile(
    # SQLAlchemy's error text: the statement (may span lines) and its parameters
    r"(?P<sql>\[SQL: .*?\](?=\n|$))"
    r"|(?P<params>\[parameters: [^\n]*)"
    # record ids (UUIDs) are kept: they are how a log names a record without its data
    rf"|(?P<uuid>{_EDGE}[0-9a-fA-F]{{8}}(?:-[0-9a-fA-F]{{4}}){{3}}-[0-9a-fA-F]{{12}}{_END})"
    rf"|(?P<id>{_EDGE}(?:\d{{17}}[\dXx]|\d{{15}}){_END})"
    rf"|(?P<mobile>{_EDGE}(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{{4}}){{2}}{_END})"
    rf"|(?P<landline>{_EDGE}(?:\(0\d{{2,3}}\)\s?|0\d{{2,3}}[-\s])\d{{7,8}}(?:-\d{{1,5}})?{_END})"
    rf"|(?P<number>{_EDGE}\d{{7,}}{_END})",
    re.DOTALL,
)
_HIDDEN = {
    "sql": "[SQL: hidden]",
    "params": "[parameters: hidden]",
    "id": "<id-number>",
    "mobile": "<phone>",
    "landline": "<phone>",
    "number": "<number>",
}


def scrub(text: str) -> str:
    """``text`` without what looks like personal data (see the module docstring)."""

    def hide(match: re.Match[str]) -> str:
        kind = match.lastgroup or ""
        return match.group() if kind == "uuid" else _HIDDEN[kind]

    return _PATTERN.sub(hide, text)


class Scrubber(logging.Filter):
    """Scrubs a record before a handler writes it: its message (formatted with its
    arguments), its exception (formatted, then scrubbed) and its stack. The record is
    changed in place, so every handler after this one sees it scrubbed too."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the message: keep both, scrubbed
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


# ------------------------------------------------------------------------------ the file


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only their owner can read (POSIX: 0600, in a 0700
    folder): each file is created 0600, so a rotated one keeps that mode."""

    def _open(self):
        if os.name != "posix":
            return super()._open()
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)  # a file an older version left readable by others
        except OSError:
            os.close(fd)
            raise
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def make_private(path: Path) -> None:
    """POSIX: the log's folder 0700, and the log and its rotated files 0600."""
    if os.name != "posix":
        return
    os.chmod(path.parent, DIR_MODE)
    for file in path.parent.glob(path.name + "*"):
        if file.is_file() and not file.is_symlink():
            os.chmod(file, FILE_MODE)


def file_handler(path: Path, *, max_bytes: int = 2 * 1024 * 1024,
                 backups: int = 5) -> logging.Handler:
    """The handler that writes the log file at ``path``: private, scrubbed, rotated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    make_private(path)
    handler = PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                         encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Scrubber())
    return handler


def setup_logging(level: int = logging.INFO) -> Path:
    global _configured
    if _configured is not None:
        return _configured
    path = log_file()
    root = logging.getLogger()
    root.addHandler(file_handler(path))
    root.setLevel(level)
    _configured = path
    return path
