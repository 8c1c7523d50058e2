"""Every volunteers' window gives each Alt+letter to one thing only, in Chinese and in English:
the profile had "Print the volunteer &card…" and "Record a &check…" both on Alt+C (and
"Print the pass&book…" and "&Back in service…" both on Alt+B)."""

from __future__ import annotations

import pytest

from neighborcenter.features.volunteers.ui.page import TAB_KEYS, VolunteersPage
from neighborcenter.i18n import set_language
from tests.features.volunteers.ui.test_fit import _dialogs
from tests.features.volunteers.ui.test_screens import crew  # noqa: F401 (a fixture)
from tests.ui.mnemonics import clashes, mnemonic, mnemonics


def test_the_letter_of_a_text():
    assert mnemonic("Print the volunteer &card…") == "C"
    assert mnemonic("打印志愿者证(&c)…") == "C"
    assert mnemonic("Tom && Jerry") is None
    assert mnemonic("Tom && &Jerry") == "J"
    assert mnemonic("Close") is None


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_two_buttons_of_a_volunteers_dialog_share_a_letter(qtbot, make_ctx, admin, crew,  # noqa: F811
                                                               monkeypatch, language):
    set_language(language)
    ctx = make_ctx(admin)
    dialogs = _dialogs(ctx, crew, monkeypatch)
    assert "settings" in dialogs
    found = {}
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        found[name] = clashes(dialog)
    assert {name: c for name, c in found.items() if c} == {}
    profile = mnemonics(dialogs["profile"])  # the check was found: its letter is its own
    assert len(profile) >= 12 and all(len(texts) == 1 for texts in profile.values())


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_two_buttons_of_a_volunteers_tab_share_a_letter(qtbot, make_ctx, admin, crew,  # noqa: F811
                                                            language):
    set_language(language)
    page = VolunteersPage(make_ctx(admin))
    qtbot.addWidget(page)
    page.reload()
    for key in TAB_KEYS:
        page.show_tab(key)
        assert clashes(page) == {}, key
