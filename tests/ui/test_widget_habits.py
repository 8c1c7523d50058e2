"""Habits of the screens that a reader relies on, checked over the source of every ui/ folder
(the shell's and each feature's):

- a widget is an attribute, not a name put together at run time: ``setattr(self,
  f"{key}_table", …)`` hid the detail page's lists from a reader, a search and the type
  checker;
- an item-data role is named (``Qt.ItemDataRole.UserRole``), never a bare number such as 256.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "neighborcenter"


def ui_modules() -> list[tuple[str, ast.AST]]:
    return [(str(p.relative_to(PACKAGE)), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(PACKAGE.rglob("*.py"))
            if "ui" in p.relative_to(PACKAGE).parts[:-1]]


def calls(tree: ast.AST, *names: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in names:
                yield node


def test_the_ui_folders_are_found():
    found = [rel for rel, _tree in ui_modules()]
    assert "ui/main_window.py" in found and "features/register/ui/detail.py" in found


def test_widgets_are_attributes_not_names_made_at_run_time():
    offenders = [
        f"{rel}:{node.lineno}"
        for rel, tree in ui_modules()
        for node in calls(tree, "setattr", "getattr", "hasattr", "delattr")
        if len(node.args) >= 2 and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "self" and not isinstance(node.args[1], ast.Constant)
    ]
    assert offenders == []


def test_item_data_roles_are_named_not_numbers():
    offenders = [
        f"{rel}:{node.lineno}"
        for rel, tree in ui_modules()
        for node in calls(tree, "data", "setData", "itemData", "setItemData", "findData")
        if any(isinstance(arg, ast.Constant) and type(arg.value) is int
               for arg in [*node.args, *(k.value for k in node.keywords)])
    ]
    assert offenders == []
