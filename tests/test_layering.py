"""The layers hold (docs/ARCHITECTURE.md):

- Qt only in ui/ folders (the shell's and each feature's) and app.py;
- SQLAlchemy not in ui/ folders nor in a feature's rules;
- rules import nothing of the project but errors, i18n and their own rules;
- storage/ imports no services (neither core's nor a feature's);
- printing/ imports no storage and no services;
- core/ learns of features only through the registry (by name, not by import);
- one feature uses another only through that feature's services: never its models, screens
  or rules' private parts.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "neighborcenter"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules() -> list[tuple[str, set[str]]]:
    return [(str(p.relative_to(PACKAGE)), imported_modules(p)) for p in PACKAGE.rglob("*.py")]


def is_ui(rel: str) -> bool:
    return rel.startswith("ui/") or "/ui/" in rel


def is_rules(rel: str) -> bool:
    return "/rules/" in rel or rel.endswith("/rules.py")


def feature_of(name: str) -> str | None:
    """'neighborcenter.features.register.models' or 'features/register/x.py' → 'register'."""
    parts = name.replace("/", ".").split(".")
    if "features" in parts:
        i = parts.index("features")
        if len(parts) > i + 1 and parts[i + 1] not in ("__init__", "py"):
            return parts[i + 1]
    return None


def test_package_is_found():
    assert len(modules()) > 40


def test_qt_only_in_ui_and_app():
    offenders = [
        rel for rel, mods in modules()
        if not (is_ui(rel) or rel == "app.py")
        and any(m.split(".")[0] in ("PySide6", "qtawesome") for m in mods)
    ]
    assert offenders == []


def test_no_sqlalchemy_in_screens_or_rules():
    offenders = [
        rel for rel, mods in modules()
        if (is_ui(rel) or is_rules(rel)) and any(m.split(".")[0] == "sqlalchemy" for m in mods)
    ]
    assert offenders == []


def test_rules_depend_on_nothing_of_the_project_but_errors_and_i18n():
    allowed = {"neighborcenter.errors", "neighborcenter.i18n"}
    offenders = [
        (rel, m) for rel, mods in modules() if is_rules(rel)
        for m in mods
        if m.startswith("neighborcenter") and m.split(".")[:2] != ["neighborcenter", "errors"]
        and m.split(".")[:2] != ["neighborcenter", "i18n"] and m not in allowed
        and ".rules" not in m
    ]
    assert offenders == []


def test_storage_imports_no_services():
    allowed = ("neighborcenter.storage", "neighborcenter.errors", "neighborcenter.i18n",
               "neighborcenter.config", "neighborcenter.core.roles")
    offenders = [
        (rel, m) for rel, mods in modules() if rel.startswith("storage/")
        for m in mods if m.startswith("neighborcenter") and not m.startswith(allowed)
        and ".rules." not in m  # a migration may use a rule as it stood (pinyin keys)
    ]
    assert offenders == []


def test_printing_imports_no_storage_and_no_services():
    allowed = ("neighborcenter.printing", "neighborcenter.errors", "neighborcenter.i18n")
    offenders = [
        (rel, m) for rel, mods in modules() if rel.startswith("printing/")
        for m in mods if m.startswith("neighborcenter") and not m.startswith(allowed)
    ]
    assert offenders == []


def test_nothing_below_the_screens_imports_them():
    """(The CLI's ``gui`` command starts the window through app.py, and nothing else.)"""
    offenders = [
        (rel, m) for rel, mods in modules() if not (is_ui(rel) or rel == "app.py")
        for m in mods
        if (m.startswith(("neighborcenter.ui", "neighborcenter.app"))
            and not (rel == "cli.py" and m.startswith("neighborcenter.app")))
        or (".ui." in m and m.startswith("neighborcenter.features"))
    ]
    assert offenders == []


def test_core_learns_of_features_only_through_the_registry():
    offenders = [
        (rel, m) for rel, mods in modules() if rel.startswith("core/")
        for m in mods if m.startswith("neighborcenter.features")
    ]
    assert offenders == []


def test_a_feature_uses_another_only_through_its_services():
    offenders = []
    for rel, mods in modules():
        mine = feature_of(rel)
        if mine is None:
            continue
        for m in mods:
            other = feature_of(m)
            if other and other != mine and any(
                    part in m.split(".") for part in ("models", "ui", "demo", "cli")):
                offenders.append((rel, m))
    assert offenders == []


def is_cli(rel: str) -> bool:
    return rel == "cli.py" or rel.endswith("/cli.py")


def test_screens_and_commands_go_through_the_handle_and_services():
    """No storage/ import, and no unit of work opened by hand: the service decides."""
    offenders = [
        (rel, m) for rel, mods in modules() if is_ui(rel) or is_cli(rel)
        for m in mods if m.startswith("neighborcenter.storage")
    ]
    offenders += [
        rel for rel, _mods in modules() if (is_ui(rel) or is_cli(rel))
        and ".unit_of_work(" in (PACKAGE / rel).read_text(encoding="utf-8")
    ]
    assert offenders == []
