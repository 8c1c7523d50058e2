"""人口结构统计表: the counts a street office asks for, on a chosen date — by sex, age band,
民族, 政治面貌, 文化程度, 婚姻状况, 户籍/流动/境外 and 人户分离 — on screen (the CLI), as .xlsx
and as a PDF.

**Who is counted (在册 on the date).** Every resident record that is not a merged duplicate,
born on or before the date, and on the register that day by its history:

- the last residence event on or before the date decides: an arrival (moved in, moved within
  the community, came back) → on the register; a departure (moved out, died) → not;
- with no event up to the date, the first event after it decides: an arrival → not yet here
  (a person entered without a move-in date counts from the day they were entered); a
  departure → was here;
- a record without any event (an imported one) counts from the day it moved in (or, without
  that, the day it was entered) while its state is 在册 or its state changed after the date;
  and a record moved out or deceased on or before its state's date is never counted.

So on today's date the total is the register's 在册 count.

Every table sums to that total: a field left empty is the row 未填写 (not recorded), never
dropped, and a stored value outside the code list is a row of its own (its code).

Age bands (on the date): 0–6 (学龄前), 7–17, 18–34, 35–59, 60–69, 70–79, 80–89, 90 and over —
the bands of the street office's 人口结构 form, whose 60+ rows are the elderly care
figures (老年人口, 高龄 80+).

Counting needs VIEW_REGISTER (aggregates only, no one's identifiers); writing the table to a
file is audited (EXPORT for .xlsx, PRINT for .pdf).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from neighborcenter.core import changes
from neighborcenter.core.audit import AuditAction, Msg, finish
from neighborcenter.core.handover import check_output_path, database_files, handed_over
from neighborcenter.core.roles import Actor, Permission
from neighborcenter.core.service import reads, writes
from neighborcenter.core.sheets import Table, write_xlsx
from neighborcenter.errors import ValidationError
from neighborcenter.features.register.models import ResidenceEvent, Resident
from neighborcenter.features.register.printing import (
    StatisticsBlock,
    StatisticsText,
    draw_statistics,
)
from neighborcenter.features.register.rules.codes import (
    EDUCATION,
    ETHNICITY,
    HAN,
    MARITAL_STATUS,
    POLITICAL_STATUS,
    CodeList,
)
from neighborcenter.features.register.rules.dates import age_on
from neighborcenter.features.register.rules.idnumber import Sex
from neighborcenter.features.register.rules.terms import (
    RegistrationType,
    ResidenceEventKind,
    ResidenceStatus,
    ResidentStatus,
)
from neighborcenter.i18n import N_, _, format_datetime
from neighborcenter.printing.frame import FrameText
from neighborcenter.storage.models import Centre
from neighborcenter.storage.uow import UnitOfWork

#: (lowest age, highest age or None for "and over")
AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 6), (7, 17), (18, 34), (35, 59), (60, 69), (70, 79), (80, 89), (90, None))

#: The table keys, in the order the form shows them.
TABLE_KEYS = ("sex", "age", "ethnicity", "political_status", "education", "marital_status",
              "registration_type", "residence_status")

TABLE_TITLES = {
    "sex": N_("Sex"), "age": N_("Age band"), "ethnicity": N_("Ethnic group"),
    "political_status": N_("Political status"), "education": N_("Education"),
    "marital_status": N_("Marital status"), "registration_type": N_("Registration"),
    "residence_status": N_("Residence and registration (人户分离)"),
}

#: Rows a table always shows, even at 0 (the form's fixed lines); others only when present.
_ALWAYS = {
    "ethnicity": (HAN,),
    "political_status": ("01", "02", "03", "13"),
    "education": tuple(EDUCATION.words),
    "marital_status": ("10", "20", "30", "40"),
}

_ARRIVALS = frozenset({ResidenceEventKind.MOVED_IN.value, ResidenceEventKind.MOVED_WITHIN.value,
                       ResidenceEventKind.RETURNED.value})
_DEPARTURES = frozenset({ResidenceEventKind.MOVED_OUT.value,
                         ResidenceEventKind.DECEASED.value})

UNRECORDED = ""  # the key of the 未填写 row


@dataclass(frozen=True)
class StatRow:
    key: str  # the code or value counted ("01", "M", "60-69"); "" for not recorded
    label: str
    count: int


@dataclass(frozen=True)
class StatTable:
    key: str  # one of TABLE_KEYS
    title: str
    rows: tuple[StatRow, ...]

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)

    def count(self, key: str) -> int:
        return next((r.count for r in self.rows if r.key == key), 0)


@dataclass(frozen=True)
class PopulationStatistics:
    on: dt.date
    centre: str
    community: str
    street: str
    total: int
    tables: tuple[StatTable, ...]

    def table(self, key: str) -> StatTable:
        return next(t for t in self.tables if t.key == key)

    def as_json(self) -> dict:
        return {"date": self.on.isoformat(), "centre": self.centre, "total": self.total,
                "tables": [{"key": t.key, "title": t.title,
                            "rows": [{"key": r.key, "label": r.label, "count": r.count}
                                     for r in t.rows]} for t in self.tables]}


def share(count: int, total: int) -> str:
    """The row's share of the total, "12.3%" (empty when nobody is counted)."""
    return f"{count * 100 / total:.1f}%" if total else ""


