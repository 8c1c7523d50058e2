"""Alt+letter keys of a window: which letter each button, labelled field, group and tab
claims (``&C`` in "Print the &card…", "打印(&C)…"). Two things in view with one letter make
Alt+C go to the first and leave the second out of reach of the keyboard."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("&&" is an ampersand), upper case; None if none."""
    position = 0
    while (position := text.find("&", position)) != -1 and position + 1 < len(text):
        if text[position + 1] != "&":
            return text[position + 1].upper()
        position += 2
    return None


def _texts(window: QWidget) -> list[str]:
    texts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
    return texts


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each Alt+letter of the things in view in ``window``, with the texts that claim it."""
    found: dict[str, list[str]] = defaultdict(list)
    for text in _texts(window):
        letter = mnemonic(text)
        if letter is not None:
            found[letter].append(text)
    return dict(found)


def clashes(window: QWidget) -> dict[str, list[str]]:
    """The letters claimed more than once in ``window`` (none, in a sound window)."""
    return {letter: texts for letter, texts in mnemonics(window).items() if len(texts) > 1}
