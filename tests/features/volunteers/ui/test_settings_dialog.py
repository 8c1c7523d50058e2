"""积分与时长设置: staff who may change the centre's settings change the volunteers' ones here —
points per hour by category, the rounding rule, the default cap, how long points last and the
star levels — by keyboard alone; a refusal shows by its field and keeps what was typed; the
page offers the dialog only to those who may use it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from neighborcenter.features.volunteers import settings as volunteer_settings
from neighborcenter.features.volunteers.rules import RoundingRule, ServiceCategory
from neighborcenter.features.volunteers.ui.page import VolunteersPage
from neighborcenter.features.volunteers.ui.settings import SettingsDialog


def _stored(db, admin) -> volunteer_settings.VolunteerSettings:
    return volunteer_settings.get_volunteer_settings(db, actor=admin)


@pytest.fixture
def dialog(qtbot, make_ctx, admin):
    d = SettingsDialog(make_ctx(admin))
    qtbot.addWidget(d)
    return d


def test_the_dialog_shows_the_settings_in_force(dialog):
    assert {e.text() for e in dialog.rates.values()} == {"10"}
    assert [e.text() for e in dialog.limits] == ["15", "45"]
    assert [e.text() for e in dialog.counts] == ["0", "30", "60"]
    assert dialog.cap.text() == "4" and dialog.expiry.text() == "3"
    assert [e.text() for e in dialog.stars] == ["100", "300", "600", "1000", "1500"]
    assert "1.5" in dialog.example.text()  # 1 h 20 min counts 1.5 h


def test_every_setting_is_changed_and_saved(dialog, db, admin):
    dialog.rates[ServiceCategory.CHILDREN].setText("15")
    dialog.limits[0].setText("10")
    dialog.limits[1].setText("40")
    dialog.cap.setText("")  # no cap
    dialog.expiry.setText("0")  # points never expire
    dialog.stars[4].clear()  # four levels only
    dialog.stars[0].setText("50")
    assert "2" in dialog.example.text()  # the example follows: 1 h 50 min counts 2 h
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    s = _stored(db, admin)
    assert s.rate(ServiceCategory.CHILDREN) == 15 and s.rate(ServiceCategory.SHOP) == 10
    assert s.rounding == RoundingRule(((10, 0), (40, 30), (60, 60)))
    assert s.default_cap_minutes is None and s.expiry_years == 0
    assert s.star_hours == (50, 300, 600, 1000)


@pytest.mark.parametrize(("field", "edit", "typed"), [
    ("points_per_hour", lambda d: d.rates[ServiceCategory.OTHER], "2000"),  # the service
    ("points_per_hour", lambda d: d.rates[ServiceCategory.OTHER], "十"),  # not a number
    ("rounding", lambda d: d.limits[1], "5"),  # below the first limit
    ("rounding", lambda d: d.counts[2], "90"),  # counts more than an hour
    ("default_cap_minutes", lambda d: d.cap, "0.25"),  # the service: half an hour at least
    ("expiry_years", lambda d: d.expiry, "30"),
    ("star_hours", lambda d: d.stars[2], "200"),  # not rising
    ("star_hours", lambda d: d.stars[1], ""),  # a gap
])
def test_a_refusal_shows_by_its_field_and_keeps_what_was_typed(dialog, db, admin, field, edit,
                                                               typed):
    before = _stored(db, admin)
    box = edit(dialog)
    box.setText(typed)
    dialog.rates[ServiceCategory.ELDER_CARE].setText("12")
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    label = dialog.errors._labels[field]
    assert label.isVisibleTo(dialog) and label.text()
    assert box.text() == typed and dialog.rates[ServiceCategory.ELDER_CARE].text() == "12"
    assert dialog.save_button.isEnabled()  # one may correct it and save again
    assert _stored(db, admin) == before


def test_the_dialog_by_keyboard_alone(qtbot, dialog, db, admin):
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    first = dialog.rates[next(iter(ServiceCategory))]
    assert QApplication.focusWidget() is first
    first.selectAll()
    qtbot.keyClicks(first, "20")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.stars[0]  # 星级所需时长(&H)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.expiry
    dialog.expiry.selectAll()
    qtbot.keyClicks(dialog.expiry, "5")
    qtbot.keyClick(dialog.expiry, Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    s = _stored(db, admin)
    assert s.rate(next(iter(ServiceCategory))) == 20 and s.expiry_years == 5


def test_the_page_offers_the_settings_only_to_who_may_change_them(qtbot, make_ctx, admin,
                                                                    social_worker,
                                                                    monkeypatch):
    opened = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(self))
    pages = {}
    for actor, offered in ((admin, True), (social_worker, False)):
        pages[actor.role] = page = VolunteersPage(make_ctx(actor))
        qtbot.addWidget(page)
        assert page.volunteers_tab.settings_button.isVisibleTo(page) is offered, actor.role
    pages[admin.role].volunteers_tab.settings_button.click()
    assert len(opened) == 1 and isinstance(opened[0], SettingsDialog)
    qtbot.addWidget(opened[0])
