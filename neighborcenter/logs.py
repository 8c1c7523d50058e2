"""The log file (in the user log folder): where unexpected errors leave their traceback."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from neighborcenter.config import log_file

_configured: Path | None = None


def setup_logging(level: int = logging.INFO) -> Path:
    global _configured
    if _configured is not None:
        return _configured
    path = log_file()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2 * 1024 * 1024, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = path
    return path
