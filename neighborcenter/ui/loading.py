"""What the window loads while the passphrase is typed.

The first window (the login window, or the set-up wizard) needs PySide6, the catalogs and the
key file only (core/door.py). The rest — SQLAlchemy's ORM and our models, the services, babel's
locale data (core/preload.py), the main window and the home page, PySide6's types of Qt's
classes — loads on a thread started once that window is painted (``start``). Whatever needs
it waits for it (``wait``): the login's and the set-up's jobs wait on the database worker, so
a fast typist's login is queued while the window stays alive.

After PySide6 is imported, its ``__feature__`` import hook asks of every module imported after
it whether its source mentions PySide6 (reading the whole file with ``inspect.getsource``), so
that it can switch the module's Qt feature flags (snake_case, true_property). We use none of
them, and the layering rules keep PySide6 out of everything but ``ui/`` folders and app.py: while
loading, the hook is answered from the module's name instead (``feature_check_by_name``).
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

#: the window's modules loaded on the thread, after the data layer (core/preload.py)
MODULES = (
    "neighborcenter.ui.context",
    "neighborcenter.ui.recovery",
    "neighborcenter.ui.main_window",
    "neighborcenter.ui.home.page",
)

_started = threading.Lock()
_thread: threading.Thread | None = None
_done = threading.Event()  # what the login needs is loaded
_finished = threading.Event()  # … and what only makes it faster (``_prepare_more``) too
_hurry = threading.Event()  # someone waits: what only makes the login faster is skipped
_error: BaseException | None = None


def start() -> None:
    """Start loading (once): right after the first window is shown."""
    global _thread
    with _started:
        if _thread is None:
            _thread = threading.Thread(target=_run, name="loading", daemon=True)
            _thread.start()


def wait() -> None:
    """Block until everything is loaded (started now if it was not); re-raises its failure.
    Call it on the database worker, or where the window may wait (the wizard's checks)."""
    _hurry.set()
    start()
    _done.wait()
    if _error is not None:
        raise _error


def is_loaded() -> bool:
    return _done.is_set()


def is_finished() -> bool:
    """Loaded, and the preparations that only make the login faster are done too."""
    return _finished.is_set()


#: while loading, the window's thread gets the GIL back within this (Python's default, 5 ms,
#: made each key press wait for the loading thread several times: one wait per event that
#: reaches a Python event filter)
SWITCH_INTERVAL_S = 0.0005


def _run() -> None:
    global _error
    default = sys.getswitchinterval()
    sys.setswitchinterval(min(default, SWITCH_INTERVAL_S))
    try:
        try:
            load()
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits (the login's job)
            log.exception("loading the application failed")
            _error = exc
        finally:
            _done.set()
        if _error is None:
            _prepare_more()
    finally:
        sys.setswitchinterval(default)
        _finished.set()


def load() -> None:
    """Import and prepare what the login and the main window need."""
    from neighborcenter.core import preload

    with feature_check_by_name():
        preload.load_data_layer()
        for name in MODULES:
            importlib.import_module(name)


def _prepare_more() -> None:
    """What only makes the login faster, while nobody waits for it (a login typed at once, or
    ``--user``, skips the rest: on the login's way it would only compete with it).

    One throw-away Argon2id derivation: the login's check then finds its 19 MiB mapped (the
    first derivation of a process pays the page faults). PySide6's Python types of Qt's
    classes: it makes each one (with its enums) the first time it meets an object of that
    class, and the application-wide event filters meet dozens of Qt's inner widgets while the
    main window is built — 25 ms of the login on the window's thread; about 150 ms here.
    """
    from neighborcenter.core import preload

    if not _hurry.is_set():
        preload.prepare_argon2()
    from PySide6 import QtCore, QtGui, QtWidgets

    for module in (QtCore, QtGui, QtWidgets):
        for name in dir(module):
            if _hurry.is_set():
                return
            getattr(module, name)


_PYSIDE_CHECK = "_mod_uses_pyside"  # shibokensupport.feature's check of a module's source


def _uses_pyside_by_name(module) -> bool:
    name = getattr(module, "__name__", "")
    return (name.startswith(("PySide6", "shiboken6", "qtawesome", "qtpy"))
            or name == "neighborcenter.app" or ".ui." in f"{name}.")


@contextmanager
def feature_check_by_name() -> Iterator[None]:
    """While loading, PySide6's per-module source check is answered from the module's name
    (see the module's docstring). Nothing changes if PySide6 is not there or has changed."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, _PYSIDE_CHECK, None)
    if feature is None or not callable(check):
        yield
        return
    setattr(feature, _PYSIDE_CHECK, _uses_pyside_by_name)
    try:
        yield
    finally:
        setattr(feature, _PYSIDE_CHECK, check)
