"""The crash path "meetings" (reliability/paths.py) checks what it should: run whole, its check
finds nothing; a reported vote missing is "lost"; a vote without its topic's steps is "half
done". (The campaign itself, killing the path at random moments, is
``python -m reliability --paths meetings``.)"""

from __future__ import annotations

from reliability.checks import HALF_DONE, LOST, Trial
from reliability.paths import PATHS, _check_meetings, _prepare_meetings
from tests.conftest import sql
from tests.features.shop.test_crash_path import _Worker


def trial(db, extra: dict, events: list[dict]) -> list:
    t = Trial(spec={"path": "meetings"}, events=events,
              template={"extra": {"meetings": extra}}, db=db.path, conn=sql(db))
    _check_meetings(t)
    return [(f.kind, f.text) for f in t.findings]


def test_the_path_run_whole_is_found_whole_and_the_checks_can_fail(db, admin, tmp_path):
    assert PATHS["meetings"].template == "empty"
    extra = _prepare_meetings(db, admin, tmp_path)
    w = _Worker(db, admin, extra, iterations=PATHS["meetings"].iterations)
    close = db.close
    PATHS["meetings"].run(w)  # type: ignore[arg-type]
    db.close = close  # type: ignore[method-assign]
    n = PATHS["meetings"].iterations
    assert [e["step"] for e in w.events] == ["vote", "decision"] * n
    assert trial(db, extra, w.events) == []
    assert trial(db, extra, w.events[:-1]) == []  # the last one unreported is fine
    # the vote on item 1 said committed, but the file has none
    conn = sql(db)
    conn.execute("UPDATE meeting_items SET votes_for = NULL, votes_against = NULL, "
                 "present_voting = NULL, passed = NULL, decision = '' WHERE id = ?",
                 (extra["items"][0],))
    conn.commit()
    kinds = {k for k, _t in trial(db, extra, w.events)}
    assert LOST in kinds and HALF_DONE in kinds  # its topic is 'voted' with no vote
