"""Qt's own words in the chosen language: the file dialog, Yes/No, OK, Cancel and Close of
message boxes and button boxes. Qt ships them (qtbase_zh_CN.qm) beside its libraries."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from neighborcenter.i18n import current_language

log = logging.getLogger(__name__)
_installed: QTranslator | None = None
_installed_language = "en"


def install_qt_translations(app: QCoreApplication, language: str | None = None) -> bool:
    """Load Qt's translations for ``language`` (the active one by default), replacing those of
    the language before. English needs none: it is Qt's source language."""
    global _installed, _installed_language
    language = language or current_language()
    if language == _installed_language:
        return _installed is not None
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed, _installed_language = None, "en"
    if language == "en":
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        log.warning("Qt's translations qtbase_%s not found in %s", language, folder)
        return False
    app.installTranslator(translator)
    _installed, _installed_language = translator, language
    return True
