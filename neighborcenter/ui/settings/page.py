"""设置: the centre's details, language and idle lock (administrators)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox

from neighborcenter.core import centre, changes, settings
from neighborcenter.i18n import _
from neighborcenter.ui.common.centre_form import CentreForm
from neighborcenter.ui.common.forms import FormErrors
from neighborcenter.ui.common.page import Page
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.theme import fit_spin_box


class SettingsPage(Page):
    kinds = frozenset({changes.SETTINGS, changes.CENTRE})
    settings_did_change = Signal(object, object)  # CentreInfo, CentreSettings

    def __init__(self, ctx: AppContext) -> None:
        # taller than a 1366×768 screen in large print
        super().__init__(ctx, _("Settings"), scrolls=True)
        form = QFormLayout()
        self.centre = CentreForm(form, language=ctx.settings.language)
        # the stored default, not the language of this screen (which --lang may have chosen)
        language_label = form.labelForField(self.centre.language)
        assert isinstance(language_label, QLabel)  # addRow(text, field) made it
        self.language_label = language_label
        self.language_label.setText(_("Default language of the centre"))
        self.centre.language.setToolTip(_("The language the program starts in. A change is "
                                          "used from the next start."))
        self.idle = QSpinBox()
        self.idle.setRange(settings.MIN_IDLE_LOCK_MINUTES, settings.MAX_IDLE_LOCK_MINUTES)
        self.idle.setSuffix(_(" min"))
        fit_spin_box(self.idle)
        form.addRow(_("Lock the window after"), self.idle)
        self.errors = FormErrors(form, {**self.centre.fields(), "idle_lock_minutes": self.idle})
        self.body.addLayout(form)
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        self.body.addWidget(self.save_button)
        self.saved_label = QLabel()
        self.body.addWidget(self.saved_label)
        self.body.addStretch(1)

    def reload(self) -> None:
        c, s = self._ctx.centre, self._ctx.settings
        self.centre.set_values(name=c.name, community=c.community, street=c.street,
                               district=c.district)
        self.centre.set_language(s.language)
        self.idle.setValue(s.idle_lock_minutes)

    def save(self) -> None:
        self.errors.clear()
        self.saved_label.clear()
        actor = self._ctx.actor
        centre_fields = self.centre.values()
        language, idle = self.centre.chosen_language(), self.idle.value()

        self._ctx.worker.run(
            lambda c: centre.save_centre_settings(c, actor=actor, language=language,
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
        self.errors.show(exc)
