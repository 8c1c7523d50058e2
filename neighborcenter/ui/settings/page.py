"""设置: the centre's details, language and idle lock (administrators)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.errors import NCError
from neighborcenter.i18n import LANGUAGES, _
from neighborcenter.services import centre, changes, settings
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.widgets import page_title
from neighborcenter.ui.context import AppContext


class SettingsPage(QWidget):
    kinds = frozenset({changes.SETTINGS, changes.CENTRE})
    settings_did_change = Signal(object, object)  # CentreInfo, CentreSettings

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Settings")))
        form = QFormLayout()
        self.name, self.community = QLineEdit(), QLineEdit()
        self.street, self.district = QLineEdit(), QLineEdit()
        self.language = QComboBox()
        for code, label in LANGUAGES.items():
            self.language.addItem(label, code)
        self.idle = QSpinBox()
        self.idle.setRange(settings.MIN_IDLE_LOCK_MINUTES, settings.MAX_IDLE_LOCK_MINUTES)
        self.idle.setSuffix(_(" min"))
        form.addRow(_("Centre name"), self.name)
        form.addRow(_("Community (社区)"), self.community)
        form.addRow(_("Street (街道)"), self.street)
        form.addRow(_("District"), self.district)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Lock the window after"), self.idle)
        self.errors = FormErrors(form, {"name": self.name, "community": self.community,
                                        "street": self.street, "district": self.district,
                                        "idle_lock_minutes": self.idle})
        layout.addLayout(form)
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button)
        self.saved_label = QLabel()
        layout.addWidget(self.saved_label)
        layout.addStretch(1)

    def reload(self) -> None:
        c, s = self._ctx.centre, self._ctx.settings
        self.name.setText(c.name)
        self.community.setText(c.community)
        self.street.setText(c.street)
        self.district.setText(c.district)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.idle.setValue(s.idle_lock_minutes)

    def save(self) -> None:
        self.errors.clear()
        self.saved_label.clear()
        actor = self._ctx.actor
        centre_fields = dict(name=self.name.text(), community=self.community.text(),
                             street=self.street.text(), district=self.district.text())
        language, idle = self.language.currentData(), self.idle.value()

        self._ctx.worker.run(
            lambda c: centre.save_centre_settings(c.uow(), actor=actor, language=language,
                                                  idle_lock_minutes=idle, **centre_fields),
            on_done=self._saved, on_error=self._failed)

    def _saved(self, result) -> None:
        info, prefs = result
        language_changed = prefs.language != self._ctx.settings.language
        self.settings_did_change.emit(info, prefs)
        self.saved_label.setText(
            _("Saved. The new language is used from the next start.") if language_changed
            else _("Saved."))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.errors.show(exc)
