"""The meetings' vote benchmark (issue 17's evidence): on the benchmark's demo centre with the
meetings' demo loaded (a year of 社区协商: fifteen meetings, their topics and minutes), a held
居民代表会议 with 32 voting members invited, 30 of them signed in, and two 列席, whose agenda
has 30 items, each an accepted topic with its motion written — then the recorder enters the
votes one item after another: ``minutes.record_vote`` (the quorum checked from the sign-in,
the outcome by the meeting's rule, the item's vote, the topic's two steps 'deliberated' and
'voted', the audit entry: one unit of work each) — against a floor of a raw SQLCipher
connection on a copy of the same file doing the same reads (the voting members expected and
present, the item, its topic) and writes (the item's vote, two step rows, the topic's stage,
an audit row) in one transaction per item, with the same durability settings.

The meeting is made through the services on fixed dates (the meeting on 2026-06-29, the
demo's year up to 2026-06-30), built once per demo centre and kept in the cache. Each run
starts from a fresh copy of it (made outside the timing), so every run votes on the same 30
items. Each vote is one sample, so the p95 is per vote."""

from __future__ import annotations

import datetime as dt
import gc
import time
import uuid
from pathlib import Path

from benchmarks import data
from benchmarks.stats import Figure

ITEMS = 30  # agenda items, each voted on
INVITED = 32  # voting members invited (应到)
PRESENT = 30  # of them signed in (实到)
OBSERVERS = 2  # 列席: present, no vote
GENERATION = 1  # bump when the builder below or the meetings' demo changes (rebuilt)
DEMO_TODAY = dt.date(2026, 6, 30)
DAY = dt.date(2026, 6, 29)  # the meeting


def _votes(n: int) -> tuple[int, int, int]:
    """Item n's count (for, against, abstaining) of the 30 present: about a third fail."""
    for_ = 10 + n % 12
    return for_, PRESENT - 2 - for_, 2


def _fill(db, residents: int, seed: int) -> dict:
    from neighborcenter.core.roles import SYSTEM_ACTOR as actor
    from neighborcenter.features.meetings import meetings, minutes, topics
    from neighborcenter.features.meetings.demo import load_demo_data as load_meetings
    from neighborcenter.features.meetings.rules import (
        MeetingType,
        ParticipantRole,
        Side,
        TopicCategory,
        TopicSource,
        TopicStage,
    )

    load_meetings(db, actor=actor, residents=residents, seed=seed, today=DEMO_TODAY)
    meeting = meetings.save_meeting(db, actor=actor, today=DEMO_TODAY, form=meetings.MeetingForm(
        kind=MeetingType.REPRESENTATIVES, title="2026年第二季度居民代表会议（基准）", on=DAY,
        at="14:30", place="幸福邻里中心二楼议事厅", convenor="幸福社区居委会",
        recorder="王丽")).meeting
    people = [(f"居民代表{n + 1:02d}", Side.RESIDENTS, ParticipantRole.VOTING)
              for n in range(INVITED)]
    people += [(f"列席{n + 1}", Side.RESOURCES, ParticipantRole.OBSERVER)
               for n in range(OBSERVERS)]
    ids = [meetings.add_participant(db, actor=actor, meeting_id=meeting.id, name=name,
                                    side=side, role=role).id for name, side, role in people]
    came = ids[:PRESENT] + ids[INVITED:]  # two representatives absent, the 列席 there
    meetings.set_attendance(db, actor=actor, meeting_id=meeting.id,
                            attended={pid: pid in came for pid in ids})
    items = []
    for n in range(ITEMS):
        topic = topics.save_topic(db, actor=actor, today=DAY, form=topics.TopicForm(
            title=f"{n + 1}号楼公共设施维修（基准议题）", category=TopicCategory.REPAIRS,
            source=TopicSource.COMMITTEE, proposer="幸福社区居委会", proposed_on=DAY))
        topics.move_topic(db, actor=actor, topic_id=topic.id, to=TopicStage.ACCEPTED, on=DAY)
        item = meetings.add_item(db, actor=actor, meeting_id=meeting.id, topic_id=topic.id,
                                 minutes_planned=5, on=DAY)
        minutes.record_discussion(db, actor=actor, item_id=item.id,
                                  summary="物业介绍维修方案和费用，代表们逐项讨论。",
                                  motion=f"同意按方案维修{n + 1}号楼公共设施，费用由公共收益列支。")
        items.append({"id": item.id, "topic": topic.id, "position": item.position})
    quorum = meetings.meeting_detail(db, actor=actor, meeting_id=meeting.id).quorum
    if (quorum.entitled, quorum.present, quorum.met) != (INVITED, PRESENT, True):
        raise RuntimeError(f"the benchmark's meeting has the wrong quorum: {quorum}")
    return {"meeting": meeting.id, "number": meeting.number, "items": items}


def meetings_db(ctx) -> tuple[Path, dict]:
    """The centre of this benchmark (built once per demo centre, kept in the cache)."""
    return data.derived_centre(ctx, "meetings", GENERATION,
                               lambda db: _fill(db, ctx.residents, ctx.seed),
                               f"the meetings centre (the meetings' demo, {ITEMS} items to vote)")


