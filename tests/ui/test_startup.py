"""What the GUI imports before its first window: a regression here costs every start-up."""

import subprocess
import sys


def _modules_after(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "; import sys; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_the_data_layer_is_imported_before_pyside():
    # PySide6 reads the source of every module imported after it (its __feature__ import
    # hook): importing SQLAlchemy's ORM and the services first saves about 0.12 s.
    modules = _modules_after("import neighborcenter.app")
    first_qt = modules.index("PySide6")
    for name in ("sqlalchemy.orm", "sqlalchemy.dialects.sqlite", "neighborcenter.storage.models",
                 "neighborcenter.core.accounts", "neighborcenter.features.register.home",
                 "babel.dates"):
        assert modules.index(name) < first_qt, name


def test_pages_and_icon_fonts_are_not_imported_to_show_the_main_window():
    modules = _modules_after("import neighborcenter.app, neighborcenter.ui.controller, "
                             "neighborcenter.ui.main_window, neighborcenter.ui.home.page")
    for name in ("qtawesome", "openpyxl", "reportlab", "neighborcenter.features.register.ui.page",
                 "neighborcenter.features.register.register_io"):
        assert name not in modules, name
