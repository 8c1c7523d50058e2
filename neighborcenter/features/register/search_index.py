"""The search box's index: the register's search keys held in memory, so that a keystroke costs
the same at 100 000 residents as at 2 000.

It answers exactly what ``registry.search_sql`` answers for the search box text alone (same
ids, same order), with the state filter and the name order either way; anything else (tags,
other filters, other orders) goes to SQL. The keys are the ones the statement reads:

* the name (a Chinese word matches part of it): each character's residents, in list order,
  then the word checked against the name of the fewest;
* the full pinyin and the initials (a start of either): the list's order is the full pinyin's,
  so its matches are one slice of the list; the initials are a sorted list of their own;
* the phones and the ID number (digits match the end): their reversed values, sorted, so an
  end is a start;
* the address: the dwellings by building and by room, and each dwelling's residents.

The index is built from one read of the register (the first search after the login builds it
on the database worker) and is kept current by the change counter: every write transaction
takes the next number (``storage.uow``), so a search that finds the counter moved asks whether
a resident, dwelling, building or estate row carries a newer number, and builds again if one
does — an edit, a merge, a move-out or an import is in the next keystroke's answer, whichever
process wrote it. Inside a transaction that has written (an import checking its own rows) the
search runs in SQL, which sees the transaction's own changes.
"""

from __future__ import annotations

import bisect
import logging
import threading
import weakref
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

from neighborcenter.core.background import background_work_allowed
from neighborcenter.features.register.rules.address import AddressQuery
from neighborcenter.storage.uow import wrote_in

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

#: SQLite's NOCASE and LIKE fold only A–Z
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_END = "\U0010ffff"  # above every character: the end of a prefix's range

_TABLES = ("residents", "dwellings", "buildings", "estates")
# in the list's order, the search statement's (registry._ORDER): SQLite sorts faster than Python
_RESIDENTS_SQL = """
SELECT id, name, pinyin_full, pinyin_initials, phone, other_phone, id_number, dwelling_id,
       status
FROM residents WHERE archived_at IS NULL ORDER BY pinyin_full, name, id"""
_DWELLINGS_SQL = """
SELECT d.id, e.name, b.number, d.unit, d.room
FROM dwellings d JOIN buildings b ON b.id = d.building_id JOIN estates e ON e.id = b.estate_id"""


def fold(value: str) -> str:
    return value.translate(_ASCII_LOWER)


class _Strings:
    """Many short strings held as one, with where each starts: a list of 100 000 str objects
    costs 6–8 MB, this a fifth of it. A sequence, so ``bisect`` reads it when sorted."""

    def __init__(self, values: Iterable[str]) -> None:
        values = list(values)
        self.text = "\n".join(values)
        self.starts = array("I", [0])
        for value in values:
            self.starts.append(self.starts[-1] + len(value) + 1)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, n: int) -> str:
        return self.text[self.starts[n]:self.starts[n + 1] - 1]

    def prefixed(self, prefix: str, lo: int = 0) -> tuple[int, int]:
        """The slice of a sorted list whose strings start with ``prefix``."""
        lo = bisect.bisect_left(self, prefix, lo)
        return lo, bisect.bisect_left(self, prefix + _END, lo)


