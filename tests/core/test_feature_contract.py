"""Forgetting a registration fails here: the features' declarations are read against the
schema, the catalog and the code they name (core/features.py, docs/ARCHITECTURE.md)."""

from __future__ import annotations

import importlib

import pytest
from babel.messages.pofile import read_po

from neighborcenter.core import features
from neighborcenter.core.audit import ACTION_LABELS, AuditAction
from neighborcenter.core.changes import Changes
from neighborcenter.core.features import OnLeave
from neighborcenter.i18n import catalog_dir
from neighborcenter.storage.models import Base

features.load_models()
TABLES = Base.metadata.tables


def zh_catalog() -> dict[str, str]:
    path = catalog_dir() / "zh_CN" / "LC_MESSAGES" / "neighborcenter.po"
    with path.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh, locale="zh_CN") if isinstance(m.id, str)}


def test_every_feature_declares_itself_once():
    keys = [f.key for f in features.features()]
    assert keys and len(keys) == len(set(keys))
    assert {p.key for p in features.pages()}.isdisjoint({"home", "accounts", "audit", "data",
                                                          "settings"})


def test_every_column_that_points_at_a_resident_says_what_happens_to_its_rows():
    declared = {(link.table, link.column) for link in features.resident_links()}
    pointing = {(table.name, fk.parent.name) for table in TABLES.values()
                for fk in table.foreign_keys if fk.column.table.name == "residents"}
    assert pointing, "the register's tables point at residents"
    assert pointing - declared == set(), "add a ResidentLink to the feature that owns the table"
    assert declared - pointing == set(), "a ResidentLink names a column that does not exist"


def test_rows_that_end_with_their_resident_can_be_ended():
    for link in features.resident_links():
        if OnLeave.END in (link.on_death, link.on_move_out):
            assert "valid_to" in TABLES[link.table].columns, link


def test_every_table_with_a_uuid_key_is_synced_or_said_to_stay_local():
    with_uuid = {t.name for t in TABLES.values() if "change_seq" in t.columns}
    synced = [t for f in features.features() for t in f.synced_tables]
    local = [t for f in features.features() for t in f.local_tables]
    declared = [*features.CORE_SYNCED_TABLES, *synced, *local]
    assert len(declared) == len(set(declared)), "a table is declared twice"
    assert with_uuid - set(declared) == set(), "declare it synced or local in its feature"
    assert set(declared) - with_uuid == set(), "a declared table does not exist"


def test_every_page_and_command_of_a_feature_names_its_permission():
    for page in features.pages():
        assert page.permission is not None, page.key
    for command in features.commands():
        assert command.permission is not None, command.name


def test_every_audit_action_has_a_translated_label():
    zh = zh_catalog()
    labels = {**{a.value: label for a, label in ACTION_LABELS.items()},
              **features.audit_actions()}
    assert {a.value for a in AuditAction} <= set(labels)
    for value, label in labels.items():
        assert zh.get(label), f"audit action {value}: “{label}” has no Chinese label"


def test_change_kinds_of_features_are_their_own():
    from neighborcenter.core import changes

    shared = {v for k, v in vars(changes).items() if k.isupper() and isinstance(v, str)}
    for feature in features.features():
        assert feature.change_kinds, feature.key
        assert feature.change_kinds.isdisjoint(shared), feature.key
    assert Changes(features.change_kinds()).touches(*features.change_kinds())


def test_every_name_a_feature_gives_can_be_loaded():
    for feature in features.features():
        for page in feature.pages:
            assert callable(features.load(page.page_class)), page.page_class
        for command in feature.commands:
            assert callable(features.load(command.add_arguments))
            assert callable(features.load(command.run))
        for hook in ("home", "home_checks", "setup", "demo"):
            ref = getattr(feature, hook)
            assert ref is None or callable(features.load(ref)), (feature.key, hook)
        if feature.models:
            importlib.import_module(feature.models)


def test_every_benchmark_a_feature_names_is_in_the_harness():
    scenarios = importlib.import_module("benchmarks.scenarios").SCENARIOS
    for feature in features.features():
        for name in feature.benchmarks:
            assert name in scenarios, (feature.key, name)


def test_every_write_path_a_feature_names_is_in_the_crash_campaign():
    paths = importlib.import_module("reliability.paths").PATHS
    for feature in features.features():
        assert feature.reliability, (feature.key, "names no write path for the campaign")
        for name in feature.reliability:
            assert name in paths, (feature.key, name)


@pytest.mark.parametrize("feature", features.features(), ids=lambda f: f.key)
def test_a_feature_is_one_package(feature):
    package = f"neighborcenter.features.{feature.key}"
    assert package in features.FEATURE_PACKAGES
    refs = [p.page_class for p in feature.pages] + [
        ref for c in feature.commands for ref in (c.add_arguments, c.run)
    ] + [r for r in (feature.home, feature.home_checks, feature.setup, feature.demo,
                     feature.models) if r]
    assert all(ref.startswith(package + ".") for ref in refs), refs
