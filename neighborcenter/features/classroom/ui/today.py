"""今日: the class day on the kiosk of the volunteer on duty.

Big buttons for the day's steps — 接学生 (collect from school, with the checklist and the
head-count), 签到 (arrival), 签退 (hand-over), 作业 (homework), 请假 (absence, today or a coming
day), 超时未接 (the late pick-up ladder), 撤销签退 and 结束今日 (close the day: refused while a
child is here, and the refusal names them) — and the day's children as a grid of large tiles:
name, grade and class, the state in words *and* colour, the times, ⚠ 健康提示 when the child has
health notes, and for a child not collected after closing the minutes late and the ladder's
next step with its time.

A click (a tap) on a tile or Enter on it opens what its state needs: sign-in for a child to
collect or on the way, the hand-over for a child here, the ladder for a late one, the undo for
one gone, the absence for one absent. The arrow keys go from tile to tile; the buttons act on
the tile last chosen (or ask which child). The view is read again every 30 seconds while it
is shown: the ladder's times move. The tiles reflow to the window's width (three or four
columns at 1366×768 in large print)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.roles import Permission
from neighborcenter.errors import NCError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom.rules import ChildState, Homework, is_here
from neighborcenter.features.classroom.ui.kiosk import (
    LOOKS,
    Box,
    Clock,
    clock_text,
    state_text,
    wall_clock,
)
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.ui.common.dialogs import button, close_buttons
from neighborcenter.ui.common.fitting import fit_to_screen, scrolling_body
from neighborcenter.ui.common.flow_layout import FlowLayout
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import is_large_print, scaled_font

#: how often the day is read again while it is shown (the ladder's timers move)
REFRESH_MS = 30_000
#: how long what an action did stays above the tiles (a refusal: three times as long)
MESSAGE_MS = 60_000


# ------------------------------------------------------------------------------ a tile


def time_line(t: days.ChildTile) -> str:
    """The times of a child's day, in words."""
    if t.state == ChildState.ABSENT:
        return _("Absent: {reason}").format(reason=t.absence_reason) if t.absence_reason \
            else ""
    if t.state == ChildState.GONE:
        when = clock_text(t.left_at)
        if t.left_alone:
            return _("Went home alone at {time}").format(time=when)
        return _("Left at {time} with {adult}").format(time=when, adult=t.collected_by)
    if t.arrived_at is not None:
        return _("Arrived at {time}").format(time=clock_text(t.arrived_at))
    if t.collected_at is not None:
        return _("Collected at {time}").format(time=clock_text(t.collected_at))
    return ""


def late_line(t: days.ChildTile, now: dt.datetime) -> str:
    """For a child still here after closing: how late, and the ladder's next step and when."""
    if t.state != ChildState.LATE:
        return ""
    late = ngettext("{n} minute late", "{n} minutes late", t.late_minutes).format(
        n=t.late_minutes)
    pending = next((r for r in t.rungs if r.done_at is None), None)
    if pending is None:
        return late + _(" · every step done: stay with the child")
    if pending.state(now) == "due":
        return late + _(" · now: {step} (due {time})").format(
            step=pending.step.label, time=clock_text(pending.due_at))
    return late + _(" · next: {step} at {time}").format(step=pending.step.label,
                                                        time=clock_text(pending.due_at))


def tile_lines(t: days.ChildTile, now: dt.datetime) -> list[str]:
    """What a tile says under the name, line by line (the tests read these)."""
    lines = [t.grade_class, state_text(t.state), time_line(t)]
    if t.has_health_notes:
        lines.append(_("⚠ Health notes"))
    lines.append(late_line(t, now))
    if t.homework != Homework.NONE and t.state != ChildState.ABSENT:
        lines.append(_("Homework: {state}").format(state=t.homework.label))
    return [line for line in lines if line]