class _SortedKeys:
    """Keys sorted, each with the list position (rank) of its resident."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        pairs = sorted(pairs)
        self.keys = _Strings(k for k, _n in pairs)
        self.ranks = array("I", [n for _k, n in pairs])

    def starting(self, prefix: str) -> array:
        lo, hi = self.keys.prefixed(prefix)
        return self.ranks[lo:hi]


def _holds(ranks: array, n: int) -> bool:
    """Whether sorted ``ranks`` holds ``n``."""
    at = bisect.bisect_left(ranks, n)
    return at < len(ranks) and ranks[at] == n


def _clean(value: str | None) -> str:
    return (value or "").replace("\n", " ")  # the separator of _Strings


class SearchIndex:
    """One register's search keys at one change number (``seq``, moved on when a write did
    not touch them)."""

    def __init__(self, seq: int, residents: Iterable[tuple], dwellings: Sequence[tuple],
                 estate_names: tuple[str, ...]) -> None:
        """``residents`` in the list's order — pinyin_full (NOCASE), name, id — read once, as
        they come (a cursor: 100 000 rows are not held at once)."""
        self.seq = seq
        self.estate_names = estate_names
        place_of = {d[0]: p for p, d in enumerate(dwellings)}
        self.ids: list[str] = []
        pinyin: list[str] = []
        names: list[str] = []
        self.status = bytearray()
        codes: dict[str, int] = {}
        postings: dict[str, list[int]] = {}
        initials: list[tuple[str, int]] = []
        first_letter: dict[str, list[int]] = {}
        tails: list[tuple[str, int]] = []
        short_tails: dict[str, list[int]] = {}
        places = array("i")
        for n, r in enumerate(residents):
            self.ids.append(r[0])
            pinyin.append(fold(_clean(r[2])))
            name = fold(_clean(r[1]))
            names.append(name)
            for ch in set(name):
                postings.setdefault(ch, []).append(n)
            self.status.append(codes.setdefault(str(r[8]), len(codes)))
            initial = fold(_clean(r[3]))
            initials.append((initial, n))
            if initial:
                first_letter.setdefault(initial[:1], []).append(n)
            ends = {v.translate(_ASCII_UPPER)[::-1] for v in (_clean(r[4]), _clean(r[5]),
                                                               _clean(r[6])) if v}
            tails.extend((end, n) for end in ends)
            for key in {end[:width] for end in ends for width in (1, 2) if len(end) >= width}:
                short_tails.setdefault(key, []).append(n)
            places.append(place_of.get(r[7], -1) if r[7] else -1)
        self.pinyin = _Strings(pinyin)  # sorted: a prefix is a slice of the list
        self.names = _Strings(names)
        del pinyin, names
        self.status_code = codes
        self.by_status = {code: array("I", [n for n, c in enumerate(self.status) if c == code])
                          for code in codes.values()}
        self.postings = {ch: array("I", ranks) for ch, ranks in postings.items()}
        self.initials = _SortedKeys(initials)
        self.tails = _SortedKeys(tails)
        del initials, tails
        # a one-letter word, or a number's last one or two characters, matches thousands:
        # their answers are kept ready
        self.first_letter = {k: array("I", ranks) for k, ranks in first_letter.items()}
        self.short_tails = {k: array("I", ranks) for k, ranks in short_tails.items()}
        # the dwellings: their parts (repeated strings shared), and who lives in each
        shared: dict[str, str] = {}

        def one(value: str | None) -> str:
            value = value or ""
            return shared.setdefault(value, value)

        self.d_estate = [one(fold(d[1] or "")) for d in dwellings]
        self.d_building = [one(d[2]) for d in dwellings]
        self.d_unit = [one(d[3]) for d in dwellings]
        self.d_room = [one(d[4]) for d in dwellings]
        by_building: dict[str, list[int]] = {}
        by_room: dict[str, list[int]] = {}
        for p, d in enumerate(dwellings):
            by_building.setdefault(d[2], []).append(p)
            by_room.setdefault(d[4], []).append(p)
        self.by_building = {k: array("I", v) for k, v in by_building.items()}
        self.by_room = {k: array("I", v) for k, v in by_room.items()}
        estate_of = [d[1] for d in dwellings]
        living: list[list[int]] = [[] for _d in dwellings]
        by_estate: dict[str, list[int]] = {}
        for n, p in enumerate(places):
            if p >= 0:
                living[p].append(n)
                by_estate.setdefault(estate_of[p], []).append(n)
        self.living_start = array("I", [0])  # dwelling p's residents: living[start[p]:start[p+1]]
        for ranks in living:
            self.living_start.append(self.living_start[-1] + len(ranks))
        self.living = array("I", [n for ranks in living for n in ranks])
        self.estate_ranks = {name: array("I", ranks) for name, ranks in by_estate.items()}

    # -- one word

    def _name(self, word: str) -> Sequence[int]:
        """Ranks whose name holds the word, in order."""
        word = fold(word)
        postings = [self.postings.get(ch) for ch in set(word)]
        if any(p is None for p in postings):
            return []
        fewest = min(postings, key=len)  # type: ignore[arg-type]
        if len(word) == 1:
            return fewest  # type: ignore[return-value]
        names = self.names
        return [n for n in fewest if word in names[n]]  # type: ignore[union-attr]

    def _pinyin(self, word: str, *, full: bool) -> Sequence[int]:
        """Ranks whose initials (and, with ``full``, full pinyin) start with the word."""
        word = fold(word)
        if not full and len(word) == 1:
            return self.first_letter.get(word, ())
        found = self.initials.starting(word)
        if not full:
            return sorted(found)
        start, stop = self.pinyin.prefixed(word)
        extra = [n for n in found if not start <= n < stop]
        if not extra:
            return range(start, stop)
        return sorted([*range(start, stop), *extra])  # two sorted runs: one merge

    def _tail(self, word: str) -> Sequence[int]:
        key = word.translate(_ASCII_UPPER)[::-1]
        if len(key) <= 2:
            return self.short_tails.get(key, ())
        return sorted(set(self.tails.starting(key)))

    def _residents_of(self, places: Iterable[int]) -> Sequence[int]:
        start, living = self.living_start, self.living
        runs = [living[start[p]:start[p + 1]] for p in places]
        if len(runs) == 1:
            return runs[0]
        return sorted(n for run in runs for n in run)

    def _address(self, q: AddressQuery) -> Sequence[int]:
        if q.building is not None:
            candidates: Iterable[int] = self.by_building.get(q.building, ())
        elif q.room is not None:
            candidates = self.by_room.get(q.room, ())
        else:
            candidates = range(len(self.d_room))
        estate = fold(q.estate) if q.estate else None
        places = [p for p in candidates
                  if (estate is None or estate in self.d_estate[p])
                  and (q.building is None or self.d_building[p] == q.building)
                  and (q.unit is None or self.d_unit[p] == q.unit)
                  and (q.room is None or self.d_room[p] == q.room)]
        return self._residents_of(places)

    def _name_or_estate(self, word: str) -> Sequence[int]:
        named = self._name(word)
        runs = [self.estate_ranks[e] for e in self.estate_names
                if word in e and e in self.estate_ranks]
        if not runs:
            return named
        if len(runs) == 1:  # one estate (幸福里): its people, and the few named so elsewhere
            run = runs[0]
            extra = [n for n in named if not _holds(run, n)]
            return sorted([*run, *extra]) if extra else run  # two sorted runs: one merge
        return sorted(set(named).union(*runs))

    # -- the search box

    def _with_status(self, status: str) -> Sequence[int]:
        code = self.status_code.get(status)
        return self.by_status[code] if code is not None else []

    def search(self, words: list[tuple[str, object]], status: str | None,
               descending: bool) -> list[str]:
        """The ids matching every word (each as ``registry.search_conditions`` reads it:
        ``("address", AddressQuery)``, ``("tail", digits)``, ``("initial", letter)``,
        ``("pinyin", letters)`` or ``("name", text)``), in the list's order."""
        if not words:
            ranks: Sequence[int] = (range(len(self.ids)) if status is None
                                    else self._with_status(status))
        else:
            found: list[Sequence[int]] = []
            for kind, word in words:
                if kind == "address":
                    found.append(self._address(word))  # type: ignore[arg-type]
                elif kind == "tail":
                    found.append(self._tail(word))  # type: ignore[arg-type]
                elif kind == "initial":
                    found.append(self._pinyin(word, full=False))  # type: ignore[arg-type]
                elif kind == "pinyin":
                    found.append(self._pinyin(word, full=True))  # type: ignore[arg-type]
                else:
                    found.append(self._name_or_estate(word))  # type: ignore[arg-type]
                if not found[-1]:
                    return []
            found.sort(key=len)
            ranks = found[0]
            for other in found[1:]:
                keep = set(other)
                ranks = [n for n in ranks if n in keep]
        ids = self.ids
        if words and status is not None:  # (with no words the state's list is ready-made)
            code, st = self.status_code.get(status), self.status
            out = [ids[n] for n in ranks if st[n] == code]
        else:
            out = [ids[n] for n in ranks]
        if descending:
            out.reverse()
        return out


