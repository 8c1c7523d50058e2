from __future__ import annotations

import pytest

from neighborcenter.services.centre import get_centre
from neighborcenter.services.settings import get_settings
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.ops import DbWorker, ImmediateExecutor


@pytest.fixture
def worker(qapp, db):
    w = DbWorker(db, ImmediateExecutor())
    yield w
    w.shutdown()


@pytest.fixture
def make_ctx(db, worker):
    def _make(actor):
        return AppContext(worker=worker, actor=actor, centre=get_centre(db.uow(write=False)),
                          settings=get_settings(db.uow(write=False)), db_path=db.path)

    return _make
