"""The crash path "shop" (reliability/paths.py) checks what it should: run whole, its check
finds nothing; a reported sale missing is "lost"; a sale without its stock movements or its
points, or points redeemed for a sale that is not there, is "half done". (The campaign
itself, killing the path at random moments, is ``python -m reliability --paths shop``.)"""

from __future__ import annotations

from reliability.checks import HALF_DONE, LOST, Trial
from reliability.paths import PATHS, _check_shop, _prepare_shop
from tests.conftest import sql


class _Worker:
    """Stands in for the child process: the same steps, in process, on the test's file."""

    def __init__(self, db, admin, extra: dict, iterations: int) -> None:
        self.extra, self.iterations, self.events = extra, iterations, []
        self._db, self._admin = db, admin

    def log_in(self):
        class Opened:
            centre = self._db

            class login:  # noqa: N801 - the LoginResult's attribute
                actor = self._admin

        Opened.centre.close = lambda: None  # type: ignore[method-assign]
        return Opened

    def ready(self) -> None:
        pass

    def committed(self, **marker) -> None:
        self.events.append(marker)


def trial(db, extra: dict, events: list[dict]) -> list:
    t = Trial(spec={"path": "shop"}, events=events, template={"extra": {"shop": extra}},
              db=db.path, conn=sql(db))
    _check_shop(t)
    return [(f.kind, f.text) for f in t.findings]


def test_the_path_run_whole_is_found_whole_and_the_checks_can_fail(db, admin, tmp_path):
    assert PATHS["shop"].template == "empty"
    extra = _prepare_shop(db, admin, tmp_path)
    w = _Worker(db, admin, extra, iterations=3)
    close = db.close
    PATHS["shop"].run(w)  # type: ignore[arg-type]
    db.close = close  # type: ignore[method-assign]
    assert [e["step"] for e in w.events] == ["sale"] * 3
    assert trial(db, extra, w.events) == []
    # one unreported sale (killed before it could say so) is fine
    assert trial(db, extra, w.events[:2]) == []
    # a fourth sale reported that is not there
    assert [k for k, _t in trial(db, extra, w.events + [{"step": "sale", "s": 4}])] == [LOST]
    conn = sql(db)
    sale = conn.execute("SELECT id FROM shop_sales WHERE request_key = 'RS-2'").fetchone()[0]
    # the stock book is append-only (triggers): take the movement off as a crash would leave
    # it — the sale there, its movements not
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                           "'trigger' AND tbl_name = 'shop_stock_moves'")]
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM shop_stock_moves WHERE sale_id = ?", (sale,))
    conn.commit()
    kinds = {k for k, _t in trial(db, extra, w.events)}
    assert kinds == {HALF_DONE}