# ------------------------------------------------------------------------------ the cache


@dataclass
class _Slot:
    index: SearchIndex | None = None
    building: threading.Thread | None = None


_lock = threading.Lock()
_slots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → _Slot


def rows_on(connection, sql: str, params: dict | None = None) -> list[tuple]:
    """Run a read statement on a driver connection's own cursor (``registry.driver_rows``)."""
    cursor = connection.cursor()
    try:
        cursor.execute(sql, params or {})
        return cursor.fetchall()
    finally:
        cursor.close()


def _read(connection) -> SearchIndex:
    """Build the index from a driver connection inside one read transaction."""
    seq = rows_on(connection, "SELECT value FROM change_counter WHERE id = 1")[0][0]
    dwellings = rows_on(connection, _DWELLINGS_SQL)
    estates = tuple(r[0] for r in rows_on(connection,
                                        "SELECT name FROM estates WHERE archived_at IS NULL"))
    cursor = connection.cursor()
    try:
        cursor.execute(_RESIDENTS_SQL)
        batches = iter(lambda: cursor.fetchmany(2000), [])
        return SearchIndex(seq, (row for batch in batches for row in batch), dwellings, estates)
    finally:
        cursor.close()


def _keep(slot: _Slot, index: SearchIndex, *, latest: bool = False) -> None:
    """Keep a new index unless the slot's is newer; ``latest``: it was read from the newest
    commit (a background build), so it replaces any — a restored backup's counter may be
    lower than the index's."""
    with _lock:
        if latest or slot.index is None or slot.index.seq <= index.seq:
            slot.index = index


