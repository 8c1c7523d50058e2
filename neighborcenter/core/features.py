"""The feature contract: what a feature tells the rest of the application, in one place.

A feature is one package under ``neighborcenter/features/``; its ``__init__.py`` holds
``FEATURE = Feature(...)``, and ``neighborcenter/features/__init__.py`` lists the package by
name. Nothing else of the application knows of the feature: the sidebar, the resident's 360°
page, what happens to rows when residents are merged, die or move out, the synced tables, the
change kinds, the audit actions, the home page's 今日 list, the CLI, the demo data and the
benchmarks all ask this registry. The tests read the registrations against the schema, so a
forgotten one fails (docs/ARCHITECTURE.md).

Everything here is plain data and names of code ("module:function"), so the registry can be
read without importing a feature's screens or its reportlab and openpyxl code.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from neighborcenter.core.roles import Permission

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


#: The features. Adding a feature is one new package and one line here.
FEATURE_PACKAGES: tuple[str, ...] = (
    "neighborcenter.features.register",
    "neighborcenter.features.volunteers",
    "neighborcenter.features.visits",
    "neighborcenter.features.classroom",
    "neighborcenter.features.shop",
    "neighborcenter.features.meetings",
)
#: The shared tables with a UUID key (the centre, the staff accounts): synced.
CORE_SYNCED_TABLES = ("centres", "accounts")


def load(ref: str) -> Any:
    """``"package.module:name"`` → the object, imported now."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class PageSpec:
    """A page of the sidebar. ``page_class`` is imported when the page is first shown."""

    key: str
    icon: str  # a name in neighborcenter.ui.icons.ICONS
    title: str  # N_(): translated where it is shown
    page_class: str  # "module:Class", built with the AppContext
    permission: Permission | None  # None only for a page without personal data
    order: int  # place in the sidebar: the shell's home is 0, its own pages 900 and up


@dataclass(frozen=True)
class Command:
    """A CLI subcommand. ``add_arguments(parser)`` describes it, ``run(centre, args, actor)``
    does it as the person who logged in (``--user``) and returns the exit status. The command
    line refuses it to a role without ``permission``; its services check their own too."""

    name: str
    help: str  # N_()
    add_arguments: str  # "module:function"
    run: str  # "module:function"
    permission: Permission | None  # None only for a command without personal data


class OnMerge(enum.StrEnum):
    """What a row that points at a resident does when that resident's duplicate is merged."""

    REPOINT = "repoint"  # it follows to the record that is kept


class OnLeave(enum.StrEnum):
    """What a row does when its resident dies or moves out."""

    KEEP = "keep"  # stays as it is: history, or still true (a moved-out person's tags)
    END = "end"  # an open row is ended on that day (its valid_to)


@dataclass(frozen=True)
class ResidentLink:
    """A column that points at a resident, and what happens to its rows."""

    table: str
    column: str
    on_merge: OnMerge
    on_death: OnLeave
    on_move_out: OnLeave


@dataclass(frozen=True)
class DetailSection:
    """A feature's part of the resident's 360° page: a titled list (its visits, the class a
    child is enrolled in…), already translated and masked as the reader may see it."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Feature:
    key: str
    title: str  # N_()
    pages: tuple[PageSpec, ...] = ()
    #: its sections of the resident's 360° page: "module:function"(centre, *, actor,
    #: resident_id) → DetailSection (None: not for this reader's role), read when the page
    #: is; the register's page shows them
    detail_sections: tuple[str, ...] = ()
    resident_links: tuple[ResidentLink, ...] = ()
    #: its tables with a UUID key: sent in the sync bundle, or explicitly kept on this PC
    synced_tables: tuple[str, ...] = ()
    local_tables: tuple[str, ...] = ()
    change_kinds: frozenset[str] = frozenset()
    #: its audit actions (value → N_() label), beside the core's
    audit_actions: dict[str, str] = field(default_factory=dict)
    #: "module:function"(centre, *, actor) → its HomePart (core/home.py): cards, 今日 lines
    home: str | None = None
    #: "module:function"(centre, *, actor) → more 今日 lines from checks over every record,
    #: run on the reading thread once the page is shown
    home_checks: str | None = None
    commands: tuple[Command, ...] = ()
    #: "module:function"(session) → list of storage.check.Problem: the feature's own checks of
    #: its data, run by ``neighborcenter check`` after SQLite's and the core's (the ledger
    #: sums to zero …); they report, they never repair
    checks: str | None = None
    #: "module:function"(session, *, language): what a new centre starts with
    setup: str | None = None
    #: "module:function"(centre, *, actor, residents, seed) → DemoSummary: its demo step
    demo: str | None = None
    #: names of its scenarios in the benchmark harness (benchmarks/scenarios.py)
    benchmarks: tuple[str, ...] = ()
    #: names of its write paths in the crash campaign (reliability/paths.py): every write a
    #: person makes in the feature is killed at random moments there
    reliability: tuple[str, ...] = ()
    #: "module" whose import maps its tables (so the ORM and the checks know them)
    models: str | None = None


@cache
def features() -> tuple[Feature, ...]:
    return tuple(importlib.import_module(name).FEATURE for name in FEATURE_PACKAGES)


def load_models() -> None:
    """Map every feature's tables (queries that join them need the mappers)."""
    for feature in features():
        if feature.models:
            importlib.import_module(feature.models)


def rows_linked_to(session: Session, link: ResidentLink, resident_id: str) -> list[Any]:
    """The rows (ORM objects, so that the change stamping sees them) whose ``link`` column
    points at that resident, whichever feature owns the table."""
    from sqlalchemy import select

    from neighborcenter.storage.models import Base

    load_models()
    table = Base.metadata.tables[link.table]
    model = next(m.class_ for m in Base.registry.mappers if m.local_table is table)
    return list(session.scalars(select(model).where(getattr(model, link.column) == resident_id)))


def detail_sections(centre: Any, *, actor: Any, resident_id: str) -> list[DetailSection]:
    """Every feature's sections of one resident's 360° page, in the registry's order; a
    feature returns None for a section the reader's role may not see."""
    found = (load(ref)(centre, actor=actor, resident_id=resident_id)
             for feature in features() for ref in feature.detail_sections)
    return [section for section in found if section is not None]


def pages() -> list[PageSpec]:
    return sorted((p for f in features() for p in f.pages), key=lambda p: p.order)


def commands() -> list[Command]:
    return [c for f in features() for c in f.commands]


def resident_links() -> list[ResidentLink]:
    return [link for f in features() for link in f.resident_links]


def change_kinds() -> frozenset[str]:
    return frozenset().union(*(f.change_kinds for f in features()))


def audit_actions() -> dict[str, str]:
    return {k: v for f in features() for k, v in f.audit_actions.items()}


def each(attribute: str) -> Iterable[tuple[Feature, Callable[..., Any]]]:
    """Every feature's hook of that name ("home", "setup", "demo"), loaded."""
    for feature in features():
        ref = getattr(feature, attribute)
        if ref:
            yield feature, load(ref)
