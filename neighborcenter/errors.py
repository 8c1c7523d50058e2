"""Expected failures, each carrying a translated message a person can act on.

Services raise these; the UI shows ``str(exc)`` next to the field (``exc.field``) or in a
dialog, and the command line prints it to stderr. Anything that is not an ``NCError`` is a
bug: it is logged with its traceback and shown in the crash dialog.
"""

from __future__ import annotations


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
