"""The audit log's hash chain: each entry is sealed with the SHA-256 of its own content and of
the entry before it, so that an entry changed, removed or slipped in afterwards shows.

The chain
---------
Every entry has a sequence number ``seq`` (1, 2, 3 … with no gaps: the order of the chain,
unambiguous even when two entries carry the same time), ``prev_hash`` and ``hash``.

``hash = SHA-256(canonical(entry)).hexdigest()`` (64 lower-case hex digits), where
``canonical(entry)`` is the ASCII bytes of the JSON object

    {"account_id": …, "action": …, "actor": …, "at": …, "detail": …, "prev_hash": …,
     "seq": …, "summary": …, "target_id": …, "target_kind": …, "v": 1}

written as Python's ``json.dumps(obj, sort_keys=True, separators=(",", ":"),
ensure_ascii=True)`` does: keys sorted, no spaces, every non-ASCII character escaped as
``\\uXXXX``. The values:

- ``seq``: the integer sequence number; ``v``: the version of this form, 1;
- ``at``: the entry's time in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six digits of
  microseconds, as the database stores it);
- ``account_id`` (the acting account's id, or null), ``actor`` (the login name as written),
  ``action``, ``target_kind``, ``target_id``, ``summary`` (the English rendering),
  ``detail`` (the JSON text exactly as stored, not re-parsed): strings, or null where the
  column is NULL;
- ``prev_hash``: the hash of the entry before, recomputed from that entry's content when this
  one is written (so an entry never vouches for a seal that did not match); for the first
  entry, 64 zeros (``GENESIS``).

The row id (``id``) is not part of the content: ``seq`` is the order.

Writing: ``install_audit_chain`` makes every flush that adds entries read the last entry
(inside the same write transaction: writes begin IMMEDIATE, so no other writer can come in
between) and seal the new ones in the order they were added.

Checking: ``verify_audit_chain`` walks the entries by ``seq`` and names each entry whose
content no longer matches its seal (altered, if the next entry still vouches for the seal it
had; otherwise forged: added or rewritten outside NeighborCenter), each gap in the sequence
(removed) and each link broken without a gap. It reports and never repairs: the log is
evidence. What a chain cannot show: entries removed from the very end, and an entry appended
by someone who computes its seal as above (the database's encryption is what keeps them out).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from neighborcenter.storage.models import AuditEntry

GENESIS = "0" * 64
VERSION = 1

#: The content columns in the order ``sealed_fields`` and the SQL below take them.
CONTENT = ("seq", "at", "account_id", "actor", "action", "target_kind", "target_id",
           "summary", "detail", "prev_hash")

_ROWS_SQL = ("SELECT " + ", ".join(CONTENT) + ", hash, id FROM audit_log "
             "ORDER BY seq, id")


def at_text(value: dt.datetime | str) -> str:
    """The canonical form of an entry's time. A naive datetime or a stored text is UTC."""
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " " and value[19] == ".":
            dt.datetime.fromisoformat(value)  # a time, not just text of its length
            return f"{value[:10]}T{value[11:]}Z"  # as the database stores it: UTC
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(seq: int, at: dt.datetime | str, account_id: str | None, actor: str,
              action: str, target_kind: str | None, target_id: str | None, summary: str,
              detail: str | None, prev_hash: str) -> bytes:
    """The bytes an entry's hash is taken of (see the module docstring)."""
    return _ENCODER.encode(
        {"v": VERSION, "seq": seq, "at": at_text(at), "account_id": account_id,
         "actor": actor, "action": action, "target_kind": target_kind,
         "target_id": target_id, "summary": summary, "detail": detail,
         "prev_hash": prev_hash}
    ).encode("ascii")


# json.dumps(…, sort_keys=True, separators=(",", ":"), ensure_ascii=True), made once
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(*content: object) -> str:
    """The hash of an entry given its content in ``CONTENT`` order."""
    return hashlib.sha256(canonical(*content)).hexdigest()  # type: ignore[arg-type]


def _content_hash(row: Sequence) -> str | None:
    """The hash a stored row (``CONTENT`` columns first) should carry; None if it cannot
    have one (a missing number or time, a time that is not a time)."""
    if row[0] is None or row[1] is None:
        return None
    try:
        return entry_hash(*row[:10])
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- writing


