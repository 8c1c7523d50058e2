"""Tests of the visits' screens (pytest-qt, offscreen). ``visit_data`` makes what most of them
start from: a pair, three elders on the list (one not asked yet) and a resident who qualifies
by age and is not on the list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from neighborcenter.features.visits.rules import Tier, Willing
from tests.features.visits import add_elder_resident, add_listed_elder, add_pair


@pytest.fixture
def visit_data(db, admin) -> dict:
    pair, volunteers = add_pair(db, admin)
    return {
        "pair": pair, "volunteers": volunteers,
        "王秀英": add_listed_elder(db, admin, "王秀英", tier=Tier.HIGH, pair_id=pair),
        "赵大爷": add_listed_elder(db, admin, "赵大爷", room="102", pair_id=pair),
        "钱奶奶": add_listed_elder(db, admin, "钱奶奶", tier=Tier.GENERAL, room="103",
                                willing=Willing.UNKNOWN),
        "孙爷爷": add_elder_resident(db, admin, "孙爷爷", born="1930-01-01", tags=(),
                                  room="104"),
    }


def column(model, title: str) -> list[str]:
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    c = titles.index(title)
    return [model.data(model.index(r, c)) for r in range(model.rowCount())]


def follow_changes(worker, page) -> None:
    """As the main window does: a job that changed the page's kinds reloads it."""
    worker.changes_did_happen.connect(
        lambda changes: page.reload() if changes.touches(*page.kinds) else None)
