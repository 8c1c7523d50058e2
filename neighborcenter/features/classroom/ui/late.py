"""超时未接: the late pick-up ladder of a child still here after closing.

The three steps (call the guardian, call the emergency contact, report to the community), each
with the time it is due, when it was done, and "due now" or how long until it is; the
guardians' and emergency contacts' phone numbers in full, to dial; a note line and a button per
step that logs it with the time (handover.log_step); a note of anything else; and the
hand-over itself. At the top, as in the sign-out dialog, the adults who must not collect the
child (a red box: one of them is the likeliest to turn up after closing) and the allergies and
health notes. The texts move on every 30 seconds; nobody is ever signed out by the clock. Esc
asks before dropping notes typed and not logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.errors import NCError
from neighborcenter.features.classroom import handover
from neighborcenter.features.classroom.rules import LADDER, Step
from neighborcenter.features.classroom.ui.kiosk import (
    Box,
    Clock,
    clock_text,
    fit_wide,
    rung_text,
    state_text,
)
from neighborcenter.features.classroom.ui.manage_base import grow_and_show
from neighborcenter.features.classroom.ui.signout import blocked_text, health_text
from neighborcenter.i18n import _, ngettext
from neighborcenter.ui.common.dialogs import button, close_buttons, line
from neighborcenter.ui.common.fitting import scrolling_body
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import scaled_font

REFRESH_MS = 30_000


def phones_text(card: handover.HandoverCard) -> str:
    """Whom to call, with the numbers in full: the volunteer on duty dials them."""
    lines = [_("Guardian {name} ({relation}): {phone}").format(
        name=p.name, relation=p.relation, phone=p.phone or _("no phone on the list"))
        for p in card.guardians]
    lines += [_("Emergency contact {name} ({relation}): {phone}").format(
        name=p.name, relation=p.relation, phone=p.phone or _("no phone on the list"))
        for p in card.emergency]
    if not card.emergency:
        lines.append(_("No emergency contact on the register: ask the social worker."))
    return "\n".join(lines)


class LateDialog(QDialog):
    """The ladder of one late child. ``signed_out`` holds the SignedOut if the child was
    handed over from here."""

    def __init__(self, ctx: AppContext, card: handover.HandoverCard, clock: Clock,
                 parent=None, *, on: dt.date | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.clock, self.on = ctx, clock, on
        self.card = card
        self.read_at = clock()
        self.signed_out: handover.SignedOut | None = None
        self.setWindowTitle(_("Late pick-up: {name}").format(name=card.name))
        body = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setFont(scaled_font(self, 1.3, bold=True))
        self.heading.setWordWrap(True)
        body.addWidget(self.heading)
        self.blocked_box = Box("alert", blocked_text(card.blocked) if card.blocked else "",
                               large=True)
        self.blocked_box.setVisible(bool(card.blocked))
        body.addWidget(self.blocked_box)
        self.health_box = Box("warning", health_text(card))
        self.health_box.setVisible(bool(self.health_box.text()))
        body.addWidget(self.health_box)
        self.now_box = Box("alert", large=True)  # the step due now
        body.addWidget(self.now_box)
        phones = QGroupBox(_("Whom to call"))
        phones_column = QVBoxLayout(phones)
        self.phones = QLabel(phones_text(card))
        self.phones.setWordWrap(True)
        self.phones.setFont(scaled_font(self, 1.15, bold=True))
        self.phones.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        phones_column.addWidget(self.phones)
        body.addWidget(phones)

        steps = QGroupBox(_("The steps, each logged with its time"))
        grid = QGridLayout(steps)
        self.status: dict[Step, QLabel] = {}
        self.notes: dict[Step, QLineEdit] = {}
        self.log_buttons: dict[Step, QPushButton] = {}
        for n, step in enumerate(LADDER):
            name = QLabel(f"{n + 1}. {step.label}")
            name.setFont(scaled_font(self, 1.1, bold=True))
            status = QLabel()
            status.setWordWrap(True)
            note = line(placeholder=_("What came of it (optional)"))
            log = QPushButton(_("&{n} Log it").format(n=n + 1))
            log.setAutoDefault(False)
            log.clicked.connect(lambda _checked=False, step=step: self.log(step))
            grid.addWidget(name, 2 * n, 0)
            grid.addWidget(status, 2 * n, 1, 1, 2)
            grid.addWidget(note, 2 * n + 1, 0, 1, 2)
            grid.addWidget(log, 2 * n + 1, 2)
            self.status[step], self.notes[step], self.log_buttons[step] = status, note, log
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(10)
        body.addWidget(steps)

        other = QHBoxLayout()
        self.note = line(placeholder=_("Anything else that happened"))
        note_label = QLabel(_("&Note"))
        note_label.setBuddy(self.note)
        other.addWidget(note_label)
        other.addWidget(self.note, 1)
        self.note_button = button(other, _("Add the no&te"), lambda: self.log(Step.NOTE))
        body.addLayout(other)

        self.alert = Box("warning")
        self.alert.hide()
        bottom = QVBoxLayout()
        bottom.addWidget(self.alert)
        row = QHBoxLayout()
        self.sign_out_button = button(row, _("Sign &out…"), self.sign_out)
        self.sign_out_button.setFont(scaled_font(self, 1.1, bold=True))
        row.addStretch(1)
        row.addWidget(close_buttons(self, enter_closes=False))
        bottom.addLayout(row)
        self.area = scrolling_body(self, body, bottom)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()
        self.setMinimumWidth(600)
        fit_wide(self, 820, 1100)

    def late_minutes(self, now: dt.datetime) -> int:
        moved = int(max(0.0, (now - self.read_at).total_seconds()) // 60)
        return self.card.late_minutes + moved

    def refresh(self) -> None:
        """The texts at the clock's time (the times move; the card is read again only after a
        step is logged)."""
        now, card = self.clock(), self.card
        late = self.late_minutes(now)
        self.heading.setText(" · ".join((card.name, state_text(card.state), ngettext(
            "{n} minute late", "{n} minutes late", late).format(n=late))))
        rungs = {r.step: r for r in card.rungs}
        for step in LADDER:
            rung = rungs.get(step)
            label = self.status[step]
            label.setText(rung_text(rung, now) if rung else "")
            ink = {"done": "#1b5e20", "due": "#b3261e"}.get(rung.state(now) if rung else "",
                                                            "#1a1a1a")
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(ink))
            label.setPalette(palette)
            label.setFont(scaled_font(label, 1.0, bold=ink != "#1a1a1a"))
        due = next((r for r in card.rungs if r.state(now) == "due"), None)
        if due is not None:
            self.now_box.set_text(_("⚠ Now: {step} (due since {time})").format(
                step=due.step.label, time=clock_text(due.due_at)), "alert", large=True)
        elif card.rungs and all(r.done_at is not None for r in card.rungs):
            self.now_box.set_text(_("Every step is done. Stay with the child until an adult "
                                    "on the list (or one the guardian confirms) comes."),
                                  "warning", large=False)
        else:
            self.now_box.hide()

    def log(self, step: Step) -> None:
        edit = self.note if step == Step.NOTE else self.notes[step]
        actor, aid, now = self._ctx.actor, self.card.attendance_id, self.clock()
        note = edit.text()
        self.alert.hide()

        def job(c):
            handover.log_step(c, actor=actor, attendance_id=aid, step=step, note=note, now=now)
            return handover.handover_card(c, actor=actor, attendance_id=aid, now=now)

        def done(card: handover.HandoverCard) -> None:
            edit.clear()
            self.card, self.read_at = card, now
            self.alert.set_text(_("Logged at {time}: {step}").format(
                time=clock_text(now), step=step.label), "info")
            self.refresh()

        self._ctx.worker.run(job, on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NCError):
            raise exc
        self.alert.set_text("⚠ " + str(exc), "warning")
        grow_and_show(self)

    def sign_out(self) -> None:
        from neighborcenter.features.classroom.ui.signout import SignOutDialog

        dialog = SignOutDialog(self._ctx, self.card, self.clock, self, on=self.on)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.signed_out is not None:
            self.signed_out = dialog.signed_out
            dialog.deleteLater()
            self.accept()
            return
        dialog.deleteLater()

    def typed(self) -> bool:
        """Notes typed and not yet logged."""
        return any(edit.text().strip() for edit in (self.note, *self.notes.values()))

    def reject(self) -> None:
        if self.typed() and self.signed_out is None and not confirm(
                self, _("Leave the late pick-up"),
                _("The notes typed here are not logged. Leave them?")):
            return
        super().reject()

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)


def open_late(ctx: AppContext, parent: QWidget, attendance_id: str, clock: Clock, *,
              on_signed_out: Callable[[handover.SignedOut], None],
              on_error: Callable[[BaseException], None],
              on: dt.date | None = None) -> None:
    """Read the child's card, then show the ladder."""
    actor, now = ctx.actor, clock()

    def show(card: handover.HandoverCard) -> None:
        dialog = LateDialog(ctx, card, clock, parent, on=on)
        dialog.exec()
        if dialog.signed_out is not None:
            on_signed_out(dialog.signed_out)
        dialog.deleteLater()

    ctx.worker.run(lambda c: handover.handover_card(c, actor=actor,
                                                    attendance_id=attendance_id, now=now),
                   on_done=show, on_error=on_error)
