"""Whether this process may start work on threads of its own that pays off later (the search
index's build). The window's database worker allows it; a command-line run, which ends before
such work would pay off, never does. Imports nothing: the window asks before the data layer
is loaded."""

from __future__ import annotations

import threading

_allowed = threading.Event()


def allow_background_work() -> None:
    _allowed.set()


def background_work_allowed() -> bool:
    return _allowed.is_set()
