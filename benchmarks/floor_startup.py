"""The start-up floor: import SQLAlchemy and open the SQLite file, import PySide6, show an
empty QMainWindow, and exit once it is shown. Run as a whole process:
``python floor_startup.py DB [--stack]``. Prints the peak RSS in KiB on stdout (the floor of
the memory figure).

With ``--stack`` it also does the work the app cannot skip whatever its own code: import
SQLAlchemy's ORM with the app's models and configure them, and check one passphrase with
the app's scrypt parameters. That floor has no target; it shows how much of the start-up is
the stack and how much is ours.

SQLAlchemy comes first because that is the cheapest order: once imported, PySide6 reads the
source of every module imported after it (its __feature__ import hook), which made this floor
90 ms slower when it imported PySide6 first.
"""

import sys
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--stack" in sys.argv:
    from sqlalchemy.orm import configure_mappers

    import neighborcenter.features.register.models  # noqa: F401 - the tables the app maps
    import neighborcenter.storage.models  # noqa: F401
    from neighborcenter.core.passphrase import hash_passphrase

    configure_mappers()
    hash_passphrase("demo1234")

engine = create_engine(f"sqlite:///{sys.argv[1]}")
with engine.connect() as conn:
    conn.execute(text("PRAGMA journal_mode=WAL"))
    conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from benchmarks.memory import peak_rss_kb  # noqa: E402

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1100, 720)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
print(peak_rss_kb())
