"""The first window's floor: a process that imports PySide6, shows an empty QMainWindow and
exits once it is shown — nothing of ours, no data layer. Run as a whole process:
``python floor_window.py``. ``benchmarks/first_window.py`` compares the login window with it.
"""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
