"""The layers hold: Qt only in ui/ and app.py; SQLAlchemy not in ui/ or domain/;
domain/ imports nothing of the project but errors and i18n."""

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
    return found


def modules() -> list[tuple[str, set[str]]]:
    return [(str(p.relative_to(PACKAGE)), imported_modules(p)) for p in PACKAGE.rglob("*.py")]


def test_package_is_found():
    assert len(modules()) > 20


def test_qt_only_in_ui_and_app():
    offenders = [
        rel for rel, mods in modules()
        if not (rel.startswith("ui/") or rel == "app.py")
        and any(m.split(".")[0] in ("PySide6", "qtawesome") for m in mods)
    ]
    assert offenders == []


def test_no_sqlalchemy_in_ui_or_domain():
    offenders = [
        rel for rel, mods in modules()
        if rel.startswith(("ui/", "domain/")) and any(m.split(".")[0] == "sqlalchemy"
                                                       for m in mods)
    ]
    assert offenders == []


def test_domain_depends_on_nothing_of_the_project_but_errors_and_i18n():
    allowed = {"neighborcenter.errors", "neighborcenter.i18n"}
    offenders = [
        (rel, m) for rel, mods in modules() if rel.startswith("domain/")
        for m in mods
        if m.startswith("neighborcenter") and m not in allowed
        and not m.startswith("neighborcenter.domain")
    ]
    assert offenders == []


def test_services_do_not_import_ui():
    offenders = [
        rel for rel, mods in modules()
        if rel.startswith(("services/", "storage/", "domain/", "printing/"))
        and any(m.startswith("neighborcenter.ui") or m == "neighborcenter.app" for m in mods)
    ]
    assert offenders == []
