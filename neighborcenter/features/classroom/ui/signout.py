"""签退: handing a child over, by the hand-over rule (handover.sign_out decides; this screen
shows what the volunteer needs to see first and says the refusal).

At the top, in a red box, the adults who must NOT collect the child ("✖ 禁止接送：赵大强（法院
禁止令…）"), and in an amber one the allergies and health notes. Then the choices, as large
choices of one line each: each adult on the list (name, relation, masked phone and ID); someone
else, whose name, relation and reason are typed — those fields show only for this choice —,
with who took the guardian's confirming call (the person logged in, to begin with); going home
alone — offered only for a child of 8 or more whose guardian agreed in writing. Then, on one
line, the slip code when the centre uses pick-up slips, who hands the child over (those on
duty) and the time: in view without scrolling on 1366×768 in large print.

A refusal shows in the dialog in the service's words — a blocked adult as a large red alert —
and the dialog stays open with everything typed; the child stays here. Esc asks before
dropping what was typed.

Also here: undoing a sign-out made by mistake, with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from neighborcenter.core.text import parse_clock
from neighborcenter.errors import NCError, ValidationError
from neighborcenter.features.classroom import day as days
from neighborcenter.features.classroom import handover
from neighborcenter.features.classroom.enrolment import AdultRow
from neighborcenter.features.classroom.rules import (
    MIN_AGE_ALONE,
    ChildState,
    same_name,
)
from neighborcenter.features.classroom.ui.kiosk import (
    Box,
    Clock,
    clock_text,
    fit_wide,
    state_text,
)
from neighborcenter.features.classroom.ui.manage_base import (
    ClassFormDialog,
    grow_and_show,
    labelled,
)
from neighborcenter.i18n import _, format_date, ngettext
from neighborcenter.ui.common.dialogs import line
from neighborcenter.ui.common.fitting import scrolling_body
from neighborcenter.ui.context import AppContext
from neighborcenter.ui.messages import confirm
from neighborcenter.ui.theme import scaled_font

OTHER, ALONE = "other", "alone"  # the choices that are not an adult on the list


def adult_text(n: int, adult: AdultRow) -> str:
    """A choice: "&1 李建国 · 父亲 · 138****5678 · 身份证 3305**********1234"."""
    parts = [adult.name, adult.relation or adult.kind.label]
    if adult.masked_phone:
        parts.append(adult.masked_phone)
    if adult.masked_id:
        parts.append(_("ID {number}").format(number=adult.masked_id))
    return (f"&{n} " if n <= 9 else "") + " · ".join(p for p in parts if p)


def blocked_text(blocked: tuple[AdultRow, ...]) -> str:
    lines = [_("✖ Must not collect: {name}").format(name=b.name)
             + (_(" ({reason})").format(reason=b.reason) if b.reason else "")
             for b in blocked]
    lines.append(_("Never hand the child to them. If they come, keep the child inside and "
                   "call the guardian and the social worker."))
    return "\n".join(lines)


def health_text(card: handover.HandoverCard) -> str:
    lines = []
    if card.allergies:
        lines.append(_("⚠ Allergies: {text}").format(text=card.allergies))
    if card.health_notes:
        lines.append(_("⚠ Health notes: {text}").format(text=card.health_notes))
    return "   ".join(lines)  # one paragraph: it wraps only when long


def may_go_alone(card: handover.HandoverCard) -> bool:
    return card.age is not None and card.age >= MIN_AGE_ALONE and card.may_leave_alone


class SignOutDialog(QDialog):
    """The hand-over of one child. ``signed_out`` holds the service's SignedOut when accepted."""

    def __init__(self, ctx: AppContext, card: handover.HandoverCard, clock: Clock,
                 parent=None, *, on: dt.date | None = None) -> None:
        """``on``: the class day (a day before today, from the paper sheet, asks for the
        time the child left)."""
        super().__init__(parent)
        self._ctx, self.card, self.clock = ctx, card, clock
        self.on = on or clock().date()
        self.past = self.on != clock().date()
        self.signed_out: handover.SignedOut | None = None
        self.typed = False
        self._busy = False
        self.setWindowTitle(_("Sign out: {name}").format(name=card.name))
        body = QVBoxLayout()
        heading = QLabel(self._heading())
        heading.setFont(scaled_font(self, 1.3, bold=True))
        heading.setWordWrap(True)
        body.addWidget(heading)
        self.blocked_box = Box("alert", blocked_text(card.blocked) if card.blocked else "",
                               large=True)
        self.blocked_box.setVisible(bool(card.blocked))
        body.addWidget(self.blocked_box)
        self.health_box = Box("warning", health_text(card))
        self.health_box.setVisible(bool(self.health_box.text()))
        body.addWidget(self.health_box)

        # who collects: one large choice each
        self.who = QButtonGroup(self)
        choices = QGroupBox(_("Who collects the child?"))
        column = QVBoxLayout(choices)
        column.setSpacing(2)  # one line a choice: the hand-over fields stay above the fold
        self.adult_buttons: dict[str, QRadioButton] = {}
        for n, adult in enumerate(card.collectors, start=1):
            choice = self._choice(column, adult_text(n, adult), adult.id)
            self.adult_buttons[adult.id] = choice
        self.other_button = self._choice(
            column, _("Someone &else — only after the guardian confirms by phone"), OTHER)
        self.other = QWidget()
        form = QFormLayout(self.other)
        form.setContentsMargins(40, 0, 0, 0)
        self.other_name = line(placeholder=_("Name, as on their ID"))
        self.relation = line(placeholder=_("e.g. neighbour, aunt"))
        self.reason = line(placeholder=_("What the guardian said on the phone"))
        self.confirmed_by = line(ctx.actor.display_name)
        form.addRow(_("&Name"), self.other_name)
        form.addRow(_("&Relation"), self.relation)
        form.addRow(_("Rea&son"), self.reason)
        form.addRow(_("Guardian's call taken &by"), self.confirmed_by)
        column.addWidget(self.other)
        self.alone_button: QRadioButton | None = None
        if may_go_alone(card):
            self.alone_button = self._choice(
                column, _("Goes home a&lone (the guardian agreed in writing)"), ALONE)
        else:
            why = QLabel(_("Cannot go home alone: under {age}, or no written agreement of "
                           "the guardian.").format(age=MIN_AGE_ALONE)
                         if card.age is None or card.age >= MIN_AGE_ALONE else
                         _("Under {age}: never goes home alone.").format(age=MIN_AGE_ALONE))
            why.setWordWrap(True)
            column.addWidget(why)
        body.addWidget(choices)

        # the hand-over's own fields on one line, so that they show without scrolling
        rest = QHBoxLayout()
        rest.setSpacing(16)
        self.slip = line(placeholder=_("The code on the pick-up slip"))
        if card.slip_required:
            rest.addWidget(labelled(_("Pick-up slip &code"), self.slip), 1)
        self.handed_by = QComboBox()
        names = list(card.on_duty)
        if ctx.actor.display_name not in names:
            names.append(ctx.actor.display_name)
        for name in names:
            self.handed_by.addItem(name, name)
        self.handed_by.setCurrentIndex(max(self.handed_by.findData(ctx.actor.display_name), 0))
        rest.addWidget(labelled(_("&Handed over by"), self.handed_by), 1)
        self.time = line(placeholder=_("From the paper sheet, e.g. 17:45") if self.past
                         else _("e.g. 17:45 (empty: now)"))
        rest.addWidget(labelled(_("&Time") if not self.past else
                                _("&Time on {day}").format(day=format_date(self.on)),
                                self.time), 1)
        body.addLayout(rest)

        # the refusal, under the form and above the buttons: always in view
        self.alert = Box("alert")
        self.alert.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Sign &out"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.save_button.setFont(scaled_font(self, 1.1, bold=True))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QVBoxLayout()
        bottom.addWidget(self.alert)
        bottom.addWidget(self.buttons)
        self.area = scrolling_body(self, body, bottom)

        self.fields: dict[str, QWidget] = {
            "adult": self.other_name, "confirmed_by": self.confirmed_by,
            "relation": self.relation, "reason": self.reason, "slip_code": self.slip,
            "handed_by": self.handed_by, "time": self.time}
        for edit in (self.other_name, self.relation, self.reason, self.confirmed_by,
                     self.slip, self.time):
            edit.textEdited.connect(self._touched)
        self.who.idToggled.connect(self._chose)
        if card.collectors:
            first = self.adult_buttons[card.collectors[0].id]
            first.setChecked(True)
        else:
            self.other_button.setChecked(True)
        self._chose()
        self.setMinimumWidth(560)
        fit_wide(self, 820, 1100)

    def _heading(self) -> str:
        card = self.card
        parts = [card.name]
        if card.age is not None:
            parts.append(ngettext("{n} year old", "{n} years old", card.age).format(n=card.age))
        parts.append(state_text(card.state))
        if card.state == ChildState.LATE and card.late_minutes:
            parts.append(ngettext("{n} minute late", "{n} minutes late",
                                  card.late_minutes).format(n=card.late_minutes))
        return " · ".join(parts)

    def _choice(self, column: QVBoxLayout, text: str, key: str) -> QRadioButton:
        choice = QRadioButton(text)
        choice.setProperty("choice", key)
        # one line, and still a large target: 44 px (large print's sheet asks 60 of every
        # radio button, which put the hand-over's fields below the fold)
        high = max(44, choice.fontMetrics().lineSpacing() + 4)
        choice.setStyleSheet(f"QRadioButton {{ min-height: {high}px; }}")
        self.who.addButton(choice)
        column.addWidget(choice)
        return choice

    def _touched(self, *_args) -> None:
        self.typed = True

    def choice(self) -> str:
        """The key of the choice made: an adult's id, OTHER or ALONE."""
        checked = self.who.checkedButton()
        return str(checked.property("choice")) if checked is not None else ""

    def choose(self, key: str) -> None:
        for b in self.who.buttons():
            if b.property("choice") == key:
                b.setChecked(True)

    def _chose(self, *_args) -> None:
        """Someone else's fields show only for that choice (what was typed stays)."""
        other = self.choice() == OTHER
        if other == self.other.isVisibleTo(self):
            return
        self.other.setVisible(other)
        if self.isVisible():
            grow_and_show(self, self.other if other else None)

    def adult_name(self) -> str:
        key = self.choice()
        if key == OTHER:
            return self.other_name.text()
        found = next((a for a in self.card.collectors if a.id == key), None)
        return found.name if found else ""

    def left_at(self) -> dt.datetime | None:
        """The time typed (on the class day), or None for now; a day before today needs
        one."""
        typed = self.time.text().strip()
        if not typed:
            if self.past:
                raise ValidationError(_("Enter the time the child left on {day}, from the "
                                        "paper sheet.").format(day=format_date(self.on)),
                                      field="time")
            return None
        return dt.datetime.combine(self.on, parse_clock(typed, "time")).astimezone()

    # -- saving -------------------------------------------------------------------------
    def save(self) -> None:
        if self._busy:
            return
        try:
            at = self.left_at()
        except ValidationError as exc:
            self._failed(exc)
            return
        self._busy = True
        self.save_button.setEnabled(False)  # one click, one hand-over
        self.alert.hide()
        actor, card, now = self._ctx.actor, self.card, self.clock()
        key = self.choice()
        other = key == OTHER
        adult = "" if key == ALONE else self.adult_name()
        confirmed_by = self.confirmed_by.text() if other else ""
        relation = self.relation.text() if other else ""
        reason = self.reason.text() if other else ""
        slip_code = self.slip.text() if card.slip_required else ""
        handed_by = self.handed_by.currentData() or ""
        self._ctx.worker.run(
            lambda c: handover.sign_out(
                c, actor=actor, attendance_id=card.attendance_id, adult=adult,
                alone=key == ALONE, confirmed_by=confirmed_by, relation=relation,
                reason=reason, slip_code=slip_code, handed_by=handed_by, at=at, now=now),
            on_done=self._done, on_error=self._failed)

    def _done(self, done: handover.SignedOut) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.signed_out = done
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, NCError):
            raise exc
        blocked = exc.field == "adult" and any(
            same_name(b.name, self.adult_name()) for b in self.card.blocked)
        text = ("✖ " if blocked else "⚠ ") + str(exc)
        self.alert.set_text(text, "alert" if blocked else "warning", large=blocked)
        widget = self.fields.get(exc.field or "")
        if exc.field in ("adult", "confirmed_by", "relation", "reason") and \
                self.choice() != OTHER and not blocked:
            widget = self.other_button
        if widget is not None and widget.isVisibleTo(self) and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            widget = None
        grow_and_show(self, widget or self.alert)

    def reject(self) -> None:
        if self._busy:
            return
        if self.typed and self.signed_out is None and not confirm(
                self, _("Leave the sign-out"),
                _("The child has not been signed out, and what was typed is not kept. "
                  "Leave it?")):
            return
        super().reject()


