"""In English the screens' hints and columns are English: no Chinese example in a
placeholder of the class's dialogs and tabs (the Chinese ones come from the zh_CN catalog)."""

from __future__ import annotations

import re
from pathlib import Path

import neighborcenter.features.classroom.ui as ui

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Chinese personal and place names are examples people type as they are
NAMES = {"e.g. 李建国", "e.g. 湖州市第一小学"}
MINE = ("children", "duty", "roster", "today", "terms", "reports", "kiosk", "page")


def test_no_chinese_in_the_english_msgids():
    found = []
    for name in MINE:
        text = (Path(ui.__file__).parent / f"{name}.py").read_text(encoding="utf-8")
        for msgid in re.findall(r'_\(\s*"([^"]*)"', text):
            if CJK.search(msgid) and msgid not in NAMES:
                found.append((name, msgid))
    assert found == []
