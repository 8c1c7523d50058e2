"""The start-up floor: import SQLAlchemy and open the SQLite file, import PySide6, show an
empty QMainWindow, and exit once it is shown. Run as a whole process:
``python floor_startup.py DB``. Prints the peak RSS in KiB on stdout (the floor of the memory
figure).

SQLAlchemy comes first because that is the cheapest order: once imported, PySide6 reads the
source of every module imported after it (its __feature__ import hook), which made this floor
90 ms slower when it imported PySide6 first.
"""

import sys
from pathlib import Path

from sqlalchemy import create_engine, text

engine = create_engine(f"sqlite:///{sys.argv[1]}")
with engine.connect() as conn:
    conn.execute(text("PRAGMA journal_mode=WAL"))
    conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.memory import peak_rss_kb  # noqa: E402

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1100, 720)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
print(peak_rss_kb())
