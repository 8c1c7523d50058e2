"""What the GUI imports before its first window: a regression here costs every start-up.

The login window (or the set-up wizard) comes first, with PySide6, the catalogs and the key
file only; the data layer, the services and the pages load while the passphrase is typed
(neighborcenter/ui/loading.py). These run the real program in a real process, with the real
event loop (offscreen), and look at ``sys.modules`` at the moment its first window is shown.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import PASSPHRASE

#: what must not be loaded when the first window shows (the eager imports that were there)
HEAVY = ("sqlalchemy", "sqlalchemy.orm", "babel.dates", "cryptography", "filelock",
         "neighborcenter.storage.models", "neighborcenter.storage.db",
         "neighborcenter.core.handle", "neighborcenter.core.accounts",
         "neighborcenter.core.unlock", "neighborcenter.core.features",
         "neighborcenter.features.register.home", "neighborcenter.ui.main_window",
         "neighborcenter.ui.home.page")

#: Runs ``neighborcenter gui`` in this process and reports, as JSON on stdout, the first
#: window shown and the modules loaded at that moment. With a passphrase, it then types the
#: login at once (a fast typist: before the loading is done) and reports the main window.
DRIVER = r"""
import json, os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
report = {}
db, passphrase = sys.argv[1], sys.argv[2]

def done():
    print(json.dumps(report), flush=True)
    os._exit(0)

def type_login(dialog):
    from neighborcenter.ui import loading
    report["loaded_when_typed"] = loading.is_loaded()
    QTest.keyClicks(dialog.username, "admin")
    QTest.keyClicks(dialog.passphrase, passphrase)
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)

class FirstWindow(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow():
            kind = type(obj).__name__
            if not report:
                report["first"] = kind
                report["modules"] = sorted(sys.modules)
                if not passphrase:
                    QTimer.singleShot(0, done)
                else:
                    QTimer.singleShot(0, lambda: type_login(obj))
            elif kind == "MainWindow":
                report["then"] = kind
                QTimer.singleShot(0, done)
        return False

watcher = FirstWindow()
app.installEventFilter(watcher)
QTimer.singleShot(60_000, done)
from neighborcenter.cli import main
main(["gui", "--db", db])
done()
"""


def run_gui(db, passphrase: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEIGHBORCENTER_")}
    home = db.parent / "home"
    env.update({"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(home / "data"),
                "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_CONFIG_HOME": str(home / "config")})
    done = subprocess.run([sys.executable, "-c", DRIVER, str(db), passphrase], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def centre_file(db, admin):
    """A set-up centre's file, closed (the window opens it)."""
    db.close()
    return db.path


def test_the_login_window_comes_before_the_data_layer(centre_file):
    report = run_gui(centre_file)
    assert report["first"] == "LoginDialog"
    loaded = [name for name in HEAVY if name in report["modules"]]
    assert loaded == [], f"imported before the login window: {loaded}"


def test_the_wizard_comes_before_the_data_layer(tmp_path):
    report = run_gui(tmp_path / "new.db")
    assert report["first"] == "SetupWizard"
    loaded = [name for name in HEAVY if name in report["modules"]]
    assert loaded == [], f"imported before the set-up wizard: {loaded}"


def test_a_login_typed_at_once_waits_for_the_loading_and_opens_the_main_window(centre_file):
    report = run_gui(centre_file, PASSPHRASE)
    assert report["first"] == "LoginDialog"
    assert report["loaded_when_typed"] is False  # typed before the loading was done
    assert report.get("then") == "MainWindow"


def test_pages_and_icon_fonts_are_not_imported_to_show_the_main_window():
    done = subprocess.run(
        [sys.executable, "-c", "import neighborcenter.app, neighborcenter.ui.controller, "
         "neighborcenter.ui.main_window, neighborcenter.ui.home.page; import sys; "
         "print('\\n'.join(sys.modules))"], capture_output=True, text=True, check=True)
    modules = done.stdout.split()
    for name in ("qtawesome", "openpyxl", "reportlab", "neighborcenter.features.register.ui.page",
                 "neighborcenter.features.register.register_io"):
        assert name not in modules, name