def open_sign_out(ctx: AppContext, parent: QWidget, attendance_id: str, clock: Clock, *,
                  on_done: Callable[[handover.SignedOut], None],
                  on_error: Callable[[BaseException], None],
                  on: dt.date | None = None) -> None:
    """Read the child's hand-over card, then show the dialog; ``on_done`` when signed out."""
    actor, now = ctx.actor, clock()

    def show(card: handover.HandoverCard) -> None:
        dialog = SignOutDialog(ctx, card, clock, parent, on=on)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.signed_out is not None:
            on_done(dialog.signed_out)
        dialog.deleteLater()

    ctx.worker.run(lambda c: handover.handover_card(c, actor=actor,
                                                    attendance_id=attendance_id, now=now),
                   on_done=show, on_error=on_error)


def undo_dialog(ctx: AppContext, child: days.ChildTile, clock: Clock,
                parent=None) -> ClassFormDialog:
    """A sign-out made by mistake: the child is here again; the reason is logged."""
    actor = ctx.actor
    if child.left_alone:
        said = _("{name} went home alone at {time}.").format(
            name=child.name, time=clock_text(child.left_at))
    else:
        said = _("{name} was signed out at {time} with {adult}.").format(
            name=child.name, time=clock_text(child.left_at), adult=child.collected_by)
    reason = line(placeholder=_("e.g. signed out the wrong child"))

    def job(values):
        return lambda c: handover.undo_sign_out(c, actor=actor,
                                                attendance_id=child.attendance_id,
                                                reason=values["reason"], now=clock())

    return ClassFormDialog(ctx, _("Undo a sign-out"), [("reason", _("&Reason"), reason)], job,
                           parent, note=_("{said} Undo it only if the child is still here, "
                                          "in the centre's care.").format(said=said),
                           action=_("&Undo the sign-out"))