def _build_in_background(engine, slot: _Slot) -> None:
    try:
        with engine.connect() as conn:
            try:
                # one pass over the rows: a page cache would only hold what is never read again
                conn.connection.driver_connection.execute("PRAGMA cache_size = -4096")
                with conn.begin():  # its own snapshot
                    index = _read(conn.connection.driver_connection)
            finally:
                conn.invalidate()  # closed, not pooled: its page cache (64 MiB) goes with it
        _keep(slot, index, latest=True)
    except Exception as exc:  # noqa: BLE001 - the search goes on in SQL; nothing personal logged
        log.warning("the search index was not built: %s", type(exc).__name__)
    finally:
        with _lock:
            slot.building = None


def has_written(session: Session) -> bool:
    """Whether the session's transaction holds changes of its own (the index cannot see them)."""
    return wrote_in(session) or bool(session.new or session.dirty or session.deleted)


def _current_in(session: Session, slot: _Slot) -> SearchIndex | None:
    """The slot's index if it answers for the session's snapshot (under the lock)."""
    driver = session.connection().connection.driver_connection
    seq = rows_on(driver, "SELECT value FROM change_counter WHERE id = 1")[0][0]
    index = slot.index
    if index is None or index.seq > seq:  # none yet, or the session reads an older snapshot
        return None
    if index.seq < seq:
        if any(rows_on(driver, f"SELECT 1 FROM {table} WHERE change_seq > :seq LIMIT 1",
                       {"seq": index.seq}) for table in _TABLES):
            return None
        index.seq = seq  # other tables changed: the keys did not
    return index


def _slot_of(engine) -> _Slot:
    """The engine's slot (under the lock)."""
    slot = _slots.get(engine)
    if slot is None:
        slot = _slots[engine] = _Slot()
    return slot


def lookup(session: Session) -> SearchIndex | None:
    """The index if it is current for the session's snapshot; otherwise ``None`` (the caller
    searches in SQL) and the index is built again on a thread of its own, so that a keystroke
    never waits for it: 0.3 s at 20 000 residents, 2 s at 100 000 — in a process that allows
    background work (the window), not in a command-line run."""
    engine = session.get_bind()
    with _lock:
        slot = _slot_of(engine)
        index = _current_in(session, slot)
        if index is None and slot.building is None and background_work_allowed():
            slot.building = threading.Thread(target=_build_in_background, args=(engine, slot),
                                             name="search-index", daemon=True)
            slot.building.start()
        return index


def current(session: Session) -> SearchIndex:
    """The index, current for the session's snapshot, built now if it is not (tests, the
    benchmarks, and a warm-up that may wait)."""
    with _lock:
        slot = _slot_of(session.get_bind())
        index = _current_in(session, slot)
    if index is not None:
        return index
    index = _read(session.connection().connection.driver_connection)
    _keep(slot, index)
    return index


def settle(session: Session) -> None:
    """Wait for a build on its way (tests)."""
    with _lock:
        slot = _slots.get(session.get_bind())
        thread = slot.building if slot else None
    if thread is not None:
        thread.join()


def forget(session: Session) -> None:
    """Drop the index of the session's register (the benchmarks' build figure)."""
    with _lock:
        _slots.pop(session.get_bind(), None)
