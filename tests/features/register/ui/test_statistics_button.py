"""The 人口结构统计表 is reached from the register page: a day (today unless typed), a file
name; the file is written through the audited service."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog

from neighborcenter.features.register.demo import load_demo_data
from neighborcenter.features.register.ui.page import RegisterPage


def test_the_register_page_writes_the_statistics_for_a_typed_day(qtbot, make_ctx, admin, db,
                                                                 tmp_path, monkeypatch):
    load_demo_data(db, actor=admin, residents=60, seed=3)
    page = RegisterPage(make_ctx(admin))
    qtbot.addWidget(page)
    target = tmp_path / "统计.pdf"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("2026-07-01", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF (*.pdf)"))
    opened = []
    monkeypatch.setattr(page, "_open_file", opened.append)
    page.stats_button.click()
    assert target.exists() and opened == [str(target)]
    assert Path(opened[0]).read_bytes().startswith(b"%PDF")
