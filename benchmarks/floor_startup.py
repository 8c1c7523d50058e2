"""The start-up floor: import SQLAlchemy on SQLCipher and open the encrypted file with its raw
data key, import PySide6, show an empty QMainWindow, and exit once it is shown. Run as a whole
process: ``NC_BENCH_DATA_KEY=<hex> python floor_startup.py DB [--stack]``. Prints the peak RSS
in KiB on stdout (the floor of the memory figure).

With ``--stack`` it also does the work the app cannot skip whatever its own code: import
SQLAlchemy's ORM with the app's models and configure them, and unwrap the data key from the
key file with the demo passphrase (one Argon2id derivation at the app's parameters, which is
what checks the passphrase now), instead of taking the key from the environment. That floor has
no target; it shows how much of the start-up is the stack and how much is ours.

SQLAlchemy comes first because that is the cheapest order: once imported, PySide6 reads the
source of every module imported after it (its __feature__ import hook), which made this floor
90 ms slower when it imported PySide6 first.
"""

import os
import sys
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--stack" in sys.argv:
    from sqlalchemy.orm import configure_mappers

    import neighborcenter.features.register.models  # noqa: F401 - the tables the app maps
    import neighborcenter.storage.models  # noqa: F401
    from neighborcenter.core.keys import unwrap_with_passphrase
    from neighborcenter.storage.keyfile import key_file_path, read_key_file

    configure_mappers()
    wrap = read_key_file(key_file_path(Path(sys.argv[1]))).wrap_of("admin")
    key = unwrap_with_passphrase(wrap, "demo1234")
else:
    key = bytes.fromhex(os.environ["NC_BENCH_DATA_KEY"])

engine = create_engine(f"sqlite:///{sys.argv[1]}", module=sqlcipher)
event.listen(engine, "connect",  # the key before anything else, as the app does
             lambda dbapi_conn, _record: dbapi_conn.execute(f"PRAGMA key = \"x'{key.hex()}'\""),
             insert=True)
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
