"""Database work off the UI thread.

One DB worker (a single-thread executor) runs every job; its result or error comes back to
the GUI thread through a queued signal. A job is ``fn(centre)``: a tracking view of the
application handle, on which the job calls services (``svc(centre, actor=…)``); what their
units of work changed is broadcast (``changes_did_happen``) after the job. Anything still
running after half a second shows a progress dialog. A read-only job may be run
``background=True`` on a second thread with its own connection (WAL lets it read beside the
writer): the database check at start-up does, so that it does not hold up logging in. Tests
use ``ImmediateExecutor`` to run jobs synchronously.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from neighborcenter.core.background import allow_background_work
from neighborcenter.core.changes import Changes

if TYPE_CHECKING:  # the handle (SQLAlchemy) loads after the first window (ui/loading.py)
    from neighborcenter.core.handle import Centre

log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 500

_P = ParamSpec("_P")
_T = TypeVar("_T")


class ImmediateExecutor(cf.Executor):
    """Runs each job at once in the calling thread (tests)."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args,
               **kwargs: _P.kwargs) -> cf.Future[_T]:
        future: cf.Future[_T] = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            future.set_exception(exc)
        return future


@dataclass
class _Pending:
    on_done: Callable[[Any], object] | None
    on_error: Callable[[BaseException], object] | None
    progress: QProgressDialog | None = None
    timer: QTimer | None = None


class DbWorker(QObject):
    job_did_finish = Signal(int, object)  # token, Future (internal: crosses threads)
    changes_did_happen = Signal(object)  # Changes
    busy_did_change = Signal(bool)

    def __init__(self, centre: Centre | None, executor: cf.Executor | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        allow_background_work()  # a long-lived process: the search index builds on a thread
        self.centre = centre  # None until a login (or the set-up) opens the database
        self._executor = executor or cf.ThreadPoolExecutor(max_workers=1,
                                                           thread_name_prefix="db")
        self._background = executor or cf.ThreadPoolExecutor(max_workers=1,
                                                             thread_name_prefix="db-read")
        self._tokens = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self.job_did_finish.connect(self._finish)  # (auto: queued from the worker threads)
        self.error_handler: Callable[[BaseException, QWidget | None], None] | None = None
        self._parent_widget: QWidget | None = None

    def set_dialog_parent(self, widget: QWidget | None) -> None:
        self._parent_widget = widget

    def run(
        self,
        fn: Callable[[Centre], Any],
        *,
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        progress_label: str | None = None,
        background: bool = False,
    ) -> None:
        token = next(self._tokens)
        pending = _Pending(on_done, on_error)
        self._pending[token] = pending
        if progress_label:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self._show_progress(token, progress_label))
            timer.start(PROGRESS_DELAY_MS)
            pending.timer = timer
        self.busy_did_change.emit(True)

        def job() -> tuple[Any, Changes]:
            if self.centre is None:  # the login's own job opens the database
                return fn(None), Changes(frozenset())  # type: ignore[arg-type]
            centre = self.centre.tracking()
            return fn(centre), Changes(frozenset(centre.changed_kinds()))

        def finished(future: cf.Future[tuple[Any, Changes]]) -> None:
            self.job_did_finish.emit(token, future)

        future = (self._background if background else self._executor).submit(job)
        future.add_done_callback(finished)

    def _show_progress(self, token: int, label: str) -> None:
        pending = self._pending.get(token)
        if pending is None:
            return
        # (the Qt namespace only here: making its hundred enums costs the first window 25 ms)
        from PySide6.QtCore import Qt

        dialog = QProgressDialog(label, "", 0, 0, self._parent_widget)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        pending.progress = dialog

    def _finish(self, token: int, future: cf.Future[tuple[Any, Changes]]) -> None:
        pending = self._pending.pop(token)
        if pending.timer is not None:
            pending.timer.stop()
        if pending.progress is not None:
            pending.progress.close()
        self.busy_did_change.emit(bool(self._pending))
        try:
            result, changes = future.result()
        except BaseException as exc:  # noqa: BLE001 - every failure reaches a handler
            if pending.on_error is not None:
                pending.on_error(exc)
            elif self.error_handler is not None:
                self.error_handler(exc, self._parent_widget)
            else:
                log.error("unhandled job error", exc_info=exc)
            return
        if changes:
            self.changes_did_happen.emit(changes)
        if pending.on_done is not None:
            pending.on_done(result)

    def call(self, fn: Callable[[Centre], Any]) -> Any:
        """Run a job and wait for it (shutdown only: it blocks the UI thread)."""
        return self._executor.submit(
            lambda: fn(self.centre.tracking() if self.centre else None)  # type: ignore[arg-type]
        ).result()

    def close_centre(self) -> None:
        """On the worker thread: close the database (log out, restore); jobs that follow
        get None until a login opens it again."""
        if self.centre is not None:
            self.centre.interrupt_checks()  # the start-up check need not finish
            self.centre.close()
            self.centre = None

    def shutdown(self) -> None:
        if self.centre is not None:
            self.centre.interrupt_checks()  # a check need not finish: closing must not wait
        self._background.shutdown(wait=True)
        self._executor.shutdown(wait=True)
        self.close_centre()
