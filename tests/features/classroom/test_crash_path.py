"""The crash path "classroom" (reliability/paths.py) checks what it should: run whole, its
check finds nothing; a reported commit missing is "lost"; a day closed with a child still
here, or a sign-out without its audit entry, is "half done". (The campaign itself, killing
the path at random moments, is ``python -m reliability --paths classroom``.)"""

from __future__ import annotations

from reliability.checks import HALF_DONE, LOST, Trial
from reliability.paths import PATHS, _check_classroom, _prepare_classroom
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
    t = Trial(spec={"path": "classroom"}, events=events,
              template={"extra": {"classroom": extra}}, db=db.path, conn=sql(db))
    _check_classroom(t)
    return [(f.kind, f.text) for f in t.findings]


def test_the_path_run_whole_is_found_whole_and_the_checks_can_fail(db, admin, tmp_path):
    assert PATHS["classroom"].template == "empty"
    extra = _prepare_classroom(db, admin, tmp_path)
    w = _Worker(db, admin, extra, iterations=2)
    close = db.close
    PATHS["classroom"].run(w)  # type: ignore[arg-type]
    db.close = close  # type: ignore[method-assign]
    assert [e["step"] for e in w.events] == ["arrive", "duty", "out", "out", "out", "close"] * 2
    assert trial(db, extra, w.events) == []
    # a third day reported closed that is not there at all
    lost = trial(db, extra, w.events + [{"step": "arrive", "s": 3}])
    assert [k for k, _t in lost] == [LOST]
    conn = sql(db)
    # day 2 closed, but a child's sign-out taken back by hand: half done
    day2 = extra["days"][1]
    conn.execute("UPDATE class_attendance SET left_at = NULL WHERE day_id = (SELECT id FROM "
                 "class_days WHERE \"on\" = ?) AND child_id = ?", (day2, extra["children"][0]))
    conn.commit()
    kinds = {k for k, _t in trial(db, extra, w.events)}
    assert kinds == {HALF_DONE}
