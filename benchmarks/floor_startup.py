"""The start-up floor: import PySide6 and SQLAlchemy, open the SQLite file, show an empty
QMainWindow, and exit once it is shown. Run as a whole process: ``python floor_startup.py DB``.
Prints the peak RSS in KiB on stdout (the floor of the memory figure)."""

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.memory import peak_rss_kb  # noqa: E402

engine = create_engine(f"sqlite:///{sys.argv[1]}")
with engine.connect() as conn:
    conn.execute(text("PRAGMA journal_mode=WAL"))
    conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1100, 720)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
print(peak_rss_kb())