def age_band_key(age: int | None) -> str:
    if age is None or age < 0:
        return UNRECORDED
    for low, high in AGE_BANDS:
        if high is None or age <= high:
            return f"{low}-{high}" if high is not None else f"{low}+"
    return UNRECORDED  # not reached: the last band is open


def _band_label(low: int, high: int | None) -> str:
    if high is None:
        return _("{low} and over").format(low=low)
    return _("{low}–{high}").format(low=low, high=high)


def on_register(*, on: dt.date, status: str, status_date: dt.date | None,
                birth_date: dt.date | None, events: Sequence[tuple[dt.date, str]],
                since: dt.date | None = None) -> bool:
    """Whether one resident was on the register on ``on`` (the rule in the module's
    docstring). ``events`` are (day, kind) in the order they happened."""
    if birth_date is not None and birth_date > on:
        return False
    if status != ResidentStatus.ACTIVE.value and (status_date is None or status_date <= on):
        return False
    before = [kind for day, kind in events if day <= on and kind in _ARRIVALS | _DEPARTURES]
    if before:
        return before[-1] in _ARRIVALS
    after = [kind for day, kind in events if day > on and kind in _ARRIVALS | _DEPARTURES]
    if after:
        return after[0] in _DEPARTURES
    # no history (an imported record): here since it moved in, or since it was entered
    return since is None or since <= on


def _coded_table(key: str, codes: CodeList, counts: Counter[str]) -> StatTable:
    shown = set(_ALWAYS.get(key, ())) | {c for c in counts if c != UNRECORDED}
    order = list(codes.words)
    rows = [StatRow(code, codes.word(code) or code, counts.get(code, 0))
            for code in sorted(shown, key=lambda c: (order.index(c) if c in order
                                                     else len(order), c))]
    rows.append(StatRow(UNRECORDED, _("Not recorded"), counts.get(UNRECORDED, 0)))
    return StatTable(key, _(TABLE_TITLES[key]), tuple(rows))


def _enum_table(key: str, members: Iterable, counts: Counter[str]) -> StatTable:
    known = [m.value for m in members]
    rows = [StatRow(m.value, m.label, counts.get(m.value, 0)) for m in members]
    rows += [StatRow(v, v, n) for v, n in sorted(counts.items())
             if v not in known and v != UNRECORDED]
    rows.append(StatRow(UNRECORDED, _("Not recorded"), counts.get(UNRECORDED, 0)))
    return StatTable(key, _(TABLE_TITLES[key]), tuple(rows))


def _value(v: object) -> str:
    if v is None or v == "":
        return UNRECORDED
    return str(getattr(v, "value", v))


@reads
def population_statistics(uow: UnitOfWork, *, actor: Actor,
                          on: dt.date | None = None) -> PopulationStatistics:
    """The 人口结构统计表 of the residents on the register on ``on`` (today by default)."""
    actor.require(Permission.VIEW_REGISTER)
    day = on or dt.date.today()
    with uow:
        return _statistics(uow.session, day)


def _statistics(s, day: dt.date) -> PopulationStatistics:
    history: dict[str, list[tuple[dt.date, str]]] = {}
    for rid, when, kind in s.execute(
            select(ResidenceEvent.resident_id, ResidenceEvent.on, ResidenceEvent.kind)
            .where(ResidenceEvent.archived_at.is_(None))
            .order_by(ResidenceEvent.on, ResidenceEvent.created_at)):
        history.setdefault(rid, []).append((when, _value(kind)))
    counts: dict[str, Counter[str]] = {k: Counter() for k in TABLE_KEYS}
    total = 0
    for row in s.execute(select(
            Resident.id, Resident.status, Resident.status_date, Resident.birth_date,
            Resident.sex, Resident.ethnicity, Resident.political_status, Resident.education,
            Resident.marital_status, Resident.registration_type, Resident.residence_status,
            Resident.moved_in_on, Resident.created_at)
            .where(Resident.archived_at.is_(None), Resident.merged_into_id.is_(None))):
        since = row.moved_in_on or (row.created_at.astimezone().date() if row.created_at
                                    else None)
        if not on_register(on=day, status=_value(row.status), status_date=row.status_date,
                           birth_date=row.birth_date, events=history.get(row.id, ()),
                           since=since):
            continue
        total += 1
        counts["sex"][_value(row.sex)] += 1
        counts["age"][age_band_key(age_on(row.birth_date, day))] += 1
        for key in ("ethnicity", "political_status", "education", "marital_status",
                    "registration_type", "residence_status"):
            counts[key][_value(getattr(row, key))] += 1
    age_rows = [StatRow(age_band_key(low), _band_label(low, high), counts["age"].get(
        age_band_key(low), 0)) for low, high in AGE_BANDS]
    age_rows.append(StatRow(UNRECORDED, _("Not recorded"), counts["age"].get(UNRECORDED, 0)))
    tables = (
        _enum_table("sex", list(Sex), counts["sex"]),
        StatTable("age", _(TABLE_TITLES["age"]), tuple(age_rows)),
        _coded_table("ethnicity", ETHNICITY, counts["ethnicity"]),
        _coded_table("political_status", POLITICAL_STATUS, counts["political_status"]),
        _coded_table("education", EDUCATION, counts["education"]),
        _coded_table("marital_status", MARITAL_STATUS, counts["marital_status"]),
        _enum_table("registration_type", list(RegistrationType), counts["registration_type"]),
        _enum_table("residence_status", list(ResidenceStatus), counts["residence_status"]),
    )
    centre = s.scalars(select(Centre)).first()
    return PopulationStatistics(
        on=day, centre=centre.name if centre else "",
        community=centre.community if centre else "", street=centre.street if centre else "",
        total=total, tables=tables)


