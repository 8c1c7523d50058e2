"""The recovery key: shown once, kept only on paper."""

from __future__ import annotations

import subprocess

from PySide6.QtPrintSupport import QPrinter

from neighborcenter.ui.recovery import RecoveryKeyDialog

KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"


def test_continue_waits_until_the_key_is_said_to_be_kept_and_esc_does_not_skip_it(qtbot):
    dialog = RecoveryKeyDialog(KEY, "幸福邻里中心")
    qtbot.addWidget(dialog)
    assert dialog.key.text().replace("\n", "") == KEY  # two lines of four groups
    assert not dialog.go_on.isEnabled()
    dialog.reject()  # Esc
    assert dialog.result() == 0 and not dialog.go_on.isEnabled()
    dialog.kept.setChecked(True)
    assert dialog.go_on.isEnabled()


def test_the_printed_sheet_carries_the_key_the_centre_and_how_to_use_it(qtbot, tmp_path):
    dialog = RecoveryKeyDialog(KEY, "幸福邻里中心")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf = tmp_path / "sheet.pdf"
    printer.setOutputFileName(str(pdf))
    dialog.print_to(printer)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert KEY in text.splitlines()  # on one line of its own, whole
    assert "幸福邻里中心的恢复密钥" in text and "recovery-key" in text and "打印日期" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # every font embedded
