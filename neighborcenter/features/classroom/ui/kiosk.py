"""The kiosk's look, shared by the day's tab and its dialogs: each state of a child in a colour
*and* in words (a mark and the state's name — colour is never all it says), boxes that stop
(a blocked adult: white on red), warn (allergies, health notes: amber) or tell (what an action
did), and the clock the screens read (a test gives its own).

The boxes paint their own background rather than take a style sheet: a colour of their own
must not depend on the large-print sheet, and they are rebuilt every half minute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from neighborcenter.features.classroom.rules import ChildState, Rung
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.theme import scaled_font

#: what the screens take as "now": an aware datetime in the centre's time zone
Clock = Callable[[], dt.datetime]


def wall_clock() -> dt.datetime:
    return dt.datetime.now().astimezone()


def clock_text(at: dt.datetime | None) -> str:
    return at.astimezone().strftime("%H:%M") if at is not None else ""


@dataclass(frozen=True)
class Look:
    mark: str  # said before the state's name
    background: str  # a light tint: the text on it keeps a contrast of 4.5:1 or more
    ink: str  # the state's words and the tile's border


LOOKS = {
    ChildState.EXPECTED: Look("○", "#eef2f7", "#44546a"),
    ChildState.COLLECTED: Look("→", "#e3f0fb", "#0b4f8a"),
    ChildState.PRESENT: Look("●", "#e6f4ea", "#1b5e20"),
    ChildState.LATE: Look("⚠", "#fde7e6", "#b3261e"),
    ChildState.GONE: Look("✓", "#f1f3f4", "#4a4f55"),
    ChildState.ABSENT: Look("—", "#fff4e0", "#7a4f00"),
    ChildState.NOT_CAME: Look("✗", "#efebe9", "#5d4037"),
}


def state_text(state: ChildState) -> str:
    """A child's state in words with its mark (在班, ⚠ 超时未接 …)."""
    return f"{LOOKS[state].mark} {state.label}"


def rung_text(rung: Rung, now: dt.datetime) -> str:
    """Where a step of the late pick-up ladder stands: done at, due now, or in how long."""
    state = rung.state(now)
    if state == "done":
        return _("✓ Done at {time}").format(time=clock_text(rung.done_at))
    if state == "due":
        return _("⚠ Due now (since {time})").format(time=clock_text(rung.due_at))
    minutes = max(1, int((rung.due_at - now).total_seconds() + 59) // 60)
    return ngettext("At {time}, in {n} minute", "At {time}, in {n} minutes", minutes).format(
        time=clock_text(rung.due_at), n=minutes)


def fit_wide(window: QWidget, normal: int, large: int) -> None:
    """Size a dialog to its content, at least ``normal`` (``large`` in large print) pixels
    wide, within the screen: a kiosk's dialog reads better wide than scrolled."""
    from neighborcenter.ui.common.fitting import fit_to_screen
    from neighborcenter.ui.theme import is_large_print

    window.ensurePolished()
    hint = window.sizeHint()
    fit_to_screen(window, QSize(max(hint.width(), large if is_large_print() else normal),
                                hint.height()))
    window.installEventFilter(_WideWhenShown(window))


def _grow_to_content(window: QWidget) -> None:
    """The fields' style (large print's padding) applies when they are first shown, after
    the size was taken: grow the dialog by what its scrolling body lacks, within the screen,
    rather than scroll (sideways above all)."""
    from neighborcenter.ui.common.fitting import BodyScrollArea, available_size

    area = window.findChild(BodyScrollArea)
    content = area.widget() if area is not None else None
    if area is None or content is None:
        return
    room = available_size(window)
    bar = area.verticalScrollBar().sizeHint().width()
    wide = content.minimumSizeHint().width() + bar - area.viewport().width()
    layout = content.layout()
    tall = (layout.totalHeightForWidth(area.viewport().width())
            if layout is not None and layout.hasHeightForWidth()
            else content.sizeHint().height()) - area.viewport().height()
    if wide > 0 or tall > 0:
        window.resize(min(window.width() + max(wide, 0), room.width()),
                      min(window.height() + max(tall, 0), room.height()))


class _WideWhenShown(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            _grow_to_content(watched)
        return False


#: the boxes' colours: (background, border, text)
BOX_KINDS = {
    "alert": ("#b3261e", "#7f1d18", "#ffffff"),  # stop: a blocked adult, a refusal
    "warning": ("#fff4e0", "#7a4f00", "#1a1a1a"),  # allergies, health notes, what is due
    "info": ("#e8f0fe", "#0b4f8a", "#1a1a1a"),  # what an action did, why no class today
    "done": ("#e6f4ea", "#1b5e20", "#1a1a1a"),  # a child handed over
}


class Box(QFrame):
    """A box of words in a colour: ``kind`` is one of BOX_KINDS; the words carry the meaning
    (an alert starts with ⛔ or ⚠), the colour repeats it."""

    def __init__(self, kind: str = "info", text: str = "", *, large: bool = False) -> None:
        super().__init__()
        self.kind = kind
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.label)
        self._large = large
        self.set_kind(kind, large=large)

    def set_kind(self, kind: str, *, large: bool | None = None) -> None:
        self.kind = kind
        if large is not None:
            self._large = large
        palette = self.label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(BOX_KINDS[kind][2]))
        palette.setColor(QPalette.ColorRole.Text, QColor(BOX_KINDS[kind][2]))
        self.label.setPalette(palette)
        self.label.setFont(scaled_font(self, 1.25 if self._large else 1.0,
                                       bold=kind == "alert" or self._large))
        self.update()

    def set_text(self, text: str, kind: str | None = None, *, large: bool | None = None
                 ) -> None:
        if kind is not None or large is not None:
            self.set_kind(kind or self.kind, large=large)
        self.label.setText(text)
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.label.text()

    def paintEvent(self, event) -> None:  # noqa: N802
        background, border, _text = BOX_KINDS[self.kind]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(border), 3))
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5), 6, 6)
        painter.end()