def seal_new_entries(session: Session) -> None:
    """Number and seal the entries this flush adds, after the last one in the file."""
    new = [o for o in session.new if isinstance(o, AuditEntry)]
    if not new:
        return
    new.sort(key=lambda o: _insert_order(o))
    with session.no_autoflush:
        last = session.execute(
            select(*(getattr(AuditEntry, c) for c in CONTENT))
            .order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
    if last is None:
        seq, prev = 0, GENESIS
    else:
        seq = last[0]
        # the last entry's hash as its content says, not as it claims
        prev = _content_hash(tuple(last)) or GENESIS
    for entry in new:
        seq += 1
        if entry.at is None:
            entry.at = dt.datetime.now(dt.UTC)
        entry.summary = entry.summary or ""
        entry.seq = seq
        entry.prev_hash = prev
        entry.hash = prev = entry_hash(
            seq, entry.at, entry.account_id, entry.actor, entry.action, entry.target_kind,
            entry.target_id, entry.summary, entry.detail, prev)


def _insert_order(obj: object) -> int:
    from sqlalchemy import inspect

    order = inspect(obj).insert_order
    return order if order is not None else 0


def install_audit_chain(factory: sessionmaker[Session]) -> None:
    @event.listens_for(factory, "before_flush")
    def _seal(session: Session, flush_context, instances) -> None:  # noqa: ARG001
        seal_new_entries(session)


# ---------------------------------------------------------------- checking


@dataclass(frozen=True)
class ChainFault:
    """One thing wrong with the chain, about entry number ``seq`` at time ``at``.

    ``kind``:

    - ``"altered"``: the entry's content no longer matches the seal that the next entry
      vouches for: it was changed after it was written;
    - ``"forged"``: the entry's seal does not match its content and nothing vouches for it
      (added, or rewritten, outside NeighborCenter), or it has no number, or a number that
      another entry already has;
    - ``"removed"``: the entries ``seq`` … ``last_seq`` are missing; ``at`` is the time of the
      entry after the gap, ``before_at`` that of the entry before it (None at the start);
    - ``"broken"``: the entry and the one before it (``last_seq``, at ``before_at``) are each
      sealed correctly but do not link: one of them was rewritten and sealed again.
    """

    kind: str
    seq: int | None
    at: dt.datetime | None
    last_seq: int | None = None
    before_at: dt.datetime | None = None


def _time(value: object) -> dt.datetime | None:
    try:
        if isinstance(value, dt.datetime):
            parsed = value
        elif isinstance(value, str):
            parsed = dt.datetime.fromisoformat(value)
        else:
            return None
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed


def verify_audit_chain(conn) -> list[ChainFault]:
    """Walk the audit log by ``seq`` (``conn``: a SQLAlchemy connection) and list what is
    wrong with the chain, in order; empty when every entry is intact."""
    rows = conn.exec_driver_sql(_ROWS_SQL).fetchall()
    return verify_rows(rows)


def verify_rows(rows: Iterable[Sequence]) -> list[ChainFault]:
    """The chain check over rows of (``CONTENT`` …, hash, id), ordered by seq."""
    rows = list(rows)
    faults: list[ChainFault] = []
    prev_seq = 0
    prev_at: object = None
    prev_hash = GENESIS  # the previous entry's stored seal
    prev_sound = True  # whether that entry's content matches it
    for i, row in enumerate(rows):
        seq, at, stored = row[0], row[1], row[10]
        if seq is None or seq <= prev_seq:  # no number, or a number already taken
            faults.append(ChainFault("forged", seq, _time(at)))
            continue
        sound = stored is not None and _content_hash(row) == stored
        gap = seq > prev_seq + 1
        if gap:
            faults.append(ChainFault("removed", prev_seq + 1, _time(at), seq - 1,
                                     _time(prev_at)))
        if not sound:
            following = rows[i + 1] if i + 1 < len(rows) else None
            vouched = (stored is not None and following is not None
                       and following[9] == stored)
            faults.append(ChainFault("altered" if vouched else "forged", seq, _time(at)))
        elif row[9] != prev_hash and prev_sound and not gap:
            faults.append(ChainFault("broken", seq, _time(at), prev_seq, _time(prev_at)))
        prev_seq, prev_at, prev_hash, prev_sound = seq, at, stored, sound
    return faults
