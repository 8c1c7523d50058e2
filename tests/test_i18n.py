"""Every catalog compiles, zh_CN is complete, and translations keep their placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from neighborcenter import i18n

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalog(lang):
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "neighborcenter.po").open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_catalog_compiles_without_errors(lang):
    assert list(catalog(lang).check()) == []


def test_no_zh_cn_message_is_left_untranslated():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_catalog_is_up_to_date_with_the_source(tmp_path):
    from babel.messages.extract import extract_from_dir

    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "neighborcenter"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2),
                  "pgettext": ((1, "c"), 2)},
    ):
        ids.add((_ctx, message if isinstance(message, str) else message[0]))
    known = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
             for m in catalog("zh_CN") if m.id}
    assert ids - known == set(), "run scripts/i18n.py extract and update, then translate"


def test_translations_keep_every_placeholder():
    for message in catalog("zh_CN"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) == wanted, message.id


def test_language_switch_and_locale_formats():
    import datetime as dt

    i18n.set_language("en")
    assert i18n._("Home") == "Home"
    assert i18n.format_date(dt.date(2026, 11, 23), "long") == "November 23, 2026"
    i18n.set_language("zh_CN")
    assert i18n._("Home") == "首页"
    assert i18n.format_date(dt.date(2026, 11, 23), "long") == "2026年11月23日"
    assert i18n.format_number(17307) == "17,307"
    assert i18n.ngettext("{n} problem found", "{n} problems found", 2).format(n=2) == "发现2个问题"


def test_enums_people_see_carry_their_label_one_way():
    """Roles and the register's words are LabelledEnums: each member is written with its
    label, ``member.label`` is the catalog's translation, and the tables the services still
    look labels up in (``RELATION_LABELS`` …) are made from the members, so they agree."""
    import ast

    from neighborcenter.core.roles import Role
    from neighborcenter.features.register.rules import terms
    from neighborcenter.features.register.rules.idnumber import Sex

    zh = {m.id: m.string for m in catalog("zh_CN") if isinstance(m.id, str)}
    shown = [Role, Sex, terms.ResidenceType, terms.RegistrationType, terms.ResidenceStatus,
             terms.ResidentStatus, terms.IdType, terms.Relation, terms.ConsentPurpose,
             terms.ResidenceEventKind]
    assert set(shown) <= set(i18n.LabelledEnum.__subclasses__())
    i18n.set_language("zh_CN")
    for enum_ in shown:
        for member in enum_:
            assert zh.get(member.msgid), f"{enum_.__name__}.{member.name} has no Chinese"
            assert member.label == zh[member.msgid]
            assert enum_(member.value) is member and member == member.value  # stored as before
    tables = {name: table for name, table in vars(terms).items() if name.endswith("_LABELS")}
    assert tables
    for table in tables.values():
        assert all(i18n._(text) == value.label for value, text in table.items())
    assert terms.SEX_LABELS["F"] == Sex.FEMALE.msgid  # "F" as read from the database

    # the screens say member.label: no ui/ module looks a label up in a table any more
    # (but the audit actions', core/audit.py, which are not a LabelledEnum yet)
    package = ROOT / "neighborcenter"
    offenders = [
        f"{path.relative_to(package)}: {alias.name}"
        for path in package.rglob("*.py") if "ui" in path.relative_to(package).parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.endswith("_LABELS") and alias.name != "ACTION_LABELS"
    ]
    assert offenders == []
