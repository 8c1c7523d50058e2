"""What every page needs: the DB worker, who is logged in, the centre, and a few app actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from neighborcenter.core.centre import CentreInfo
from neighborcenter.core.maintenance import list_backups
from neighborcenter.core.roles import Actor
from neighborcenter.core.settings import CentreSettings
from neighborcenter.ui.ops import DbWorker


@dataclass
class AppContext:
    worker: DbWorker
    actor: Actor
    centre: CentreInfo
    settings: CentreSettings
    db_path: Path
    file_problems: list[str] = field(default_factory=list)

    def last_backup_at(self) -> dt.datetime | None:
        backups = list_backups(self.db_path)  # a directory listing: cheap, no database work
        return backups[0].taken_at if backups else None