def _service(path: Path, key: bytes, facts: dict) -> tuple[list[float], int]:
    """The votes, one item after another; (ms per vote, motions passed)."""
    from neighborcenter.core.handle import Centre
    from neighborcenter.core.roles import SYSTEM_ACTOR
    from neighborcenter.features.meetings import minutes
    from neighborcenter.features.meetings.rules import VoteMethod

    db = Centre.open(path, key=key)
    votes, passed = [], 0
    try:
        gc.collect()
        for n, item in enumerate(facts["items"]):
            for_, against, abstain = _votes(n)
            t0 = time.perf_counter()
            result = minutes.record_vote(db, actor=SYSTEM_ACTOR, item_id=item["id"],
                                         method=VoteMethod.HANDS, votes_for=for_,
                                         against=against, abstain=abstain, on=DAY)
            votes.append((time.perf_counter() - t0) * 1000)
            passed += result.passed
        return votes, passed
    finally:
        db.close()


def _floor(path: Path, key: bytes, facts: dict) -> tuple[list[float], int]:
    """The same reads and writes through a raw connection, per item in one transaction: the
    voting members expected and present, the item, its topic; the item's vote (passed when
    more than half of those present are for), the topic's two steps and its stage, an audit
    row; then the commit."""
    from benchmarks.scenarios import raw_audit, raw_connect

    conn = raw_connect(path, key)
    votes, passed = [], 0
    try:
        gc.collect()
        for n, item in enumerate(facts["items"]):
            for_, against, abstain = _votes(n)
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            expected, present = conn.execute(
                "SELECT SUM(invited OR attended), SUM(attended) FROM meeting_participants "
                "WHERE meeting_id = ? AND role = 'voting' AND archived_at IS NULL",
                (facts["meeting"],)).fetchone()
            iid, motion, topic_id = conn.execute(
                "SELECT id, motion, topic_id FROM meeting_items WHERE id = ? AND archived_at "
                "IS NULL", (item["id"],)).fetchone()
            tid, stage = conn.execute("SELECT id, stage FROM meeting_topics WHERE id = ? AND "
                                      "archived_at IS NULL", (topic_id,)).fetchone()
            if not motion or 3 * present < 2 * expected or stage != "scheduled":
                raise RuntimeError("the floor's meeting cannot vote on its items")
            carried = 2 * for_ > present
            now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            conn.execute("UPDATE meeting_items SET vote_method = 'hands', present_voting = ?, "
                         "votes_for = ?, votes_against = ?, votes_abstain = ?, counter = '', "
                         "scrutineer = '', passed = ?, updated_at = ? WHERE id = ?",
                         (present, for_, against, abstain, carried, now, iid))
            for before, after in (("scheduled", "deliberated"), ("deliberated", "voted")):
                conn.execute("INSERT INTO meeting_topic_steps (id, topic_id, from_stage, "
                             "to_stage, \"on\", by, reason, meeting_id, created_at, "
                             "updated_at, change_seq) VALUES (?, ?, ?, ?, ?, 'system', '', ?, "
                             "?, ?, 0)", (str(uuid.uuid4()), tid, before, after,
                                          DAY.isoformat(), facts["meeting"], now, now))
            conn.execute("UPDATE meeting_topics SET stage = 'voted', updated_at = ? WHERE id = ?",
                         (now, tid))
            raw_audit(conn, action="update", target_kind="meeting", target_id=facts["meeting"],
                      summary=f"vote on item {n + 1}", at=now)
            conn.execute("COMMIT")
            votes.append((time.perf_counter() - t0) * 1000)
            passed += carried
        return votes, passed
    finally:
        conn.close()


def meeting_vote(ctx) -> list[Figure]:
    """The votes on a 30-item agenda, each against its floor."""
    source, facts = meetings_db(ctx)
    key = data.key_of(source)
    app_ms, floor_ms = [], []
    expected = sum(2 * _votes(n)[0] > PRESENT for n in range(len(facts["items"])))
    with data.scratch("nc-bench-meetings-") as work:
        for run in range(ctx.warmup + ctx.runs):
            a, a_passed = _service(data.fresh_copy(source, work / "app.db"), key, facts)
            f, f_passed = _floor(data.fresh_copy(source, work / "floor.db"), key, facts)
            if a_passed != f_passed or a_passed != expected:
                raise RuntimeError(f"the votes and their floor disagree: {a_passed} and "
                                   f"{f_passed} motions passed, {expected} expected")
            if run >= ctx.warmup:
                app_ms += a
                floor_ms += f
    return [Figure(
        "meeting: record a vote", "ms", app_ms, floor_ms,
        "raw SQLCipher: voting members expected and present, the item and its topic read; "
        "the item's vote, two topic steps, the topic's stage and an audit row written; "
        "one commit",
        max_ratio=8, max_value=300,
        notes=[f"{len(facts['items'])} items of a held 居民代表会议 ({PRESENT} of {INVITED} "
               f"voting members present, {OBSERVERS} 列席), each vote its own unit of work; "
               f"target p95 300 ms a vote (the recorder saves, the outcome shows)"])]
