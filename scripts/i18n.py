#!/usr/bin/env python3
"""Translation workflow (babel):

    python scripts/i18n.py extract   # source → i18n/neighborcenter.pot
    python scripts/i18n.py update    # .pot → i18n/<lang>/LC_MESSAGES/neighborcenter.po
    python scripts/i18n.py compile   # .po → .mo (built, not committed)
    python scripts/i18n.py check     # every zh_CN message translated, no fuzzy entries

After ``extract`` and ``update``, translate the new (empty) zh_CN entries; English msgids
need no English translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
DOMAIN = "neighborcenter"
POT = I18N / f"{DOMAIN}.pot"
LANGUAGES = ("zh_CN", "en")


def po_path(lang: str) -> Path:
    return I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(I18N / "babel.cfg"),
        "-k", "N_", "-k", "N_plural:1,2", "-k", "pgettext:1c,2",
        "--no-location", "--sort-output", "--project", "NeighborCenter",
        "-o", str(POT), str(ROOT / "neighborcenter"),
    ])


def update() -> None:
    from babel.messages.frontend import CommandLineInterface

    for lang in LANGUAGES:
        cmd = "update" if po_path(lang).exists() else "init"
        args = ["pybabel", "-q", cmd, "-i", str(POT), "-d", str(I18N), "-D", DOMAIN, "-l", lang]
        if cmd == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        CommandLineInterface().run(args)


def compile_all() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for lang in LANGUAGES:
        po = po_path(lang)
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        errors = list(catalog.check())
        if errors:
            for message, errs in errors:
                print(f"{po}: {message.id!r}: {errs}", file=sys.stderr)
            raise SystemExit(1)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)


def untranslated(lang: str) -> list[str]:
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    bad = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            bad.append(message.id if isinstance(message.id, str) else message.id[0])
    return bad


def check() -> None:
    missing = untranslated("zh_CN")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    if missing:
        raise SystemExit(1)


if __name__ == "__main__":
    actions = {"extract": extract, "update": update, "compile": compile_all, "check": check}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        print(__doc__)
        raise SystemExit(2)
    actions[sys.argv[1]]()