class Tile(QFrame):
    """One child of the day: a large target that a click, a tap, Enter or Space opens; the
    arrow keys go to the next tile."""

    was_activated = Signal(object)  # the tile
    was_focused = Signal(object)
    arrow_was_pressed = Signal(object, int)  # the tile, the Qt key

    def __init__(self) -> None:
        super().__init__()
        self.child: days.ChildTile | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        self.frame = layout
        layout.setSpacing(2)
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        for label in (self.name, self.state, self.details):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_child(self, t: days.ChildTile, now: dt.datetime) -> None:
        self.child = t
        look = LOOKS[t.state]
        lines = tile_lines(t, now)
        said = (t.grade_class, state_text(t.state), time_line(t))
        large = is_large_print()  # 18 pt already: closer lines, so that two rows show
        self.frame.setContentsMargins(*((16, 8, 12, 8) if large else (16, 12, 16, 12)))
        self.name.setText(t.name)
        self.name.setFont(scaled_font(self, 1.15 if large else 1.35, bold=True))
        self.state.setText(said[1])
        self.state.setFont(scaled_font(self, 1.0 if large else 1.1, bold=True))
        palette = self.state.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(look.ink))
        self.state.setPalette(palette)
        # the class and the times on one line: "三年级2班 · 15:50 签到"
        first = " · ".join(x for x in (said[0], said[2]) if x)
        rest = [x for x in (first, *(line for line in lines if line not in said)) if x]
        self.details.setText("\n".join(rest))
        self.details.setFont(scaled_font(self, 1.0))
        self.setAccessibleName(_("{name}, {state}").format(name=t.name,
                                                           state=t.state.label))
        self.setToolTip(_("Click or press Enter: {action}").format(action=action_name(t)))
        self.update()

    def text(self) -> str:
        """Everything the tile says (tests, and the screen reader's description)."""
        return "\n".join(x.text() for x in (self.name, self.state, self.details) if x.text())

    def paintEvent(self, event) -> None:  # noqa: N802
        if self.child is None:
            return
        look = LOOKS[self.child.state]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 6 if self.hasFocus() else (4 if self.child.state == ChildState.LATE else 2)
        painter.setPen(QPen(QColor("#1a1a1a" if self.hasFocus() else look.ink), width))
        painter.setBrush(QColor(look.background))
        inset = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset),
                                10, 10)
        # the state's colour as a bar at the left, beside its words
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(look.ink))
        painter.drawRect(QRectF(width, width, 6, self.height() - 2 * width))
        painter.end()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.was_activated.emit(self)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.was_activated.emit(self)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                   Qt.Key.Key_Home, Qt.Key.Key_End):
            self.arrow_was_pressed.emit(self, key)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.was_focused.emit(self)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()


def action_name(t: days.ChildTile) -> str:
    """What opening a tile does, by the child's state."""
    return {
        ChildState.EXPECTED: _("sign in"), ChildState.COLLECTED: _("sign in"),
        ChildState.PRESENT: _("sign out"), ChildState.LATE: _("the late pick-up steps"),
        ChildState.GONE: _("see or undo the sign-out"),
        ChildState.ABSENT: _("the absence"), ChildState.NOT_CAME: _("nothing (day closed)"),
    }[t.state]


