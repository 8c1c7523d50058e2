"""The centre's details (name, community, street, district, language), as the first-run
wizard and the settings page both ask for them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit

from neighborcenter.i18n import LANGUAGES, _


class CentreForm:
    def __init__(self, form: QFormLayout, *, language: str) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("for example 幸福邻里中心"))
        self.community, self.street, self.district = QLineEdit(), QLineEdit(), QLineEdit()
        self.language = QComboBox()
        for code, label in LANGUAGES.items():
            self.language.addItem(label, code)
        self.set_language(language)
        form.addRow(_("Centre name"), self.name)
        form.addRow(_("Community (社区)"), self.community)
        form.addRow(_("Street (街道)"), self.street)
        form.addRow(_("District"), self.district)
        form.addRow(_("Language"), self.language)

    def fields(self) -> dict[str, QLineEdit]:
        """Service field names → their inputs (for inline errors)."""
        return {"name": self.name, "community": self.community, "street": self.street,
                "district": self.district}

    def values(self) -> dict[str, str]:
        return {key: widget.text() for key, widget in self.fields().items()}

    def set_values(self, *, name: str, community: str, street: str, district: str) -> None:
        for key, value in (("name", name), ("community", community), ("street", street),
                           ("district", district)):
            self.fields()[key].setText(value)

    def set_language(self, language: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(language)))

    def chosen_language(self) -> str:
        return self.language.currentData()
