"""What a mutation changed: the main window broadcasts this, each page reloads only its kinds.

The shared kinds are here; each feature declares its own (core/features.py)."""

from __future__ import annotations

from dataclasses import dataclass

ACCOUNTS = "accounts"
SETTINGS = "settings"
CENTRE = "centre"
AUDIT = "audit"
BACKUPS = "backups"
CHECKS = "checks"  # the check of the file at start-up found a problem


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str] = frozenset()
    undo_label: str | None = None

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(kinds))