class TileGrid(QScrollArea):
    """The day's tiles in as many columns as the width holds; the same tile widgets stay
    across a reload (the focus stays where it was)."""

    tile_was_activated = Signal(object)  # days.ChildTile
    tile_was_chosen = Signal(object)  # days.ChildTile

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.inner = QWidget()
        self.grid = QGridLayout(self.inner)
        self.grid.setSpacing(12)
        self.grid.setContentsMargins(2, 2, 2, 2)
        self.setWidget(self.inner)
        self.tiles: list[Tile] = []
        self._by_id: dict[str, Tile] = {}
        self.columns = 0
        self._widest = 0

    def tile_width(self) -> int:
        """A tile holds a name, "三年级2班" and "⚠ 超时未接" at its font: about 10 characters
        of the application's font (grows with large print), and more when the longest name
        of the day or the longest state in the language shown needs it (an English name
        must not break in the middle)."""
        return max(self.fontMetrics().horizontalAdvance("汉") * 10 + 40, self._widest)

    def _measure(self) -> int:
        """The width the longest name and state take in their tile fonts, with the tile's
        margins and border."""
        if not self.tiles:
            return 0
        tile = self.tiles[0]
        names = tile.name.fontMetrics()
        states = tile.state.fontMetrics()
        margins = tile.frame.contentsMargins()
        widest = max([names.horizontalAdvance(t.child.name) for t in self.tiles
                      if t.child is not None]
                     + [states.horizontalAdvance(state_text(s)) for s in ChildState])
        return widest + margins.left() + margins.right() + 16

    def set_children(self, children: Iterable[days.ChildTile], now: dt.datetime) -> None:
        wanted = list(children)
        keep = {t.attendance_id for t in wanted}
        for aid in [a for a in self._by_id if a not in keep]:
            tile = self._by_id.pop(aid)
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        for child in wanted:
            found = self._by_id.get(child.attendance_id)
            if found is None:
                tile = Tile()
                tile.was_activated.connect(self._activated)
                tile.was_focused.connect(self._focused)
                tile.arrow_was_pressed.connect(self._arrow)
                self._by_id[child.attendance_id] = tile
            else:
                tile = found
            tile.show_child(child, now)
            self.tiles.append(tile)
        self._widest = self._measure()
        self.columns = 0  # placed again
        self._place()
        if self.hasFocus() and self.tiles:  # the cursor waited on the empty grid
            self.tiles[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def focusInEvent(self, event) -> None:  # noqa: N802
        """The cursor comes to the grid (the page was switched to): onto the first tile;
        once the tiles are read if they are not yet (set_children)."""
        super().focusInEvent(event)
        if self.tiles and event.reason() != Qt.FocusReason.BacktabFocusReason:
            self.tiles[0].setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.tiles:
            self.tiles[-1].setFocus(Qt.FocusReason.OtherFocusReason)

    def _columns_for(self, width: int) -> int:
        return max(1, (width + self.grid.spacing()) // (self.tile_width() + self.grid.spacing()))

    def _place(self) -> None:
        columns = self._columns_for(self.viewport().width())
        if columns == self.columns and all(self.grid.indexOf(t) >= 0 for t in self.tiles):
            return
        self.columns = columns
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for n in range(self.grid.columnCount()):
            self.grid.setColumnStretch(n, 0)
        for n, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, *divmod(n, columns))
            tile.show()
        for n in range(columns):
            self.grid.setColumnStretch(n, 1)
        rows = (len(self.tiles) + columns - 1) // columns
        for n in range(self.grid.rowCount()):
            self.grid.setRowStretch(n, 0)
        self.grid.setRowStretch(rows, 1)  # the tiles keep their height at the top

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """One tile wide, a tile high: the window can be small; the grid scrolls."""
        return QSize(min(self.tile_width(), 240), 120)

    def tile_of(self, attendance_id: str | None) -> Tile | None:
        return self._by_id.get(attendance_id or "")

    def _activated(self, tile: Tile) -> None:
        if tile.child is not None:
            self.tile_was_activated.emit(tile.child)

    def _focused(self, tile: Tile) -> None:
        self.ensureWidgetVisible(tile)
        if tile.child is not None:
            self.tile_was_chosen.emit(tile.child)

    def _arrow(self, tile: Tile, key: int) -> None:
        if tile not in self.tiles:
            return
        n, columns, last = self.tiles.index(tile), max(self.columns, 1), len(self.tiles) - 1
        moved = {Qt.Key.Key_Left: n - 1, Qt.Key.Key_Right: n + 1, Qt.Key.Key_Up: n - columns,
                 Qt.Key.Key_Down: n + columns, Qt.Key.Key_Home: 0, Qt.Key.Key_End: last}[
            Qt.Key(key)]
        if 0 <= moved <= last:
            self.tiles[moved].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first(self, wanted: Callable[[days.ChildTile], bool] | None = None) -> bool:
        for tile in self.tiles:
            if tile.child is not None and (wanted is None or wanted(tile.child)):
                tile.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False


# ---------------------------------------------------------------------- choosing a child


class ChildPicker(QDialog):
    """Which child: the button's action when no fitting tile was chosen. A list of large
    lines; Enter, a double click or a tap on one picks it."""

    def __init__(self, title: str, prompt: str, children: list[days.ChildTile],
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.picked: days.ChildTile | None = None
        body = QVBoxLayout()
        note = QLabel(prompt)
        note.setWordWrap(True)
        body.addWidget(note)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for child in children:
            item = QListWidgetItem(_("{name} · {grade} · {state}").format(
                name=child.name, grade=child.grade_class, state=state_text(child.state)))
            item.setData(Qt.ItemDataRole.UserRole, child)
            item.setSizeHint(QSize(0, max(56, self.fontMetrics().lineSpacing() * 2)))
            self.list.addItem(item)
        self.list.itemActivated.connect(self._pick)
        self.list.itemClicked.connect(self._pick)
        body.addWidget(self.list, 1)
        if children:
            self.list.setCurrentRow(0)
        scrolling_body(self, body, close_buttons(self, enter_closes=False))
        self.setMinimumWidth(420)
        fit_to_screen(self)

    def _pick(self, item: QListWidgetItem) -> None:
        self.picked = item.data(Qt.ItemDataRole.UserRole)
        self.accept()


# --------------------------------------------------------------------------- the tab


class TodayTab(QWidget):
    """The day on the kiosk. ``clock`` says what time it is (a test gives its own)."""

    def __init__(self, ctx: AppContext, parent=None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.clock: Clock = clock or wall_clock
        self.view: days.DayView | None = None
        self.current_id: str | None = None  # the tile last chosen
        self.day: dt.date | None = None  # another day than today (a day left open)
        self._reading = self._again = False
        self._wanted: tuple[str | None] | None = None  # a tile to focus once read
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setFont(scaled_font(self, 1.0 if is_large_print() else 1.1, bold=True))
        column.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)

        self.action_row = FlowLayout()  # big buttons that wrap rather than widen the window
        self.collect_button = button(self.action_row, _("&Collect…"),
                                lambda: self.collect())
        self.arrive_button = button(self.action_row, _("Sign &in…"),
                                lambda: self.arrive())
        self.sign_out_button = button(self.action_row, _("Sign &out…"),
                                lambda: self.sign_out())
        self.homework_button = button(self.action_row, _("&Homework…"),
                                lambda: self.homework())
        self.absence_button = button(self.action_row, _("A&bsence…"),
                                lambda: self.absence())
        self.late_button = button(self.action_row, _("&Late…"),
                                lambda: self.late())
        self.undo_button = button(self.action_row, _("&Undo…"),
                                lambda: self.undo())
        self.close_button = button(self.action_row, _("Close the &day"),
                                lambda: self.close_day())
        self.today_button = button(self.action_row, _("Back to &today"),
                                   lambda: self.show_day(None), shown=False)
        self.buttons = (self.collect_button, self.arrive_button, self.sign_out_button,
                        self.homework_button, self.absence_button, self.late_button,
                        self.undo_button, self.close_button)
        for b, said in ((self.collect_button, _("Collect from school")),
                        (self.late_button, _("Late pick-up")),
                        (self.undo_button, _("Undo a sign-out"))):
            b.setToolTip(said)  # the short label's full words
            b.setAccessibleName(said)
        self._size_buttons()
        column.addLayout(self.action_row)

        self.message = Box("info")  # what an action did, or why it was refused
        self.message.hide()
        self.message_timer = QTimer(self)  # then it gives its room back to the tiles
        self.message_timer.setSingleShot(True)
        self.message_timer.timeout.connect(self.message.hide)
        column.addWidget(self.message)
        self.no_class = Box("warning", large=True)  # the day does not run
        self.no_class.hide()
        column.addWidget(self.no_class)
        self.grid = TileGrid()
        self.grid.tile_was_activated.connect(self.open_child)
        self.grid.tile_was_chosen.connect(self._chosen)
        column.addWidget(self.grid, 1)
        self.setFocusProxy(self.grid)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.tick)
        self._enable()

    def _size_buttons(self) -> None:
        """Big, bold buttons: a size larger than the text, except in large print (18 pt is
        large enough, and the row must leave room for the tiles: there the buttons are
        narrower and closer, so that the eight stay on one row at 1366×768 and two rows of
        tiles show under them)."""
        large = is_large_print()
        self.action_row.setSpacing(5 if large else 10)
        for b in (*self.buttons, self.today_button):
            b.setFont(scaled_font(b, 1.0 if large else 1.15, bold=True))
            b.setStyleSheet("QPushButton { padding: 4px 6px; }" if large
                            else "")
            b.setMinimumHeight(max(48, b.fontMetrics().lineSpacing() + 16) if large
                               else max(56, b.fontMetrics().lineSpacing() + 30))

    # -- reading ----------------------------------------------------------------------------
    def on(self) -> dt.date:
        """The day shown: today, or the day chosen (a day before left open)."""
        return self.day or self.clock().date()

    def show_day(self, on: dt.date | None) -> None:
        """Show ``on`` (None: today, and from then on the clock's day)."""
        self.day = None if on is None or on == self.clock().date() else on
        self.today_button.setVisible(self.day is not None)
        self.message.hide()
        self.current_id = None
        self.reload()

    def reload(self) -> None:
        if self._reading:  # once more when the reading under way is done
            self._again = True
            return
        self._reading, self._again = True, False
        actor, now, on = self._ctx.actor, self.clock(), self.on()
        self._ctx.worker.run(
            lambda c: days.day_view(c, actor=actor, on=on, now=now),
            on_done=self._show, on_error=self._read_failed)

    def tick(self) -> None:
        """Every 30 seconds while shown: the ladder's times move."""
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self.timer.stop()

    def _read_failed(self, exc: BaseException) -> None:
        self._reading = False
        self.refused(exc)

    def _show(self, view: days.DayView) -> None:
        self._reading = False
        self.view = view
        self.heading.setText(self._heading(view))
        self.summary.setText(self._summary(view))
        self.summary.setVisible(bool(self.summary.text()))
        if not view.runs:
            self.no_class.set_text(_("No class today. {why}").format(why=view.why_not)
                                   + "\n" + self._what_to_do())
        else:
            self.no_class.hide()
        self.grid.setVisible(view.runs)
        had_focus = self.grid.focusWidget() is not None and self.grid.isAncestorOf(
            self.grid.focusWidget())
        self.grid.set_children(late_first(view.children), view.now)
        current = self.grid.tile_of(self.current_id)
        if current is None:
            self.current_id = None
        elif had_focus:
            current.setFocus(Qt.FocusReason.OtherFocusReason)
        self._enable()
        if self._again:  # asked for while this one was read: the newer state
            self.reload()
        else:
            self._focus_wanted()

    def _what_to_do(self) -> str:
        if self._ctx.actor.can(Permission.MANAGE_CLASS):
            return _("To run the class on this day, add or correct a term on the Terms tab "
                     "(its dates and weekdays).")
        return _("If the class should run today, ask a social worker to add the term "
                 "with its dates and weekdays.")

    @staticmethod
    def _heading(view: days.DayView) -> str:
        when = format_date(view.on, "full")
        if not view.runs:
            return when
        text = _("{day} · {term} · {starts}–{closes}").format(
            day=when, term=view.term, starts=view.starts_at, closes=view.closes_at)
        if view.closed_at is not None:
            text += " · " + _("Day closed at {time}").format(time=clock_text(view.closed_at))
        if view.on != view.now.date():
            text = _("⚠ Not today: {day}").format(day=text)
        return text

    @staticmethod
    def _summary(view: days.DayView) -> str:
        if not view.runs:
            return ""
        counts = [f"{state_text(s)} {view.counts[s]}" for s in ChildState
                  if view.counts.get(s)]
        parts = ["  ·  ".join(counts)] if counts else [_("Nobody is on today's list.")]
        if view.duties:
            parts.append(_("On duty: {names}").format(names=_("、").join(
                _("{name} ({role})").format(name=d.name, role=d.role.label)
                for d in view.duties)))
        return "\n".join(parts)

    def _enable(self) -> None:
        view = self.view
        open_day = view is not None and view.runs and view.closed_at is None
        children = view.children if view is not None else ()
        for b in self.buttons:
            b.setEnabled(open_day)
        self.absence_button.setEnabled(view is not None)  # tomorrow's too, even today closed
        if open_day:
            self.late_button.setEnabled(any(c.state == ChildState.LATE for c in children))
            self.undo_button.setEnabled(any(c.state == ChildState.GONE for c in children))

    # -- tiles ------------------------------------------------------------------------------
    def _chosen(self, child: days.ChildTile) -> None:
        self.current_id = child.attendance_id

    def child(self, attendance_id: str | None) -> days.ChildTile | None:
        if self.view is None or attendance_id is None:
            return None
        return next((c for c in self.view.children if c.attendance_id == attendance_id),
                    None)

    def open_child(self, child: days.ChildTile) -> None:
        """A tile opened: what its state needs."""
        self.current_id = child.attendance_id
        if self.view is not None and self.view.closed_at is not None:
            self.say(_("The day is closed. A social worker can reopen it to correct it."))
            return
        state = child.state
        if state in (ChildState.EXPECTED, ChildState.COLLECTED):
            self.arrive(child)
        elif state == ChildState.PRESENT:
            self.sign_out(child)
        elif state == ChildState.LATE:
            self.late(child)
        elif state == ChildState.GONE:
            self.undo(child)
        elif state == ChildState.ABSENT:
            self.absence(child)

    def _which(self, given: days.ChildTile | None, fits: Callable[[days.ChildTile], bool],
               title: str, prompt: str, nobody: str) -> days.ChildTile | None:
        """The child an action is for: the one given (a tile), else the tile last chosen if
        it fits, else one picked from those who fit."""
        if given is not None and fits(given):
            return given
        current = self.child(self.current_id)
        if given is None and current is not None and fits(current):
            return current
        children = [c for c in (self.view.children if self.view else ()) if fits(c)]
        if not children:
            self.say(nobody)
            return None
        picker = ChildPicker(title, prompt, children, self)
        picker.exec()
        picked = picker.picked
        picker.deleteLater()
        return picked

    # -- messages ---------------------------------------------------------------------------
    def say(self, text: str, kind: str = "info") -> None:
        """A line above the tiles: for a minute (a refusal for three), then it goes."""
        # (in large print the application's font is large enough: the tiles keep the room)
        self.message.set_text(text, kind, large=kind in ("alert", "done")
                              and not is_large_print())
        self.message_timer.start(MESSAGE_MS * (3 if kind == "alert" else 1))

    def refused(self, exc: BaseException) -> None:
        """The service's refusal in its own words (a bug goes on to the crash dialog)."""
        if not isinstance(exc, NCError):
            raise exc
        self.say("⚠ " + str(exc), "alert")

    def _after(self, text: str, kind: str = "info") -> None:
        self.say(text, kind)
        self.reload()

    # -- actions ----------------------------------------------------------------------------
    def collect(self) -> None:
        from neighborcenter.features.classroom.ui.roster import CollectDialog

        if self.view is None:
            return
        dialog = CollectDialog(self._ctx, self.view, self.clock, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.collected is not None:
            self._after(collected_text(dialog.collected))
        dialog.deleteLater()

    def arrive(self, child: days.ChildTile | None = None) -> None:
        from neighborcenter.features.classroom.ui.roster import ArriveDialog

        if self.view is None:
            return
        if child is None:
            child = self.child(self.current_id)
        dialog = ArriveDialog(self._ctx, self.view, self.clock, self,
                              ticked=child.attendance_id if child else None)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.signed_in is not None:
            n = dialog.signed_in
            self._after(ngettext("{n} child signed in.", "{n} children signed in.", n).format(
                n=n))
        dialog.deleteLater()

    def sign_out(self, child: days.ChildTile | None = None) -> None:
        from neighborcenter.features.classroom.ui.signout import open_sign_out

        picked = self._which(child, lambda c: is_here(c.state), _("Sign out"),
                             _("Who is being collected?"),
                             _("Nobody is here to sign out."))
        if picked is not None:
            open_sign_out(self._ctx, self, picked.attendance_id, self.clock,
                          on_done=lambda done: self._after(done.sentence(), "done"),
                          on_error=self.refused, on=self.on())

    def late(self, child: days.ChildTile | None = None) -> None:
        from neighborcenter.features.classroom.ui.late import open_late

        picked = self._which(child, lambda c: c.state == ChildState.LATE,
                             _("Late pick-up"), _("Which child?"),
                             _("No child is waiting past the closing time."))
        if picked is not None:
            open_late(self._ctx, self, picked.attendance_id, self.clock,
                      on_signed_out=lambda done: self._after(done.sentence(), "done"),
                      on_error=self.refused, on=self.on())

    def homework(self, child: days.ChildTile | None = None) -> None:
        from neighborcenter.features.classroom.ui.roster import homework_dialog

        picked = self._which(child, lambda c: c.state in (
            ChildState.PRESENT, ChildState.LATE, ChildState.GONE, ChildState.COLLECTED),
            _("Homework"), _("Whose homework?"), _("Nobody has come yet."))
        if picked is None:
            return
        dialog = homework_dialog(self._ctx, picked, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after(_("Homework of {name} recorded.").format(name=picked.name))
        dialog.deleteLater()

    def absence(self, child: days.ChildTile | None = None) -> None:
        from neighborcenter.features.classroom.ui.roster import absence_dialog

        if self.view is None:
            return
        child = child or self.child(self.current_id)
        dialog = absence_dialog(self._ctx, self.view, self.clock, child, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after(dialog.result_value or "")
        dialog.deleteLater()

    def undo(self, child: days.ChildTile | None = None) -> None:
        from neighborcenter.features.classroom.ui.signout import undo_dialog

        picked = self._which(child, lambda c: c.state == ChildState.GONE,
                             _("Undo a sign-out"), _("Whose sign-out was a mistake?"),
                             _("Nobody has been signed out today."))
        if picked is None:
            return
        dialog = undo_dialog(self._ctx, picked, self.clock, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after(_("{name} is here again: the sign-out was undone.").format(
                name=picked.name))
        dialog.deleteLater()

    def close_day(self) -> None:
        if self.view is None or not self.view.runs:
            return
        here = self.view.still_here
        if here:  # said at once, in the service's words, without asking first
            self._close()
            return
        if not confirm(self, _("Close the day"),
                       _("Close the class day of {day}? Every child has been handed over; "
                         "the hours of those on duty go to the volunteers' records.").format(
                           day=format_date(self.view.on))):
            return
        self._close()

    def _close(self) -> None:
        actor, now = self._ctx.actor, self.clock()
        on = self.view.on if self.view is not None else now.date()
        self._ctx.worker.run(lambda c: days.close_day(c, actor=actor, on=on, now=now),
                             on_done=lambda closed: self._after(closed_text(closed), "done"),
                             on_error=self.refused)

    # -- the page's links -------------------------------------------------------------------
    def show_state(self, state: str | None) -> None:
        """Put the focus on the first child in ``state`` (a ChildState value), or on the
        first child; when the day is still being read, once it is shown."""
        self._wanted = (state,)
        if not self._reading:
            self._focus_wanted()

    def _focus_wanted(self) -> None:
        if self._wanted is None:
            return
        state = self._wanted[0]
        self._wanted = None
        if not (state and self.grid.focus_first(lambda c: c.state.value == state)):
            self.grid.focus_first()

    def apply_size(self) -> None:
        """Large print switched on or off: the fonts set here follow the application's."""
        self.heading.setFont(scaled_font(self, 1.0 if is_large_print() else 1.1, bold=True))
        self._size_buttons()
        self.message.set_kind(self.message.kind)
        self.no_class.set_kind(self.no_class.kind)
        if self.view is not None:
            self.grid.set_children(late_first(self.view.children), self.view.now)


def late_first(children: Iterable[days.ChildTile]) -> list[days.ChildTile]:
    """The children waiting past closing first (they need the volunteer now), the rest in
    the view's own order."""
    children = list(children)
    return ([c for c in children if c.state == ChildState.LATE]
            + [c for c in children if c.state != ChildState.LATE])


def collected_text(done: days.Collected) -> str:
    """The head-count after collecting: 已接 12/14，未接：王小红."""
    if done.missing:
        return _("Collected {n} of {m}; not yet: {names}").format(
            n=done.collected, m=done.expected, names=_("、").join(done.missing))
    return _("Collected {n} of {m}: everyone.").format(n=done.collected, m=done.expected)


def closed_text(closed: days.Closed) -> str:
    text = _("The day is closed.")
    if closed.credited:
        text += " " + ngettext(
            "The hours of {n} volunteer on duty wait for approval.",
            "The hours of {n} volunteers on duty wait for approval.",
            closed.credited).format(n=closed.credited)
    if closed.not_came:
        text += " " + _("Did not come: {names}").format(names=_("、").join(closed.not_came))
    return text