# ------------------------------------------------------------------------------ files

def statistics_table(stats: PopulationStatistics) -> Table:
    """One worksheet: the centre, date and total, then one block per table (its title, a row
    per line with the count and share, its total), a blank row between blocks."""
    rows: list[list[object]] = [
        [_("Centre"), stats.centre, None, None],
        [_("Date"), stats.on.isoformat(), None, None],
        [_("Total"), None, stats.total, None], [],
    ]
    for t in stats.tables:
        for i, r in enumerate(t.rows):
            rows.append([t.title if i == 0 else None, r.label, r.count,
                         round(r.count * 100 / stats.total, 1) if stats.total else None])
        rows.append([None, _("Total"), t.total, 100.0 if stats.total else None])
        rows.append([])
    return Table([_("Table"), _("Item"), _("People"), _("Share (%)")], rows,
                 widths=(26, 22, 10, 10))


def _printed_words(stats: PopulationStatistics, actor: Actor) -> StatisticsText:
    place = "　".join(t for t in (stats.centre, stats.community, stats.street) if t)
    return StatisticsText(
        title=_("Population structure statistics"),
        subtitle=_("{centre}　Date: {date}　On the register: {total}").format(
            centre=stats.centre, date=stats.on.isoformat(), total=stats.total),
        columns=(_("Item"), _("People"), _("Share")),
        total=_("Total"),
        rule=_("Counted: residents on the register on that day (not those who had moved out "
               "or died, nor merged duplicates). Ages on that day. 未填写: not recorded."),
        frame=FrameText(
            header=place,
            confidential=_("Internal material — keep confidential"),
            printed=_("Printed by {name} ({username}) on {time}").format(
                name=actor.display_name, username=actor.username,
                time=format_datetime(dt.datetime.now().astimezone(), "short").replace(
                    "\u202f", " ")),
            page=_("Page {page} of {pages}")))


def _blocks(stats: PopulationStatistics) -> list[StatisticsBlock]:
    return [StatisticsBlock(t.title, [(r.label, r.count, share(r.count, stats.total))
                                      for r in t.rows], t.total) for t in stats.tables]


@writes
def write_population_statistics(uow: UnitOfWork, *, actor: Actor, path: Path,
                                on: dt.date | None = None) -> PopulationStatistics:
    """The 人口结构统计表 written to ``path`` (.xlsx or .pdf), audited (EXPORT or PRINT)."""
    actor.require(Permission.VIEW_REGISTER)
    path = Path(path)
    protected = database_files(uow.db.path)
    check_output_path(path, protected=protected)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise ValidationError(_("End the file name with .xlsx or .pdf."), field="path")
    day = on or dt.date.today()
    with uow:
        stats = _statistics(uow.session, day)
        with handed_over(path, protected=protected) as partial:
            if suffix == ".xlsx":
                write_xlsx(partial, {_("Population structure"): statistics_table(stats)})
                action = AuditAction.EXPORT
                summary = Msg(N_("Exported the population structure statistics on {date} "
                                 "({n} residents) to {file}"),
                              args={"date": day.isoformat(), "n": stats.total,
                                    "file": path.name})
            else:
                draw_statistics(partial, blocks=_blocks(stats),
                                words=_printed_words(stats, actor))
                action = AuditAction.PRINT
                summary = Msg(N_("Printed the population structure statistics on {date} "
                                 "({n} residents)"),
                              args={"date": day.isoformat(), "n": stats.total})
            finish(uow, actor, action, target_kind="register", summary=summary,
                   detail={"date": day.isoformat(), "total": stats.total,
                           "file": path.name},
                   changed=(changes.AUDIT,))
        return stats

