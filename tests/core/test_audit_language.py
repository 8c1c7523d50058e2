"""The audit log is shown in the reader's language, whatever the language it was written in."""

from __future__ import annotations

from neighborcenter.core import maintenance
from neighborcenter.core.audit import AuditAction, Msg, list_audit, record_audit
from neighborcenter.i18n import set_language
from tests.conftest import PASSPHRASE, log_in, sql


def _newest(db, admin, action):
    return next(e for e in list_audit(db, actor=admin) if e.action is action)


def test_an_entry_written_in_chinese_reads_in_english_and_back(db, admin):
    set_language("zh_CN")
    log_in(db, "admin", PASSPHRASE)
    assert _newest(db, admin, AuditAction.LOGIN).summary == "登录"
    set_language("en")
    assert _newest(db, admin, AuditAction.LOGIN).summary == "Logged in"
    set_language("zh_CN")
    assert _newest(db, admin, AuditAction.LOGIN).summary == "登录"


def test_values_words_and_counts_are_rendered_on_display(db, admin):
    with db.unit_of_work(write=True) as uow:
        record_audit(uow.session, admin, AuditAction.UPDATE, summary=Msg(
            "Corrected {name}: {fields}",
            args={"name": "张三", "fields": [Msg("phone"), Msg("ID number")]}))
        record_audit(uow.session, admin, AuditAction.CHECK,
                     summary=Msg("{n} problem found", args={"n": 2}, plural="{n} problems found"))
        uow.commit()
    set_language("en")
    assert _newest(db, admin, AuditAction.UPDATE).summary == (
        "Corrected 张三: phone, ID number")
    assert _newest(db, admin, AuditAction.CHECK).summary == "2 problems found"
    set_language("zh_CN")
    zh = _newest(db, admin, AuditAction.UPDATE).summary
    assert zh == "更正 张三：电话、身份证号"
    assert "2" in _newest(db, admin, AuditAction.CHECK).summary
    assert "problem" not in _newest(db, admin, AuditAction.CHECK).summary


def test_the_stored_column_is_english_for_other_readers(db, admin):
    set_language("zh_CN")
    maintenance.back_up_now(db, actor=admin, reason="manual")
    with sql(db) as conn:
        (text,) = conn.execute(
            "SELECT summary FROM audit_log WHERE action = 'backup'").fetchone()
    assert text.startswith("Backup ")


def test_an_older_entry_without_structure_shows_its_words(db, admin):
    with db.unit_of_work(write=True) as uow:
        record_audit(uow.session, admin, AuditAction.UPDATE, summary="更正了旧记录")
        uow.commit()
    set_language("en")
    assert _newest(db, admin, AuditAction.UPDATE).summary == "更正了旧记录"


def test_a_features_own_audit_action_is_listed_with_its_label(db, admin, monkeypatch):
    import dataclasses
    import enum

    from neighborcenter.core import features

    class VisitAction(enum.StrEnum):
        VISIT = "visit"

    register = features.features()[0]
    visits = dataclasses.replace(register, key="visits", pages=(), commands=(),
                                 audit_actions={"visit": "Visited at home"})
    monkeypatch.setattr(features, "features", lambda: (register, visits))
    with db.unit_of_work(write=True) as uow:
        record_audit(uow.session, admin, VisitAction.VISIT, summary="上门探访")
        record_audit(uow.session, admin, VisitAction.VISIT, summary="?")
        uow.commit()
    rows = list_audit(db, actor=admin, action="visit")
    assert [r.action_label for r in rows] == ["Visited at home"] * 2
    monkeypatch.setattr(features, "features", lambda: (register,))  # the feature is gone
    assert "visit" in list_audit(db, actor=admin, action="visit")[0].action_label


def test_the_stored_english_summary_of_a_count_of_one_is_singular():
    """The summary column keeps the English rendering for other readers: "1 problem", not
    "1 problems" (the count is compared as a number, before it is rendered as text)."""
    from neighborcenter.core.audit import _untranslated

    one = Msg("{n} problem found", args={"n": 1}, plural="{n} problems found")
    two = Msg("{n} problem found", args={"n": 2}, plural="{n} problems found")
    assert one.render(_untranslated) == "1 problem found"
    assert two.render(_untranslated) == "2 problems found"
